"""LibreOffice from 25.8 honours the deck's embedded font: a render with no Chinese font installed uses it.

Runs when such a LibreOffice is found: ``$BRIEFING_SOFFICE`` (a LibreOffice program, e.g. a wrapper
into a Debian trixie chroot with LibreOffice 26.8 from trixie-backports), else ``soffice`` on PATH;
skips with the reason otherwise (Debian 12's LibreOffice 7.4 ignores embedded fonts).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

FONTS_CONF = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>{dirs}<cachedir>{cache}</cachedir></fontconfig>"""


def soffice() -> tuple[str, tuple[int, int]] | None:
    program = os.environ.get("BRIEFING_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if not program:
        return None
    out = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=120).stdout
    match = re.search(r"LibreOffice (\d+)\.(\d+)", out)
    return (program, (int(match.group(1)), int(match.group(2)))) if match else None


def test_libreoffice_draws_the_embedded_font(shipped_rendered, tmp_path: Path) -> None:
    found = soffice()
    if found is None:
        pytest.skip("no LibreOffice found (set BRIEFING_SOFFICE or put soffice on PATH)")
    program, version = found
    if version < (25, 8):
        pytest.skip(f"LibreOffice {version[0]}.{version[1]} ignores embedded fonts (25.8 and later honour them)")
    # fontconfig sees only fonts without Chinese: whatever draws the text must come from the deck
    dirs = "".join(f"<dir>{d}</dir>" for d in ("/usr/share/fonts/truetype/dejavu",) if Path(d).is_dir())
    conf = tmp_path / "fonts.conf"
    conf.write_text(FONTS_CONF.format(dirs=dirs, cache=tmp_path / "fc-cache"), encoding="utf-8")
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(shipped_rendered.data)
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    subprocess.run([program, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True, timeout=300, env=env)
    from pypdf import PdfReader

    reader = PdfReader(str(tmp_path / "deck.pdf"))
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("NotoSansSC" in name for name in fonts), fonts
    assert reader.pages[0].extract_text().count("贵阳") >= 1
