"""Accessibility of the deck: decorative shapes, and the contrast of every text run against its fill.

A screen reader announces every shape on a slide in spTree order.  Card backgrounds, coloured bars
and rules carry no information, so they are marked decorative (Office 2019's ``adec:decorative``
extension) and readers skip them; the builder adds shapes title first, then content, then the
footer, so the reading order is the visual one.

Contrast follows WCAG 2.x: (L1 + 0.05) / (L2 + 0.05) of relative luminances, at least 4.5:1 for
every run.  A run's fill is what lies under its text box: the box's own fill, else the topmost
filled shape that contains the box, else the slide's background (slide → layout → master).  Its
colour is its own ``a:solidFill``, else the layout placeholder's list style, else the theme's text.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .ooxml import A, P
from .template import Boxes

DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
MIN_CONTRAST = 4.5


def mark_decorative(shape) -> None:
    """Mark a shape decorative (screen readers skip it); it must then have no description."""
    cnvpr = shape._element.find(f".//{P}cNvPr")
    cnvpr.attrib.pop("descr", None)
    ext_lst = cnvpr.find(f"{A}extLst")
    if ext_lst is None:
        ext_lst = etree.SubElement(cnvpr, f"{A}extLst")
    ext = etree.SubElement(ext_lst, f"{A}ext", uri=DECORATIVE_URI)
    etree.SubElement(ext, f"{{{ADEC_NS}}}decorative", nsmap={"adec": ADEC_NS}, val="1")


def is_decorative(shape_el) -> bool:
    return any(el.get("val") in ("1", "true") for el in shape_el.iter(f"{{{ADEC_NS}}}decorative"))


def luminance(color: str) -> float:
    """WCAG relative luminance of #RRGGBB."""
    value = color.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _solid(el) -> str | None:
    """The sRGB colour of an element's direct a:solidFill child."""
    if el is None:
        return None
    clr = el.find(f"{A}solidFill/{A}srgbClr")
    return "#" + clr.get("val") if clr is not None else None


def _background(part_el) -> str | None:
    return _solid(part_el.find(f"{P}cSld/{P}bg/{P}bgPr"))


def _contains(outer, inner) -> bool:
    ox, oy, ow, oh = outer
    ix, iy, iw, ih = inner
    return ox <= ix and oy <= iy and ix + iw <= ox + ow and iy + ih <= oy + oh


def _placeholder_color(shape, slide, cache: dict) -> str | None:
    """The text colour the layout's matching placeholder gives (by idx, else by type)."""
    if not shape.is_placeholder:
        return None
    fmt = shape.placeholder_format
    key = (slide.slide_layout.part.partname, fmt.idx, fmt.type)
    if key not in cache:
        layout = list(slide.slide_layout.placeholders)
        match = (next((ph for ph in layout if ph.placeholder_format.idx == fmt.idx), None)
                 or next((ph for ph in layout if ph.placeholder_format.type == fmt.type), None))
        cache[key] = (_solid(match._element.find(f".//{A}lstStyle/{A}lvl1pPr/{A}defRPr"))
                      if match is not None else None)
    return cache[key]


@dataclass(frozen=True)
class RunContrast:
    slide: int
    shape: str
    text: str
    color: str
    fill: str
    ratio: float


def _hyperlink_color(prs) -> str | None:
    """Viewers draw a hyperlink in the theme's hlink colour, whatever the run says."""
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    clr = etree.fromstring(theme.blob).find(f"{A}themeElements/{A}clrScheme/{A}hlink/{A}srgbClr")
    return "#" + clr.get("val") if clr is not None else None


def run_contrasts(prs, default_text: str, boxes: Boxes | None = None) -> Iterator[RunContrast]:
    """Every run with visible text on every slide, its colour, the fill under it and their contrast."""
    _rect = boxes or Boxes()
    hlink = _hyperlink_color(prs)
    layout_colors: dict = {}
    for number, slide in enumerate(prs.slides, 1):
        page = (_background(slide._element) or _background(slide.slide_layout._element)
                or _background(slide.slide_layout.slide_master._element) or "#FFFFFF")
        filled: list[tuple[tuple[int, int, int, int], str]] = []     # shapes so far with a fill: rect, colour
        for shape in slide.shapes:
            own = _solid(shape._element.find(f"{P}spPr"))
            if not shape.has_text_frame:
                if own:
                    filled.append((_rect(shape), own))
                continue
            fill = own
            if fill is None:
                rect = _rect(shape) if filled else None
                under = [color for box, color in filled if _contains(box, rect)]
                fill = under[-1] if under else page
            else:
                filled.append((_rect(shape), own))
            inherited = _placeholder_color(shape, slide, layout_colors) or default_text
            for run in shape.text_frame._txBody.iter(f"{A}r", f"{A}fld"):
                text = run.findtext(f"{A}t") or ""
                if not text.strip():
                    continue
                rpr = run.find(f"{A}rPr")
                linked = rpr is not None and rpr.find(f"{A}hlinkClick") is not None
                color = (hlink if linked and hlink else None) or _solid(rpr) or inherited
                yield RunContrast(number, shape.name, text, color, fill, contrast(color, fill))
