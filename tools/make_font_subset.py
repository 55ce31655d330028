#!/usr/bin/env python3
"""Build the bundled Chinese fonts in assets/fonts/ (maintainer script).

Why
---
The briefing generator renders PDF (WeasyPrint) and PPTX (python-pptx) and must
not depend on whatever CJK font a machine happens to have installed: different
fallback fonts give different line breaks, page counts and bytes.  So the
project ships its own font, "Noto Sans SC" Regular and Bold, made from Debian's
Noto Sans CJK (SIL OFL 1.1) by this script:

* take the Simplified Chinese face ("Noto Sans CJK SC", found by its name
  table, not by index) of NotoSansCJK-Regular.ttc / NotoSansCJK-Bold.ttc;
* drop the Japanese / Korean / Traditional-Chinese language systems from
  GSUB/GPOS (so their ``locl`` alternates are not pulled in), then subset to
      the 8105 characters of the 通用规范汉字表 (Unihan property kTGH)
    ∪ every GB2312 hanzi (rows 16-87, decoded with Python's gb2312 codec)
    ∪ every non-Han code point the face maps (Latin, punctuation, kana,
      Hangul, symbols, ...),
  keeping the default fontTools layout features (ccmp, locl, liga, kern, mark,
  vert, vrt2, vkrn, palt, halt, vhal, vpal, ...) and dropping hinting;
* convert the CFF outlines to TrueType (glyf) quadratic outlines with cu2qu,
  so the result is a plain static .ttf;
* rename the family to "Noto Sans SC" (PostScript names NotoSansSC-Regular /
  NotoSansSC-Bold), keeping weight 400/700 and the bold bits;
* write NotoSansSC-Regular.ttf, NotoSansSC-Bold.ttf and OFL.txt.

The output is deterministic: head.created/modified are copied from the source
font, so re-running with the same inputs gives the same bytes.

This is NOT part of setup or CI: the generated fonts are committed.  Run it
only to regenerate them (new upstream version, different character set).

How to run
----------
Needs fontTools (pinned in requirements.txt) and three Debian packages:
fonts-noto-cjk (Regular and Bold .ttc + copyright/licence), unicode-data
(Unihan, for the 通用规范汉字表 list).  Either install them::

    apt-get install fonts-noto-cjk unicode-data
    python tools/make_font_subset.py

or unpack them anywhere without installing and point --root at the tree::

    mkdir -p /tmp/nf && cd /tmp/nf
    apt-get download fonts-noto-cjk unicode-data
    for d in *.deb; do dpkg-deb -x "$d" root; done
    cd -  # back to the repository
    python tools/make_font_subset.py --root /tmp/nf/root

Individual inputs can be overridden with --regular, --bold, --unihan and
--copyright; --out-dir defaults to assets/fonts next to this script.
--drop-hangul leaves out the 11172 precomposed Hangul syllables (about
3.4 MB instead of 5.6 MB per font); the committed fonts are built without it.
A run takes about a minute and prints sizes, glyph counts and sha256 sums.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import hashlib
import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

SOURCE_FAMILY = "Noto Sans CJK SC"
SOURCE_PS_PREFIX = "NotoSansCJKsc"
FAMILY = "Noto Sans SC"
PS_PREFIX = "NotoSansSC"

# Language systems kept in GSUB/GPOS (besides each script's default one).
KEEP_LANGSYS = {"ZHS "}

# cu2qu tolerance in font units (UPM is 1000): same default as fontTools'
# otf2ttf snippet.
MAX_ERR = 1.0

# Han code points: CJK Unified Ideographs (URO and all extensions) and the
# CJK Compatibility Ideographs.  Everything else the face maps is kept.
HAN_RANGES = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # URO
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2EE5F),  # Extensions C, D, E, F, I
    (0x2F800, 0x2FA1F),  # Compatibility Ideographs Supplement
    (0x30000, 0x323AF),  # Extensions G, H
)

HANGUL_SYLLABLES = (0xAC00, 0xD7A3)

DEFAULT_PATHS = {
    "regular": "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "bold": "usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "unihan": "usr/share/unicode/Unihan_OtherMappings.txt.bz2",
    "copyright": "usr/share/doc/fonts-noto-cjk/copyright",
}


def is_han(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in HAN_RANGES)


# --------------------------------------------------------------------------
# Character sets


def tongyong_guifan(unihan_path: Path) -> set[int]:
    """The 8105 characters of 通用规范汉字表 (2013), from Unihan's kTGH."""
    opener = bz2.open if unihan_path.suffix == ".bz2" else open
    chars: set[int] = set()
    indices: set[int] = set()
    with opener(unihan_path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] == "kTGH":
                chars.add(int(parts[0][2:], 16))
                for value in parts[2].split():
                    indices.add(int(value.split(":")[1]))
    if len(chars) != 8105 or indices != set(range(1, 8106)):
        sys.exit(
            f"{unihan_path}: expected the 8105 kTGH entries numbered 1..8105, "
            f"got {len(chars)} characters / {len(indices)} indices"
        )
    return chars


def gb2312_hanzi() -> set[int]:
    """All hanzi of GB2312: rows 16-87 (level 1: 16-55, level 2: 56-87)."""
    chars: set[int] = set()
    for row in range(16, 88):
        for cell in range(1, 95):
            try:
                ch = bytes([0xA0 + row, 0xA0 + cell]).decode("gb2312")
            except UnicodeDecodeError:
                continue  # unassigned cells at the end of row 55
            chars.add(ord(ch))
    if len(chars) != 6763:
        sys.exit(f"gb2312 codec gave {len(chars)} hanzi, expected 6763")
    return chars


# --------------------------------------------------------------------------
# Font steps


def open_sc_face(ttc_path: Path) -> TTFont:
    """Open the 'Noto Sans CJK SC' face of a Noto Sans CJK collection."""
    coll = TTCollection(str(ttc_path), lazy=True)
    matches = [
        i
        for i, face in enumerate(coll.fonts)
        if face["name"].getDebugName(1) == SOURCE_FAMILY
    ]
    coll.close()
    if len(matches) != 1:
        sys.exit(f"{ttc_path}: expected one face named {SOURCE_FAMILY!r}, found {matches}")
    return TTFont(str(ttc_path), fontNumber=matches[0], recalcTimestamp=False)


def drop_foreign_langsys(font: TTFont) -> None:
    """Keep only each script's default language system and Chinese (ZHS).

    The JAN/KOR/ZHT/ZHH language systems carry 'locl' lookups that map to
    thousands of Japanese, Korean and Traditional glyph variants; without this
    the subsetter's layout closure would keep all of them.
    """
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        script_list = font[tag].table.ScriptList
        for rec in script_list.ScriptRecord:
            kept = [r for r in rec.Script.LangSysRecord if r.LangSysTag in KEEP_LANGSYS]
            rec.Script.LangSysRecord = kept
            rec.Script.LangSysCount = len(kept)


def subset_font(font: TTFont, unicodes: set[int]) -> None:
    options = subset.Options()
    options.layout_features = subset.Options._layout_features_default[:]
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_bounds = True
    options.recalc_timestamp = False
    options.prune_unicode_ranges = True
    options.prune_codepage_ranges = True
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """CFF -> TrueType outlines, after fontTools' Snippets/otf2ttf.py."""
    assert font.sfntVersion == "OTTO" and "CFF " in font
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()

    # Vertical origins: a CFF font takes them from VORG, a TrueType font from
    # vmtx top side bearing + glyph yMax.  Remember them so that vmtx can be
    # re-derived from the new (slightly different) quadratic bounding boxes.
    vorg = font.get("VORG")
    vmtx = font.get("vmtx")
    vert_origin = {}
    if vmtx is not None:
        char_strings = font["CFF "].cff.topDictIndex[0].CharStrings
        for name in glyph_order:
            if vorg is not None:
                vert_origin[name] = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
            else:
                bounds = char_strings[name].calcBounds(char_strings)
                if bounds is not None:
                    vert_origin[name] = bounds[3] + vmtx[name][1]

    quad_glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        # Dropping on-curve points that are midway between two off-curve
        # points is lossless for a static font and saves ~10% of glyf.
        quad_glyphs[name] = tt_pen.glyph(dropImpliedOnCurves=True)

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = quad_glyphs
    del font["CFF "]
    if vorg is not None:
        del font["VORG"]
    glyf.compile(font)  # computes bounding boxes

    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
            if vmtx is not None and name in vert_origin:
                vmtx[name] = (vmtx[name][0], vert_origin[name] - glyph.yMax)

    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        len(getattr(g, "components", [])) for g in glyf.glyphs.values()
    )
    font["maxp"] = maxp
    maxp.compile(font)  # fills in the counts from glyf

    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order

    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, style: str) -> None:
    """Rename 'Noto Sans CJK SC' to 'Noto Sans SC' in every name record."""
    name = font["name"]
    ps_name = f"{PS_PREFIX}-{style}"
    full_name = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    version = f"{font['head'].fontRevision:.3f}"
    for rec in name.names:
        text = rec.toUnicode()
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID in (2, 17):
            rec.string = style
        elif rec.nameID == 4:
            rec.string = full_name
        elif rec.nameID == 6:
            rec.string = ps_name
        elif rec.nameID == 3:
            rec.string = f"{version};GOOG;{ps_name};ADOBE;subset"
        elif rec.nameID == 5:
            rec.string = f"{text};subset by make_font_subset.py"
        elif SOURCE_FAMILY in text or SOURCE_PS_PREFIX in text:
            rec.string = text.replace(SOURCE_FAMILY, FAMILY).replace(SOURCE_PS_PREFIX, PS_PREFIX)
    # Typographic family/subfamily, stated explicitly (Windows, English US).
    for name_id, value in ((16, FAMILY), (17, style)):
        name.setName(value, name_id, 3, 1, 0x409)
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))

    os2 = font["OS/2"]
    head = font["head"]
    expected_weight = 700 if style == "Bold" else 400
    if os2.usWeightClass != expected_weight:
        sys.exit(f"{ps_name}: source usWeightClass is {os2.usWeightClass}")
    if style == "Bold":
        os2.fsSelection = (os2.fsSelection | (1 << 5)) & ~((1 << 6) | 1)  # BOLD, not REGULAR/ITALIC
        head.macStyle = (head.macStyle | 1) & ~2
    else:
        os2.fsSelection = (os2.fsSelection | (1 << 6)) & ~((1 << 5) | 1)  # REGULAR
        head.macStyle = head.macStyle & ~3


def build(src: Path, style: str, wanted: set[int], out: Path, drop_hangul: bool) -> TTFont:
    font = open_sc_face(src)
    created, modified = font["head"].created, font["head"].modified
    cmap = font.getBestCmap()
    missing = sorted(cp for cp in wanted if cp not in cmap)
    if missing:
        print(f"  {src.name}: {len(missing)} wanted characters not in the font: "
              + "".join(chr(cp) for cp in missing))
    unicodes = {cp for cp in cmap if not is_han(cp)} | (wanted & set(cmap))
    if drop_hangul:
        unicodes = {cp for cp in unicodes if not HANGUL_SYLLABLES[0] <= cp <= HANGUL_SYLLABLES[1]}
    drop_foreign_langsys(font)
    subset_font(font, unicodes)
    cff_to_glyf(font)
    rename(font, style)
    font["head"].created = created
    font["head"].modified = modified
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    out.write_bytes(buf.getvalue())
    return font


def write_license(copyright_path: Path, font: TTFont, out: Path) -> None:
    """OFL.txt: the font's copyright notice + the SIL OFL 1.1 text that
    Debian's copyright file carries for these fonts."""
    opener = gzip.open if copyright_path.suffix == ".gz" else open
    with opener(copyright_path, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    # The last "License: SIL-1.1" line opens the stand-alone licence
    # paragraph (the first one belongs to the "Files: *" stanza).
    start = len(lines) - lines[::-1].index("License: SIL-1.1")
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    text = "\n".join(body).strip("\n")
    if "SIL OPEN FONT LICENSE Version 1.1" not in text:
        sys.exit(f"{copyright_path}: no SIL OFL 1.1 text found")
    notice = font["name"].getDebugName(0)
    trademark = font["name"].getDebugName(7)
    header = (
        f"{notice}\n{trademark}\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n"
    )
    out.write_text(header + text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=Path("/"),
                    help="prefix for the default Debian paths (a dpkg-deb -x tree)")
    for key in DEFAULT_PATHS:
        ap.add_argument(f"--{key}", type=Path, help=f"default: ROOT/{DEFAULT_PATHS[key]}")
    ap.add_argument("--out-dir", type=Path, default=repo / "assets" / "fonts")
    ap.add_argument("--drop-hangul", action="store_true",
                    help="leave out the 11172 precomposed Hangul syllables (~1.9 MB per font)")
    args = ap.parse_args(argv)
    paths = {k: getattr(args, k) or args.root / v for k, v in DEFAULT_PATHS.items()}
    for key, path in paths.items():
        if not path.is_file():
            ap.error(f"--{key}: {path} not found")
    args.out_dir.mkdir(parents=True, exist_ok=True)

    tgh = tongyong_guifan(paths["unihan"])
    gb = gb2312_hanzi()
    wanted = tgh | gb
    print(f"通用规范汉字表: {len(tgh)}  GB2312 hanzi: {len(gb)}  "
          f"union: {len(wanted)} (GB2312 not in 通用规范: {len(gb - tgh)})")

    fonts = {}
    for style in ("Regular", "Bold"):
        out = args.out_dir / f"{PS_PREFIX}-{style}.ttf"
        font = build(paths[style.lower()], style, wanted, out, args.drop_hangul)
        cmap = font.getBestCmap()
        n_han = sum(1 for cp in cmap if is_han(cp))
        data = out.read_bytes()
        print(f"{out}: {len(data):,} bytes, {len(font.getGlyphOrder())} glyphs, "
              f"{len(cmap)} code points ({n_han} Han, {len(cmap) - n_han} other), "
              f"sha256 {hashlib.sha256(data).hexdigest()}")
        fonts[style] = font
    write_license(paths["copyright"], fonts["Regular"], args.out_dir / "OFL.txt")
    print(f"{args.out_dir / 'OFL.txt'} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
