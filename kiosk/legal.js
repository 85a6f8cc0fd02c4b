// A legal page opened from the tablet's welcome screen: back to the welcome screen after a
// while without a touch, so the next visitor never finds the tablet on a page of text.

const IDLE_MS = 120000;
let timer;
const arm = () => {
  clearTimeout(timer);
  timer = setTimeout(() => location.assign("../"), IDLE_MS);
};
for (const type of ["pointerdown", "keydown", "scroll"]) addEventListener(type, arm, { passive: true });
arm();
