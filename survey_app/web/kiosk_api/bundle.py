"""The tablet's one script and one stylesheet, joined from kiosk/ when first asked for.

kiosk/ keeps small ES modules (no build step); a tablet on a slow network should not pay a
round trip per module, so kiosk.js is served as one ES module: each source module becomes a
function scope that returns its exports, in the order the browser would evaluate them.
Only the two forms the tablet uses are understood, and any other is refused loudly:
`import { a, b as c } from "./module.js";` and `export function|async function|const|let|class`.
The stylesheets index.html links are joined the same way, in their order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./([\w-]+\.js)";[ \t]*\n?', re.M)
EXPORT = re.compile(r"^export\s+((?:async\s+)?function\*?|const|let|class)\s+([\w$]+)", re.M)
ANY_MODULE_SYNTAX = re.compile(r"^[ \t]*(?:import|export)\b.*$", re.M)
COMMENT_LINE = re.compile(r"^[ \t]*//.*\n", re.M)
STYLESHEET = re.compile(r'[ \t]*<link rel="stylesheet" href="([\w.-]+\.css)">\n?')


class BundleError(ValueError):
    """A module uses a form the joiner does not understand: names the file and the line."""


def _without_comment_lines(source: str) -> str:
    """Whole-line `//` comments dropped (a sixth of the bytes): they explain the sources,
    which stay as they are. A module with a multi-line template literal keeps them all."""
    if any(line.count("`") % 2 for line in source.splitlines()):
        return source
    return COMMENT_LINE.sub("", source)


def _line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def _scope_name(module: str) -> str:
    return "module_" + re.sub(r"\W", "_", module.removesuffix(".js"))


def _binding(names: str) -> str:
    """`a, b as c` -> `a, b: c`, the same names as a destructuring pattern."""
    parts = [part.split() for part in names.split(",") if part.strip()]
    return ", ".join(p[0] if len(p) == 1 else f"{p[0]}: {p[2]}" for p in parts)


def _refuse_unknown_forms(name: str, source: str) -> None:
    understood = [m.span() for m in IMPORT.finditer(source)]
    for match in ANY_MODULE_SYNTAX.finditer(source):
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        if any(a <= start < b for a, b in understood) or EXPORT.match(source, start):
            continue
        raise BundleError(
            f"kiosk/{name}: line {_line_of(source, start)}: only `import {{ ... }} from "
            f'"./x.js";` and `export function|const|let|class` can be joined: '
            f"{match.group(0).strip()}"
        )


def evaluation_order(read, entry: str) -> list[str]:
    """The modules reachable from `entry`, each after the ones it imports (as a browser
    evaluates them); an import cycle is refused."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order:
            return
        if name in visiting:
            raise BundleError(f"kiosk/{name}: import cycle")
        visiting.add(name)
        for _, dependency in IMPORT.findall(read(name)):
            visit(dependency)
        visiting.discard(name)
        order.append(name)

    visit(entry)
    return order


def join_modules(read, entry: str) -> str:
    """One ES module with the behaviour of `entry` and everything it imports.

    `read(name)` gives a module's source (the server fills in its placeholders first)."""
    parts = ["// The hall tablet's modules (kiosk/*.js), joined by the server: one download.\n"]
    for name in evaluation_order(read, entry):
        source = read(name)
        _refuse_unknown_forms(name, source)
        imports = IMPORT.findall(source)
        body = EXPORT.sub(r"\1 \2", IMPORT.sub("", source))
        exports = [exported for _, exported in EXPORT.findall(source)]
        bindings = "".join(
            f"const {{ {_binding(names)} }} = {_scope_name(dep)};\n" for names, dep in imports
        )
        returned = f"return {{ {', '.join(exports)} }};\n" if name != entry else ""
        body = _without_comment_lines(body)
        parts.append(
            f"// ---- {name}\nconst {_scope_name(name)} = (() => {{\n"
            f"{bindings}{body.rstrip()}\n{returned}}})();\n"
        )
    return "".join(parts)


def linked_stylesheets(page: str) -> list[str]:
    """The stylesheets a page links, in order."""
    return STYLESHEET.findall(page)


def link_one_stylesheet(page: str, href: str) -> str:
    """The page with its stylesheet links replaced by one link to `href` (the joined file)."""
    first = True

    def replace(match: re.Match) -> str:
        nonlocal first
        if not first:
            return ""
        first = False
        indent = match.group(0)[: len(match.group(0)) - len(match.group(0).lstrip())]
        return f'{indent}<link rel="stylesheet" href="{href}">\n'

    return STYLESHEET.sub(replace, page)


def join_stylesheets(root: Path, names: list[str]) -> str:
    return "\n".join((root / name).read_text(encoding="utf-8") for name in names)


def words_module(source: str, texts: dict, pictograms: dict) -> str:
    """kiosk/words.js with every language's texts and every pictogram filled in."""
    compact = {"ensure_ascii": False, "separators": (",", ":"), "sort_keys": True}
    source = source.replace('"__KIOSK_TEXTS__"', json.dumps(texts, **compact))
    return source.replace('"__KIOSK_PICTOGRAMS__"', json.dumps(pictograms, **compact))
