"""Same input → the same bytes.

python-pptx stamps zip members with the current time, and the workbooks it
embeds in charts (written by XlsxWriter) carry creation dates of their own.
:func:`fixed_zip` rewrites a package with a fixed member date, a stable
member order ([Content_Types].xml first, as OPC readers expect, then sorted)
and fixed attributes; embedded .xlsx members are rewritten the same way first,
with their docProps/core.xml dates set to the edition date.
"""
from __future__ import annotations

import io
import re
import zipfile

DateTuple = tuple[int, int, int]


def _core_dates(xml: bytes, iso: str) -> bytes:
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + iso.encode() + rb"\g<2>", xml)


def fixed_zip(data: bytes, date: DateTuple) -> bytes:
    """Rewrite an OPC package (pptx or xlsx) deterministically."""
    stamp = (*date, 0, 0, 0)
    iso = f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}T00:00:00Z"
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    names = sorted(members, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            blob = members[name]
            if name.endswith(".xlsx"):
                blob = fixed_zip(blob, date)
            elif name == "docProps/core.xml":
                blob = _core_dates(blob, iso)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, blob, compresslevel=6)
    return out.getvalue()
