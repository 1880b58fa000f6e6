// The page: a hash router over four views (search, referral, projects, project), each a
// GraphQL query in the chosen language. Text from the hub is set as text, never as HTML.

import { ApiError, graphql } from "./api.js";
import { $, h } from "./dom.js";
import { applyStrings, t, tn, useLanguage } from "./i18n.js";
import { languageFromAddress, languageHref, wireSwitcher } from "./switcher.js";
import {
  countrySections,
  groupOfferings,
  serviceCard,
  illustrativeHint,
  nordicCooperation,
  searchArguments,
  serviceCount,
  showMap,
  suggestionList,
} from "./offerings.js";
import { addLogEntry, projectView, projectsView } from "./projects.js";
import { nextSteps, referralFacts } from "./referral.js";
import * as Q from "./queries.js";

const STORED_LANGUAGE = "nordhub.language";
const LOG_KINDS = ["MEETING", "MILESTONE", "DECISION", "REPORT", "NOTE"];

const state = {
  language: null, // the served language: the chosen one, or negotiated from the browser's
  supported: [],
  choices: [], // [{code, endonym}]: every language, named in itself (from the hub, CLDR)
  countries: [],
};

function query(document, variables, options = {}) {
  return graphql(document, variables, { language: state.language, ...options });
}

function announce(message, { error = false } = {}) {
  const status = $("#status");
  status.textContent = message || "";
  status.classList.toggle("error", error);
}

const views = { query, announce };

function errorText(error) {
  if (error instanceof ApiError && error.code === "NETWORK") return t("error.network");
  return t("error.generic", { message: error.message || String(error) });
}

// ---- language -------------------------------------------------------------------------------

// Without a language in the address or a stored choice no Accept-Language is set: the
// browser's own header decides. The served language then goes into the address, so a copied
// link opens in the same language.
async function start(language) {
  const { data } = await graphql(Q.START, {}, { language });
  state.language = data.language.code;
  state.supported = data.language.supported;
  state.choices = data.language.choices;
  state.countries = data.countries;
  await useLanguage(data.language.fallbackChain);
  applyStrings();
  fillLanguages();
  fillCountries();
  fillLogForm();
  history.replaceState(history.state, "", languageHref(state.language));
}

function fillLanguages() {
  const current = state.choices.find((c) => c.code === state.language);
  const name = $("#language-current");
  name.textContent = current ? current.endonym : state.language;
  name.lang = state.language;
  $("#language-menu").replaceChildren(
    ...state.choices.map((c) =>
      h(
        "li",
        {},
        h(
          "a",
          {
            href: languageHref(c.code),
            hreflang: c.code,
            lang: c.code,
            dataset: { language: c.code },
            "aria-current": c.code === state.language ? "true" : null,
          },
          c.endonym,
        ),
      ),
    ),
  );
}

function countryOptions(select, { all = null, fallback = "" } = {}) {
  const current = select.value || fallback;
  const options = state.countries.map((c) => h("option", { value: c.code }, c.name));
  if (all) options.unshift(h("option", { value: "" }, all));
  select.replaceChildren(...options);
  select.value = current;
}

function fillCountries() {
  countryOptions($("#search-country"), { all: t("search.allCountries") });
  countryOptions($("#projects-country"), { all: t("search.allCountries") });
  countryOptions($("#referral-from"), { fallback: "IS" });
}

function fillLogForm() {
  const kind = $("#log-kind");
  const chosenKind = kind.value || "NOTE";
  kind.replaceChildren(...LOG_KINDS.map((k) => h("option", { value: k }, t(`logKind.${k}`))));
  kind.value = chosenKind;
  const language = $("#log-language");
  const chosen = language.value || state.language;
  language.replaceChildren(
    ...state.choices.map((c) => h("option", { value: c.code, lang: c.code }, c.endonym)),
  );
  language.value = chosen;
}

async function switchLanguage(language) {
  localStorage.setItem(STORED_LANGUAGE, language);
  try {
    await start(language);
  } catch (error) {
    announce(errorText(error), { error: true });
    return;
  }
  await route({ focus: false });
}

// ---- routing --------------------------------------------------------------------------------

function parseHash() {
  const [path, search = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [view = "search", ...rest] = path.split("/");
  return { view, id: rest.map(decodeURIComponent).join("/"), params: new URLSearchParams(search) };
}

function show(view, { focus }) {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== view;
  const current = view === "project" ? "projects" : view;
  for (const link of document.querySelectorAll("[data-section]")) {
    if (link.dataset.section === current) link.setAttribute("aria-current", "page");
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
      await projectView(id, views);
    } else if (view === "projects") {
      show("projects", { focus });
      await projectsView(params, views);
    } else {
      show("search", { focus });
      await searchView(params);
    }
  } catch (error) {
    announce(errorText(error), { error: true });
  } finally {
    // Tests (and assistive technology) learn here that the view is complete.
    main.dataset.renders = String(Number(main.dataset.renders || 0) + 1);
    main.removeAttribute("aria-busy");
  }
}

function hashFor(path, params = {}) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  return `#/${path}${search ? `?${search}` : ""}`;
}

// A form's own submit keeps focus where the user is; following a link moves it to the heading.
let focusOnRoute = true;

function go(path, params = {}) {
  const hash = hashFor(path, params);
  if (location.hash === hash) {
    route({ focus: false });
  } else {
    focusOnRoute = false;
    location.hash = hash;
  }
}

// ---- search ---------------------------------------------------------------------------------

async function searchView(params) {
  const text = params.get("q") || "";
  const country = params.get("country") || "";
  // Illustrative entries stay hidden unless the address asks for them, as on every other path.
  const illustrative = params.get("illustrative") === "1";
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
    ...searchArguments(text),
    countries: country ? [country] : null,
    includeIllustrative: illustrative,
  });
  const answer = data.whereOffered;
  const offerings = answer.nodes;
  // A suggestion is a term known somewhere in the Nordics: its link searches every country.
  const again = (term) => hashFor("search", { q: term, illustrative: illustrative ? "1" : null });
  const groups = groupOfferings(
    offerings,
    state.countries.map((c) => c.code),
  );
  if (!offerings.length) {
    results.replaceChildren(
      h(
        "div",
        { class: "empty" },
        h("p", {}, t("search.noResults", { query: text })),
        illustrativeHint(answer.illustrativeServicesLeftOut),
        suggestionList(answer.suggestions, again),
      ),
    );
  } else {
    results.replaceChildren(
      h("p", { class: "count" }, tn("search.count", serviceCount(groups))),
      ...countrySections(groups, (entry) =>
        serviceCard(entry, { extra: referralFacts(entry.offerings) }),
      ),
    );
    const hint = illustrativeHint(answer.illustrativeServicesLeftOut);
    if (hint) results.append(hint);
  }
  announce(tn("search.count", serviceCount(groups)));
  await showMap($("#search-map"), offerings);
}

// ---- referral -------------------------------------------------------------------------------

async function referralView(params) {
  const text = params.get("q") || "";
  const from = params.get("from") || $("#referral-from").value || "IS";
  const illustrative = params.get("illustrative") === "1";
  $("#referral-query").value = text;
  $("#referral-from").value = from;
  $("#referral-illustrative").checked = illustrative;
  const results = $("#referral-results");
  if (!text) {
    results.replaceChildren(h("p", { class: "hint" }, t("search.empty")));
    await showMap($("#referral-map"), []);
    return;
  }
  announce(t("search.searching"));
  const { data } = await query(Q.REFERRAL, {
    fromCountry: from,
    ...searchArguments(text),
    includeIllustrative: illustrative,
  });
  const answer = data.referralOptions;
  // Each option's offering with the route and own-country facts of the option (referral.js).
  const offerings = answer.options.map((o) => ({
    ...o.offering,
    routes: o.routes,
    ownCountry: o.ownCountry,
  }));
  const fromName = answer.fromCountry ? answer.fromCountry.name : from;
  // The hub orders options own country first; keep that order of countries.
  const groups = groupOfferings(offerings);
  const again = (term) =>
    hashFor("referral", { from, q: term, illustrative: illustrative ? "1" : null });
  results.replaceChildren(
    ...nordicCooperation(answer.nordicCooperation),
    ...(offerings.length
      ? [
          nextSteps(
            answer.options.map((o, i) => ({ ...o, offering: offerings[i] })),
            { fromName, query: text },
          ),
          h("p", { class: "count" }, tn("search.count", serviceCount(groups))),
          ...countrySections(groups, (entry) =>
            serviceCard(entry, { extra: referralFacts(entry.offerings, { fromName }) }),
          ),
        ]
      : [h("p", {}, t("referral.none"))]),
  );
  const hint = illustrativeHint(answer.illustrativeServicesLeftOut);
  if (hint) results.append(hint);
  if (!offerings.length && !answer.nordicCooperation.length && answer.suggestions.length) {
    results.append(...[suggestionList(answer.suggestions, again)].flat());
  }
  announce(tn("search.count", serviceCount(groups)));
  await showMap($("#referral-map"), offerings, { origin: from });
}

// ---- wiring ---------------------------------------------------------------------------------

function wire() {
  wireSwitcher(switchLanguage);
  $("#search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    go("search", {
      q: $("#search-query").value.trim(),
      country: $("#search-country").value,
      illustrative: $("#search-illustrative").checked ? "1" : null,
    });
  });
  $("#referral-form").addEventListener("submit", (event) => {
    event.preventDefault();
    go("referral", {
      from: $("#referral-from").value,
      q: $("#referral-query").value.trim(),
      illustrative: $("#referral-illustrative").checked ? "1" : null,
    });
  });
  $("#projects-form").addEventListener("submit", (event) => {
    event.preventDefault();
    go("projects", { country: $("#projects-country").value });
  });
  $("#log-form").addEventListener("submit", (event) => {
    event.preventDefault();
    addLogEntry(event.target, views);
  });
  // The skip link moves focus without touching the route in the address.
  $(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    $("#main").focus();
  });
  window.addEventListener("hashchange", () => {
    const focus = focusOnRoute;
    focusOnRoute = true;
    if (location.hash === "" || location.hash.startsWith("#/")) {
      fillLanguages(); // the language links keep the view the reader is on
      route({ focus });
    }
  });
}

async function main() {
  wire();
  try {
    await start(languageFromAddress() || localStorage.getItem(STORED_LANGUAGE));
  } catch (error) {
    announce(errorText(error), { error: true });
    return;
  }
  await route({ focus: false });
  document.body.dataset.ready = "true";
}

main();
