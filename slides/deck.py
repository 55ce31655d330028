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

import datetime as dt
import io
from pathlib import Path

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from infra.rendered import Rendered
from model.briefing import Briefing
from model.glyphs import embedding_note

from .access import MIN_CONTRAST, run_contrasts
from .cjk import chinese, theme_fonts
from .fonts import deck_characters, embed_fonts
from .frame_reading import frame_overflow
from .package import fix_slide_size, set_thumbnail, thumbnail, write_app_properties, write_sections
from .reproducible import fixed_zip
from .selection import pick
from .slide_types import SlideTypes

MAIN_FLOW_MAX = 25          # visible slides for a 20-minute talk


class Deck(SlideTypes):
    """The whole deck: which slides, in which order (summary or full); the fit check; the saved file."""

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
        for c in run_contrasts(self.prs, self.theme.palette.text):
            if c.ratio < MIN_CONTRAST:
                low.setdefault((c.color.upper(), c.fill.upper()), []).append(c)
        if low:
            from model.errors import InputError
            raise InputError([self.low_contrast(color, fill, cs) for (color, fill), cs in low.items()])

    def low_contrast(self, color: str, fill: str, runs: list):
        """The message for one pair of colours: the lines of the theme that set them, else the template's layouts."""
        from model.errors import Problem, display_path
        message = (f"text {color} on {fill} has contrast {runs[0].ratio:.2f}:1, below {MIN_CONTRAST}:1 "
                   f"(slides {', '.join(sorted({str(c.slide) for c in runs}, key=int))})")
        places = self.theme.places_of(color) + self.theme.places_of(fill)
        if places:
            return Problem(self.theme.file, "; ".join(places), message,
                           "choose palette colours with more contrast (4.5:1 for text); "
                           "`highlight` is the emphasis on dark slides")
        template = display_path(self.template) if self.template else "the built-in template"
        return Problem(template, "slide layouts", message,
                       "these colours come from the template's layouts, not the theme: give its text or background "
                       "colours more contrast (4.5:1 for text), or build without --template")

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
        props.comments = f"{doc.citation}，{doc.unit}"
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
        set_thumbnail(self.prs, thumbnail(self.theme, doc.title, doc.compiled_from,
                                          title_color=pal.paper, subtitle_color=pal.tint,
                                          band=pal.accent, background=pal.primary))
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
    except OverflowError as exc:             # filling.fill: a paragraph that cannot start in any box
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
