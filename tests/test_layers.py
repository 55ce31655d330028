"""Dependencies run one way: application (app/) → builders (report/, slides/) → model (model/),
with infra/ a leaf every layer may use; app/ names no builder package in an import at all — it
reaches them through the registry (app/builders.py), so a new output is one line there.  Every import statement is read with ast, including
the lazy ones inside functions, so a builder reaching into app/ or the model importing a
builder fails here rather than in a circular-import traceback later."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "infra", "model", "report", "slides")
ALLOWED = {                       # package → the project packages it may import
    "infra": set(),
    "model": {"infra"},
    "report": {"model", "infra"},
    "slides": {"model", "infra"},
    "app": {"model", "infra"},     # the builders only through app/builders.py's registry (imported by name)
}


def project_imports(path: Path) -> set[tuple[str, int]]:
    """(top-level project package, line) for every import in ``path``; relative imports stay inside."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in PACKAGES}
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_follow_the_layers(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, package
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {target}"
             for path in files for target, line in sorted(project_imports(path))
             if target != package and target not in ALLOWED[package]]
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_lazy_imports(tmp_path: Path) -> None:
    """The parser must find an import hidden in a function body, the usual way a layer is broken."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from app.pipeline import build\n    import slides.deck\n")
    assert project_imports(sample) == {("app", 2), ("slides", 3)}
