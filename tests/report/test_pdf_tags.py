"""The tagged structure of the shipped content's PDF: what a screen reader reads, and in what shape.

Read with pikepdf (report.pdf_tags finishes WeasyPrint's tagging; these tests say what it must achieve)."""
from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pdfcheck import marked_texts, page_texts, structure

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pdf(shipped_pdf):
    with pikepdf.open(io.BytesIO(shipped_pdf.data)) as opened:
        yield opened


@pytest.fixture(scope="module")
def tree(pdf):
    return structure(pdf)


@pytest.fixture(scope="module")
def read_aloud(shipped_pdf) -> list[str]:
    """Each page's tagged text (artifacts left out)."""
    return marked_texts(shipped_pdf.data, artifacts=False)


@pytest.fixture(scope="module")
def skipped(shipped_pdf) -> list[str]:
    """Each page's artifact text."""
    return marked_texts(shipped_pdf.data, artifacts=True)


def test_header_and_footer_are_artifacts(shipped_pdf, shipped_briefing, read_aloud, skipped) -> None:
    pages = page_texts(shipped_pdf.data)
    total = len(pages)
    title = shipped_briefing.document.title
    for number in range(2, total + 1):                          # the cover has neither
        footer = f"第{number}页/共{total}页"
        assert footer in skipped[number - 1] and title in skipped[number - 1], number
        assert footer not in read_aloud[number - 1] and title not in read_aloud[number - 1], number
    assert read_aloud[0].count(title) == 1                      # the cover's own title is content
    chapter = shipped_briefing.stages[0].heading
    first = next(i for i, text in enumerate(read_aloud) if chapter in text and i > 2)
    assert chapter in skipped[first + 1] and chapter not in read_aloud[first + 1]   # the running chapter name


def test_contents_leaders_are_not_read(read_aloud, skipped, shipped_briefing) -> None:
    contents = next(i for i, text in enumerate(read_aloud) if text.startswith("目录"))
    assert "." not in read_aloud[contents] and "." not in skipped[contents]       # drawn, not typed
    for stage in shipped_briefing.stages:                  # heading, period, then the page number
        assert re.search(re.escape(stage.heading) + re.escape(stage.period) + r"\d+", read_aloud[contents]), stage.id


def test_lists_are_l_li_lbl_lbody(tree) -> None:
    lists = [n for n in tree.walk() if n.tag == "/L"]
    assert len(lists) >= 5                      # cover facts, contents, timeline, measures, challenges …
    for node in tree.walk():
        if node.tag == "/L":
            assert {k.tag for k in node.kids} <= {"/LI", "/L", "/Caption"}, [k.tag for k in node.kids]
        elif node.tag == "/LI":
            assert node.parent.tag == "/L"
            assert node.kids and {k.tag for k in node.kids} <= {"/Lbl", "/LBody"}, [k.tag for k in node.kids]
        elif node.tag in ("/Lbl", "/LBody"):
            assert node.parent.tag == "/LI"


def test_cover_facts_are_a_list(tree, read_aloud, shipped_briefing) -> None:
    doc = shipped_briefing.document
    cover = tree.kids[0].kids[0]                # Document → the cover section
    items = [n for n in cover.walk() if n.tag == "/LI"]
    assert len(items) == 4
    assert "原文" in read_aloud[0] and doc.source in read_aloud[0]


def test_links_are_link_elements_with_readable_descriptions(pdf, tree, shipped_briefing) -> None:
    owners = {}
    for node in tree.walk():
        for annotation in node.annotations:
            owners[annotation.objgen] = node
    links = [(number, a) for number, page in enumerate(pdf.pages, start=1)
             for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    contents_links = [a for number, a in links if number == 2]
    assert len(contents_links) == len(shipped_briefing.stages) + 3 + (1 if shipped_briefing.postscript else 0)
    for number, annotation in links:
        node = owners.get(annotation.objgen)
        assert node is not None and node.tag == "/Link", (number, node and node.tag)
        assert not any(a.tag == "/Link" for a in node.ancestors())            # one element per link
        assert any(n.mcids for n in node.walk()), "a Link element holds the link's visible text"
        assert int(annotation.get("/F", 0)) & 4, "links print"
        description = str(annotation.Contents)
        assert re.search(r"[\u4e00-\u9fff]", description) and "stage-" not in description, description
        assert re.search(r"（第 \d+ 页）$", description), description
        assert not description.startswith("出处（"), description      # says whose source: the title attribute
    described = {str(a.Contents) for _, a in links}
    for stage in shipped_briefing.stages:
        assert any(d.startswith(stage.heading + "（第 ") for d in described), stage.heading
    for number, page in enumerate(pdf.pages, start=1):                         # no overlapping duplicates
        rects = [[float(v) for v in a.Rect] for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                overlap = min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[1], b[1]) - max(a[3], b[3]) > 0.5
                assert not overlap, (number, a, b)


def test_table_header_cells_have_scope(tree) -> None:
    headers = [n for n in tree.walk() if n.tag == "/TH"]
    assert len(headers) >= 6
    for th in headers:
        in_head = any(a.tag == "/THead" for a in th.ancestors())
        assert th.attributes.get("/Scope") == ("/Column" if in_head else "/Row"), th.attributes


def test_no_empty_structure_elements(tree) -> None:
    empty = [n.tag for n in tree.walk() if n.tag in ("/Span", "/NonStruct", "/Div", "/P") and n.empty]
    assert empty == []


def test_marked_content_belongs_to_the_tree(pdf, tree) -> None:
    """Every MCID drawn is in the tree (none dangles, as the margin boxes' did)."""
    tagged = {n for node in tree.walk() for n in node.mcids}
    drawn = 0
    for page in pdf.pages:
        for operands, _operator in pikepdf.parse_content_stream(page, "BDC"):
            if isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                drawn += 1
                assert str(operands[0]) != "/Artifact"
    assert drawn and drawn == sum(len(node.mcids) for node in tree.walk())
    assert tagged


def test_default_pdf_has_xmp_metadata_claiming_no_standard(pdf, shipped_briefing) -> None:
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert shipped_briefing.document.title in xmp
    assert "pdfuaid" not in xmp and "pdfaid" not in xmp
