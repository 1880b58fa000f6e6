// Inline checks that match the API's own: the same limits (config.js, from the hub), counted as
// the API counts (characters of the trimmed text), with a counter under each limited field and
// the reason next to the field, in the page's language.

import { formatNumber, t, tn } from "./i18n.js";

// Characters as the API counts them (code points, not UTF-16 units), after trimming.
export function characters(text) {
  return [...text.trim()].length;
}

// null when `text` is acceptable, else the reason in the page's language.
export function textProblem(text, { maximum, required = null }) {
  const length = characters(text);
  if (!length && required) return t(required);
  if (length > maximum) {
    return tn("validate.tooLong", length - maximum, { maximum: formatNumber(maximum) });
  }
  return null;
}

function element(field, suffix) {
  return document.getElementById(`${field.id}-${suffix}`);
}

// A counter shows while the text is long enough to need one, and no problem says it already.
function showCounter(field) {
  const counter = element(field, "counter");
  if (counter) counter.hidden = counter.dataset.short === "true" || field.hasAttribute("aria-invalid");
}

// Show `message` next to `field` (or clear it): marked invalid for assistive technology too.
export function fieldProblem(field, message) {
  element(field, "error").textContent = message || "";
  if (message) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
  showCounter(field);
}

// "4 800 characters left" under `field`, from `shownFrom` characters on (0: always shown).
export function updateCounter(field, maximum, { shownFrom = 0 } = {}) {
  const counter = element(field, "counter");
  const length = characters(field.value);
  counter.dataset.short = String(length < shownFrom);
  counter.classList.toggle("over", length > maximum);
  counter.textContent =
    length > maximum
      ? tn("counter.over", length - maximum)
      : tn("counter.left", maximum - length);
  showCounter(field);
}

const counters = [];

export function wireCounter(field, maximum, options = {}) {
  field.addEventListener("input", () => {
    // A problem said earlier goes once the text changes; the counter takes over while typing.
    if (field.hasAttribute("aria-invalid")) fieldProblem(field, null);
    updateCounter(field, maximum, options);
  });
  counters.push(() => updateCounter(field, maximum, options));
  updateCounter(field, maximum, options);
}

// Every counter again, in the language just chosen.
export function refreshCounters() {
  for (const update of counters) update();
}
