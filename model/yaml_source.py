"""YAML with line numbers.

PyYAML forgets where a value came from once it builds Python objects; users
need "outline.yaml, line 42" to find their mistake, so we keep the node tree
and map every field path to its line.  Duplicate keys (silently last-wins in
PyYAML) are an error here: one of the two values would be lost.

What a hostile or mangled file could do to the loader is refused with the line
it happens on, before any value is built:

- aliases (``*name``): our files never need them, and nine levels of nine
  aliases ("billion laughs") expand to 387 million values;
- nesting deeper than :data:`MAX_DEPTH` (Python's recursion limit otherwise);
- keys that are lists or mappings (``? [a, b]``): our keys are field names;
- control and invisible characters in any key or value (model.characters).

Dates stay text until the schema reads them: PyYAML's own timestamp reading
raises a bare ValueError on ``2018-06-31``; pydantic says which field is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from model.characters import HINT as CHARACTER_HINT
from model.characters import describe, unwanted
from model.errors import InputError, Problem, display_path
from model.input_files import read_input

Path_ = tuple[Any, ...]
MAX_DEPTH = 20          # the outline nests 6 levels deep (stages[0].measures[0].items[0])


class _Refused(Exception):
    """A construct the loader refuses, with its line; turned into a Problem by load_yaml."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = mark.line + 1, message, hint


class _Loader(yaml.SafeLoader):
    """The safe loader without aliases, with a nesting limit, and without implicit timestamps."""

    yaml_implicit_resolvers = {first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                               for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):  # PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, f"the alias `*{event.anchor}` repeats another part of the file",
                           "write the value out in full: aliases and anchors (&name, *name) are not used in these files")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(self.peek_event().start_mark, f"the values are nested more than {MAX_DEPTH} levels deep",
                           "check the brackets and indentation near that line; the shipped files show the shape")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass
class YamlDoc:
    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    text: str = ""                      # the file as read, for messages that quote a line

    def source_line(self, path: Path_) -> str:
        line = self.line_of(path)
        return self.text.splitlines()[line - 1] if line and line <= self.text.count("\n") + 1 else ""

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


def load_yaml(path: Path, option: str = "--outline") -> YamlDoc:
    """``option``: the command-line option that chooses this file, for the hint when it is missing."""
    name = display_path(path)
    raw = read_input(path, option)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(Problem(name, f"line {line}", f"the file is not UTF-8 text (byte {exc.start}, on this line, is not)",
                                 "save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)")) from None
    if not text.strip():
        raise InputError(Problem(name, "", "the file is empty",
                                 "restore it from the shipped example or version control"))
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        ch = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise InputError(Problem(name, f"line {line}", f"the file contains {describe(ch)}", CHARACTER_HINT)) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(Problem(name, "", "the file holds no YAML document"))
        doc = YamlDoc(name, None, text=text)
        problems: list[Problem] = []
        _check_and_index(node, (), doc, text, problems)
        if problems:
            raise InputError(problems)
        doc.data = loader.construct_document(node)
    except _Refused as exc:
        raise InputError(Problem(name, f"line {exc.line}", exc.message, exc.hint)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(name, *_tidy_yaml_message(exc))) from None
    finally:
        loader.dispose()
    return doc


def _check_characters(node: yaml.ScalarNode, path: Path_, doc: YamlDoc, text: str, problems: list[Problem]) -> None:
    for ch in unwanted(node.value):
        at = text.find(ch, node.start_mark.index, max(node.end_mark.index, node.start_mark.index + 1))
        line = node.start_mark.line + 1 + (text.count("\n", node.start_mark.index, at) if at >= 0 else 0)
        dotted = format_path(path)
        problems.append(Problem(doc.file, f"line {line}" + (f", field `{dotted}`" if dotted else ""),
                                f"the text holds {describe(ch)}", CHARACTER_HINT))


def _check_and_index(node: yaml.Node, path: Path_, doc: YamlDoc, text: str, problems: list[Problem]) -> None:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        _check_characters(node, path, doc, text, problems)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark, "a key here is a list or a mapping",
                               "keys are field names such as `title:`; a line starting with `?` makes a complex key — remove the `?`")
            key = key_node.value
            _check_characters(key_node, path + (key,), doc, text, problems)
            if key in seen:
                raise InputError(Problem(
                    doc.file, f"line {line}, field `{format_path(path + (key,))}`",
                    f"the key `{key}` appears twice (first on line {seen[key]})",
                    "keep one of them; YAML would silently drop the other"))
            seen[key] = line
            _check_and_index(value_node, path + (key,), doc, text, problems)
            doc.lines[path + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_and_index(item, path + (index,), doc, text, problems)
