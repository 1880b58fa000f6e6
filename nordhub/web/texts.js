// Texts from the hub as served: each says its language, and whether it is the original or a
// translation (the hub's LocalizedText). A text in another language than the page's is marked
// with `lang`, so a screen reader reads it with the right pronunciation.

import { h } from "./dom.js";
import { currentLocale, t } from "./i18n.js";

// The text of `localized` (or `plain` when the hub sent none), marked with its language when it
// is not the page's.
export function served(localized, plain = null) {
  if (!localized) return plain;
  if (localized.language === currentLocale()) return localized.text;
  return h("span", { lang: localized.language }, localized.text);
}

// "Translated from norsk bokmål" when `localized` is a translation of a text in another language.
export function translatedFrom(localized) {
  if (!localized || localized.original || !localized.originalLanguageName) return null;
  return h(
    "p",
    { class: "translated", dataset: { from: localized.originalLanguage } },
    t("text.translatedFrom", { language: localized.originalLanguageName }),
  );
}
