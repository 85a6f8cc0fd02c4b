"""Measuring a page as a person sees it: every control's box, inside the screen, none on
another, and screenshots kept as artefacts (artefacts/screens/, gitignored)."""

from __future__ import annotations

import os
from pathlib import Path

ARTEFACTS = Path(
    os.environ.get("SURVEY_TEST_ARTEFACTS", Path(__file__).resolve().parents[2] / "artefacts")
)
CONTROLS = "button, a[href], input, textarea, select, h1"
MEASURE = """(selector) => {
  const shown = (el) => {
    if (!el.getClientRects().length || el.closest("dialog:not([open]), [hidden]")) return false;
    const style = getComputedStyle(el);
    return style.visibility !== "hidden" && !el.closest(".sr-only, .skip-link");
  };
  const root = document.documentElement;
  // Words set one letter per line: a box narrower than two letters holding a longer text.
  const squeezed = [...document.querySelectorAll("p, span, h1, h2, label, legend, li, a, button")]
    .filter((el) => shown(el) && el.textContent.trim().length > 4 && !el.children.length)
    .filter((el) => {
      const letter = parseFloat(getComputedStyle(el).fontSize);
      return el.getBoundingClientRect().width < 2 * letter;
    })
    .map((el) => `${el.tagName.toLowerCase()} «${el.textContent.trim().slice(0, 40)}»`);
  return {
    squeezed,
    width: root.clientWidth,
    height: innerHeight,
    scrollWidth: root.scrollWidth,
    scrollHeight: root.scrollHeight,
    boxes: [...document.querySelectorAll(selector)].filter(shown).map((el) => {
      const r = el.getBoundingClientRect();
      const name = (el.innerText || el.value || el.name || el.tagName).trim().slice(0, 40);
      return {
        name: `${el.tagName.toLowerCase()} «${name}»`,
        left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX,
        bottom: r.bottom + scrollY,
        clipped: el.tagName !== "TEXTAREA" && el.scrollWidth > el.clientWidth + 1,
      };
    }),
  };
}"""


def measure(page) -> dict:
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    return page.evaluate(MEASURE, CONTROLS)


def overlaps(boxes) -> list[str]:
    """Pairs of controls whose boxes share more than a pixel's width."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            width = min(a["right"], b["right"]) - max(a["left"], b["left"])
            height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if width > 1 and height > 1:
                found.append(f"{a['name']} over {b['name']}")
    return found


def layout_problems(page, *, fits_screen: bool) -> list[str]:
    """What a person would see wrong: a control off the screen's width (or below its height
    when the screen must fit), text cut in its box or squeezed to a letter per line, a control
    over another, a sideways scroll."""
    seen = measure(page)
    problems = overlaps(seen["boxes"])
    if seen["scrollWidth"] > seen["width"]:
        problems.append(f"scrolls sideways ({seen['scrollWidth']} > {seen['width']} px)")
    if fits_screen and seen["scrollHeight"] > seen["height"]:
        problems.append(f"scrolls down ({seen['scrollHeight']} > {seen['height']} px)")
    for box in seen["boxes"]:
        if box["left"] < -0.5 or box["right"] > seen["width"] + 0.5:
            problems.append(f"{box['name']} outside the width")
        if fits_screen and (box["top"] < -0.5 or box["bottom"] > seen["height"] + 0.5):
            problems.append(f"{box['name']} below the screen")
        if box["clipped"]:
            problems.append(f"{box['name']} text cut")
    problems += [f"{name} one letter per line" for name in seen["squeezed"]]
    return problems


def scale_text(page, factor: float) -> None:
    """Text enlarged without zoom (WCAG 1.4.4): the root font size times `factor`; 1 resets."""
    page.evaluate(
        """(factor) => {
          const root = document.documentElement;
          root.style.fontSize = "";
          if (factor !== 1) {
            root.style.fontSize = `${parseFloat(getComputedStyle(root).fontSize) * factor}px`;
          }
        }""",
        factor,
    )


def keep_screenshot(page, folder: str, name: str) -> Path:
    path = ARTEFACTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    return path
