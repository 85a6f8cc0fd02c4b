// Inactivity: after the idle time a modal asks "are you still there?" with a visible
// countdown of at least 20 s (WCAG 2.2.1) and one button to continue; then `onExpire`.

export function createIdle(options) {
  const { dialog, isVisiting, seconds, warningSeconds, render, remainingText } = options;
  const { onExpire, onContinue } = options;
  let timer = null;
  let tick = null;

  function arm() {
    clearTimeout(timer);
    if (isVisiting() && !dialog.open) timer = setTimeout(warn, seconds() * 1000);
  }

  function stop() {
    clearTimeout(timer);
    clearInterval(tick);
    if (dialog.open) dialog.close();
    dialog.replaceChildren();
  }

  function warn() {
    let remaining = warningSeconds();
    dialog.replaceChildren(...render(remaining, resume));
    dialog.showModal();
    dialog.querySelector("h2").focus();
    tick = setInterval(() => {
      remaining -= 1;
      if (remaining <= 0) {
        stop();
        onExpire();
      } else dialog.querySelector("[data-remaining]").textContent = remainingText(remaining);
    }, 1000);
  }

  function resume() {
    stop();
    arm();
    onContinue();
  }

  for (const type of ["pointerdown", "keydown", "input"]) {
    document.addEventListener(type, () => isVisiting() && !dialog.open && arm(), true);
  }
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape counts as "continue", never as a silent reset
    resume();
  });
  return { arm, stop };
}
