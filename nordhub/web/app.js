// The page: a hash router over four views (search, referral, projects, project), each a
// GraphQL query in the chosen language. Text from the hub is set as text, never as HTML.

import { graphql } from "./api.js";
import { limits } from "./config.js";
import { $, h, link } from "./dom.js";
import { errorText } from "./errors.js";
import {
  fieldProblem,
  refreshCounters,
  textProblem,
  updateCounter,
  wireCounter,
} from "./forms.js";
import { applyStrings, t, tn, useLanguage } from "./i18n.js";
import { languageFromAddress, languageHref, wireSwitcher } from "./switcher.js";
import {
  answerCount,
  countrySections,
  groupOfferings,
  illustrativeHint,
  isOffered,
  nordicCooperation,
  notOffered,
  searchArguments,
  showMap,
  suggestionList,
} from "./offerings.js";
import { projectView, projectsView, wireLogForm } from "./projects.js";
import * as Q from "./queries.js";

const STORED_LANGUAGE = "nordhub.language";
const STORED_PATIENT_COUNTRY = "nordhub.patientCountry";
const LOG_KINDS = ["MEETING", "MILESTONE", "DECISION", "REPORT", "NOTE"];
// A search box shows its counter once the text nears the API's limit.
const SEARCH_COUNTER = { shownFrom: Math.floor(limits.searchText * 0.8) };

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
  refreshCounters();
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

function countryOptions(select, { all, fallback = "" }) {
  const current = select.value || fallback;
  const options = state.countries.map((c) => h("option", { value: c.code }, c.name));
  options.unshift(h("option", { value: "" }, all));
  select.replaceChildren(...options);
  select.value = current;
}

// The patient's country unless the address names one: the user's last choice, else the
// region of the browser's language (fi-FI, sv-FI: Finland; a bare "fi": its likely region),
// else none, and the user chooses.
function defaultPatientCountry() {
  const codes = state.countries.map((c) => c.code);
  const stored = localStorage.getItem(STORED_PATIENT_COUNTRY);
  if (codes.includes(stored)) return stored;
  for (const tag of navigator.languages || [navigator.language]) {
    try {
      const locale = new Intl.Locale(tag);
      const region = locale.region || locale.maximize().region;
      if (codes.includes(region)) return region;
    } catch {
      // Not a language tag the browser can read: try the next one.
    }
  }
  return "";
}

function countryName(code) {
  const country = state.countries.find((c) => c.code === code);
  return country ? country.name : code;
}

function fillCountries() {
  countryOptions($("#search-country"), { all: t("search.allCountries") });
  countryOptions($("#projects-country"), { all: t("search.allCountries") });
  countryOptions($("#referral-from"), {
    all: t("referral.chooseCountry"),
    fallback: defaultPatientCountry(),
  });
}

function fillLogForm() {
  const kind = $("#log-kind");
  const chosenKind = kind.value || "NOTE";
  kind.replaceChildren(...LOG_KINDS.map((k) => h("option", { value: k }, t(`logKind.${k}`))));
  kind.value = chosenKind;
  const language = $("#log-language");
  const chosen = language.value || state.language;
  // The languages the API takes an entry in.
  language.replaceChildren(
    ...state.choices
      .filter((c) => limits.languages.includes(c.code))
      .map((c) => h("option", { value: c.code, lang: c.code }, c.endonym)),
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

// Where a view's answer goes, and so where its failure is said (in place of any old answer).
const ANSWERS = {
  search: "#search-results",
  referral: "#referral-results",
  projects: "#projects-list",
  project: "#project-detail",
};

function failed(view, error) {
  const answer = $(ANSWERS[view]);
  const tag = answer.tagName === "UL" ? "li" : "p";
  answer.replaceChildren(h(tag, { class: "status error", role: "alert" }, errorText(error)));
  announce("");
}

// Each route gets a ticket; an answer that arrives after a newer route started is dropped, so
// what the page shows always belongs to the address.
let routes = 0;

async function route({ focus = true } = {}) {
  const { view, id, params } = parseHash();
  const ticket = ++routes;
  const current = () => ticket === routes;
  const main = $("#main");
  main.setAttribute("aria-busy", "true");
  announce("");
  let shown = "search";
  if (view === "referral") shown = "referral";
  else if (view === "projects") shown = id ? "project" : "projects";
  try {
    show(shown, { focus });
    if (shown === "referral") await referralView(params, current);
    else if (shown === "project") await projectView(id, { ...views, current });
    else if (shown === "projects") await projectsView(params, { ...views, current });
    else await searchView(params, current);
  } catch (error) {
    if (current()) failed(shown, error);
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

// Before anything is asked: the old answer and its dots go, the view says it is searching.
async function searching(results, map) {
  results.replaceChildren(h("p", { class: "loading" }, t("search.searching")));
  announce(t("search.searching"));
  await showMap(map, []);
}

// The text from the address in the box; null when it can be searched, else the reason (shown
// at the box; nothing is asked of the hub).
function checkedQuery(field, text) {
  field.value = text;
  updateCounter(field, limits.searchText, SEARCH_COUNTER);
  const problem = text ? textProblem(text, { maximum: limits.searchText }) : null;
  fieldProblem(field, problem);
  return problem;
}

function answerHeader(groups, query) {
  return [
    isOffered(groups) ? null : notOffered(groups, query),
    h("p", { class: "count" }, answerCount(groups)),
  ];
}

function announceAnswer(groups, query) {
  const count = groups.length ? answerCount(groups) : tn("search.count", 0);
  announce(groups.length && !isOffered(groups) ? t("offer.none", { query }) : count);
}

async function searchView(params, current) {
  const text = params.get("q") || "";
  const country = params.get("country") || "";
  // Illustrative entries stay hidden unless the address asks for them, as on every other path.
  const illustrative = params.get("illustrative") === "1";
  const problem = checkedQuery($("#search-query"), text);
  $("#search-country").value = country;
  $("#search-illustrative").checked = illustrative;
  const results = $("#search-results");
  const map = $("#search-map");
  if (!text || problem) {
    results.replaceChildren(...(text ? [] : [h("p", { class: "hint" }, t("search.empty"))]));
    await showMap(map, []);
    return;
  }
  await searching(results, map);
  const { data } = await query(Q.SEARCH, {
    ...searchArguments(text),
    countries: country ? [country] : null,
    includeIllustrative: illustrative,
  });
  if (!current()) return;
  const answer = data.whereOffered;
  const offerings = answer.nodes;
  const flag = illustrative ? "1" : null;
  // A suggestion keeps the filters the user set; dropping one is a link of its own.
  const again = (term) => hashFor("search", { q: term, country, illustrative: flag });
  const groups = groupOfferings(
    offerings,
    state.countries.map((c) => c.code),
  );
  if (!offerings.length) {
    results.replaceChildren(
      h(
        "div",
        { class: "empty" },
        h(
          "p",
          {},
          country
            ? t("search.noResultsIn", { query: text, country: countryName(country) })
            : t("search.noResults", { query: text }),
        ),
        illustrativeHint(answer.illustrativeServicesLeftOut),
        suggestionList(answer.suggestions, again, text, {
          none: country ? null : "search.noSuggestions",
        }),
        country
          ? h(
              "p",
              { class: "widen" },
              link(hashFor("search", { q: text, illustrative: flag }), t("search.widen")),
            )
          : null,
      ),
    );
  } else {
    results.replaceChildren(...answerHeader(groups, text), ...countrySections(groups));
    const hint = illustrativeHint(answer.illustrativeServicesLeftOut);
    if (hint) results.append(hint);
  }
  announceAnswer(groups, text);
  await showMap(map, offerings);
}

// ---- referral -------------------------------------------------------------------------------

async function referralView(params, current) {
  const text = params.get("q") || "";
  const from = params.get("from") || $("#referral-from").value || defaultPatientCountry();
  const illustrative = params.get("illustrative") === "1";
  const problem = checkedQuery($("#referral-query"), text);
  $("#referral-from").value = from;
  $("#referral-illustrative").checked = illustrative;
  const results = $("#referral-results");
  const map = $("#referral-map");
  const noCountry = text && !from;
  fieldProblem($("#referral-from"), noCountry ? t("validate.countryRequired") : null);
  if (!text || problem || noCountry) {
    results.replaceChildren(...(text ? [] : [h("p", { class: "hint" }, t("referral.empty"))]));
    await showMap(map, []);
    return;
  }
  await searching(results, map);
  const { data } = await query(Q.REFERRAL, {
    fromCountry: from,
    ...searchArguments(text),
    includeIllustrative: illustrative,
  });
  if (!current()) return;
  const answer = data.referralOptions;
  const offerings = answer.options.map((o) => o.offering);
  // The hub orders options own country first; keep that order of countries.
  const groups = groupOfferings(offerings);
  const again = (term) =>
    hashFor("referral", { from, q: term, illustrative: illustrative ? "1" : null });
  results.replaceChildren(
    ...nordicCooperation(answer.nordicCooperation),
    ...(offerings.length
      ? [...answerHeader(groups, text), ...countrySections(groups)]
      : [h("p", {}, t("referral.none"))]),
  );
  const hint = illustrativeHint(answer.illustrativeServicesLeftOut);
  if (hint) results.append(hint);
  if (!offerings.length && !answer.nordicCooperation.length) {
    results.append(...[suggestionList(answer.suggestions, again, text, { none: null })].flat());
  }
  announceAnswer(groups, text);
  await showMap(map, offerings, { origin: from });
}

// ---- wiring ---------------------------------------------------------------------------------

// An empty box is said at the box; anything else goes to the address, where the view checks
// it as it checks a link's (an over-long text is refused there, and the old answer goes).
function submittedQuery(field) {
  const text = field.value.trim();
  fieldProblem(field, text ? null : t("validate.searchRequired"));
  if (!text) field.focus();
  return text;
}

function wire() {
  wireSwitcher(switchLanguage);
  wireCounter($("#search-query"), limits.searchText, SEARCH_COUNTER);
  wireCounter($("#referral-query"), limits.searchText, SEARCH_COUNTER);
  $("#referral-from").addEventListener("change", (event) => fieldProblem(event.target, null));
  $("#search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = submittedQuery($("#search-query"));
    if (!q) return;
    go("search", {
      q,
      country: $("#search-country").value,
      illustrative: $("#search-illustrative").checked ? "1" : null,
    });
  });
  $("#referral-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const from = $("#referral-from").value;
    fieldProblem($("#referral-from"), from ? null : t("validate.countryRequired"));
    if (!from) {
      $("#referral-from").focus();
      return;
    }
    const q = submittedQuery($("#referral-query"));
    if (!q) return;
    localStorage.setItem(STORED_PATIENT_COUNTRY, from);
    go("referral", {
      from,
      q,
      illustrative: $("#referral-illustrative").checked ? "1" : null,
    });
  });
  $("#projects-form").addEventListener("submit", (event) => {
    event.preventDefault();
    go("projects", { country: $("#projects-country").value });
  });
  wireLogForm($("#log-form"), views);
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
