"""Valid for every consumer: the Open XML validator, true docProps/app.xml, slide size, thumbnail, chart axis ids."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from deckcheck import C, open_deck, title_of
from lxml import etree
from PIL import Image

from model.briefing import Briefing
from slides.package import is_hidden

EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


def test_openxml_audit_finds_no_error(shipped_rendered, tmp_path: Path) -> None:
    from openxml_audit import validate_pptx

    deck = tmp_path / "briefing.pptx"
    deck.write_bytes(shipped_rendered.data)
    result = validate_pptx(deck)
    assert result.error_count == 0, [str(e) for e in result.errors[:10]]


def test_app_properties_are_true(shipped_rendered) -> None:
    prs = open_deck(shipped_rendered.data)
    slides = list(prs.slides)
    app = etree.fromstring(zipfile.ZipFile(io.BytesIO(shipped_rendered.data)).read("docProps/app.xml"))
    assert int(app.findtext(f"{EP}Slides")) == len(slides) > 20
    assert int(app.findtext(f"{EP}Notes")) == sum(s.has_notes_slide for s in slides) == len(slides)
    assert int(app.findtext(f"{EP}HiddenSlides")) == sum(is_hidden(s) for s in slides) > 0
    assert app.findtext(f"{EP}PresentationFormat") == "宽屏"
    assert "Microsoft" not in app.findtext(f"{EP}Application")
    parts = [el.text for el in app.find(f"{EP}TitlesOfParts").iter(f"{VT}lpstr")]
    assert parts[-len(slides):] == [title_of(s) for s in slides]
    pairs = [el.text for el in app.find(f"{EP}HeadingPairs").iter(f"{VT}lpstr", f"{VT}i4")]
    assert sum(int(n) for n in pairs[1::2]) == len(parts)


def test_slide_size_type_matches_the_size(shipped_rendered) -> None:
    prs = open_deck(shipped_rendered.data)
    size = prs.part._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz")
    assert (int(size.get("cx")), int(size.get("cy"))) == (12192000, 6858000)
    assert size.get("type") is None                    # PowerPoint's widescreen has no named type


def test_thumbnail_is_the_title_slide(shipped_rendered, shipped_briefing: Briefing) -> None:
    blob = zipfile.ZipFile(io.BytesIO(shipped_rendered.data)).read("docProps/thumbnail.jpeg")
    assert Image.open(io.BytesIO(blob)).format == "JPEG"
    img = Image.open(io.BytesIO(blob)).convert("RGB")
    assert img.size == (256, 144)
    pal = shipped_briefing.theme.palette

    def near(pixel, color: str) -> bool:
        return all(abs(a - int(color[i:i + 2], 16)) < 24 for a, i in zip(pixel, (1, 3, 5), strict=False))   # RGB of an RGB(A) pixel

    assert near(img.getpixel((200, 20)), pal.primary)           # the title slide's background
    assert near(img.getpixel((2, 72)), pal.accent)              # its side band
    crop = img.crop((20, 40, 250, 100))
    light = sum(1 for x in range(crop.width) for y in range(crop.height) if min(crop.getpixel((x, y))) > 200)
    assert light > 100                                              # the title, drawn in white


def test_chart_axis_ids_are_unsigned_and_paired(shipped_rendered) -> None:
    prs = open_deck(shipped_rendered.data)
    checked = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                space = shape.chart._chartSpace
                axes = {el.get("val") for el in space.iter(f"{C}axId")}
                crosses = {el.get("val") for el in space.iter(f"{C}crossAx")}
                assert all(0 <= int(v) < 2 ** 32 for v in axes | crosses)
                assert crosses <= axes
                checked += 1
    assert checked >= 9
