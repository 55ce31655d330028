"""Opening the template, picking layouts by name, and what a layout offers.

The shipped template is slides/template.pptx (written by tools/make_template.py).
A user's template (``--template corp.pptx``) must have layouts with the names
in :data:`LAYOUTS`; the builder reads geometry from them (title placeholder,
the content placeholder as the area to fill, footer and slide number), so a
corporate template's proportions and decoration carry over.
"""
from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from model.errors import InputError, Problem, display_path

from .ooxml import A_NS, R_NS, A, P

SHIPPED = Path(__file__).resolve().parent / "template.pptx"

LAYOUTS = {
    "Title": "the opening slide (title, subtitle)",
    "Section": "one per stage (title + text area)",
    "Title and Content": "agenda, measures, challenges, sources (title + content area)",
    "Big Numbers": "results as big-number cards (title + content area)",
    "Chart": "native charts (title + content area)",
    "Quote": "quotes (title + text area)",
    "Closing": "the postscript (title + text area)",
}

_DECORATION = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int


def _problem(path: Path, where: str, message: str, hint: str) -> InputError:
    return InputError(Problem(display_path(path), where, message, hint))


MAX_INFLATED = 200 * 1024 * 1024      # a corporate template with its pictures is a few MB; PowerPoint's own limit is far above
MAX_MEMBERS = 5000
WIDE = 16 / 9


def check_archive(path: Path) -> None:
    """Refuse a template whose zip would inflate to more than :data:`MAX_INFLATED` (a zip bomb), judged by the
    sizes its directory declares, before anything is inflated.  (Python's zipfile never inflates a member
    beyond its declared size, so the declaration is a bound, not a promise.)"""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _problem(path, "", f"not a readable PowerPoint file ({type(exc).__name__}: {exc})",
                       "save the template from PowerPoint as .pptx (not .potx/.ppt) and try again") from None
    inflated = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or inflated > MAX_INFLATED:
        raise _problem(path, "", f"the template would unpack to {inflated / 2**20:,.0f} MB in {len(members)} parts "
                                 f"(at most {MAX_INFLATED // 2**20} MB and {MAX_MEMBERS} parts are accepted)",
                       "this is not an ordinary PowerPoint template; save a clean copy from PowerPoint (File → Save As → .pptx)")


def check_template(path: Path | None) -> None:
    """Everything about a user's template that would stop the deck, found before anything is rendered."""
    if path is not None:
        open_template(path)


def open_template(path: Path | None):
    """The presentation to build on, with any sample slides removed, and its layouts by name."""
    source = path or SHIPPED
    if path is not None and not path.is_file():
        raise _problem(path, "", "template file not found", "check the path given to --template")
    if path is not None:
        check_archive(path)
    try:
        prs = Presentation(str(source))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise _problem(source, "", f"not a readable PowerPoint file ({type(exc).__name__}: {exc})",
                       "save the template from PowerPoint as .pptx (not .potx/.ppt) and try again") from None
    width, height = prs.slide_width or 0, prs.slide_height or 0
    if not height or abs(width / height - WIDE) > 0.01:
        shape = f"{width / 914400:.2f} × {height / 914400:.2f} in" if height else "no slide size"
        raise _problem(source, "slide size", f"the template's slides are {shape}, not 16:9",
                       "the deck is laid out for 16:9: in PowerPoint, Design → Slide Size → Widescreen (16:9), then save the template")
    layouts = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            layouts.setdefault(layout.name, layout)
    missing = [name for name in LAYOUTS if name not in layouts]
    if missing:
        needed = "; ".join(f"“{n}” – {what}" for n, what in LAYOUTS.items())
        have = "、".join(f"“{n}”" for n in layouts) or "none"
        raise InputError([Problem(display_path(source), f"layout `{name}`",
                                  f"the template has no layout named “{name}” (it has: {have})",
                                  f"add or rename a layout in PowerPoint (View → Slide Master); needed: {needed}")
                          for name in missing])
    _drop_slides(prs)
    return prs, {name: layouts[name] for name in LAYOUTS}


def _drop_slides(prs) -> None:
    """A template may carry sample slides; the deck starts empty."""
    sld_ids = prs.slides._sldIdLst
    for sld_id in list(sld_ids):
        prs.part.drop_rel(sld_id.get(f"{{{R_NS}}}id"))
        sld_ids.remove(sld_id)


def title_rect(prs, layout) -> Rect:
    for ph in layout.placeholders:
        if ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            return Rect(ph.left, ph.top, ph.width, ph.height)
    return Rect(int(Inches(0.75)), int(Inches(0.4)), prs.slide_width - int(Inches(1.5)), int(Inches(1.0)))


def region_rect(prs, layout) -> Rect:
    """The area a layout offers for content: its first non-title, non-footer placeholder,
    else everything between the title and the footer."""
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) or kind in _DECORATION:
            continue
        if ph.width and ph.height:
            return Rect(ph.left, ph.top, ph.width, ph.height)
    title = title_rect(prs, layout)
    top = title.y + title.h + int(Inches(0.3))
    return Rect(title.x, top, title.w, prs.slide_height - top - int(Inches(0.9)))


def _own_box(el) -> tuple[int, int, int, int] | None:
    """A shape's own a:off / a:ext in plain EMU (p:spPr/a:xfrm, or a graphic frame's p:xfrm), read from the XML;
    None when it has none or writes a unit python-pptx would convert (then python-pptx answers)."""
    xfrm = el.find(f"{P}spPr/{A}xfrm")
    if xfrm is None:
        xfrm = el.find(f"{P}xfrm")
    if xfrm is None:
        return None
    off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
    if off is None or ext is None:
        return None
    values = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    if not all(v is not None and v.lstrip("-").isdigit() for v in values):
        return None
    x, y, w, h = (int(v) for v in values)
    return x, y, w, h


class Boxes:
    """Shapes' boxes (left, top, width, height) as python-pptx gives them, read from the shape's own
    transform where it has one (python-pptx's properties took a quarter of the checks' time).  A
    placeholder without its own ``a:xfrm`` (every slide title) takes its layout's, which python-pptx
    finds by walking the layout's shapes on each access; the fit and contrast checks ask ~800 times a
    build, so the inherited box is kept here per layout and placeholder index (one Boxes per check:
    the template does not change)."""

    def __init__(self) -> None:
        self._inherited: dict[tuple[str, int], tuple[int, int, int, int]] = {}

    def __call__(self, shape) -> tuple[int, int, int, int]:
        own = _own_box(shape._element)
        if own is not None:
            return own
        if not shape.is_placeholder or shape._element.xfrm is not None:
            return shape.left or 0, shape.top or 0, shape.width or 0, shape.height or 0
        key = (shape.part.part_related_by(RT.SLIDE_LAYOUT).partname, shape._element.ph_idx)
        if key not in self._inherited:
            self._inherited[key] = shape.left or 0, shape.top or 0, shape.width or 0, shape.height or 0
        return self._inherited[key]


def strip_placeholders(slide) -> None:
    """Remove the placeholders python-pptx copied from the layout, except the title."""
    for ph in list(slide.placeholders):
        if ph.placeholder_format.type not in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            ph._element.getparent().remove(ph._element)


def add_footer(slide, layout, text: str, number: int) -> list:
    """Copy the layout's footer and slide-number placeholders onto the slide, filled in."""
    added = []
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            continue
        el = copy.deepcopy(ph._element)
        tx = el.txBody
        if tx is None:
            continue
        for p in tx.findall(f"{A}p"):
            tx.remove(p)
        lst = tx.find(f"{A}lstStyle")
        if lst is not None:
            tx.remove(lst)
        tx.append(etree.fromstring(f'<a:lstStyle xmlns:a="{A_NS}"/>'))
        if kind == PP_PLACEHOLDER.FOOTER:
            p = etree.fromstring(f'<a:p xmlns:a="{A_NS}"><a:r><a:rPr/><a:t></a:t></a:r></a:p>')
            p.find(f"{A}r/{A}t").text = text
        else:
            fld = next(ph._element.iter(f"{A}fld"), None)
            fid = fld.get("id") if fld is not None else "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
            p = etree.fromstring(f'<a:p xmlns:a="{A_NS}"><a:pPr algn="r"/><a:fld id="{fid}" type="slidenum">'
                                 f'<a:rPr/><a:t>{number}</a:t></a:fld></a:p>')
        tx.append(p)
        # keep only what identifies the placeholder; geometry and style come from the layout
        sp_pr = el.spPr
        for child in list(sp_pr):
            sp_pr.remove(child)
        slide.shapes._spTree.append(el)
        added.append(el)
    return added


