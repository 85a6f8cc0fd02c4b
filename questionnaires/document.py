"""A questionnaire document (the YAML's mapping) addressed by paths, and written back as YAML.

The loader names every problem by a path such as `items[3].options[1].value`; the
browser editor names its fields the same way, so an error lands next to its field.
`to_yaml` writes a document that `parse_questionnaire` reads back unchanged.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import yaml

Segment = str | int
_SEGMENT = re.compile(r"([^.\[\]()]+)(?:\([^)]*\))?|\[(\d+)\]")


def parse_path(path: str) -> list[Segment]:
    """'items[3].options[1].value' -> ['items', 3, 'options', 1, 'value'].

    A scale reference such as `scale(satisfaction)` is the segment 'scale'."""
    segments: list[Segment] = []
    for match in _SEGMENT.finditer(path):
        name, index = match.groups()
        segments.append(int(index) if index is not None else name)
    return segments


def join_path(segments: list[Segment]) -> str:
    """The inverse of parse_path."""
    out = ""
    for segment in segments:
        if isinstance(segment, int):
            out += f"[{segment}]"
        else:
            out += f".{segment}" if out else str(segment)
    return out


def get_at(document: Any, path: str, default: Any = None) -> Any:
    """The value at `path`, or `default` when any step is missing or of the wrong kind."""
    node = document
    for segment in parse_path(path):
        node = _child(node, segment)
        if node is _MISSING:
            return default
    return node


def set_at(document: Any, path: str, value: Any) -> None:
    """Set the value at `path`; mappings on the way are created, lists must exist."""
    *parents, last = parse_path(path)
    node = document
    for segment, following in zip(parents, [*parents[1:], last], strict=True):
        child = _child(node, segment)
        if child is _MISSING or not isinstance(child, dict | list):
            child = [] if isinstance(following, int) else {}
            node[segment] = child
        node = child
    node[last] = value


def delete_at(document: Any, path: str) -> None:
    """Remove the value at `path` if it is there."""
    *parents, last = parse_path(path)
    parent = get_at(document, join_path(parents)) if parents else document
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]


_MISSING = object()


def _child(node: Any, segment: Segment) -> Any:
    if isinstance(segment, int):
        ok = isinstance(node, list) and 0 <= segment < len(node)
        return node[segment] if ok else _MISSING
    if isinstance(node, dict):
        if segment in node:
            return node[segment]
        if (
            segment.isascii() and segment.isdigit() and int(segment) in node
        ):  # engagements: 2 in YAML
            return node[int(segment)]
    return _MISSING


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists, short lists of scalars on one line: `[fr, en]`."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    is_short = all(isinstance(v, str | int) and len(str(v)) < 30 for v in data) and data
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=bool(is_short))


_Dumper.add_representer(list, _represent_list)


def to_yaml(document: dict[str, Any]) -> str:
    """The document as YAML: its key order kept, Unicode as is, engagement numbers as
    numbers (a version stored as JSON keeps them as strings)."""
    document = dict(document)
    engagements = document.get("engagements")
    if isinstance(engagements, dict):
        document["engagements"] = {
            int(k) if isinstance(k, str) and k.isascii() and k.isdigit() else k: v
            for k, v in engagements.items()
        }
    return yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # one line per text: a diff shows what changed
    )


def line_numbers(text: str) -> dict[str, int]:
    """Path -> line (from 1) of every mapping value and list entry in YAML `text`, so a
    loader problem can say where it is in the file; {} when the text is not YAML."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, segments: list[Segment]) -> None:
        lines[join_path(segments)] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, [*segments, str(key.value)])
                lines[join_path([*segments, str(key.value)])] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                walk(value, [*segments, index])

    if root is not None:
        walk(root, [])
    return lines


def line_of(lines: dict[str, int], path: str) -> int | None:
    """The line of `path`, or of its nearest parent present in the file."""
    segments = parse_path(path)
    while segments:
        found = lines.get(join_path(segments))
        if found is not None:
            return found
        segments.pop()
    return None


def text_paths(document: Any) -> list[str]:
    """The path of every translated text ({fr: ..., en: ...}) in the document, in order."""
    found: list[str] = []

    def walk(node: Any, segments: list[Segment]) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("fr"), str) and all(isinstance(v, str) for v in node.values()):
                found.append(join_path(segments))
                return
            for key, value in node.items():
                walk(value, [*segments, str(key)])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, [*segments, index])

    walk(document, [])
    return found


def french_hash(text: str) -> str:
    """A short fingerprint of a French text: a translation made from another is stale."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]
