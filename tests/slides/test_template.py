"""Templates: the shipped 16:9 one with named layouts, a user's template, and clear errors for bad ones."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, cli_for
from deckcheck import open_deck
from pptx import Presentation

from model.briefing import Briefing
from model.errors import InputError
from slides import build_deck
from slides.template import LAYOUTS, SHIPPED


def test_shipped_template_is_16_9_with_named_layouts() -> None:
    prs = Presentation(str(SHIPPED))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    assert [layout.name for layout in prs.slide_layouts] == list(LAYOUTS)
    assert len(prs.slides) == 0


def rename_layout(tmp_path: Path, old: str, new: str) -> Path:
    prs = Presentation(str(SHIPPED))
    layout = next(lay for lay in prs.slide_layouts if lay.name == old)
    layout._element.cSld.set("name", new)
    out = tmp_path / "corp.pptx"
    prs.save(str(out))
    return out


def test_renamed_layout_is_a_clear_error(tmp_path: Path, mini_briefing: Briefing) -> None:
    template = rename_layout(tmp_path, "Chart", "Diagramm")
    with pytest.raises(InputError) as err:
        build_deck(mini_briefing, template=template)
    text = str(err.value)
    assert "layout `Chart`" in text and "corp.pptx" in text
    assert "“Diagramm”" in text                                     # what the template has
    assert all(name in text for name in LAYOUTS)                    # and what is needed


def test_renamed_layout_exits_2_from_the_cli(tmp_path: Path) -> None:
    template = rename_layout(tmp_path, "Big Numbers", "Zahlen")
    result = cli_for(FIXTURES / "mini", "--only", "pptx", "--template", template, out=tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert "layout `Big Numbers`" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [b"not a pptx at all", b"PK\x03\x04broken zip", b""])
def test_corrupt_template_is_an_input_error(tmp_path: Path, mini_briefing: Briefing, content: bytes) -> None:
    bad = tmp_path / "corrupt.pptx"
    bad.write_bytes(content)
    with pytest.raises(InputError) as err:
        build_deck(mini_briefing, template=bad)
    assert "corrupt.pptx" in str(err.value)


def test_missing_template_is_an_input_error(tmp_path: Path, mini_briefing: Briefing) -> None:
    with pytest.raises(InputError, match="not found"):
        build_deck(mini_briefing, template=tmp_path / "nope.pptx")


def test_user_template_sample_slides_are_dropped(tmp_path: Path, mini_briefing: Briefing) -> None:
    prs = Presentation(str(SHIPPED))
    prs.slides.add_slide(prs.slide_layouts[0])
    prs.slides.add_slide(prs.slide_layouts[2])
    corp = tmp_path / "with-samples.pptx"
    prs.save(str(corp))
    plain = open_deck(build_deck(mini_briefing, template=None).data)
    custom = open_deck(build_deck(mini_briefing, template=corp).data)
    assert len(custom.slides) == len(plain.slides)


@pytest.mark.slow
def test_libreoffice_converts_the_deck(tmp_path: Path, mini_briefing: Briefing) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-impress to run this check")
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_deck(mini_briefing, template=None).data)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file()
    from pypdf import PdfReader
    visible = [s for s in open_deck(deck.read_bytes()).slides if s._element.get("show") != "0"]
    assert len(PdfReader(str(pdf)).pages) == len(visible)          # hidden (appendix) slides are not exported
