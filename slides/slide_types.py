"""The deck's slide types: title, agenda, overview, timeline, sections, measures,
big-number cards, charts, quotes, challenges, postscript, sources and the appendix index.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from pptx.util import Inches

from model.briefing import Chart, Figure, Result, Stage
from model.numbers import format_date
from model.quoting import article_words, inner_quotes

from .charts import add_chart
from .filling import fill
from .flow import Flow
from .frames import CONT, GAP, INSET_Y, MIN_BODY_PT
from .measure import EMU_PER_PT, Para, Run
from .selection import Pick
from .template import Rect

APPENDIX = "appendix"


def _statement(fig: Figure) -> str:
    """A figure as a presenter says it: when, what, how much (至2015年，减少扶贫开发对象38.35万人)."""
    return (f"{fig.period}，" if fig.period else "") + f"{fig.label}{fig.text}"


class SlideTypes(Flow):
    """One method per kind of slide; each lays out its slides with the primitives and the flow."""

    # ================================================================ slides

    def title_slide(self) -> None:
        doc = self.b.document
        slide = self.new_slide("Title", doc.title, footer=False, title_sizes=(44, 40, 36, 32, 28))
        body = self.body
        paras = [Para((Run(doc.compiled_from, body + 4, True, "head"),), pitch=1.3, after=10),
                 Para((Run(f"{doc.source} · {doc.date}", body, False, "text"),), pitch=1.35),
                 Para((Run(f"{doc.author}（{doc.unit}）", body, False, "text"),), pitch=1.35),
                 Para((Run(f"数据版次 {format_date(doc.edition)}", MIN_BODY_PT, False, "em"),), pitch=1.35, before=10)]
        rect = self.region("Title")
        self._fit_or_fail(paras, rect, "the title slide's subtitle block")
        self.textbox(slide, rect, paras, self.dark, name="Subtitle")
        self.finish(slide, [
            f"本简报依据{doc.published_in}整理，原文作者为{doc.unit}{doc.author}",
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
                 Para((Run(f"{doc.work} · {doc.date}", self.body, False, "text"),),
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
                self.rect_shape(slide, cell, self.theme.palette.tint, f"Card {index + 1}")
                self.rect_shape(slide, Rect(cell.x, cell.y, int(Inches(0.08)), cell.h), self.theme.palette.primary,
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
            Para((Run(f"{doc.work}，{doc.date}", b),), pitch=1.4, after=2,
                 note=f"原文为{doc.published_in}"),
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
                                   Run(f"＝{fig.source}", b)),
                                  pitch=1.4, after=4, bullet="•", bullet_color="accent", indent=b * 1.1, repeat=head,
                                  note=f"{fig.label}按“{inner_quotes(fig.source)}”计算，得{fig.text}",
                                  figures=(fig,)))
        lead = ["本页列出资料来源与推算方法；每项数据的原文出处与时期依据见PDF简报的附表"]
        if self.b.corrections:      # the slides print the 〔…〕 marks; the presenter can say what they mean
            lead.append(f"简报对原文作了{len(self.b.corrections)}处校订，正文中以〔　〕标出")
            lead += [f"原文“{inner_quotes(article_words(c.original))}”，简报作“{c.corrected}”：{c.reason}"
                     for c in self.b.corrections]
        self.flow("资料来源与说明", paras, lead=lead, spread=True)
