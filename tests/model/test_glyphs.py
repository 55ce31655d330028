"""The bundled font covers the content, the check names what it lacks, and how wide the font sets text."""
import os
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from model.glyphs import advances, font_codepoints, missing, text_em
from tests.conftest import ARTICLE, ASSETS


@pytest.mark.parametrize("name, style", [("NotoSansSC-Regular.ttf", "Regular"), ("NotoSansSC-Bold.ttf", "Bold")])
def test_bundled_fonts_are_static_truetype_noto_sans_sc(name: str, style: str) -> None:
    path = ASSETS / "fonts" / name
    with TTFont(path, lazy=True) as font:
        assert "glyf" in font and "CFF " not in font and "fvar" not in font
        assert font["name"].getDebugName(1) == "Noto Sans SC"
        assert font["name"].getDebugName(2) == style
    assert 2_500_000 < path.stat().st_size < 4_500_000
    assert (ASSETS / "fonts" / "OFL.txt").read_text(encoding="utf-8").count("SIL Open Font License") >= 1


@pytest.mark.parametrize("name", ["NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"])
def test_the_characters_read_with_harfbuzz_are_fonttools_best_cmap(name: str) -> None:
    with TTFont(ASSETS / "fonts" / name, lazy=True) as font:
        assert font_codepoints(ASSETS / "fonts" / name) == set(font.getBestCmap())


def test_common_and_gb2312_hanzi_are_covered() -> None:
    cps = font_codepoints(ASSETS / "fonts" / "NotoSansSC-Regular.ttf")
    gb2312 = [bytes([row, cell]).decode("gb2312") for row in range(0xB0, 0xF8) for cell in range(0xA1, 0xFF)
              if not (row == 0xD7 and cell > 0xF9)]
    assert missing("".join(gb2312), cps) == []
    assert missing("贵阳市脱贫攻坚历史进程纪实（下）“”《》—…·％", cps) == []


@pytest.mark.skipif(not ARTICLE.exists(), reason="shared/source/article.txt is not beside the checkout")
def test_every_character_of_the_article_is_covered() -> None:
    cps = font_codepoints(ASSETS / "fonts" / "NotoSansSC-Regular.ttf")
    assert missing(ARTICLE.read_text(encoding="utf-8"), cps) == []


def test_rare_character_is_reported(tmp_path: Path) -> None:
    cps = font_codepoints(ASSETS / "fonts" / "NotoSansSC-Regular.ttf")
    assert missing("贵阳𠀀市", cps) == ["𠀀"]


# ---------------------------------------------------------------- text widths (both builders' one engine)


REGULAR, BOLD = ASSETS / "fonts" / "NotoSansSC-Regular.ttf", ASSETS / "fonts" / "NotoSansSC-Bold.ttf"


def _shaped_em(text: str, path: Path) -> float:
    """The width HarfBuzz gives the whole string shaped (kerning, ligatures): what WeasyPrint and LibreOffice set."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob(path.read_bytes()))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hb.Font(face), buf, {})
    return sum(pos.x_advance for pos in buf.glyph_positions) / face.upem


def test_text_widths_are_the_fonts_own_advances() -> None:
    """Per character the engine gives the font's hmtx advance (read here with fontTools, another reader)."""
    with TTFont(BOLD, lazy=True) as font:
        cmap, hmtx, upem = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        for ch in "贵阳0123456789.%万亿元（）“”—A ":
            assert advances(BOLD).em(ch) == hmtx[cmap[ord(ch)]][0] / upem, ch
    assert text_em("1", REGULAR) != text_em("1", BOLD)               # each face its own widths
    assert text_em("𠀀", REGULAR) == 1.0                              # not in the font: its .notdef box


@pytest.mark.parametrize("text", ["162.31亿元", "169.07%", "3个百分点以上", "贵阳市2015年减少贫困人口12.3万人", "—— 习近平总书记"])
def test_text_widths_are_what_the_renderers_show_or_wider(text: str) -> None:
    """Summed per character, a width never falls short of the shaped text: equal for figures and Han,
    wider only where HarfBuzz joins glyphs (——)."""
    for path in (REGULAR, BOLD):
        shaped = _shaped_em(text, path)
        assert text_em(text, path) >= shaped - 1e-9
        if "—" not in text:
            assert text_em(text, path) == pytest.approx(shaped, abs=1e-9)
    assert text_em("——", BOLD) > _shaped_em("——", BOLD)


def test_text_widths_are_cached_by_the_fonts_bytes(tmp_path: Path) -> None:
    """Two copies of one font share one table; a font file changed in place (--watch) is measured anew."""
    copy = tmp_path / "copy.ttf"
    copy.write_bytes(REGULAR.read_bytes())
    assert advances(copy) is advances(REGULAR)
    before = text_em("2015", copy)
    copy.write_bytes(BOLD.read_bytes())
    os.utime(copy, ns=(copy.stat().st_atime_ns, copy.stat().st_mtime_ns + 1_000_000))
    assert text_em("2015", copy) == text_em("2015", BOLD) != before
