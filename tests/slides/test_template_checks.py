"""A user's template (issue 12): a zip bomb and a non-16:9 template are refused with exit 2 naming the
template, before anything is inflated or rendered, and ``--check --template`` finds them."""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from app.cli import main
from slides.template import MAX_INFLATED, SHIPPED
from tests.conftest import copy_project


def bomb(path: Path) -> Path:
    """The shipped template plus one small part whose directory entry declares 4 GiB."""
    data = SHIPPED.read_bytes()
    path.write_bytes(data)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("ppt/media/pad.bin", b"0" * 64)
    raw = bytearray(path.read_bytes())
    entry = raw.rindex(b"PK\x01\x02")                # the last central-directory entry: pad.bin
    raw[entry + 24:entry + 28] = struct.pack("<I", 0xFFFFFFF0)
    path.write_bytes(bytes(raw))
    return path


def four_by_three(path: Path) -> Path:
    prs = Presentation(str(SHIPPED))
    prs.slide_width, prs.slide_height = 9144000, 6858000
    prs.save(str(path))
    return path


def args(project: Path, *extra: str | Path) -> list[str]:
    return ["--outline", str(project / "outline.yaml"), "--data", str(project / "figures.csv"),
            "--theme", str(project / "theme.yaml"), *map(str, extra)]


def test_declared_sizes_are_read_before_inflating(tmp_path: Path) -> None:
    path = bomb(tmp_path / "bomb.pptx")
    assert sum(i.file_size for i in zipfile.ZipFile(path).infolist()) > MAX_INFLATED


@pytest.mark.parametrize("make, fragments", [(bomb, ["would unpack to", "MB"]), (four_by_three, ["10.00 × 7.50 in", "not 16:9"])])
def test_check_finds_a_bad_template(make, fragments, tmp_path: Path, capsys) -> None:
    project = copy_project("mini", tmp_path / "project")
    template = make(tmp_path / "corp.pptx")
    code = main(["--check", *args(project, "--template", template)], "")
    output = "".join(capsys.readouterr())
    assert code == 2, output
    assert "corp.pptx" in output and all(f in output for f in fragments), output


def test_a_bad_template_is_reported_before_the_pdf_is_rendered(tmp_path: Path, capsys, monkeypatch) -> None:
    import report

    project = copy_project("mini", tmp_path / "project")
    rendered = []
    monkeypatch.setattr(report, "build_pdf", lambda *a, **k: rendered.append(1))
    code = main([*args(project, "--out", tmp_path / "out", "--template", four_by_three(tmp_path / "corp.pptx"))], "")
    output = "".join(capsys.readouterr())
    assert code == 2 and "not 16:9" in output, output
    assert rendered == [], "the PDF was rendered before the template was checked"
    assert not (tmp_path / "out" / "briefing.pdf").exists()
