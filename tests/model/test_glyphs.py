"""The bundled font covers the content, and the check names what it lacks."""
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from model.glyphs import font_codepoints, missing
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
