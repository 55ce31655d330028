#!/usr/bin/env python3
"""Maintainer script: write slides/template.pptx, the deck's 16:9 template.

Not part of the build (the build loads the committed .pptx).  Run it from the
project root after changing the theme's palette or deck font, or the layout
geometry below (as a module, so the project's packages import without a path hack):

    .venv/bin/python -m tools.make_template [--theme assets/theme.yaml] [--out slides/template.pptx]

It starts from python-pptx's default template, makes it 16:9 (13.333 × 7.5 in),
keeps seven layouts and rebuilds them under the names the builder asks for
(LAYOUTS in slides/template.py), sets the theme colours from the palette and
the theme fonts (major/minor, Latin + East Asian + the Hans script slot) to
the deck font, and marks the text styles zh-CN.  Users who bring their own
template need layouts with the same names.
"""
from __future__ import annotations

import argparse
import io
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

from model.briefing import Theme
from model.loader import load_theme
from slides.access import ADEC_NS, DECORATIVE_URI
from slides.cjk import ALT_LANG, LANG, chinese, theme_fonts
from slides.ooxml import A_NS, P_NS, A, P
from slides.package import fix_slide_size
from slides.reproducible import fixed_zip
from slides.template import LAYOUTS

ROOT = Path(__file__).resolve().parent.parent

# bands and rules carry no information: screen readers skip them (Office 2019 "Mark as decorative")
DECORATIVE = (f'<a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{ADEC_NS}" val="1"/>'
              '</a:ext></a:extLst>')
W, H = 13.333, 7.5
M = 0.75
CW = W - 2 * M

# (x, y, w, h) in inches
CONTENT_TITLE = (M, 0.38, CW, 1.05)
CONTENT_REGION = (M, 1.8, CW, 4.8)
FOOTER = (M, 6.86, 9.6, 0.42)
SLIDE_NUMBER = (W - M - 1.6, 6.86, 1.6, 0.42)


def emu(v: float) -> str:
    return str(int(Inches(v)))


def hexval(color: str) -> str:
    return color.lstrip("#").upper()


def xfrm(rect: tuple[float, float, float, float]) -> str:
    x, y, w, h = rect
    return f'<a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'


class Builder:
    def __init__(self, theme: Theme):
        self.t = theme
        self.pal = theme.palette
        self.next_id = 2

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def rect(self, name: str, rect, color: str) -> str:
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="{self._id()}" name="{name}">{DECORATIVE}</p:cNvPr><p:cNvSpPr/>'
                '<p:nvPr userDrawn="1"/></p:nvSpPr>'
                f'<p:spPr>{xfrm(rect)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
                f'<a:solidFill><a:srgbClr val="{hexval(color)}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr>'
                f'<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="{LANG}"/></a:p></p:txBody></p:sp>')

    def ph(self, name: str, ph: str, rect, *, size: float, color: str, bold: bool = False, anchor: str = "t",
           align: str = "l", prompt: str = "", font: str = "+mn") -> str:
        b = ' b="1"' if bold else ""
        style = (f'<a:lstStyle><a:lvl1pPr marL="0" indent="0" algn="{align}"><a:buNone/>'
                 f'<a:defRPr sz="{int(size * 100)}"{b}><a:solidFill><a:srgbClr val="{hexval(color)}"/></a:solidFill>'
                 f'<a:latin typeface="{font}-lt"/><a:ea typeface="{font}-ea"/></a:defRPr></a:lvl1pPr></a:lstStyle>')
        body = (f'<a:bodyPr lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="{anchor}" wrap="square">'
                '<a:noAutofit/></a:bodyPr>')
        text = f'<a:p><a:r><a:rPr lang="{LANG}"/><a:t>{prompt}</a:t></a:r></a:p>' if prompt else "<a:p/>"
        if ph.startswith('type="sldNum"'):
            text = (f'<a:p><a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum">'
                    f'<a:rPr lang="{LANG}"/><a:t>‹#›</a:t></a:fld></a:p>')
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="{self._id()}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
                f'<p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr><p:spPr>{xfrm(rect)}</p:spPr>'
                f'<p:txBody>{body}{style}{text}</p:txBody></p:sp>')

    def footer(self, dark: bool) -> str:
        color = self.pal.tint if dark else self.pal.muted
        return (self.ph("Footer Placeholder", 'type="ftr" sz="quarter" idx="11"', FOOTER, size=12, color=color, anchor="ctr")
                + self.ph("Slide Number Placeholder", 'type="sldNum" sz="quarter" idx="12"', SLIDE_NUMBER, size=12,
                          color=color, anchor="ctr", align="r"))

    def content(self, region_ph: str, region_name: str, prompt: str) -> str:
        p = self.pal
        return (self.rect("Top Band", (0, 0, W, 0.09), p.primary)
                + self.ph("Title", 'type="title"', CONTENT_TITLE, size=self.t.sizes.deck_title_pt, color=p.secondary,
                          bold=True, anchor="b", prompt="单击此处编辑标题", font="+mj")
                + self.rect("Title Rule", (M + 0.1, 1.5, 1.1, 0.06), p.accent)
                + self.ph(region_name, region_ph, CONTENT_REGION, size=self.t.sizes.deck_body_pt, color=p.text,
                          prompt=prompt)
                + self.rect("Footer Rule", (M, 6.8, CW, 0.014), p.rule)
                + self.footer(dark=False))

    def layouts(self) -> dict[str, tuple[str | None, str]]:
        """name → (background colour or None, shapes XML)."""
        p, s = self.pal, self.t.sizes
        return {
            "Title": (p.primary,
                      self.rect("Side Band", (0, 0, 0.32, H), p.accent)
                      + self.ph("Title", 'type="ctrTitle"', (0.95, 1.2, 11.6, 2.7), size=44, color=p.paper, bold=True,
                                anchor="b", prompt="单击此处编辑标题", font="+mj")
                      + self.rect("Title Rule", (1.05, 4.1, 1.6, 0.07), p.accent)
                      + self.ph("Subtitle", 'type="subTitle" idx="1"', (0.95, 4.4, 11.6, 2.5), size=s.deck_body_pt,
                                color=p.tint, prompt="单击此处编辑副标题")),
            "Section": (p.secondary,
                        self.rect("Side Band", (0, 0, 0.32, H), p.primary)
                        + self.ph("Title", 'type="title"', (0.95, 0.8, 11.6, 1.45), size=40, color=p.paper, bold=True,
                                  anchor="b", prompt="单击此处编辑节标题", font="+mj")
                        + self.rect("Title Rule", (1.05, 2.4, 1.2, 0.06), p.accent)
                        + self.ph("Section Text", 'type="body" idx="1"', (0.95, 2.7, 11.6, 3.95), size=s.deck_body_pt,
                                  color=p.tint, prompt="单击此处编辑文本")
                        + self.footer(dark=True)),
            "Title and Content": (None, self.content('idx="1"', "Content Placeholder", "单击此处编辑文本")),
            "Big Numbers": (None, self.content('type="body" idx="1"', "Big Numbers Area", "数字卡片区域")),
            "Chart": (None, self.content('type="chart" idx="1"', "Chart Placeholder", "")),
            "Quote": (p.tint,
                      self.rect("Top Band", (0, 0, W, 0.09), p.primary)
                      + self.ph("Title", 'type="title"', CONTENT_TITLE, size=s.deck_title_pt, color=p.secondary,
                                bold=True, anchor="b", prompt="单击此处编辑标题", font="+mj")
                      + self.rect("Title Rule", (M + 0.1, 1.5, 1.1, 0.06), p.accent)
                      + self.ph("Quote Text", 'type="body" idx="1"', (M + 0.55, 1.9, CW - 1.1, 4.7), size=28,
                                color=p.secondary, prompt="单击此处编辑引文")
                      + self.footer(dark=False)),
            "Closing": (p.primary,
                        self.rect("Side Band", (0, 0, 0.32, H), p.accent)
                        + self.ph("Title", 'type="title"', (0.95, 0.6, 11.6, 1.3), size=40, color=p.paper, bold=True,
                                  anchor="b", prompt="单击此处编辑标题", font="+mj")
                        + self.rect("Title Rule", (1.05, 2.05, 1.2, 0.06), p.accent)
                        + self.ph("Closing Text", 'type="body" idx="1"', (0.95, 2.35, 11.6, 4.3), size=s.deck_body_pt,
                                  color=p.tint, prompt="单击此处编辑文本")
                        + self.footer(dark=True)),
        }


def set_theme_xml(part, theme: Theme) -> None:
    root = etree.fromstring(part.blob)
    pal = theme.palette
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    scheme.set("name", "Briefing")
    colors = {"dk1": pal.text, "lt1": pal.paper, "dk2": pal.secondary, "lt2": pal.tint,
              "hlink": pal.secondary, "folHlink": pal.muted}
    colors.update({f"accent{i + 1}": c for i, c in enumerate((list(theme.series_colors) * 2)[:6])})
    for tag, color in colors.items():
        slot = scheme.find(A + tag)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{A}srgbClr", val=hexval(color))
    root.find(f"{A}themeElements/{A}fontScheme").set("name", "Briefing")
    theme_fonts(root, theme.deck_font)
    root.set("name", "Briefing")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def mark_styles(root, theme: Theme) -> None:
    """Text styles (master, presentation defaults): zh-CN and theme-font references for Latin and East Asian."""
    for rpr in root.iter(f"{A}defRPr"):
        rpr.set("lang", LANG)
        rpr.set("altLang", ALT_LANG)
        major = any(anc.tag.endswith("titleStyle") for anc in rpr.iterancestors())
        ref = "+mj" if major else "+mn"
        for tag in ("latin", "ea", "cs"):
            for old in rpr.findall(A + tag):
                rpr.remove(old)
        anchor = next((c for c in rpr if c.tag in (f"{A}sym", f"{A}hlinkClick", f"{A}hlinkMouseOver", f"{A}rtl", f"{A}extLst")), None)
        for tag, face in (("latin", f"{ref}-lt"), ("ea", f"{ref}-ea"), ("cs", f"{ref}-cs")):
            el = etree.Element(A + tag, typeface=face)
            if anchor is None:
                rpr.append(el)
            else:
                anchor.addprevious(el)


def rebuild_layout(layout, name: str, background: str | None, shapes: str) -> None:
    el = layout._element
    el.cSld.set("name", name)
    for attr in ("type", "preserve"):
        if attr in el.attrib:
            del el.attrib[attr]
    el.set("preserve", "1")
    cSld = el.cSld
    for child in list(cSld):
        cSld.remove(child)
    if background:
        cSld.append(etree.fromstring(
            f'<p:bg xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:bgPr><a:solidFill><a:srgbClr val="{hexval(background)}"/></a:solidFill>'
            '<a:effectLst/></p:bgPr></p:bg>'))
    tree = etree.fromstring(
        f'<p:spTree xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm>'
        f'</p:grpSpPr>{shapes}</p:spTree>')
    cSld.append(tree)


def make(theme_path: Path, out: Path) -> None:
    theme = load_theme(theme_path)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    fix_slide_size(prs)                           # python-pptx's default says screen4x3
    master = prs.slide_master
    set_theme_xml(master.part.part_related_by(RT.THEME), theme)
    # master placeholders: 16:9 geometry; styles zh-CN with theme fonts
    geometry = {"title": CONTENT_TITLE, "body": CONTENT_REGION, "ftr": FOOTER, "sldNum": SLIDE_NUMBER}
    for sp in list(master.placeholders):
        kind = sp._element.ph_type
        key = {1: "title", 2: "body", 15: "ftr", 13: "sldNum"}.get(int(kind))
        if key is None:
            sp._element.getparent().remove(sp._element)
            continue
        x, y, w, h = geometry[key]
        sp.left, sp.top, sp.width, sp.height = Inches(x), Inches(y), Inches(w), Inches(h)
    mark_styles(master._element.find(f"{P}txStyles"), theme)
    mark_styles(prs.part._element.find(f"{P}defaultTextStyle"), theme)
    builder = Builder(theme)
    specs = builder.layouts()
    assert list(specs) == list(LAYOUTS), "make_template.py and slides/template.py must name the same layouts"
    layouts = list(master.slide_layouts)
    keep = layouts[:len(specs)]
    for layout in layouts[len(specs):]:
        master.slide_layouts.remove(layout)
    for layout, (name, (background, shapes)) in zip(keep, specs.items(), strict=True):
        builder.next_id = 1
        rebuild_layout(layout, name, background, shapes)
        chinese(layout._element.cSld, theme.deck_font)
        for rpr in layout._element.iter(f"{A}defRPr"):
            rpr.set("lang", LANG)
    props = prs.core_properties
    props.title = "贵阳市脱贫攻坚历程简报 模板"
    props.author = props.last_modified_by = "briefing maintainers"
    props.revision = 1
    import datetime as dt
    props.created = props.modified = dt.datetime(2018, 6, 26)
    buf = io.BytesIO()
    prs.save(buf)
    out.write_bytes(fixed_zip(buf.getvalue(), (2018, 6, 26)))
    print(f"wrote {out} ({out.stat().st_size} bytes): layouts {', '.join(specs)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    ap.add_argument("--theme", type=Path, default=ROOT / "assets" / "theme.yaml")
    ap.add_argument("--out", type=Path, default=ROOT / "slides" / "template.pptx")
    args = ap.parse_args()
    make(args.theme, args.out)


if __name__ == "__main__":
    main()
