"""Characters no text field may hold, named so the user can find them.

Control characters (a form feed, a vertical tab, C1 controls), format
characters that are invisible on screen (U+200B ZERO WIDTH SPACE, a stray
U+FEFF, bidirectional overrides, a soft hyphen), line and paragraph
separators, private-use, unassigned and surrogate code points: each one
either breaks a builder (a form feed ends a CSS string, a line break changes
the deck's measured lines) or makes two texts that look the same differ (an
id with a zero-width space is "unknown" although it reads right).  They are
refused at load, so ``--check`` finds them, with the code point and its
Unicode name: they cannot be seen, only named.

Line breaks (``\\n``, ``\\r``) are not judged here: a YAML text may span lines
(the loader folds them, as YAML folding does), a table cell may not (the
table reader refuses an Alt+Enter break).
"""
from __future__ import annotations

import unicodedata

# Unicode's own names for the control characters (NameAliases.txt); unicodedata.name() has none.
_C0 = ("NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY", "ACKNOWLEDGE",
       "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN",
       "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
       "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL",
       "END OF MEDIUM", "SUBSTITUTE", "ESCAPE", "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE",
       "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR ONE")
_C1 = ("PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX", "NEXT LINE",
       "START OF SELECTED AREA", "END OF SELECTED AREA", "CHARACTER TABULATION SET", "CHARACTER TABULATION WITH JUSTIFICATION",
       "LINE TABULATION SET", "PARTIAL LINE FORWARD", "PARTIAL LINE BACKWARD", "REVERSE LINE FEED", "SINGLE SHIFT TWO",
       "SINGLE SHIFT THREE", "DEVICE CONTROL STRING", "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE",
       "CANCEL CHARACTER", "MESSAGE WAITING", "START OF GUARDED AREA", "END OF GUARDED AREA", "START OF STRING",
       "SINGLE GRAPHIC CHARACTER INTRODUCER", "SINGLE CHARACTER INTRODUCER", "CONTROL SEQUENCE INTRODUCER",
       "STRING TERMINATOR", "OPERATING SYSTEM COMMAND", "PRIVACY MESSAGE", "APPLICATION PROGRAM COMMAND")
_KINDS = {"Cc": "a control character", "Cf": "an invisible formatting character", "Co": "a private-use character",
          "Cn": "an unassigned code point", "Cs": "a broken (surrogate) code point", "Zl": "a line separator",
          "Zp": "a paragraph separator"}
LINE_BREAKS = "\n\r"


def char_name(ch: str) -> str:
    """``U+000C FORM FEED``, ``U+200B ZERO WIDTH SPACE``."""
    code = ord(ch)
    if code < 0x20:
        name = _C0[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code < 0xA0:
        name = _C1[code - 0x80]
    else:
        name = unicodedata.name(ch, "")
    return f"U+{code:04X} {name}".rstrip()


def unwanted(text: str) -> list[str]:
    """The characters of ``text`` that no field may hold, each once, in order (line breaks aside)."""
    found: list[str] = []
    for ch in text:
        if ch not in LINE_BREAKS and unicodedata.category(ch) in _KINDS and ch not in found:
            found.append(ch)
    return found


def describe(ch: str) -> str:
    """“a control character (U+000C FORM FEED)”."""
    return f"{_KINDS[unicodedata.category(ch)]} ({char_name(ch)})"


HINT = ("it is invisible in most editors: retype the text around it "
        "(text copied from web pages or Word often carries such characters)")
