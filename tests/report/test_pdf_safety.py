"""What the PDF builder refuses: the network, files outside its folders, undrawable characters,
and content that tries to become markup."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from pdfcheck import build, pdf_text

from model.briefing import Briefing, MeasureGroup, Prose, Segment
from model.errors import InputError
from report import allowed_roots
from report.fetcher import Refused, SafeFetcher
from report.html import keep_end, render_html

ROOT = Path(__file__).resolve().parents[2]


def with_measure(b: Briefing, text: str) -> Briefing:
    """The briefing with one more measure item, bypassing the loader (as a hostile outline would arrive)."""
    stage = b.stages[0]
    group = MeasureGroup("测试", (Prose((Segment(text),)),))
    return dataclasses.replace(b, stages=(dataclasses.replace(stage, measures=stage.measures + (group,)), *b.stages[1:]))


def test_fetcher_refuses_http_and_the_server_sees_nothing(canary, tmp_path: Path) -> None:
    url, hits = canary.url, canary.hits
    fetcher = SafeFetcher([tmp_path])
    for target in (f"{url}/x.png", url.replace("http", "https") + "/x.png", f"{url}/redirect"):
        with pytest.raises(Refused):
            fetcher.fetch(target)
    assert hits == []


def test_fetcher_refuses_files_outside(tmp_path: Path) -> None:
    inside = tmp_path / "assets"
    inside.mkdir()
    (inside / "ok.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (inside / "link.txt").symlink_to(secret)
    fetcher = SafeFetcher([inside])
    assert fetcher.fetch((inside / "ok.svg").as_uri()).read().startswith(b"<svg")
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in ("file:///etc/passwd", secret.as_uri(), (inside / "link.txt").as_uri(),
                (inside / ".." / "secret.txt").as_uri(), "file://otherhost/etc/passwd", "ftp://127.0.0.1/x"):
        with pytest.raises(Refused):
            fetcher.fetch(url)


def test_hostile_content_prints_as_text_and_fetches_nothing(mini_briefing, canary, tmp_path: Path) -> None:
    url, hits = canary.url, canary.hits
    hostile = (f'<img src="{url}/x.png"><script>alert(1)</script></style>'
               f'<link rel="stylesheet" href="{url}/x.css">')
    b = with_measure(mini_briefing, hostile)
    html, _ = render_html(b, {c.id: "x.svg" for c in b.charts})
    assert "<script>" not in html and "&lt;script&gt;" in html
    text = pdf_text(build(b, tmp_path))
    assert "<script>alert(1)</script></style>" in text
    assert hits == []


def test_markup_that_slips_through_still_fetches_nothing(mini_briefing, canary, tmp_path: Path) -> None:
    """The fetcher is the second wall: even real tags in the HTML do not reach the network or /etc."""
    from report.html import render_css
    from report.pdf import render
    url, hits = canary.url, canary.hits
    html, _ = render_html(mini_briefing, {c.id: f"{url}/chart.svg" for c in mini_briefing.charts})
    html = html.replace("</body>", f'<img src="{url}/x.png"><img src="file:///etc/passwd">'
                                   f'<link rel="stylesheet" href="{url}/x.css"></body>')
    fetcher = SafeFetcher(allowed_roots(mini_briefing, tmp_path))
    render(html, render_css(mini_briefing), seed=html, base_url=tmp_path.as_uri() + "/", fetcher=fetcher,
           family=mini_briefing.theme.font_family, timestamp=mini_briefing.document.timestamp, variant=None, font_cache=tmp_path / "fonts")
    assert hits == []
    assert any(u.endswith("/x.png") for u in fetcher.refused) and "file:///etc/passwd" in fetcher.refused


@pytest.mark.parametrize(("char", "why"), [("\U00013000", "no font at all"), ("Ą", "only a system font")])
def test_undrawable_character_fails_with_its_name(mini_briefing, tmp_path: Path, char: str, why: str) -> None:
    b = dataclasses.replace(mini_briefing, overview=Prose((Segment(f"测试{char}字符"),)))
    with pytest.raises(InputError) as exc:
        build(b, tmp_path)
    message = str(exc.value)
    assert f"U+{ord(char):04X}" in message and char in message, why


def test_import_report_does_not_import_matplotlib_or_weasyprint() -> None:
    code = "import sys, report; print(sorted(m for m in ('matplotlib', 'weasyprint') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("text", "tail"), [("精准脱贫新阶段", "阶段"), ("决不让贫困代代相传。", "相传。"),
                                            ("四、精准脱贫（下）", "（下）"), ("目录", "目录")])
def test_keep_end_keeps_the_last_characters_together(text: str, tail: str) -> None:
    html = str(keep_end(text))
    assert html.endswith(f'<span class="nb">{tail}</span>')
    assert html.replace('<span class="nb">', "").replace("</span>", "") == text


def test_keep_end_escapes() -> None:
    assert "<b>" not in str(keep_end("<b>标题</b>"))
