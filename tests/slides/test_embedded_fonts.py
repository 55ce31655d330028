"""The font travels with the deck: EOT 2.2 parts listed in presentation.xml, a TrueType inside that covers the text."""
from __future__ import annotations

import functools
import io
import struct
import zipfile
from pathlib import Path

import pytest
from deckcheck import A, C, open_deck
from fontTools.ttLib import TTFont

from model.briefing import Briefing
from model.errors import InputError
from model.glyphs import embedding_note
from model.loader import load_theme
from slides import build_deck
from slides.fonts import subset_font

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"


def parse_eot(data: bytes) -> dict:
    """Read an EOT 2.2 header field by field (W3C Member Submission 2008) and return the fields and font bytes."""
    eot_size, font_size, version, flags = struct.unpack_from("<IIII", data, 0)
    panose = data[16:26]
    charset, italic, weight, fs_type, magic = struct.unpack_from("<BBIHH", data, 26)
    ranges = struct.unpack_from("<IIIIII", data, 36)
    checksum_adj = struct.unpack_from("<I", data, 60)[0]
    assert struct.unpack_from("<IIII", data, 64) == (0, 0, 0, 0)        # Reserved1-4
    pos, names = 80, []
    for _ in range(4):                                                   # family, style, version, full name
        padding, size = struct.unpack_from("<HH", data, pos)
        assert padding == 0
        names.append(data[pos + 4:pos + 4 + size].decode("utf-16-le"))
        pos += 4 + size
    padding5, root_size = struct.unpack_from("<HH", data, pos)
    pos += 4 + root_size
    root_checksum, eudc_codepage, padding6, sig_size = struct.unpack_from("<IIHH", data, pos)
    pos += 12 + sig_size
    eudc_flags, eudc_size = struct.unpack_from("<II", data, pos)
    pos += 8 + eudc_size
    return dict(eot_size=eot_size, font_size=font_size, version=version, flags=flags, panose=panose, charset=charset,
                italic=italic, weight=weight, fs_type=fs_type, magic=magic, ranges=ranges, checksum_adj=checksum_adj,
                names=names, padding=(padding5, padding6), root=(root_size, root_checksum), eudc=(eudc_codepage,
                eudc_flags, eudc_size), font=data[pos:pos + font_size], end=pos + font_size)


def fonts_of(data: bytes) -> tuple[object, dict[str, bytes], dict[str, str]]:
    prs = open_deck(data)
    lst = prs.part._element.find(f"{P}embeddedFontLst")
    faces = {}
    for face in ("regular", "bold"):
        el = lst.find(f"{P}embeddedFont/{P}{face}")
        rel = prs.part.rels[el.get(f"{R}id")]
        assert rel.reltype == RT_FONT
        faces[face] = rel.target_part
    return prs, {k: p.blob for k, p in faces.items()}, {k: str(p.partname) for k, p in faces.items()}


def deck_text(prs) -> set[str]:
    chars: set[str] = set()
    for slide in prs.slides:
        trees = [slide._element, slide.notes_slide._element]
        trees += [shape.chart._chartSpace for shape in slide.shapes if shape.has_chart]
        for tree in trees:
            for t in tree.iter(f"{A}t", f"{C}v"):
                chars.update(t.text or "")
    return {c for c in chars if not c.isspace()}


def test_fonts_are_listed_and_typed(shipped_rendered, shipped_briefing: Briefing) -> None:
    prs, blobs, names = fonts_of(shipped_rendered.data)
    root = prs.part._element
    assert root.get("embedTrueTypeFonts") == "1" and root.get("saveSubsetFonts") == "1"
    font = root.find(f"{P}embeddedFontLst/{P}embeddedFont/{P}font")
    assert font.get("typeface") == shipped_briefing.theme.deck_font == "Noto Sans SC"
    assert sorted(names.values()) == ["/ppt/fonts/font1.fntdata", "/ppt/fonts/font2.fntdata"]
    types = zipfile.ZipFile(io.BytesIO(shipped_rendered.data)).read("[Content_Types].xml").decode()
    assert 'Extension="fntdata" ContentType="application/x-fontdata"' in types


def test_eot_headers_and_the_truetype_inside(shipped_rendered) -> None:
    prs, blobs, _ = fonts_of(shipped_rendered.data)
    needed = deck_text(prs)
    assert len(needed) > 500
    for face, weight in (("regular", 400), ("bold", 700)):
        eot = parse_eot(blobs[face])
        assert eot["eot_size"] == len(blobs[face]) == eot["end"]
        assert eot["version"] == 0x00020002 and eot["magic"] == 0x504C
        assert eot["flags"] & 0x4 == 0 and eot["flags"] & 0x10000000 == 0        # not compressed, not XORed
        assert eot["names"][0] == "Noto Sans SC" and eot["names"][1] == face.capitalize()
        assert eot["root"] == (0, 0x50475342) and eot["eudc"] == (0, 0, 0) and eot["padding"] == (0, 0)
        ttf = TTFont(io.BytesIO(eot["font"]))
        os2 = ttf["OS/2"]
        assert (eot["weight"], eot["fs_type"], eot["italic"]) == (os2.usWeightClass, os2.fsType, 0) and eot["weight"] == weight
        assert eot["ranges"][:4] == (os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3, os2.ulUnicodeRange4)
        assert eot["checksum_adj"] == ttf["head"].checkSumAdjustment
        cmap = ttf.getBestCmap()
        assert not [c for c in needed if ord(c) not in cmap], face
        assert ttf["maxp"].numGlyphs < 5000                                          # a subset, not the whole font


def test_runs_name_the_embedded_typeface(shipped_rendered, shipped_briefing: Briefing) -> None:
    prs = open_deck(shipped_rendered.data)
    font = shipped_briefing.theme.deck_font
    checked = 0
    for slide in prs.slides:
        for rpr in slide._element.iter(f"{A}rPr"):
            assert rpr.find(f"{A}latin").get("typeface") == font and rpr.find(f"{A}ea").get("typeface") == font
            checked += 1
    assert checked > 500


def test_a_named_office_font_embeds_nothing(mini_briefing: Briefing) -> None:
    assert not mini_briefing.theme.deck_embedded          # the mini theme names Microsoft YaHei
    data = build_deck(mini_briefing, template=None).data
    assert not [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("ppt/fonts/")]
    assert open_deck(data).part._element.find(f"{P}embeddedFontLst") is None


@functools.lru_cache(maxsize=1)
def one_glyph_font() -> bytes:
    return subset_font(Path(__file__).parents[2] / "assets/fonts/NotoSansSC-Regular.ttf", {"中"})


def small_font(tmp_path: Path, fs_type: int, name: str) -> Path:
    """A tiny copy of the bundled font with another embedding permission (OS/2 fsType)."""
    font = TTFont(io.BytesIO(one_glyph_font()))
    font["OS/2"].fsType = fs_type
    path = tmp_path / name
    font.save(str(path))
    return path


def theme_with(tmp_path: Path, font: Path) -> Path:
    text = (Path(__file__).parents[2] / "assets/theme.yaml").read_text(encoding="utf-8")
    text = text.replace("fonts/NotoSansSC-Regular.ttf", str(font)).replace("fonts/NotoSansSC-Bold.ttf", str(font))
    path = tmp_path / "theme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_restricted_font_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="forbids embedding"):
        load_theme(theme_with(tmp_path, small_font(tmp_path, 0x0002, "restricted.ttf")))


def test_a_preview_and_print_font_is_embedded_with_a_warning(tmp_path: Path) -> None:
    font = small_font(tmp_path, 0x0004, "preview.ttf")
    assert load_theme(theme_with(tmp_path, font)).deck_embedded
    assert "preview & print" in embedding_note(font)
    assert embedding_note(small_font(tmp_path, 0, "installable.ttf")) == ""


def test_subsets_are_reused_from_the_build_cache(tmp_path: Path, monkeypatch) -> None:
    from slides import fonts

    font = Path(__file__).parents[2] / "assets/fonts/NotoSansSC-Regular.ttf"
    first = fonts.cached_subset(font, {"中", "A"}, tmp_path / "deck-fonts")
    assert set(TTFont(io.BytesIO(first)).getBestCmap()) >= {ord("中"), ord("A")}
    assert len(list((tmp_path / "deck-fonts").glob("*.ttf"))) == 1

    def no_cutting(*_):
        raise AssertionError("the cached subset should have been used")

    monkeypatch.setattr(fonts, "subset_font", no_cutting)
    assert fonts.cached_subset(font, {"A", "中"}, tmp_path / "deck-fonts") == first
    (tmp_path / "blocked").write_text("a file where the cache folder should be")
    monkeypatch.undo()
    assert fonts.cached_subset(font, {"中", "A"}, tmp_path / "blocked") == first     # unwritable: cut, same bytes


def test_runs_name_the_embedded_files_own_family(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "assets/theme.yaml").read_text(encoding="utf-8")
    regular = small_font(tmp_path, 0, "regular.ttf")
    renamed = TTFont(str(small_font(tmp_path, 0, "other.ttf")))
    for record in renamed["name"].names:
        if record.nameID in (1, 16):
            record.string = "Other Sans"
    renamed.save(str(tmp_path / "other.ttf"))
    theme = tmp_path / "theme.yaml"
    base = text.replace("fonts/NotoSansSC-Regular.ttf", str(regular))
    theme.write_text(base.replace("fonts/NotoSansSC-Bold.ttf", str(regular)), encoding="utf-8")
    assert load_theme(theme).deck_font == "Noto Sans SC"          # the file's name
    theme.write_text(base.replace("fonts/NotoSansSC-Bold.ttf", str(regular)).replace("family: Noto Sans SC", "family: Briefing"),
                     encoding="utf-8")
    with pytest.raises(InputError, match="write `family: Noto Sans SC`"):   # a label other than the file's: refused (issue 12)
        load_theme(theme)
    theme.write_text(base.replace("fonts/NotoSansSC-Bold.ttf", str(tmp_path / "other.ttf")), encoding="utf-8")
    with pytest.raises(InputError, match="“Other Sans”"):
        load_theme(theme)
