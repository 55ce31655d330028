"""Reading a finished text frame back from the XML: its paragraphs as measured
(:func:`frame_paras`) and the height they need against the height the frame has
(:func:`frame_overflow`): the builder's final self-check and the tests use it.
"""
from __future__ import annotations

from .measure import EMU_PER_PT, Metrics, Para, Run
from .ooxml import A


def _emu_attr(el, name: str, default: int) -> int:
    return int(el.get(name)) if el is not None and el.get(name) is not None else default


def frame_paras(txBody, default_size: float) -> list[Para]:
    """Rebuild measured paragraphs from an ``a:txBody`` (sizes, bold, exact line pitch, spacing, margins)."""
    paras = []
    for p in txBody.findall(f"{A}p"):
        runs = []
        for r in p:
            if r.tag not in (f"{A}r", f"{A}fld", f"{A}br"):
                continue
            rpr = r.find(f"{A}rPr")
            size = int(rpr.get("sz")) / 100 if rpr is not None and rpr.get("sz") else default_size
            bold = rpr is not None and rpr.get("b") == "1"
            runs.append(Run("\n" if r.tag == f"{A}br" else r.findtext(f"{A}t") or "", size, bold))
        if not runs:
            end = p.find(f"{A}endParaRPr")
            size = int(end.get("sz")) / 100 if end is not None and end.get("sz") else default_size
            runs = [Run("", size)]
        ppr = p.find(f"{A}pPr")
        pts = ppr.find(f"{A}lnSpc/{A}spcPts") if ppr is not None else None
        size = max(r.size for r in runs)
        pitch = int(pts.get("val")) / 100 / size if pts is not None else 1.2
        bef = ppr.find(f"{A}spcBef/{A}spcPts") if ppr is not None else None
        aft = ppr.find(f"{A}spcAft/{A}spcPts") if ppr is not None else None
        paras.append(Para(tuple(runs), pitch=pitch,
                          before=int(bef.get("val")) / 100 if bef is not None else 0.0,
                          after=int(aft.get("val")) / 100 if aft is not None else 0.0,
                          indent=_emu_attr(ppr, "marL", 0) / EMU_PER_PT))
    return paras


def frame_overflow(metrics: Metrics, txBody, width_emu: int, height_emu: int, default_size: float) -> tuple[float, float]:
    """(needed, available) height in points of a text frame as written in the file."""
    body = txBody.find(f"{A}bodyPr")
    l_ins = _emu_attr(body, "lIns", 91440)
    r_ins = _emu_attr(body, "rIns", 91440)
    t_ins = _emu_attr(body, "tIns", 45720)
    b_ins = _emu_attr(body, "bIns", 45720)
    width = (width_emu - l_ins - r_ins) / EMU_PER_PT
    paras = frame_paras(txBody, default_size)
    return metrics.height(paras, width), (height_emu - t_ins - b_ins) / EMU_PER_PT

