"""The one place that makes text Chinese for PowerPoint.

Every run property element (``a:rPr`` of runs and fields, ``a:defRPr`` of
list styles and chart text, ``a:endParaRPr``) gets ``lang="zh-CN"``,
``altLang="en-US"`` and ``a:latin`` / ``a:ea`` / ``a:cs`` naming the theme's
deck font.  Without ``a:ea`` PowerPoint picks its East Asian fallback (often
SimSun) and without ``lang`` it spell-checks Chinese as English.

:func:`chinese` is applied to whole XML trees (a slide, its notes, a chart
part, the template's master and layouts) after they are built, so nothing can
be missed; it is idempotent.
"""
from __future__ import annotations

from lxml import etree

from .ooxml import A

LANG = "zh-CN"
ALT_LANG = "en-US"

_PROPS = (f"{A}rPr", f"{A}defRPr", f"{A}endParaRPr")
# children of CT_TextCharacterProperties that must come after latin/ea/cs
_AFTER_FONTS = {f"{A}sym", f"{A}hlinkClick", f"{A}hlinkMouseOver", f"{A}rtl", f"{A}extLst"}


def set_font(rpr: etree._Element, typeface: str) -> None:
    """Give one run-properties element the deck font for Latin, East Asian and complex scripts, and zh-CN."""
    rpr.set("lang", LANG)
    rpr.set("altLang", ALT_LANG)
    for tag in ("latin", "ea", "cs"):
        for old in rpr.findall(A + tag):
            rpr.remove(old)
    anchor = next((child for child in rpr if child.tag in _AFTER_FONTS), None)
    for tag in ("latin", "ea", "cs"):
        el = etree.Element(A + tag)
        el.set("typeface", typeface)
        if anchor is None:
            rpr.append(el)
        else:
            anchor.addprevious(el)


def chinese(root: etree._Element, typeface: str) -> None:
    """Apply :func:`set_font` to every run property in ``root``; runs and fields without one get one."""
    for run in root.iter(f"{A}r", f"{A}fld"):
        if run.find(f"{A}rPr") is None:
            run.insert(0, etree.Element(f"{A}rPr"))
    for rpr in root.iter(*_PROPS):
        set_font(rpr, typeface)


def theme_fonts(theme_root: etree._Element, typeface: str) -> None:
    """The theme part's major and minor fonts (Latin, East Asian and the Hans script slot) name ``typeface``,
    so text that refers to the theme fonts (+mj-ea, +mn-lt: master styles, layout prompts) uses it too."""
    scheme = theme_root.find(f"{A}themeElements/{A}fontScheme")
    for kind in ("majorFont", "minorFont"):
        block = scheme.find(A + kind)
        block.find(f"{A}latin").set("typeface", typeface)
        block.find(f"{A}ea").set("typeface", typeface)
        for script in block.findall(f"{A}font"):
            if script.get("script") == "Hans":
                script.set("typeface", typeface)
