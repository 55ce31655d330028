"""YAML with line numbers.

PyYAML forgets where a value came from once it builds Python objects; users
need "outline.yaml, line 42" to find their mistake, so we keep the node tree
and map every field path to its line.  Duplicate keys (silently last-wins in
PyYAML) are an error here: one of the two values would be lost.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem, display_path

Path_ = tuple[Any, ...]


@dataclass
class YamlDoc:
    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Line of the deepest known ancestor of ``path`` (1-based)."""
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def where(self, path: Path_) -> str:
        line = self.line_of(path)
        dotted = format_path(path)
        parts = [f"line {line}"] if line else []
        if dotted:
            parts.append(f"field `{dotted}`")
        return ", ".join(parts)


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _tidy_yaml_message(exc: yaml.YAMLError) -> tuple[str, str, str]:
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    hint = "check indentation, colons and quotes near that line"
    if "\\t" in problem or "tab" in problem.lower():
        hint = "YAML does not allow tab characters for indentation; indent with spaces"
    return where, f"this is not valid YAML ({problem})", hint


def load_yaml(path: Path) -> YamlDoc:
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(name, "", "file not found",
                                 "check the path, or pass another file with --outline")) from None
    except OSError as exc:
        raise InputError(Problem(name, "", f"cannot read the file ({exc.strerror})")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(name, f"byte {exc.start}", "the file is not UTF-8 text",
                                 "save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)")) from None
    if not text.strip():
        raise InputError(Problem(name, "", "the file is empty",
                                 "restore it from the shipped example or version control"))
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise InputError(Problem(name, f"line {line}", f"the file contains a control character (U+{exc.character:04X})",
                                 "delete it; it is invisible in most editors, so retype the line")) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(Problem(name, "", "the file holds no YAML document"))
        doc = YamlDoc(name, None)
        _check_and_index(node, (), doc)
        doc.data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise InputError(Problem(name, *_tidy_yaml_message(exc))) from None
    finally:
        loader.dispose()
    return doc


def _check_and_index(node: yaml.Node, path: Path_, doc: YamlDoc) -> None:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise InputError(Problem(
                    doc.file, f"line {line}, field `{format_path(path + (key,))}`",
                    f"the key `{key}` appears twice (first on line {seen[key]})",
                    "keep one of them; YAML would silently drop the other"))
            seen[key] = line
            _check_and_index(value_node, path + (key,), doc)
            doc.lines[path + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_and_index(item, path + (index,), doc)
