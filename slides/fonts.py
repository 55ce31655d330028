"""The bundled font travels with the deck: subset, wrapped as Embedded OpenType, listed in presentation.xml.

PowerPoint embeds fonts as ``/ppt/fonts/fontN.fntdata`` parts (content type ``application/x-fontdata``)
holding an EOT file (W3C Member Submission 2008, version 0x00020002) around the TrueType bytes, listed
in ``p:embeddedFontLst`` (one ``p:font`` per family, with ``p:regular`` / ``p:bold`` relationships) and
announced by ``embedTrueTypeFonts="1"``.  PowerPoint (Windows, and Mac since 2019) and LibreOffice from
25.8 honour them; WPS matches the family by name.  Then every viewer sets the text in the font the builder
measured with, instead of its own Chinese fallback — or an empty box.

Only the characters the deck uses are kept (every slide, note, chart and layout prompt, plus printable
ASCII so an edit in PowerPoint can add a digit or a Latin letter), cut by HarfBuzz: the same text,
the same bytes.  The OS/2 ``fsType`` of the theme's font decides whether it may be embedded at all
(:func:`model.glyphs.embedding_rights`).
"""
from __future__ import annotations

import hashlib
import io
import struct
from collections.abc import Iterable
from pathlib import Path

from fontTools.ttLib import TTFont
from lxml import etree
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

from infra.atomic import write_cached
from infra.cache_files import lookup, name_for
from infra.font_cut import cut_to_characters, cutter

from .ooxml import P_NS, R_NS, A, C

EOT_VERSION = 0x00020002
EOT_MAGIC = 0x504C
TTEMBED_SUBSET = 0x00000001
ROOT_CHECKSUM_KEY = 0x50475342          # RootStringCheckSum of an empty root string (the spec's XOR key)
DEFAULT_CHARSET = 1
CONTENT_TYPE = "application/x-fontdata"
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
ASCII = {chr(c) for c in range(0x20, 0x7F)}
SUBSET_RECIPE = "hb-characters,v2"     # change it with subset_font's cut: cached cuts are then redone
KEEP_SUBSETS = 4                                  # two faces × two character sets
# CT_Presentation children that come after p:embeddedFontLst
_AFTER_FONT_LIST = ("custShowLst", "photoAlbum", "custDataLst", "kinsoku", "defaultTextStyle", "modifyVerifier",
                    "extLst")


def deck_characters(parts: Iterable[etree._Element]) -> set[str]:
    """Every character the deck can show: run and field text, bullets, chart labels, categories and
    number-format literals (亿元 in ``0.00"亿元"``), plus printable ASCII."""
    chars = set(ASCII)
    for root in parts:
        for el in root.iter(f"{A}t", f"{C}v"):
            chars.update(el.text or "")
        for el in root.iter(f"{A}buChar"):
            chars.update(el.get("char", ""))
        for el in root.iter(f"{C}numFmt", f"{C}formatCode"):
            chars.update(el.get("formatCode", "") or el.text or "")
    return {c for c in chars if c not in "\n\r\t"}


def cached_subset(path: Path, chars: set[str], cache: Path | None) -> bytes:
    """:func:`subset_font`, kept in ``cache`` (the build cache's deck-fonts/) under a hash of the font's bytes,
    the characters and the cutter's version: a rebuild that shows no new character skips the cut and gets the same
    bytes.  Best effort: a cache that cannot be read or written only costs time; the file's name carries the hash
    of its bytes (infra.cache_files), so a damaged one is never embedded."""
    font_bytes = path.read_bytes()
    key = hashlib.sha256(b"|".join([hashlib.blake2b(font_bytes, digest_size=16).digest(),
                                    "".join(sorted(chars)).encode(), cutter().encode(),
                                    SUBSET_RECIPE.encode()])).hexdigest()
    hit = lookup(cache, key, ".ttf") if cache is not None else None     # a damaged file is cut again
    if hit is not None:
        return hit[1]
    data = subset_font(path, chars)
    if cache is not None:
        write_cached(cache / name_for(key, data, ".ttf"), data, KEEP_SUBSETS)
    return data


def subset_font(path: Path, chars: set[str]) -> bytes:
    """The font cut to ``chars`` by HarfBuzz (the PDF's cut, infra.font_cut): names, metrics and shaping
    tables kept, deterministic.  fontTools' subsetter took 1.1–1.4 s a face for the same cut, HarfBuzz
    0.04–0.08 s — on a cold build that was most of the deck's time."""
    return cut_to_characters(path.read_bytes(), chars)


def _name(font: TTFont, name_id: int) -> str:
    record = font["name"].getName(name_id, 3, 1, 0x409) or font["name"].getName(name_id, 3, 1)
    return str(record) if record is not None else ""


def _counted(text: str) -> bytes:
    data = text.encode("utf-16-le")
    return struct.pack("<HH", 0, len(data)) + data           # padding, size, UTF-16LE string


def eot(ttf: bytes, *, subsetted: bool = True) -> bytes:
    """An EOT 2.2 file around ``ttf`` (no MTX compression, no XOR): header fields from the font's
    OS/2, head and name tables, as the W3C submission lays them out (little-endian)."""
    font = TTFont(io.BytesIO(ttf), lazy=True)
    os2, head = font["OS/2"], font["head"]
    panose = os2.panose
    panose_bytes = bytes([panose.bFamilyType, panose.bSerifStyle, panose.bWeight, panose.bProportion,
                          panose.bContrast, panose.bStrokeVariation, panose.bArmStyle, panose.bLetterForm,
                          panose.bMidline, panose.bXHeight])
    names = b"".join(_counted(_name(font, i)) for i in (1, 2, 5, 4))    # family, style, version, full name
    tail = (struct.pack("<HH", 0, 0)                      # Padding5, RootStringSize (no root string)
            + struct.pack("<II", ROOT_CHECKSUM_KEY, 0)     # RootStringCheckSum, EUDCCodePage
            + struct.pack("<HH", 0, 0)                     # Padding6, SignatureSize
            + struct.pack("<II", 0, 0))                    # EUDCFlags, EUDCFontSize
    fixed_size = 4 * 4 + 10 + 2 + 4 + 2 + 2 + 4 * 4 + 4 * 2 + 4 + 4 * 4
    size = fixed_size + len(names) + len(tail) + len(ttf)
    header = (struct.pack("<IIII", size, len(ttf), EOT_VERSION, TTEMBED_SUBSET if subsetted else 0)
              + panose_bytes
              + struct.pack("<BBIHH", DEFAULT_CHARSET, os2.fsSelection & 1, os2.usWeightClass, os2.fsType, EOT_MAGIC)
              + struct.pack("<IIII", os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3,
                            os2.ulUnicodeRange4)
              + struct.pack("<II", os2.ulCodePageRange1, os2.ulCodePageRange2)
              + struct.pack("<I", head.checkSumAdjustment)
              + struct.pack("<IIII", 0, 0, 0, 0))
    assert len(header) == fixed_size
    return header + names + tail + ttf


def panose_hex(ttf: bytes) -> str:
    p = TTFont(io.BytesIO(ttf), lazy=True)["OS/2"].panose
    return "".join(f"{v:02X}" for v in (p.bFamilyType, p.bSerifStyle, p.bWeight, p.bProportion, p.bContrast,
                                        p.bStrokeVariation, p.bArmStyle, p.bLetterForm, p.bMidline, p.bXHeight))


def embed_fonts(prs, family: str, faces: dict[str, Path], chars: set[str], cache: Path | None = None) -> None:
    """Add one fntdata part per face ("regular", "bold") and list them under ``family`` in presentation.xml."""
    pres = prs.part
    package = pres.package
    p = f"{{{P_NS}}}"
    font_el = etree.Element(f"{p}font", typeface=family)
    face_els = []
    for index, (kind, path) in enumerate(faces.items(), 1):
        ttf = cached_subset(path, chars, cache)
        if index == 1:
            font_el.set("panose", panose_hex(ttf))
        part = Part(PackURI(f"/ppt/fonts/font{index}.fntdata"), CONTENT_TYPE, package, eot(ttf))
        rid = pres.relate_to(part, RT_FONT)
        face = etree.Element(f"{p}{kind}")
        face.set(f"{{{R_NS}}}id", rid)
        face_els.append(face)
    root = pres._element
    for old in root.findall(f"{p}embeddedFontLst"):
        root.remove(old)
    entry = etree.Element(f"{p}embeddedFont")
    entry.append(font_el)
    entry.extend(face_els)
    lst = etree.Element(f"{p}embeddedFontLst")
    lst.append(entry)
    anchor = next((child for child in root if etree.QName(child).localname in _AFTER_FONT_LIST), None)
    if anchor is None:
        root.append(lst)
    else:
        anchor.addprevious(lst)
    root.set("embedTrueTypeFonts", "1")
    root.set("saveSubsetFonts", "1")
