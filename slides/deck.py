"""The deck: renders a :class:`model.briefing.Briefing` into a 16:9 PowerPoint file.

Slides: title · agenda · overview (headline figures) · timeline · per stage:
section (with summary), measures, results as big-number cards, one native
chart per chart, quotes, challenges · postscript · sources.  Every slide but
the title carries the footer and its number; every slide has speaker notes
with talking points and the source of each figure it shows.

Text never overflows: each box is filled by measuring (slides.measure) and
what does not fit continues on a new slide titled “…（续）”.  A final pass
re-measures every text frame as written and refuses to save a deck that
would overflow.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from infra.rendered import Rendered
from model.briefing import Briefing, Chart, Figure, Prose, Result, Stage
from model.errors import InputError, Problem
from model.glyphs import embedding_note
from model.numbers import format_date
from model.quoting import article_words, inner_quotes

from .access import MIN_CONTRAST, mark_decorative, run_contrasts
from .charts import add_chart
from .cjk import chinese, theme_fonts
from .fonts import deck_characters, embed_fonts
from .measure import EMU_PER_PT, Metrics, Para, Run, fill, frame_overflow
from .ooxml import R_NS, A, P
from .package import fix_slide_size, hide, set_thumbnail, thumbnail, write_app_properties, write_sections
from .reproducible import fixed_zip
from .selection import Pick, pick
from .template import Rect, add_footer, open_template, region_rect, strip_placeholders, title_rect

MIN_BODY_PT = 18
MIN_TITLE_PT = 28
INSET_X, INSET_Y = 91440, 45720          # text frame insets written explicitly (EMU)
GAP = Inches(0.3)
CONT = "（续）"


MAIN_FLOW_MAX = 25          # visible slides for a 20-minute talk
APPENDIX = "appendix"


def _footer_kind(sp) -> bool:
    ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
    return ph is not None and ph.get("type") in ("ftr", "sldNum", "dt")


def _sentence(text: str) -> str:
    """A talking point ends with 。 — also after a closing ”, unless the quotation ends its own sentence."""
    text = text.strip()
    if not text or text[-1] in "。！？…" or (text[-1] == "”" and text[-2:-1] in ("。", "！", "？")):
        return text
    return text + "。"


def _period(fig: Figure) -> str:
    return fig.period or "原文未注明"


def _statement(fig: Figure) -> str:
    """A figure as a presenter says it: when, what, how much (至2015年，减少扶贫开发对象38.35万人)."""
    return (f"{fig.period}，" if fig.period else "") + f"{fig.label}{fig.text}"


class Ink:
    """Colour roles on light or dark backgrounds."""

    def __init__(self, palette, dark: bool):
        p = palette
        self.roles = ({"text": p["tint"], "em": p.get("highlight", p["tint"]), "muted": p["tint"], "head": p["paper"],
                       "accent": p.get("highlight", p["tint"])}
                      if dark else
                      {"text": p["text"], "em": p["primary"], "muted": p["muted"], "head": p["secondary"], "accent": p["accent"]})

    def __call__(self, role: str | None) -> str | None:
        return None if role is None else self.roles.get(role, role)


class Deck:
    def __init__(self, briefing: Briefing, template: Path | None):
        self.b = briefing
        self.theme = briefing.theme
        self.font = self.theme.deck_font
        self.prs, self.layouts = open_template(template)
        self.metrics = Metrics.for_theme(self.theme)
        s = self.theme.sizes
        self.body = max(MIN_BODY_PT, s["deck_body_pt"])
        self.title_pt = max(MIN_TITLE_PT, s["deck_title_pt"])
        self.figure_pt = max(self.body * 1.5, s["deck_figure_pt"])
        self.light = Ink(self.theme.palette, dark=False)
        self.dark = Ink(self.theme.palette, dark=True)
        doc = briefing.document
        self.footer = f"{doc.title} · {doc.source} {format_date(doc.published)}"
        self.where: dict[str, list[str]] = {}
        self.hidden = 0
        self.hiding = False                                  # slides added now are backup (hidden) slides
        self.sections: list[tuple[str, list[int]]] = []      # PowerPoint sections: name, slide ids
        self.anchors: dict[str, object] = {}                 # link target name → its first slide
        self._anchor: str | None = None
        self.notes: list[str] = []                           # warnings for the console

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
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, rect.x, rect.y, rect.w, rect.h)
        shape.name = name
        shape.fill.solid()
        from pptx.dml.color import RGBColor
        shape.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#").upper())
        shape.line.fill.background()
        shape.shadow.inherit = False
        mark_decorative(shape)                 # backgrounds and bars: screen readers skip them
        return shape

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
                    lines.append(f"· {fig.label}{fig.text}，{fig.source}（公式：{fig.formula}；时期：{_period(fig)}）。")
                else:
                    update = f"（{fig.update_note}）" if fig.update_note else ""
                    lines.append(f"· {fig.label}{fig.text}，原文作“{inner_quotes(fig.quote)}”（时期：{_period(fig)}）{update}。")
        tree = slide.shapes._spTree                  # reading order: title, content, then footer and number
        for ph in [el for el in tree if el.tag == f"{P}sp" and _footer_kind(el)]:
            tree.append(ph)
        notes = slide.notes_slide
        notes.notes_text_frame.text = "\n".join(lines)
        chinese(notes._element, self.font)

    # ================================================================ flowing text over slides

    def flow(self, title: str, paras: list[Para], *, layout: str = "Title and Content", next_layout: str | None = None,
             columns: int = 1, ink: Ink | None = None, next_ink: Ink | None = None, lead: Sequence[str] = (),
             title_sizes: Sequence[float] = (), anchor: str = "t",
             bar: str | None = None, spread: bool = False) -> int:
        """Fill the layout's content area (in columns) and continue on “（续）” slides. Returns the slide count.

        Groups and paragraphs are kept whole in a box when they fit one; when that leaves the last slide
        thin (under half full), the text is laid out again splitting them where a box is full (and, with
        ``spread``, in two columns), and that layout is taken if it needs fewer slides.  A last slide still
        thin is avoided by filling every box to the same lower height, so the slides share the text evenly."""
        plans = [(columns, self._plan(paras, layout, next_layout, columns, loose=False))]
        if len(plans[0][1]) > 1 and self._thin(plans[0][1][-1], next_layout or layout, columns):
            for cols in (columns, 2) if spread and columns == 1 else (columns,):
                for tidy in (True, False):
                    plans.append((cols, self._plan(paras, layout, next_layout, cols, loose=True, tidy=tidy)))
        columns, pages = min(plans, key=lambda plan: len(plan[1]))       # the first of the shortest
        if len(pages) > 1 and self._thin(pages[-1], next_layout or layout, columns):
            balanced = self._balanced(paras, layout, next_layout, columns, pages)
            if not self._thin(balanced[-1], next_layout or layout, columns):
                pages = balanced
        for page, boxes in enumerate(pages):
            lay = layout if page == 0 else (next_layout or layout)
            pink = (ink or self.light) if page == 0 else (next_ink or ink or self.light)
            region = self.region(lay)
            col_w = (region.w - (columns - 1) * GAP) // columns
            slide = self.new_slide(lay, title if page == 0 else title + CONT, title_sizes=title_sizes)
            shown: list[Para] = []
            for col, taken in enumerate(boxes):
                rect = Rect(region.x + col * (col_w + GAP), region.y, col_w, region.h)
                width, _ = self._inner(rect)
                self.textbox(slide, rect, taken, pink, anchor=anchor, name=f"Text {col + 1}")
                if bar:                               # a rule beside the text, as tall as the text
                    used = int((self.metrics.height(taken, width) + 2 * INSET_Y / EMU_PER_PT) * EMU_PER_PT)
                    top = rect.y + (rect.h - used) // 2 if anchor == "ctr" else rect.y
                    self.rect_shape(slide, Rect(rect.x - int(Inches(0.35)), top, int(Inches(0.08)), used),
                                    pink(bar), "Quote Bar")
                shown.extend(taken)
            points = list(lead) if page == 0 else []
            points += [p.note for p in shown if p.note]
            self.finish(slide, points, [f for p in shown for f in p.figures])
        return len(pages)

    def _box(self, layout: str, columns: int) -> tuple[float, float]:
        """Inner width and height (pt) of one column box of a layout's content area."""
        region = self.region(layout)
        col_w = (region.w - (columns - 1) * GAP) // columns
        return self._inner(Rect(region.x, region.y, col_w, region.h))

    def _balanced(self, paras: list[Para], layout: str, next_layout: str | None, columns: int,
                  pages: list[list[list[Para]]]) -> list[list[list[Para]]]:
        """The same number of slides with every box filled (groups split between items) only to the
        lowest common height that still needs no more slides (bisection)."""
        lo, hi, best = 0.5, 1.0, pages
        for _ in range(8):
            mid = (lo + hi) / 2
            try:
                plan = self._plan(paras, layout, next_layout, columns, loose=True, scale=mid)
            except OverflowError:                      # a paragraph that cannot start in so low a box
                lo = mid
                continue
            if len(plan) <= len(pages):
                hi, best = mid, plan
            else:
                lo = mid
        return best

    def _plan(self, paras: list[Para], layout: str, next_layout: str | None, columns: int, *,
              loose: bool, tidy: bool = True, scale: float = 1.0) -> list[list[list[Para]]]:
        """Slides → column boxes → paragraphs, filled in order (to ``scale`` × each box's height)."""
        rest = list(paras)
        pages: list[list[list[Para]]] = []
        while rest or not pages:
            width, height = self._box(layout if not pages else (next_layout or layout), columns)
            height *= scale
            boxes = []
            for _ in range(columns):
                if not rest:
                    break
                taken, rest = fill(self.metrics, rest, width, height, loose=loose, tidy=tidy)
                boxes.append(taken)
            pages.append(boxes)
        return pages

    def _thin(self, boxes: list[list[Para]], layout: str, columns: int) -> bool:
        width, height = self._box(layout, columns)
        return sum(self.metrics.height(taken, width) for taken in boxes) < 0.5 * columns * height

    # ================================================================ slides

    def title_slide(self) -> None:
        doc = self.b.document
        slide = self.new_slide("Title", doc.title, footer=False, title_sizes=(44, 40, 36, 32, 28))
        body = self.body
        paras = [Para((Run(f"根据{doc.source}《{doc.subtitle}》整理", body + 4, True, "head"),), pitch=1.3, after=10),
                 Para((Run(f"{doc.source} · {format_date(doc.published)}", body, False, "text"),), pitch=1.35),
                 Para((Run(f"{doc.author}（{doc.unit}）", body, False, "text"),), pitch=1.35),
                 Para((Run(f"数据版次 {format_date(doc.edition)}", MIN_BODY_PT, False, "em"),), pitch=1.35, before=10)]
        rect = self.region("Title")
        self._fit_or_fail(paras, rect, "the title slide's subtitle block")
        self.textbox(slide, rect, paras, self.dark, name="Subtitle")
        self.finish(slide, [
            f"本简报依据{doc.source}{format_date(doc.published)}刊发的《{doc.subtitle}》整理，原文作者为{doc.unit}{doc.author}",
            f"简报分{len(self.b.stages)}个部分梳理举措、成效与差距，所有数字均取自数据文件（版次{format_date(doc.edition)}）：原文数据逐项摘自原文，推算数据均注明算法",
        ], [])

    def _fit_or_fail(self, paras, rect: Rect, what: str) -> None:
        width, height = self._inner(rect)
        if self.metrics.height(paras, width) > height:
            raise self.too_long("".join(p.text for p in paras), f"{what} is too long for its slide")

    def agenda(self, *, appendix: bool = False) -> None:
        """The stages, postscript and sources; with ``appendix``, each entry jumps to its slide and a last
        entry to the hidden appendix (backup slides the presenter can open during questions)."""
        paras = []
        big = self.body + 6
        jump = (lambda name: name) if appendix else (lambda name: None)
        # the whole entry is the link: LibreOffice gives a link that starts a paragraph the next run's style
        for stage in self.b.stages:
            link = jump(stage.id)
            runs = (Run(f"{stage.numeral}、", big, True, "em", link=link), Run(stage.title, big, True, "head", link=link),
                    Run(f"　{stage.period}", self.body, False, "muted", link=link))
            paras.append(Para(tuple(r for r in runs if r.text.strip()), pitch=1.3, after=16,
                              note=f"第{stage.numeral}部分“{stage.title}”" + (f"，{stage.period}" if stage.period else "")))
        if self.b.postscript:
            link = jump("postscript")
            paras.append(Para((Run(self.b.postscript.title, big, True, "head", link=link),
                               Run(f"　{self.b.postscript.date}", self.body, False, "muted", link=link)), pitch=1.3,
                              after=16, note=f"{self.b.postscript.title}介绍{self.b.postscript.date}的会议与部署"))
        paras.append(Para((Run("资料来源与说明", big, True, "head", link=jump("sources")),), pitch=1.3, after=16,
                          note="最后列出资料来源与推算方法"))
        if appendix:
            paras.append(Para((Run("附录", big, True, "head", link=APPENDIX),
                               Run("　备用资料，放映时隐藏", self.body, False, "muted", link=APPENDIX)), pitch=1.3,
                              note="全部举措、其余成效与图表、重要论述和存在的差距放在隐藏的附录中，答问时可点击“附录”进入"))
        self.flow("目录", paras, lead=["本次简报按以下顺序展开"])

    def key_measures(self, stage: Stage, chosen: Pick) -> None:
        """The stage's measures at a glance: every group's title, and the items of groups marked key."""
        if not stage.measures:
            return
        paras: list[Para] = []
        for group in stage.measures:
            note = f"{group.title}方面：" + "；".join(str(i) for i in group.items)
            if group in chosen.key_groups:
                head = Para((Run(group.title, self.body, True, "em"),), pitch=1.3, before=10, after=4,
                            keep_with_next=True, block=len(group.items), note=note)
                paras.append(head)
                paras += [Para(self.prose_runs(item, self.body), pitch=1.3, after=3, bullet="•", bullet_color="accent",
                               indent=self.body * 1.1, repeat=head, figures=item.figures) for item in group.items]
            else:
                paras.append(Para((Run(group.title, self.body, True, "head"),), pitch=1.3, after=8, bullet="■",
                                  bullet_color="accent", indent=self.body * 1.3, note=note))
        self.flow(f"{stage.heading}：主要举措", paras, columns=2,
                  lead=[f"本阶段的主要举措分为{len(stage.measures)}组，逐项内容见附录"])

    def closing(self) -> None:
        doc = self.b.document
        paras = [Para((Run(doc.title, self.body + 4, True, "head"),), pitch=1.3, after=10),
                 Para((Run(f"{doc.source}《{doc.subtitle}》 · {format_date(doc.published)}", self.body, False, "text"),),
                      pitch=1.4,
                      after=18),
                 Para((Run("全部举措、其余成效与图表见附录（放映时隐藏，可从目录页进入）", MIN_BODY_PT, False, "em"),),
                      pitch=1.4)]
        self.flow("谢谢", paras, layout="Closing", ink=self.dark, title_sizes=(44, 40),
                  lead=["感谢聆听", "答问时如需细节，可从目录页点击“附录”进入隐藏的备用资料"])

    def appendix_index(self, parts: Sequence[tuple[Stage, Sequence[str]]]) -> None:
        """The appendix's first slide: per stage what it holds, each entry a jump to its first slide.
        Entries are short enough for one line: LibreOffice ignores a line break inside a link."""
        paras = []
        for stage, whats in parts:
            head = Para((Run(stage.heading, self.body, True, "em"),), pitch=1.3, before=10, after=4,
                        keep_with_next=True, block=len(whats))
            paras.append(head)
            paras += [Para((Run(what, self.body, True, "head", link=f"{stage.id}/{what}"),), pitch=1.3, after=4,
                           bullet="■", bullet_color="accent", indent=self.body * 1.3, repeat=head) for what in whats]
        self.anchor(APPENDIX)
        self.flow("附录：备用资料", paras, columns=2, lead=["以下为备用资料，放映时隐藏，答问时可点击条目跳转"])

    def overview(self) -> None:
        headline = self.b.document.headline
        if headline:
            self.cards("概述", [Result(f, None) for f in headline], lead=[str(self.b.overview)])
        else:
            self.flow("概述", [Para(self.prose_runs(self.b.overview, self.body), pitch=1.5,
                                       note=str(self.b.overview), figures=self.b.overview.figures)])

    def timeline(self) -> None:
        if not self.b.timeline:
            return
        paras = [Para((Run(entry.when, self.body, True, "em"), Run("　", self.body)) + self.prose_runs(entry.text, self.body),
                      pitch=1.35, after=12, bullet="■", bullet_color="accent", indent=self.body * 1.4,
                      note=f"{entry.when}，{entry.text}", figures=entry.text.figures)
                 for entry in self.b.timeline]
        self.flow("时间线", paras, lead=["先用时间线回顾这一时期的关键节点"])

    def section(self, stage: Stage) -> None:
        # the period heads the summary: a summary too long for the section slide starts there and continues
        paras = ([Para((Run(stage.period, self.body + 4, True, "em"),), pitch=1.3, after=12, keep_with_next=True)]
                 if stage.period else [])
        paras += [Para(self.prose_runs(stage.summary, self.body), pitch=1.5, note=str(stage.summary),
                       figures=stage.summary.figures)]
        self.flow(stage.heading, paras, layout="Section", next_layout="Title and Content", ink=self.dark,
                  next_ink=self.light, lead=[f"下面进入第{stage.numeral}部分“{stage.title}”"
                                                  + (f"，时间范围为{stage.period}" if stage.period else "")],
                  title_sizes=(40, 36, 32, 28))

    def measures(self, stage: Stage) -> None:
        if not stage.measures:
            return
        paras: list[Para] = []
        for group in stage.measures:
            head = Para((Run(group.title, self.body, True, "em"),), pitch=1.3, before=10, after=4, keep_with_next=True,
                        block=len(group.items),
                        note=f"{group.title}方面：" + "；".join(str(i) for i in group.items))
            paras.append(head)
            for item in group.items:
                paras.append(Para(self.prose_runs(item, self.body), pitch=1.3, after=3, bullet="•", bullet_color="accent",
                                  indent=self.body * 1.1, repeat=head, figures=item.figures))
        self.flow(f"{stage.heading}：主要举措", paras, columns=2,
                  lead=[f"本阶段的主要举措分为{len(stage.measures)}组"])

    # ---------------------------------------------------------------- big numbers

    def card_paras(self, result: Result) -> list[Para]:
        fig = result.figure
        before, middle, after = fig.text_parts
        unit_pt = max(MIN_BODY_PT, round(self.figure_pt * 0.5))
        number = tuple(r for r in (Run(before, unit_pt, True, "em"), Run(middle, self.figure_pt, True, "em"),
                                   Run(after, unit_pt, True, "em")) if r.text)
        label = fig.label + ("（推算）" if fig.derived and "推算" not in fig.label else "")
        note = _statement(fig) + (f"，{result.note}" if result.note else "")
        label_para = Para((Run(label, self.body, True, "head"),), pitch=1.3, after=4, keep_with_next=True)
        paras = [Para(number, pitch=1.12, after=2, keep_with_next=True, note=note, figures=(fig,)), label_para]
        if result.note:
            paras.append(Para(self.prose_runs(result.note, MIN_BODY_PT, "muted"), pitch=1.35, repeat=label_para,
                              figures=result.note.figures))
        return paras

    def grid(self, region: Rect, k: int, cards: Sequence[list[Para]] = ()) -> list[Rect]:
        """Cells for k cards: 2×2 for four, else one row of 2×2-sized cells centred in the area,
        taller (up to the whole area) when a card needs it."""
        if k == 4:
            w, h = (region.w - GAP) // 2, (region.h - GAP) // 2
            return [Rect(region.x + c * (w + GAP), region.y + r * (h + GAP), w, h) for r in range(2) for c in range(2)]
        w = (region.w - (k - 1) * GAP) // k
        if k == 1:
            return [region]
        h = (region.h - GAP) // 2
        for paras in cards:
            probe = self.card_text_rect(Rect(0, 0, w, region.h))
            width, _ = self._inner(probe)
            need = self.metrics.height(paras, width) * EMU_PER_PT + 2 * INSET_Y + (region.h - probe.h)
            h = max(h, min(region.h, int(need) + 1))
        y = region.y + (region.h - h) // 2
        return [Rect(region.x + c * (w + GAP), y, w, h) for c in range(k)]

    @staticmethod
    def card_text_rect(cell: Rect) -> Rect:
        bar = int(Inches(0.08))
        return Rect(cell.x + bar + int(Inches(0.12)), cell.y + int(Inches(0.12)),
                    cell.w - bar - int(Inches(0.24)), cell.h - int(Inches(0.24)))

    def card_fits(self, paras: list[Para], cell: Rect) -> bool:
        width, height = self._inner(self.card_text_rect(cell))
        return (len(self.metrics.lines(paras[0].runs, width)) == 1
                and self.metrics.height(paras, width) <= height)

    def cards(self, title: str, results: Sequence[Result], lead: Sequence[str] = ()) -> None:
        region = self.region("Big Numbers")
        queue = [self.card_paras(r) for r in results]
        page = 0
        while queue:
            pages_left = math.ceil(len(queue) / 4)
            target = math.ceil(len(queue) / pages_left)
            chosen: list[list[Para]] = []
            k = target
            while k >= 1:
                cells = self.grid(region, k, queue[:k])
                if all(self.card_fits(p, c) for p, c in zip(queue[:k], cells, strict=True)):
                    chosen = queue[:k]
                    break
                k -= 1
            if not chosen:                       # one card too long even alone: split its note
                k = 1
                width, height = self._inner(self.card_text_rect(self.grid(region, 1)[0]))
                head, tail = fill(self.metrics, queue[0], width, height)
                chosen = [head]
                remaining = [tail] + queue[1:] if tail else queue[1:]
            else:
                remaining = queue[k:]
            slide = self.new_slide("Big Numbers", title if page == 0 else title + CONT)
            for index, (paras, cell) in enumerate(zip(chosen, self.grid(region, k, chosen), strict=True)):
                self.rect_shape(slide, cell, self.theme.palette["tint"], f"Card {index + 1}")
                self.rect_shape(slide, Rect(cell.x, cell.y, int(Inches(0.08)), cell.h), self.theme.palette["primary"],
                                f"Card {index + 1} Bar")
                # top-aligned: every card in a row has its number at the same height, note line or not
                self.textbox(slide, self.card_text_rect(cell), paras, self.light, anchor="t", name=f"Card {index + 1} Text")
            points = list(lead) if page == 0 else []
            points += [p.note for paras in chosen for p in paras if p.note]
            self.finish(slide, points, [f for paras in chosen for p in paras for f in p.figures])
            queue = remaining
            page += 1

    # ---------------------------------------------------------------- charts, quotes, challenges

    def chart(self, chart: Chart) -> None:
        region = self.region("Chart")
        caption = []
        if chart.note:
            caption.append(Para((Run(chart.note, MIN_BODY_PT, False, "muted"),), pitch=1.3))
        caption.append(Para((Run(chart.source_note, MIN_BODY_PT, False, "muted"),), pitch=1.3))
        width, _ = self._inner(region)
        cap_h = int((self.metrics.height(caption, width) + 2 * INSET_Y / EMU_PER_PT + 1) * EMU_PER_PT)
        chart_h = region.h - cap_h - int(Inches(0.1))
        if chart_h < Inches(2.5):
            raise self.too_long(chart.note or chart.source_note, f"the chart “{chart.title}”: its note leaves no room for the chart")
        slide = self.new_slide("Chart", chart.title)
        add_chart(slide, chart, Rect(region.x, region.y, region.w, chart_h), self.theme)
        self.textbox(slide, Rect(region.x, region.y + region.h - cap_h, region.w, cap_h), caption, self.light,
                     anchor="b", name="Chart Source")
        points = [f"图表“{inner_quotes(chart.title)}”：{chart.alt_text.removeprefix(chart.title + '。')}"]
        if chart.note:
            points.append(chart.note)
        if chart.has_derived:
            points.append("图中标“推算”的数据由原文数据计算得出，算法见下方数据来源")
        if any(f is None for s in chart.series for f in s.figures):
            points.append("图中空缺表示原文没有报告该项数据")
        self.finish(slide, points, chart.figures, {f.id: chart.id for f in chart.figures})

    def quotes(self, stage: Stage) -> None:
        if not stage.quotes:
            return
        paras = []
        for quote in stage.quotes:
            paras.append(Para((Run("“", 28, True, "em"),) + self.prose_runs(quote.text, 28, "head") + (Run("”", 28, True, "em"),),
                              pitch=1.45, keep_with_next=True, note=f"{quote.by}指出：“{inner_quotes(str(quote.text))}”",
                              figures=quote.text.figures))
            paras.append(Para((Run(f"—— {quote.by}", self.body, True, "em"),), pitch=1.4, before=8, after=26, align="r"))
        self.flow(f"{stage.heading}：重要论述", paras, layout="Quote", anchor="ctr", bar="em",
                  lead=[f"第{stage.numeral}部分引用的重要论述如下"])

    def challenges(self, stage: Stage) -> None:
        if not stage.challenges:
            return
        paras = [Para(self.prose_runs(c, self.body), pitch=1.45, after=14, bullet="■", bullet_color="em",
                      indent=self.body * 1.3, note=str(c), figures=c.figures) for c in stage.challenges]
        self.flow(f"{stage.heading}：存在的差距", paras,
                  lead=[f"原文指出这一阶段存在{len(stage.challenges)}个方面的差距"])

    def postscript(self) -> None:
        ps = self.b.postscript
        if ps is None:
            return
        paras = [Para((Run(ps.date, self.body + 4, True, "em"),), pitch=1.3, after=10),
                 Para(self.prose_runs(ps.summary, self.body), pitch=1.5, after=12, note=str(ps.summary),
                      figures=ps.summary.figures)]
        paras += [Para(self.prose_runs(p, self.body), pitch=1.4, after=6, bullet="■", bullet_color="em",
                       indent=self.body * 1.3, note=str(p), figures=p.figures) for p in ps.points]
        self.flow(ps.title, paras, layout="Closing", ink=self.dark, title_sizes=(40, 36, 32, 28),
                  lead=[f"{ps.title}：{ps.date}"])

    def sources(self) -> None:
        doc = self.b.document
        b = self.body
        paras = [
            Para((Run("原文", b, True, "em"),), pitch=1.3, after=4, keep_with_next=True),
            Para((Run(f"{doc.source}《{doc.subtitle}》，{format_date(doc.published)}", b),), pitch=1.4, after=2,
                 note=f"原文为{doc.source}{format_date(doc.published)}刊发的《{doc.subtitle}》"),
            Para((Run(f"作者：{doc.author}（{doc.unit}）", b),), pitch=1.4, after=2,
                 note=f"作者为{doc.unit}{doc.author}"),
            Para((Run(f"数据版次：{format_date(doc.edition)}", b),),
                 pitch=1.4, after=2,
                 note=f"数据版次为{format_date(doc.edition)}；图表数据嵌入在各图表中，可在 PowerPoint 中“编辑数据”查看"),
        ]
        derived = self.b.derived_figures
        if derived:
            head = Para((Run("推算数据（由原文数据计算）", b, True, "em"),), pitch=1.3, before=14, after=4, keep_with_next=True)
            paras.append(head)
            for fig in derived:
                paras.append(Para((Run(f"{fig.label}：", b, True, "head"), Run(fig.text, b, True, "em", keep=True),
                                   Run(f"＝{fig.derivation}", b)),
                                  pitch=1.4, after=4, bullet="•", bullet_color="accent", indent=b * 1.1, repeat=head,
                                  note=f"{fig.label}按“{inner_quotes(fig.derivation)}”计算，得{fig.text}",
                                  figures=(fig,)))
        lead = ["本页列出资料来源与推算方法；每项数据的原文出处与时期依据见PDF简报的附表"]
        if self.b.corrections:      # the slides print the 〔…〕 marks; the presenter can say what they mean
            lead.append(f"简报对原文作了{len(self.b.corrections)}处校订，正文中以〔　〕标出")
            lead += [f"原文“{inner_quotes(article_words(c.original))}”，简报作“{c.corrected}”：{c.reason}"
                     for c in self.b.corrections]
        self.flow("资料来源与说明", paras, lead=lead, spread=True)

    # ================================================================ whole deck

    def build(self, mode: str = "summary") -> None:
        """``summary``: a main flow of at most ~25 slides and everything else in a hidden appendix;
        ``full``: every slide visible, in outline order."""
        if mode == "full":
            self.build_full()
            return
        picks = {stage.id: pick(stage, self.b.document.headline) for stage in self.b.stages}
        self.section_start("开篇")
        self.title_slide()
        self.agenda(appendix=True)
        self.overview()
        self.timeline()
        for stage in self.b.stages:
            chosen = picks[stage.id]
            self.section_start(stage.heading)
            self.anchor(stage.id)
            self.section(stage)
            self.key_measures(stage, chosen)
            if chosen.results:
                more = f"，其余{len(chosen.other_results)}项见附录" if chosen.other_results else ""
                self.cards(f"{stage.heading}：主要成效", chosen.results,
                           lead=[f"第{stage.numeral}部分的主要成效共{len(stage.results)}项，这里是其中{len(chosen.results)}项{more}"])
            for chart in chosen.charts:
                self.chart(chart)
        self.section_start("结语")
        if self.b.postscript:
            self.anchor("postscript")
            self.postscript()
        self.anchor("sources")
        self.sources()
        self.closing()
        visible = len(self.prs.slides)
        if visible > MAIN_FLOW_MAX:
            self.notes.append(f"warning: the deck's main flow has {visible} slides (a 20-minute talk holds about "
                              f"{MAIN_FLOW_MAX}); mark fewer results or charts `key: true` in the outline")
        self.section_start("附录")
        self.hiding = True
        parts = []
        for stage in self.b.stages:
            chosen = picks[stage.id]
            whats = [what for what, present in (("主要举措（全部）", stage.measures), ("其余成效", chosen.other_results),
                                                ("其余图表", chosen.other_charts), ("重要论述", stage.quotes),
                                                ("存在的差距", stage.challenges)) if present]
            if whats:
                parts.append((stage, whats))
        self.appendix_index(parts)
        for stage in self.b.stages:
            chosen = picks[stage.id]
            self.anchor(f"{stage.id}/主要举措（全部）")
            self.measures(stage)
            if chosen.other_results:
                self.anchor(f"{stage.id}/其余成效")
                self.cards(f"{stage.heading}：其余成效", chosen.other_results,
                           lead=[f"第{stage.numeral}部分未在正文展示的{len(chosen.other_results)}项成效"])
            for index, chart in enumerate(chosen.other_charts):
                if index == 0:
                    self.anchor(f"{stage.id}/其余图表")
                self.chart(chart)
            self.anchor(f"{stage.id}/重要论述")
            self.quotes(stage)
            self.anchor(f"{stage.id}/存在的差距")
            self.challenges(stage)
        self.resolve_links()

    def build_full(self) -> None:
        self.section_start("开篇")
        self.title_slide()
        self.agenda()
        self.overview()
        self.timeline()
        for stage in self.b.stages:
            self.section_start(stage.heading)
            self.section(stage)
            self.measures(stage)
            if stage.results:
                self.cards(f"{stage.heading}：主要成效", stage.results,
                           lead=[f"第{stage.numeral}部分的主要成效共{len(stage.results)}项"])
            for chart in stage.charts:
                self.chart(chart)
            self.quotes(stage)
            self.challenges(stage)
        self.section_start("结语")
        self.postscript()
        self.sources()

    def check(self) -> None:
        """Refuse to save a deck whose text would overflow or be too small."""
        for number, slide in enumerate(self.prs.slides, 1):
            for shape in slide.shapes:
                if not shape.has_text_frame:
                    continue
                tx = shape.text_frame._txBody
                needed, available = frame_overflow(self.metrics, tx, shape.width, shape.height, self.body)
                if needed > available + 0.5:
                    raise self.too_long(shape.text_frame.text, f"slide {number}, {shape.name}: the text needs {needed:.0f} pt, "
                                        f"its box holds {available:.0f} pt")
            chinese(slide._element, self.font)
        low: dict[tuple[str, str], list] = {}
        for c in run_contrasts(self.prs, self.theme.palette["text"]):
            if c.ratio < MIN_CONTRAST:
                low.setdefault((c.color.upper(), c.fill.upper()), []).append(c)
        if low:
            from model.errors import InputError, Problem
            raise InputError([Problem("theme", "palette", f"text {color} on {fill} has contrast {cs[0].ratio:.2f}:1, "
                                      f"below {MIN_CONTRAST}:1 (slides {', '.join(sorted({str(c.slide) for c in cs}, key=int))})",
                                      "choose theme palette colours (or template layout colours) with more contrast; "
                                      "`highlight` is the emphasis on dark slides") for (color, fill), cs in low.items()])

    def parts(self) -> list:
        """Every XML tree whose text the deck can show: slides, notes, charts, layouts, master."""
        trees = [self.prs.slide_master._element] + [layout._element for layout in self.prs.slide_layouts]
        for slide in self.prs.slides:
            trees.append(slide._element)
            if slide.has_notes_slide:
                trees.append(slide.notes_slide._element)
            trees += [shape.chart._chartSpace for shape in slide.shapes if shape.has_chart]
        return trees

    def embed(self, cache_dir: Path | None = None) -> list[str]:
        """Embed the measuring font (subset to what the deck shows) when the theme asks for it; warnings."""
        if not self.theme.deck_embedded:
            return []
        faces = {"regular": self.theme.font_regular, "bold": self.theme.font_bold}
        embed_fonts(self.prs, self.font, faces, deck_characters(self.parts()),
                    cache_dir / "deck-fonts" if cache_dir is not None else None)
        return [note for note in map(embedding_note, faces.values()) if note]

    def save(self) -> bytes:
        doc = self.b.document
        props = self.prs.core_properties
        stamp = doc.timestamp.replace(tzinfo=None)      # the edition date, or SOURCE_DATE_EPOCH
        props.title = doc.title
        props.subject = doc.subtitle
        props.author = doc.author
        props.keywords = "；".join(doc.keywords)
        props.comments = f"{doc.source}《{doc.subtitle}》（{format_date(doc.published)}），{doc.unit}"
        props.category = "简报"
        props.language = doc.language
        props.last_modified_by = "briefing generator"
        props.revision = 1
        props.created = props.modified = props.last_printed = stamp
        fix_slide_size(self.prs)
        theme_part = self.prs.slide_master.part.part_related_by(RT.THEME)
        theme_root = etree.fromstring(theme_part.blob)
        theme_fonts(theme_root, self.font)
        theme_part._blob = etree.tostring(theme_root, xml_declaration=True, encoding="UTF-8", standalone=True)
        titles = [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in self.prs.slides]
        write_app_properties(self.prs, titles=titles, fonts=[self.font], hidden=self.hidden)
        write_sections(self.prs, self.sections)
        pal = self.theme.palette
        set_thumbnail(self.prs, thumbnail(self.theme, doc.title, f"根据{doc.source}《{doc.subtitle}》整理",
                                          title_color=pal["paper"], subtitle_color=pal["tint"],
                                          band=pal["accent"], background=pal["primary"]))
        buf = io.BytesIO()
        self.prs.save(buf)
        day = max(stamp, dt.datetime(1980, 1, 1))          # zip dates start in 1980
        return fixed_zip(buf.getvalue(), (day.year, day.month, day.day))


def laid_out(briefing: Briefing, template: Path | None, mode: str | None = None) -> Deck:
    """The deck built and its fit checked, not yet saved: what ``--check`` runs so that it finds
    every text that does not fit (an input error naming the file and the field) without writing."""
    deck = Deck(briefing, template)
    try:
        deck.build(mode or briefing.document.deck)
    except OverflowError as exc:             # measure.fill: a paragraph that cannot start in any box
        raise deck.too_long(str(exc).partition(": ")[2] or str(exc), f"the deck cannot lay this text out ({exc})") from None
    deck.check()
    return deck


def build_deck(briefing: Briefing, *, template: Path | None = None, mode: str | None = None,
               cache_dir: Path | None = None) -> Rendered:
    """Render the model to .pptx bytes, with where each figure appears (“slide 9”, “slide 12 (chart x)”).
    ``mode``: "summary" or "full" (default: the outline's ``document.deck``); ``cache_dir``: the build cache,
    where the embedded font subsets are kept between builds."""
    deck = laid_out(briefing, template, mode)
    notes = deck.notes + deck.embed(cache_dir)
    return Rendered(deck.save(), {fid: tuple(places) for fid, places in deck.where.items()}, tuple(notes))
