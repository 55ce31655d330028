"""The article's words as a briefing prints them.

The source is a web capture that writes Chinese text with half-width
punctuation ("减少扶贫开发对象38.35万人,是…", "乡(镇)").  Quoting it
verbatim in print would show those raw fragments, so quotations are set with
the full-width marks Chinese print uses; the words are unchanged, which is
what lets a reader find them in the article.  Inside “…” an inner “…”
becomes ‘…’, so quotes never nest with the same marks.
"""
from __future__ import annotations

import re

_FULL = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！"})


def article_words(text: str) -> str:
    """Half-width punctuation set full-width; a ':' or ',' between digits (a time, a number) is kept."""
    text = re.sub(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+", "", text.strip())   # the capture's stray spaces in Chinese
    out = []
    for i, ch in enumerate(text):
        between_digits = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        out.append(ch if between_digits and ch in ",:" else ch.translate(_FULL))
    return "".join(out)


def inner_quotes(text: str) -> str:
    """For text that will be put inside “…”: its own “…” become ‘…’."""
    return text.replace("“", "‘").replace("”", "’")
