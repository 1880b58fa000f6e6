// Building the page's DOM from data: text always goes in as text nodes, never as HTML.

export const $ = (selector) => document.querySelector(selector);

// h("p", {class: "x"}, "text", child): an element with attributes and text or element children.
export function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...nodes(children));
  return el;
}

// Children for append/replaceChildren: arrays flattened, absent parts dropped, text as text.
export function nodes(...items) {
  return items
    .flat(Infinity)
    .filter((item) => item !== null && item !== undefined && item !== false)
    .map((item) => (item instanceof Node ? item : document.createTextNode(String(item))));
}

// ["a", "b", "c"] -> ["a", ", ", "b", ", ", "c"]
export function joined(items, separator = ", ") {
  return items.flatMap((item, i) => (i ? [separator, item] : [item]));
}

export function link(href, text) {
  return h("a", { href }, text);
}

export function projectHref(id) {
  return `#/projects/${encodeURIComponent(id)}`;
}
