// The manage page's cards: a card's "More" menu (a <details>) closes on Escape, on a click
// elsewhere and when focus leaves it, and one menu is open at a time; "Rename" opens the card's
// rename form in place instead of reloading the page. Without this script both still work.
const menus = [...document.querySelectorAll("details.card-menu")];

function close(menu, focusSummary = false) {
  menu.open = false;
  if (focusSummary) menu.querySelector("summary").focus();
}

for (const menu of menus) {
  menu.addEventListener("toggle", () => {
    if (menu.open) menus.filter((other) => other !== menu && other.open).forEach((other) => close(other));
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      event.preventDefault();
      close(menu, true);
    }
  });
  menu.addEventListener("focusout", (event) => {
    if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) close(menu);
  });
}

document.addEventListener("click", (event) => {
  menus.filter((menu) => menu.open && !menu.contains(event.target)).forEach((menu) => close(menu));
});

for (const link of document.querySelectorAll("[data-rename]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const region = document.getElementById(link.dataset.rename);
    region.hidden = false;
    close(link.closest("details.card-menu"));
    region.querySelector("input[name=title]").focus();
  });
}

for (const cancel of document.querySelectorAll("[data-rename-cancel]")) {
  cancel.addEventListener("click", (event) => {
    event.preventDefault();
    const region = document.getElementById(cancel.dataset.renameCancel);
    region.hidden = true;
    region.closest(".resume-card").querySelector("details.card-menu summary").focus();
  });
}
