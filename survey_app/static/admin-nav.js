// The «Administration» menu of the workspace's navigation is a <details>: it opens and
// closes by keyboard and without this script. This only closes it the way a menu is
// expected to: Escape (focus back on its entry) or a click elsewhere on the page.
const menus = document.querySelectorAll("details.admin-menu");

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of menus) {
    if (menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  }
});

document.addEventListener("click", (event) => {
  for (const menu of menus) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  }
});
