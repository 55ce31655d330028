"""Package-level truths python-pptx leaves stale: slide size type, docProps/app.xml, the thumbnail.

python-pptx starts from a template saved by "Microsoft Macintosh PowerPoint" and never updates
its extended properties: the deck would claim 0 slides, 0 notes and a 4:3 on-screen show, and
carry a blank white thumbnail (what a file browser or SharePoint shows).  These functions write
what the finished deck really is; they run just before saving.
"""
from __future__ import annotations

import io
from collections.abc import Sequence

from lxml import etree
from PIL import Image, ImageDraw, ImageFont

from model.briefing import Theme

from .ooxml import P

EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
APPLICATION = "briefing generator (python-pptx)"

# ST_SlideSizeType for the sizes PowerPoint names; any other size (13.333 × 7.5 in "Widescreen")
# is written without a type, as PowerPoint does.
SIZE_TYPES = {(9144000, 6858000): "screen4x3", (9144000, 5143500): "screen16x9", (9144000, 5715000): "screen16x10"}
# what PowerPoint (Chinese UI) writes as PresentationFormat for those sizes
SIZE_NAMES = {(12192000, 6858000): "宽屏", (9144000, 6858000): "全屏显示(4:3)",
              (9144000, 5143500): "全屏显示(16:9)", (9144000, 5715000): "全屏显示(16:10)"}
THUMB_W, THUMB_H = 256, 144


def _part(prs, partname: str):
    return next((p for p in prs.part.package.iter_parts() if p.partname == partname), None)


def fix_slide_size(prs) -> None:
    """``p:sldSz type`` must agree with cx/cy (the shipped template came from a 4:3 one)."""
    size = prs.part._element.find(f"{P}sldSz")
    kind = SIZE_TYPES.get((int(size.get("cx")), int(size.get("cy"))))
    if kind:
        size.set("type", kind)
    elif "type" in size.attrib:
        del size.attrib["type"]


def write_app_properties(prs, *, titles: Sequence[str], fonts: Sequence[str], hidden: int) -> None:
    """docProps/app.xml as PowerPoint writes it: slide, note, hidden-slide and paragraph counts, the
    format, and the parts (fonts used, theme, slide titles)."""
    slides = list(prs.slides)
    notes = sum(1 for s in slides if s.has_notes_slide)
    paragraphs = sum(1 for s in slides for shape in s.shapes if shape.has_text_frame
                     for p in shape.text_frame.paragraphs if p.text.strip())
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    theme_name = etree.fromstring(theme.blob).get("name") or "Office Theme"
    size = (prs.slide_width, prs.slide_height)
    ep, vt = f"{{{EP_NS}}}", f"{{{VT_NS}}}"
    root = etree.Element(f"{ep}Properties", nsmap={None: EP_NS, "vt": VT_NS})

    def add(tag: str, text: str) -> etree._Element:
        el = etree.SubElement(root, ep + tag)
        el.text = text
        return el

    add("TotalTime", "0")
    add("Application", APPLICATION)
    add("PresentationFormat", SIZE_NAMES.get(size, "自定义"))
    add("Paragraphs", str(paragraphs))
    add("Slides", str(len(slides)))
    add("Notes", str(notes))
    add("HiddenSlides", str(hidden))
    add("MMClips", "0")
    add("ScaleCrop", "false")
    groups = [(name, items) for name, items in (("已用的字体", list(fonts)), ("主题", [theme_name]),
                                                ("幻灯片标题", list(titles))) if items]
    pairs = etree.SubElement(etree.SubElement(root, f"{ep}HeadingPairs"), f"{vt}vector",
                             size=str(2 * len(groups)), baseType="variant")
    for name, items in groups:
        etree.SubElement(etree.SubElement(pairs, f"{vt}variant"), f"{vt}lpstr").text = name
        etree.SubElement(etree.SubElement(pairs, f"{vt}variant"), f"{vt}i4").text = str(len(items))
    every = [item for _, items in groups for item in items]
    parts = etree.SubElement(etree.SubElement(root, f"{ep}TitlesOfParts"), f"{vt}vector",
                             size=str(len(every)), baseType="lpstr")
    for item in every:
        etree.SubElement(parts, f"{vt}lpstr").text = item
    add("LinksUpToDate", "false")
    add("SharedDoc", "false")
    add("HyperlinksChanged", "false")
    add("AppVersion", "16.0000")
    _part(prs, "/docProps/app.xml")._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                           standalone=True)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and draw.textlength(line + ch, font=font) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line else lines


def thumbnail(theme: Theme, title: str, subtitle: str, *, title_color: str, subtitle_color: str,
              band: str, background: str) -> bytes:
    """The title slide in miniature (JPEG, 256×144), drawn with the bundled font: same input, same bytes."""
    scale = 4                                     # draw large, then reduce: smooth text without antialias options
    w, h = THUMB_W * scale, THUMB_H * scale
    px = w / 13.333                               # pixels per inch of the 13.333 × 7.5 in slide
    img = Image.new("RGB", (w, h), background)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, round(0.32 * px), h), fill=band)
    title_font = ImageFont.truetype(str(theme.font_bold), round(40 / 72 * px))
    sub_font = ImageFont.truetype(str(theme.font_regular), round(22 / 72 * px))
    lines = _wrap(draw, title, title_font, 11.4 * px)[:3]
    pitch = round(40 / 72 * px * 1.2)
    y = round(3.9 * px) - pitch * len(lines)
    for line in lines:
        draw.text((round(1.0 * px), y), line, font=title_font, fill=title_color)
        y += pitch
    draw.rectangle((round(1.05 * px), round(4.1 * px), round(2.65 * px), round(4.17 * px)), fill=band)
    for i, line in enumerate(_wrap(draw, subtitle, sub_font, 11.4 * px)[:2]):
        draw.text((round(1.0 * px), round(4.45 * px) + i * round(22 / 72 * px * 1.4)), line, font=sub_font,
                  fill=subtitle_color)
    buf = io.BytesIO()
    img.resize((THUMB_W, THUMB_H), Image.Resampling.LANCZOS).save(buf, "JPEG", quality=85, optimize=False)
    return buf.getvalue()


def set_thumbnail(prs, jpeg: bytes) -> None:
    _part(prs, "/docProps/thumbnail.jpeg")._blob = jpeg


SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
P14_NS = "http://schemas.microsoft.com/office/powerpoint/2010/main"


def write_sections(prs, sections: Sequence[tuple[str, Sequence[int]]]) -> None:
    """PowerPoint sections (the p14:sectionLst extension of presentation.xml): the slide sorter and the
    thumbnail pane show the deck's structure.  Ids are derived from the names: same deck, same bytes."""
    import uuid

    root = prs.part._element
    ext_lst = root.find(f"{P}extLst")
    if ext_lst is None:
        ext_lst = etree.SubElement(root, f"{P}extLst")
    for old in ext_lst.findall(f"{P}ext[@uri='{SECTIONS_URI}']"):
        ext_lst.remove(old)
    ext = etree.Element(f"{P}ext", uri=SECTIONS_URI)
    ext_lst.insert(0, ext)
    p14 = f"{{{P14_NS}}}"
    lst = etree.SubElement(ext, f"{p14}sectionLst", nsmap={"p14": P14_NS})
    for index, (name, slide_ids) in enumerate(sections):
        if not slide_ids:
            continue
        guid = uuid.uuid5(uuid.NAMESPACE_URL, f"briefing-section:{index}:{name}")
        section = etree.SubElement(lst, f"{p14}section", name=name, id=f"{{{str(guid).upper()}}}")
        ids = etree.SubElement(section, f"{p14}sldIdLst")
        for sid in slide_ids:
            etree.SubElement(ids, f"{p14}sldId", id=str(sid))


def hide(slide) -> None:
    """A backup slide: in the file and the slide sorter, skipped by the slide show."""
    slide._element.set("show", "0")


def is_hidden(slide) -> bool:
    return slide._element.get("show") in ("0", "false")
