// The language switcher: a button that opens a list of links, one per language, each named in
// itself. Only following a link changes the language (a click, or Enter on the focused link):
// arrow keys and tabbing through the list change nothing. The language lives in the address
// (?lang=sv), so a copied link opens in the same language; the hash keeps the view.

import { $ } from "./dom.js";

export function languageFromAddress() {
  return new URLSearchParams(location.search).get("lang");
}

// The page's address in `language`, on the view the reader is on.
export function languageHref(language) {
  const search = new URLSearchParams(location.search);
  search.set("lang", language);
  return `${location.pathname}?${search.toString()}${location.hash}`;
}

function open(button, menu, isOpen) {
  button.setAttribute("aria-expanded", String(isOpen));
  menu.hidden = !isOpen;
}

export function wireSwitcher(choose) {
  const button = $("#language");
  const menu = $("#language-menu");
  button.addEventListener("click", () => {
    const opening = button.getAttribute("aria-expanded") !== "true";
    open(button, menu, opening);
    if (opening) (menu.querySelector("[aria-current]") || menu.querySelector("a"))?.focus();
  });
  menu.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-language]");
    if (!link) return;
    event.preventDefault();
    open(button, menu, false);
    button.focus();
    choose(link.dataset.language);
  });
  // Escape closes the list and returns to the button; leaving it closes it too.
  for (const el of [button, menu]) {
    el.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !menu.hidden) {
        open(button, menu, false);
        button.focus();
      }
    });
  }
  menu.addEventListener("focusout", (event) => {
    if (!button.parentElement.contains(event.relatedTarget)) open(button, menu, false);
  });
}
