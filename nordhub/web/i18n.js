// UI strings per language (web/i18n/<lang>.json, each complete: tests/web/test_assets.py), and
// dates, numbers and names formatted by the browser's CLDR data (Intl) in the served language.

import { config } from "./config.js";

const bundles = new Map();
let strings = {};
let locale = "en";

async function bundle(language) {
  if (!bundles.has(language)) {
    const loading = fetch(config.strings[language]).then((r) => {
      if (!r.ok) throw new Error(`strings for ${language}: HTTP ${r.status}`);
      return r.json();
    });
    loading.catch(() => bundles.delete(language)); // a later try may succeed
    bundles.set(language, loading);
  }
  return bundles.get(language);
}

// Use the strings of the first language in `chain` (the hub's, e.g. ["fo", "da", "en"]) that
// the page has strings for: one file, the served language's own.
export async function useLanguage(chain) {
  const language = chain.find((tag) => tag in config.strings) || "en";
  strings = await bundle(language);
  locale = chain[0];
}

export function has(key) {
  return key in strings;
}

export function formatNumber(value) {
  try {
    return new Intl.NumberFormat(locale).format(value);
  } catch {
    return String(value);
  }
}

export function t(key, params = {}) {
  const text = strings[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (match, name) =>
    name in params ? String(params[name]) : match,
  );
}

// Like t(), but a parameter may be a DOM node (a name marked with its language): the parts of
// the text around it stay text, the node stays a node.
export function tParts(key, params = {}) {
  const text = strings[key];
  if (text === undefined) return [key];
  return text
    .split(/(\{\w+\})/)
    .filter((part) => part !== "")
    .map((part) => {
      const name = part.match(/^\{(\w+)\}$/);
      return name && name[1] in params ? params[name[1]] : part;
    });
}

// A counted text: `${key}.one` or `${key}.other` (CLDR plural rules of the served language).
export function tn(key, count, params = {}) {
  let category = "other";
  try {
    category = new Intl.PluralRules(locale).select(count);
  } catch {
    // No plural data for the locale: "other" reads right for most counts.
  }
  const chosen = `${key}.${category}` in strings ? `${key}.${category}` : `${key}.other`;
  return t(chosen, { ...params, count: formatNumber(count) });
}

export function applyStrings(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  }
  document.documentElement.lang = locale;
}

// A YYYY-MM-DD date in the served language, e.g. "26. feb. 2013" or "26.2.2013".
export function formatDate(iso) {
  if (!iso) return "";
  const [year, month, day] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // A browser without CLDR data for the language (often is, se, fo, kl) gets the Nordic numeric form.
  if (!Intl.DateTimeFormat.supportedLocalesOf([locale]).length) return `${day}.${month}.${year}`;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

export function currentLocale() {
  return locale;
}
