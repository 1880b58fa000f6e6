// The page: a hash router over four views (search, referral, projects, project), each a
// GraphQL query in the chosen language. Text from the hub is set with textContent, never as HTML.

import { ApiError, graphql } from "./api.js";
import { applyStrings, autonym, formatDate, t, tn, useLanguage } from "./i18n.js";
import { drawMap } from "./map.js";
import * as Q from "./queries.js";

const STORED_LANGUAGE = "nordhub.language";
const LOG_KINDS = ["MEETING", "MILESTONE", "DECISION", "REPORT", "NOTE"];

const state = {
  language: null, // the served language (chosen, or negotiated from the browser's)
  supported: [],
  countries: [],
};

const $ = (selector) => document.querySelector(selector);

// h("p", {class: "x"}, "text", child): an element with attributes and text or element children.
function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Children for replaceChildren: arrays flattened, absent parts dropped.
function nodes(...items) {
  return items
    .flat(Infinity)
    .filter((item) => item !== null && item !== undefined && item !== false);
}

function query(document, variables, options = {}) {
  return graphql(document, variables, { language: state.language, ...options });
}

function announce(message, { error = false } = {}) {
  const status = $("#status");
  status.textContent = message || "";
  status.classList.toggle("error", error);
}

function errorText(error) {
  if (error instanceof ApiError && error.code === "NETWORK") return t("error.network");
  return t("error.generic", { message: error.message || String(error) });
}

// ---- language -------------------------------------------------------------------------------

async function start(language) {
  const { data } = await graphql(Q.START, {}, { language });
  state.language = data.language.code;
  state.supported = data.language.supported;
  state.countries = data.countries;
  await useLanguage(data.language.fallbackChain);
  applyStrings();
  fillLanguages();
  fillCountries();
  fillLogForm();
}

function fillLanguages() {
  const select = $("#language");
  select.replaceChildren(
    ...state.supported.map((tag) =>
      h("option", { value: tag, lang: tag, selected: tag === state.language }, autonym(tag)),
    ),
  );
}

function countryOptions(select, { all = null, value = "" } = {}) {
  const current = select.value || value;
  const options = state.countries.map((c) => h("option", { value: c.code }, c.name));
  if (all) options.unshift(h("option", { value: "" }, all));
  select.replaceChildren(...options);
  select.value = current;
}

function fillCountries() {
  countryOptions($("#search-country"), { all: t("search.allCountries") });
  countryOptions($("#projects-country"), { all: t("search.allCountries") });
  countryOptions($("#referral-from"), { value: "IS" });
}

function fillLogForm() {
  const kind = $("#log-kind");
  const chosenKind = kind.value || "NOTE";
  kind.replaceChildren(...LOG_KINDS.map((k) => h("option", { value: k }, t(`logKind.${k}`))));
  kind.value = chosenKind;
  const language = $("#log-language");
  const chosen = language.value || state.language;
  language.replaceChildren(
    ...state.supported.map((tag) => h("option", { value: tag, lang: tag }, autonym(tag))),
  );
  language.value = chosen;
}

async function switchLanguage(language) {
  localStorage.setItem(STORED_LANGUAGE, language);
  try {
    await start(language);
    await route({ focus: false });
  } catch (error) {
    announce(errorText(error), { error: true });
  }
}

// ---- routing --------------------------------------------------------------------------------

function parseHash() {
  const [path, search = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [view = "search", ...rest] = path.split("/");
  return { view, id: rest.map(decodeURIComponent).join("/"), params: new URLSearchParams(search) };
}

function show(view, { focus }) {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== view;
  const section = view === "project" ? "projects" : view;
  for (const link of document.querySelectorAll("[data-section]")) {
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (focus) document.querySelector(`#${view} h2`).focus();
}

async function route({ focus = true } = {}) {
  const { view, id, params } = parseHash();
  const main = $("#main");
  main.setAttribute("aria-busy", "true");
  announce("");
  try {
    if (view === "referral") {
      show("referral", { focus });
      await referralView(params);
    } else if (view === "projects" && id) {
      show("project", { focus });
      await projectView(id);
    } else if (view === "projects") {
      show("projects", { focus });
      await projectsView(params);
    } else {
      show("search", { focus });
      await searchView(params);
    }
  } catch (error) {
    announce(errorText(error), { error: true });
  } finally {
    main.dataset.renders = String(Number(main.dataset.renders || 0) + 1);
    main.removeAttribute("aria-busy");
  }
}

function go(path, params = {}) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  const hash = `#/${path}${search ? `?${search}` : ""}`;
  if (location.hash === hash) route();
  else location.hash = hash;
}

// ---- services (search and referral) ---------------------------------------------------------

function period(from, to) {
  if (from && to) return t("period.range", { from: formatDate(from), to: formatDate(to) });
  if (from) return t("period.from", { date: formatDate(from) });
  if (to) return t("period.until", { date: formatDate(to) });
  return t("value.notStated");
}

function fact(label, ...value) {
  const content = value.flat().filter((v) => v !== null && v !== undefined && v !== "");
  return [h("dt", {}, label), h("dd", {}, content.length ? content : t("value.notStated"))];
}

function joined(items) {
  const out = [];
  items.forEach((item, i) => {
    if (i) out.push(", ");
    out.push(item);
  });
  return out;
}

function serviceCard(service, { note } = {}) {
  const sites = service.sites.map((site) =>
    h("li", {}, site.location.name, site.location.city ? ` (${site.location.city})` : ""),
  );
  const card = h(
    "article",
    { class: `service${service.illustrative ? " illustrative" : ""}`, dataset: { id: service.id } },
    h(
      "h4",
      {},
      service.name,
      service.illustrative ? [" ", h("span", { class: "badge" }, t("result.illustrative"))] : null,
    ),
    service.illustrative
      ? h("p", { class: "illustrative-note" }, t("result.illustrativeNote"))
      : null,
    note
      ? h("p", { class: "cooperation-note" }, h("strong", {}, t("referral.nordicNote")), " ", note)
      : null,
    h(
      "dl",
      { class: "facts" },
      fact(t("result.sites"), sites.length ? h("ul", { class: "plain" }, sites) : null),
      fact(t("result.host"), joined(service.hostedBy.map((o) => o.name))),
      fact(t("result.kind"), service.kindInfo ? service.kindInfo.name : null),
      fact(
        t("result.status"),
        service.status
          ? h(
              "span",
              { class: `status-${service.status.toLowerCase()}` },
              t(`status.${service.status}`),
            )
          : null,
      ),
      fact(t("result.valid"), period(service.validFrom, service.validTo)),
      fact(
        t("result.legalBasis"),
        joined(
          service.legalBasis.map((l) =>
            l.url ? h("a", { href: l.url, rel: "noreferrer" }, l.citation) : l.citation,
          ),
        ),
      ),
      fact(t("result.registry"), joined(service.registries.map((r) => r.name))),
    ),
  );
  return card;
}

function groupByCountry(items, countryOf) {
  const groups = new Map();
  for (const item of items) {
    const country = countryOf(item) || { code: "", name: t("value.notStated") };
    if (!groups.has(country.code)) groups.set(country.code, { country, items: [] });
    groups.get(country.code).items.push(item);
  }
  // The hub's country order (NO, SE, DK, FI, IS, ...), as in the filter.
  const order = state.countries.map((c) => c.code);
  return [...groups.values()].sort(
    (a, b) => order.indexOf(a.country.code) - order.indexOf(b.country.code),
  );
}

function sitesOf(services) {
  const sites = new Map();
  for (const service of services) {
    for (const site of service.sites) {
      const location = site.location;
      const entry = sites.get(location.id) || { ...location, illustrative: true, services: [] };
      entry.illustrative = entry.illustrative && service.illustrative;
      entry.services.push(service.name);
      sites.set(location.id, entry);
    }
  }
  return [...sites.values()];
}

async function showMap(container, services) {
  const countries = [...new Set(services.map((s) => s.country && s.country.code).filter(Boolean))];
  await drawMap(container, sitesOf(services), {
    countries,
    label: (count) => tn("map.label", count),
  });
}

function suggestionList(suggestions, onPick) {
  if (!suggestions.length) return h("p", {}, t("search.noSuggestions"));
  return [
    h("p", {}, t("search.suggestions")),
    h(
      "ul",
      { class: "suggestions" },
      suggestions.map((s) => h("li", {}, h("a", { href: onPick(s) }, s))),
    ),
  ];
}

// ---- search view ----------------------------------------------------------------------------

async function searchView(params) {
  const text = params.get("q") || "";
  const country = params.get("country") || "";
  const illustrative = params.get("illustrative") !== "0";
  $("#search-query").value = text;
  $("#search-country").value = country;
  $("#search-illustrative").checked = illustrative;
  const results = $("#search-results");
  if (!text) {
    results.replaceChildren(h("p", { class: "hint" }, t("search.empty")));
    await showMap($("#search-map"), []);
    return;
  }
  announce(t("search.searching"));
  const { data } = await query(Q.SEARCH, {
    text,
    countries: country ? [country] : null,
    includeIllustrative: illustrative,
  });
  const answer = data.services;
  const services = answer.nodes;
  if (!services.length) {
    results.replaceChildren(
      h(
        "div",
        { class: "empty" },
        h("p", {}, t("search.noResults", { query: text })),
        suggestionList(
          answer.suggestions || [],
          (s) => `#/search?${new URLSearchParams({ q: s, country })}`,
        ),
      ),
    );
  } else {
    results.replaceChildren(
      ...nodes(
        h("p", { class: "count" }, tn("search.count", services.length)),
        groupByCountry(services, (s) => s.country).map((group) =>
          h(
            "section",
            {
              class: "country-group",
              "aria-label": group.country.name,
              dataset: { country: group.country.code },
            },
            h("h3", {}, group.country.name),
            group.items.map((s) => serviceCard(s)),
          ),
        ),
      ),
    );
  }
  announce(tn("search.count", services.length));
  await showMap($("#search-map"), services);
}

// ---- referral view --------------------------------------------------------------------------

async function referralView(params) {
  const text = params.get("q") || "";
  const from = params.get("from") || $("#referral-from").value || "IS";
  $("#referral-query").value = text;
  $("#referral-from").value = from;
  const results = $("#referral-results");
  if (!text) {
    results.replaceChildren(h("p", { class: "hint" }, t("search.empty")));
    await showMap($("#referral-map"), []);
    return;
  }
  announce(t("search.searching"));
  const { data } = await query(Q.REFERRAL, { fromCountry: from, text });
  const services = data.services.nodes;
  if (!services.length) {
    results.replaceChildren(h("p", {}, t("referral.none")));
  } else {
    results.replaceChildren(
      ...groupByCountry(services, (s) => s.country).map((group) =>
        h(
          "section",
          {
            class: "country-group",
            "aria-label": group.country.name,
            dataset: { country: group.country.code },
          },
          h("h3", {}, group.country.name),
          group.items.map((s) => serviceCard(s)),
        ),
      ),
    );
  }
  announce(tn("search.count", services.length));
  await showMap($("#referral-map"), services);
}

// ---- projects -------------------------------------------------------------------------------

function partyName(participant) {
  return participant.party.name;
}

async function projectsView(params) {
  const country = params.get("country") || "";
  $("#projects-country").value = country;
  announce(t("app.loading"));
  const { data } = await query(Q.PROJECTS, { country: country || null });
  const projects = data.collaborationProjects.nodes;
  $("#projects-list").replaceChildren(
    ...projects.map((p) =>
      h(
        "li",
        { class: "project-item" },
        h("h3", {}, h("a", { href: `#/projects/${encodeURIComponent(p.id)}` }, p.title)),
        h(
          "p",
          { class: "meta" },
          p.status ? h("span", { class: "tag" }, t(`projectStatus.${p.status}`)) : null,
          p.area ? h("span", { class: "tag" }, t(`projectArea.${p.area}`)) : null,
          p.periodStart || p.periodEnd ? h("span", {}, period(p.periodStart, p.periodEnd)) : null,
        ),
        h("p", { class: "participants" }, joined(p.participants.map(partyName))),
      ),
    ),
  );
  announce(tn("projects.count", data.collaborationProjects.totalCount));
}

function logItem(entry) {
  return h(
    "li",
    { class: "log-entry", dataset: { id: entry.id } },
    h(
      "p",
      { class: "meta" },
      entry.date ? h("time", { datetime: entry.date }, formatDate(entry.date)) : null,
      entry.kind ? h("span", { class: "tag" }, t(`logKind.${entry.kind}`)) : null,
      entry.provenance && entry.provenance.recordedBy && entry.provenance.recordedBy !== "seed"
        ? h("span", { class: "author" }, entry.provenance.recordedBy)
        : null,
    ),
    h("p", { lang: entry.language || null }, entry.text),
    entry.document
      ? h(
          "p",
          { class: "document" },
          entry.document.url
            ? h("a", { href: entry.document.url, rel: "noreferrer" }, entry.document.title)
            : entry.document.title,
        )
      : null,
  );
}

async function projectView(id) {
  announce(t("app.loading"));
  const { data } = await query(Q.PROJECT, { id });
  const project = data.collaborationProject;
  if (!project) {
    $("#project-heading").textContent = t("projects.notFound");
    $("#project-detail").replaceChildren();
    $("#project-log").replaceChildren();
    $("#log-form").hidden = true;
    announce(t("projects.notFound"), { error: true });
    return;
  }
  $("#log-form").hidden = false;
  $("#log-form").dataset.project = project.id;
  $("#project-heading").textContent = project.title;
  $("#project-detail").replaceChildren(
    ...nodes(
      h(
        "p",
        { class: "meta" },
        project.status ? h("span", { class: "tag" }, t(`projectStatus.${project.status}`)) : null,
        project.area ? h("span", { class: "tag" }, t(`projectArea.${project.area}`)) : null,
        h("span", {}, period(project.periodStart, project.periodEnd)),
      ),
      project.summary ? h("p", { class: "summary" }, project.summary) : null,
      project.partOf
        ? h(
            "p",
            {},
            t("project.partOf"),
            " ",
            h(
              "a",
              { href: `#/projects/${encodeURIComponent(project.partOf.id)}` },
              project.partOf.title,
            ),
          )
        : null,
      h("h3", {}, t("project.participants")),
      h(
        "ul",
        { class: "participants" },
        project.participants.map((p) =>
          h("li", {}, partyName(p), p.role ? ` (${t(`role.${p.role}`)})` : ""),
        ),
      ),
      project.concerns.length
        ? [
            h("h3", {}, t("project.concerns")),
            h(
              "ul",
              {},
              project.concerns.map((c) => h("li", {}, c.name)),
            ),
          ]
        : null,
      project.subprojects.length
        ? [
            h("h3", {}, t("project.subprojects")),
            h(
              "ul",
              {},
              project.subprojects.map((s) =>
                h("li", {}, h("a", { href: `#/projects/${encodeURIComponent(s.id)}` }, s.title)),
              ),
            ),
          ]
        : null,
    ),
  );
  const log = project.log;
  $("#project-log").replaceChildren(
    ...(log.length ? log.map(logItem) : [h("li", { class: "hint" }, t("project.logEmpty"))]),
  );
  announce("");
}

async function addLogEntry(form) {
  const result = $("#log-result");
  const data = new FormData(form);
  const token = String(data.get("token") || "").trim();
  result.classList.remove("error");
  result.textContent = t("log.sending");
  try {
    await query(
      Q.ADD_LOG_ENTRY,
      {
        project: form.dataset.project,
        kind: data.get("kind"),
        date: data.get("date") || null,
        text: String(data.get("text") || "").trim(),
        language: data.get("language"),
      },
      { token },
    );
  } catch (error) {
    result.classList.add("error");
    result.textContent = t("log.failed", { message: error.message || t("error.network") });
    return;
  }
  form.elements.text.value = "";
  await projectView(form.dataset.project);
  result.textContent = t("log.added");
  const entries = $("#project-log").children;
  if (entries.length) entries[entries.length - 1].classList.add("new");
}

// ---- wiring ---------------------------------------------------------------------------------

function wire() {
  $("#language").addEventListener("change", (event) => switchLanguage(event.target.value));
  $("#search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    go("search", {
      q: $("#search-query").value.trim(),
      country: $("#search-country").value,
      illustrative: $("#search-illustrative").checked ? null : "0",
    });
  });
  $("#referral-form").addEventListener("submit", (event) => {
    event.preventDefault();
    go("referral", { from: $("#referral-from").value, q: $("#referral-query").value.trim() });
  });
  $("#projects-form").addEventListener("submit", (event) => {
    event.preventDefault();
    go("projects", { country: $("#projects-country").value });
  });
  $("#log-form").addEventListener("submit", (event) => {
    event.preventDefault();
    addLogEntry(event.target);
  });
  // The skip link moves focus without touching the route in the address.
  $(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    $("#main").focus();
  });
  window.addEventListener("hashchange", () => {
    if (location.hash === "" || location.hash.startsWith("#/")) route();
  });
}

async function main() {
  wire();
  try {
    await start(localStorage.getItem(STORED_LANGUAGE));
  } catch (error) {
    announce(errorText(error), { error: true });
    return;
  }
  await route({ focus: false });
  document.body.dataset.ready = "true";
}

main();
