"""Text frames on deck slides: the primitives every slide is made of.

:class:`Frames` holds the open template and the deck's state (sections, anchors, where each
figure appears) and writes what a slide is made of: a slide from a layout with its title,
text frames filled from measured paragraphs (slides.measure), text boxes, decorative
rectangles, and the speaker notes with the source of each figure.  The flow over slides
(slides.flow), the slide types (slides.slide_types) and the whole deck (slides.deck) build on it.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from model.briefing import Briefing, Figure, Prose
from model.errors import InputError, Problem
from model.quoting import inner_quotes

from .access import mark_decorative
from .cjk import chinese
from .measure import EMU_PER_PT, Metrics, Para, Run
from .ooxml import R_NS, A, P
from .package import hide
from .template import Rect, add_footer, open_template, region_rect, strip_placeholders, title_rect

MIN_BODY_PT = 18
MIN_TITLE_PT = 28
INSET_X, INSET_Y = 91440, 45720          # text frame insets written explicitly (EMU)
GAP = Inches(0.3)
CONT = "（续）"



def _footer_kind(sp) -> bool:
    ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
    return ph is not None and ph.get("type") in ("ftr", "sldNum", "dt")


def _sentence(text: str) -> str:
    """A talking point ends with 。 — also after a closing ”, unless the quotation ends its own sentence."""
    text = text.strip()
    if not text or text[-1] in "。！？…" or (text[-1] == "”" and text[-2:-1] in ("。", "！", "？")):
        return text
    return text + "。"


class Ink:
    """Colour roles on light or dark backgrounds."""

    def __init__(self, palette, dark: bool):
        p = palette
        self.roles = ({"text": p.tint, "em": p.emphasis, "muted": p.tint, "head": p.paper,
                       "accent": p.emphasis}
                      if dark else
                      {"text": p.text, "em": p.primary, "muted": p.muted, "head": p.secondary, "accent": p.accent})

    def __call__(self, role: str | None) -> str | None:
        return None if role is None else self.roles.get(role, role)


class Frames:
    """The deck's state and the primitives that write slides and text frames."""

    def __init__(self, briefing: Briefing, template: Path | None, cache_dir: Path | None = None):
        self.b = briefing
        self.theme = briefing.theme
        self.font = self.theme.deck_font
        self.prs, self.layouts = open_template(template)
        self.template = template
        self.metrics = Metrics.for_theme(self.theme)
        s = self.theme.sizes
        self.body = max(MIN_BODY_PT, s.deck_body_pt)
        self.title_pt = max(MIN_TITLE_PT, s.deck_title_pt)
        self.figure_pt = max(self.body * 1.5, s.deck_figure_pt)
        self.light = Ink(self.theme.palette, dark=False)
        self.dark = Ink(self.theme.palette, dark=True)
        doc = briefing.document
        self.footer = f"{doc.title} · {doc.source} {doc.date}"
        self.where: dict[str, list[str]] = {}
        self.hidden = 0
        self.hiding = False                                  # slides added now are backup (hidden) slides
        self.sections: list[tuple[str, list[int]]] = []      # PowerPoint sections: name, slide ids
        self.anchors: dict[str, object] = {}                 # link target name → its first slide
        self._anchor: str | None = None
        self.notes: list[str] = []                           # warnings for the console
        self.chart_cache = Path(cache_dir) / "deck-charts" if cache_dir is not None else None   # slides.chart_parts
        self.slide_cache = Path(cache_dir) / "deck-slides" if cache_dir is not None else None   # slides.slide_memo
        self.cache_used: set[Path] = set()
        self.memo_depth = 0                                  # > 0 inside a kept slide type (slides.slide_memo)
        self._template = template
        self._memo_base: str | None = None
        self._rect_model = None                              # rect_shape's first rectangle, copied for the next ones

    def memo_base(self) -> str:
        """What every kept slide depends on besides its arguments (slides.slide_memo.memo_base), once per deck."""
        if self._memo_base is None:
            from .slide_memo import memo_base
            from .template import SHIPPED

            self._memo_base = memo_base(self.theme, self.footer, self._template or SHIPPED)
        return self._memo_base

    # ================================================================ primitives

    def region(self, layout: str) -> Rect:
        return region_rect(self.prs, self.layouts[layout])

    def new_slide(self, layout_name: str, title: str | None, *, footer: bool = True, title_sizes: Sequence[float] = ()):
        layout = self.layouts[layout_name]
        slide = self.prs.slides.add_slide(layout)
        strip_placeholders(slide)
        if self.sections:
            self.sections[-1][1].append(slide.slide_id)
        if self.hiding:
            hide(slide)
            self.hidden += 1
        if self._anchor:
            self.anchors[self._anchor], self._anchor = slide, None
        if title is not None:
            self.set_title(slide, layout, title, title_sizes or (self.title_pt, MIN_TITLE_PT))
        if footer:
            for el in add_footer(slide, layout, self.footer, len(self.prs.slides)):
                for rpr in el.iter(f"{A}rPr"):
                    rpr.set("sz", "1200")
        return slide

    def section_start(self, name: str) -> None:
        self.sections.append((name, []))

    def anchor(self, name: str) -> None:
        """The next slide added is the target of links to ``name``."""
        self._anchor = name

    def resolve_links(self) -> None:
        """Turn runs marked with a link name into slide jumps (the targets exist only once the deck is built)."""
        for slide in self.prs.slides:
            for rpr in slide._element.iter(f"{A}rPr"):
                name = rpr.attrib.pop("link", None)
                if name is None:
                    continue
                rid = slide.part.relate_to(self.anchors[name].part, RT.SLIDE)
                link = etree.SubElement(rpr, f"{A}hlinkClick", action="ppaction://hlinksldjump")
                link.set(f"{{{R_NS}}}id", rid)

    def set_title(self, slide, layout, text: str, sizes: Sequence[float]) -> None:
        shape = slide.shapes.title
        rect = title_rect(self.prs, layout)
        if shape is None:
            shape = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
            shape.name = "Title"
        width, height = self._inner(rect)
        for size in sorted({s for s in sizes if s >= MIN_TITLE_PT}, reverse=True):
            para = Para((Run(text, size, True),), pitch=1.2)
            if self.metrics.height([para], width) <= height:
                self.write(shape.text_frame, [para], self.light, anchor=None, color=False)
                return
        raise self.too_long(text, f"the slide title “{text}” does not fit its slide even at {MIN_TITLE_PT} pt",
                            "shorten it (a slide title holds about two lines)")

    def too_long(self, text: str, message: str, hint: str = "shorten it") -> InputError:
        """An input error about a text that does not fit, naming the file and field the user wrote it in."""
        file, where = self.b.place_of(text)
        return InputError(Problem(file or "the outline", where or f"“{text[:40]}”", message, hint))

    def _inner(self, rect: Rect) -> tuple[float, float]:
        return (rect.w - 2 * INSET_X) / EMU_PER_PT, (rect.h - 2 * INSET_Y) / EMU_PER_PT

    def write(self, frame, paras: Sequence[Para], ink: Ink, *, anchor: str | None = "t", color: bool = True,
              width: float | None = None) -> None:
        """Write measured paragraphs into a text frame: exact line pitch, explicit insets, wrap on, no autofit,
        and (given the text width in points) an explicit line break wherever the measurement breaks a line."""
        tx = frame._txBody
        body = tx.find(f"{A}bodyPr")
        for key, val in (("lIns", INSET_X), ("rIns", INSET_X), ("tIns", INSET_Y), ("bIns", INSET_Y)):
            body.set(key, str(val))
        body.set("wrap", "square")
        if anchor:                                   # None: keep the layout's (titles)
            body.set("anchor", anchor)
        for child in list(body):
            if child.tag in (f"{A}spAutoFit", f"{A}normAutofit", f"{A}noAutofit"):
                body.remove(child)
        body.insert(0, etree.Element(f"{A}noAutofit"))
        for p in tx.findall(f"{A}p"):
            tx.remove(p)
        for index, para in enumerate(paras):
            p = etree.SubElement(tx, f"{A}p")
            ppr = etree.SubElement(p, f"{A}pPr", algn=para.align)
            if para.indent:
                ppr.set("marL", str(int(para.indent * EMU_PER_PT)))
                ppr.set("indent", str(-int(para.indent * EMU_PER_PT)))
            else:
                ppr.set("marL", "0")
                ppr.set("indent", "0")
            etree.SubElement(etree.SubElement(ppr, f"{A}lnSpc"), f"{A}spcPts", val=str(int(round(para.line_pt * 100))))
            before = 0.0 if index == 0 else para.before
            etree.SubElement(etree.SubElement(ppr, f"{A}spcBef"), f"{A}spcPts", val=str(int(round(before * 100))))
            etree.SubElement(etree.SubElement(ppr, f"{A}spcAft"), f"{A}spcPts", val=str(int(round(para.after * 100))))
            if para.bullet:
                if para.bullet_color:
                    clr = etree.SubElement(ppr, f"{A}buClr")
                    etree.SubElement(clr, f"{A}srgbClr", val=ink(para.bullet_color).lstrip("#").upper())
                etree.SubElement(ppr, f"{A}buFont", typeface=self.font)
                etree.SubElement(ppr, f"{A}buChar", char=para.bullet)
            else:
                etree.SubElement(ppr, f"{A}buNone")
            # our line breaks are the only ones: the renderer gets lines that fit with a margin (Metrics.safety) and never
            # wraps on its own (which could part a number from its unit or strand one character)
            cuts = self.metrics.breaks(para.runs, width - para.indent) if width is not None else []
            pos = 0
            for run in para.runs:
                if not run.text:
                    continue
                rpr = etree.Element(f"{A}rPr", sz=str(int(round(run.size * 100))), b="1" if run.bold else "0", dirty="0")
                hexcolor = ink(run.color) if color else None
                if hexcolor:
                    fill_el = etree.SubElement(rpr, f"{A}solidFill")
                    etree.SubElement(fill_el, f"{A}srgbClr", val=hexcolor.lstrip("#").upper())
                if run.link:
                    rpr.set("link", run.link)              # made a hyperlink by resolve_links
                lo, hi = pos, pos + len(run.text)
                here = [c - lo for c in cuts if lo < c < hi]
                for i, (a, b) in enumerate(zip([0] + here, here + [len(run.text)], strict=True)):
                    if i:
                        etree.SubElement(p, f"{A}br").append(copy.deepcopy(rpr))
                    r = etree.SubElement(p, f"{A}r")
                    r.append(copy.deepcopy(rpr))
                    etree.SubElement(r, f"{A}t").text = run.text[a:b]
                if hi in cuts and hi < len(para.text):      # a line ends with this run
                    etree.SubElement(p, f"{A}br").append(copy.deepcopy(rpr))
                pos = hi
            end = etree.SubElement(p, f"{A}endParaRPr", sz=str(int(round(para.size * 100))))
            end.set("dirty", "0")

    def textbox(self, slide, rect: Rect, paras: Sequence[Para], ink: Ink, *, anchor: str = "t", name: str = "Text"):
        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
        box.name = name
        self.write(box.text_frame, paras, ink, anchor=anchor, width=self._inner(rect)[0])
        return box

    def rect_shape(self, slide, rect: Rect, color: str, name: str):
        """A filled rectangle without outline or shadow, marked decorative.  The first is made through
        python-pptx's shape API; the next ones are copies of it with their own id, name, place and colour
        (the same XML, without python-pptx's property calls: 126 rectangles took 0.04 s of a warm build)."""
        shapes = slide.shapes
        if self._rect_model is None:
            shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, rect.x, rect.y, rect.w, rect.h)
            shape.name = name
            shape.fill.solid()
            from pptx.dml.color import RGBColor
            shape.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#").upper())
            shape.line.fill.background()
            shape.shadow.inherit = False
            mark_decorative(shape)                 # backgrounds and bars: screen readers skip them
            self._rect_model = copy.deepcopy(shape._element)
            return shape
        sp = copy.deepcopy(self._rect_model)
        c_nv_pr = sp.find(f"{P}nvSpPr/{P}cNvPr")
        c_nv_pr.set("id", str(shapes._next_shape_id))
        c_nv_pr.set("name", name)
        xfrm = sp.find(f"{P}spPr/{A}xfrm")
        for tag, values in (("off", {"x": rect.x, "y": rect.y}), ("ext", {"cx": rect.w, "cy": rect.h})):
            for key, value in values.items():
                xfrm.find(A + tag).set(key, str(value))
        sp.find(f"{P}spPr/{A}solidFill/{A}srgbClr").set("val", color.lstrip("#").upper())
        shapes._spTree.insert_element_before(sp, "p:extLst")
        return shapes._shape_factory(sp)

    def prose_runs(self, prose: Prose | str, size: float, role: str = "text", em: str = "em",
                   bold: bool = False) -> tuple[Run, ...]:
        if isinstance(prose, str):
            return (Run(prose, size, bold, role),)
        return tuple(Run(seg.text, size, bold or seg.figure is not None, em if seg.figure is not None else role,
                         keep=seg.figure is not None)
                     for seg in prose.segments if seg.text)

    def finish(self, slide, points: Iterable[str], figures: Iterable[Figure], charts: dict[str, str] | None = None) -> None:
        """Speaker notes (talking points + sources) and the figure → slide locations."""
        number = len(self.prs.slides)
        seen: list[Figure] = []
        for fig in figures:
            if fig.id not in [f.id for f in seen]:
                seen.append(fig)
        for fig in seen:
            where = f"slide {number}"
            if charts and fig.id in charts:
                where += f" (chart {charts[fig.id]})"
            places = self.where.setdefault(fig.id, [])
            if where not in places:
                places.append(where)
        lines = ["讲解要点："] + [f"· {_sentence(p)}" for p in points if p.strip()]
        if seen:
            lines.append("数据来源：")
            for fig in seen:
                if fig.derived:
                    lines.append(f"· {fig.label}{fig.text}，{fig.source_line}（公式：{fig.formula}；时期：{fig.period_line}）。")
                else:
                    update = f"（{fig.update_note}）" if fig.update_note else ""
                    lines.append(f"· {fig.label}{fig.text}，原文作“{inner_quotes(fig.quote)}”（时期：{fig.period_line}）{update}。")
        tree = slide.shapes._spTree                  # reading order: title, content, then footer and number
        for ph in [el for el in tree if el.tag == f"{P}sp" and _footer_kind(el)]:
            tree.append(ph)
        notes = slide.notes_slide
        notes.notes_text_frame.text = "\n".join(lines)
        chinese(notes._element, self.font)
