// Offerings (a designated service at one site) as the search and the referral view show them:
// grouped by country, then by service, with every fact the referral office needs.

import { h, joined, link, nodes, projectHref } from "./dom.js";
import { formatDate, t, tn, tParts } from "./i18n.js";
import { drawMap } from "./map.js";
import { served, translatedFrom } from "./texts.js";

// A code goes to `code:`, anything else to `treatment:` (words of three letters stay words).
const CODE = [
  /^ORPHA(CODE)?[: ]?\d{1,7}$/i, // ORPHAcode
  /^[A-Z]\d{2}(\.?[0-9A-Z]{1,2})?$/i, // ICD-10
  /^[A-Z]{3}\d{2}[A-Z]?$/i, // NCSP
];

export function searchArguments(text) {
  const trimmed = text.trim();
  return CODE.some((pattern) => pattern.test(trimmed))
    ? { treatment: null, code: trimmed }
    : { treatment: trimmed, code: null };
}

export function period(from, to) {
  if (from && to) return t("period.range", { from: formatDate(from), to: formatDate(to) });
  if (from) return t("period.from", { date: formatDate(from) });
  if (to) return t("period.until", { date: formatDate(to) });
  return t("value.notStated");
}

function fact(label, value) {
  const content = nodes(value);
  return [h("dt", {}, label), h("dd", {}, content.length ? content : t("value.notStated"))];
}

function unique(items, key) {
  const seen = new Map();
  for (const item of items) if (item && !seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

// [{country, services: [{service, offerings: [...]}]}] in the order the hub ranked them.
export function groupOfferings(offerings, countryOrder) {
  const countries = new Map();
  for (const offering of offerings) {
    const country = offering.country || { code: "", name: t("value.notStated") };
    if (!countries.has(country.code)) countries.set(country.code, { country, services: new Map() });
    const services = countries.get(country.code).services;
    if (!services.has(offering.service.id)) {
      services.set(offering.service.id, { service: offering.service, offerings: [] });
    }
    services.get(offering.service.id).offerings.push(offering);
  }
  const groups = [...countries.values()].map((g) => ({ ...g, services: [...g.services.values()] }));
  if (countryOrder) {
    groups.sort(
      (a, b) => countryOrder.indexOf(a.country.code) - countryOrder.indexOf(b.country.code),
    );
  }
  return groups;
}

export function serviceCount(groups) {
  return groups.reduce((n, g) => n + g.services.length, 0);
}

// Only an approved designation offers a treatment: a rejected application, a proposal, one under
// assessment, a discontinued service, an illustrative entry or one of unknown status does not.
const OFFERED = "APPROVED";

export function isOffered(groups) {
  return groups.some((g) => g.services.some((s) => s.offerings.some((o) => o.status === OFFERED)));
}

// "Nothing is offered", and why: how many of the services found stand at which status.
export function notOffered(groups, query) {
  const counts = new Map();
  for (const { offerings } of groups.flatMap((g) => g.services)) {
    const status = offerings[0].status || "unknown";
    counts.set(status, (counts.get(status) || 0) + 1);
  }
  return h(
    "div",
    { class: "not-offered" },
    h("p", { class: "lead" }, t("offer.none", { query })),
    h(
      "ul",
      {},
      [...counts].map(([status, count]) => h("li", {}, tn(`offer.${status}`, count))),
    ),
  );
}

// The count line and the status message for an answer with `groups`.
export function answerCount(groups) {
  const count = serviceCount(groups);
  if (count && !isOffered(groups)) return tn("search.countNotOffered", count);
  return tn("search.count", count);
}

function siteItem(offering) {
  const location = offering.location;
  if (!location) return null;
  return h(
    "li",
    {},
    served(location.nameLocalized, location.name),
    location.city ? ` (${location.city})` : "",
  );
}

// "Matched: <the name or synonym>", the name marked with its own language.
function matchedText(offerings) {
  const matched = offerings[0].matched;
  if (!matched) return null;
  return tParts("result.matched", { text: served(matched, matched.text) });
}

export function serviceCard({ service, offerings }, { extra = null } = {}) {
  const first = offerings[0];
  const illustrative = offerings.every((o) => o.illustrative);
  const periods = unique(
    offerings.map((o) => period(o.validFrom, o.validTo)),
    (p) => p,
  );
  const hosts = unique(
    offerings.map((o) => o.hostOrganisation),
    (o) => o.id,
  ).map((o) => served(o.nameLocalized, o.name));
  const legal = unique(
    offerings.flatMap((o) => o.legalBasis),
    (l) => l.id,
  );
  const sites = offerings.map(siteItem).filter(Boolean);
  return h(
    "article",
    { class: `service${illustrative ? " illustrative" : ""}`, dataset: { service: service.id } },
    h(
      "h4",
      {},
      served(service.nameLocalized, service.name),
      illustrative ? [" ", h("span", { class: "badge" }, t("result.illustrative"))] : null,
    ),
    translatedFrom(service.nameLocalized),
    illustrative
      ? h(
          "p",
          { class: "illustrative-note" },
          t("result.illustrativeNote"),
          service.statusReason
            ? [" ", served(service.statusReasonLocalized, service.statusReason)]
            : null,
        )
      : null,
    extra,
    h(
      "dl",
      { class: "facts" },
      fact(t("result.sites"), sites.length ? h("ul", { class: "plain" }, sites) : null),
      fact(t("result.host"), joined(hosts)),
      fact(
        t("result.kind"),
        service.kindInfo ? served(service.kindInfo.nameLocalized, service.kindInfo.name) : null,
      ),
      fact(
        t("result.status"),
        first.status
          ? h(
              "span",
              { class: `status-value status-${first.status.toLowerCase()}` },
              t(`status.${first.status}`),
            )
          : null,
      ),
      fact(t("result.valid"), joined(periods, "; ")),
      fact(
        t("result.legalBasis"),
        joined(
          legal.map((l) => {
            const citation = served(l.citationLocalized, l.citation);
            return l.url ? h("a", { href: l.url, rel: "noreferrer" }, citation) : citation;
          }),
        ),
      ),
      fact(
        t("result.registry"),
        joined(service.registries.map((r) => served(r.nameLocalized, r.name))),
      ),
    ),
    h("p", { class: "matched" }, matchedText(offerings)),
  );
}

export function countrySections(groups, card = serviceCard) {
  return groups.map((group) =>
    h(
      "section",
      {
        class: "country-group",
        "aria-labelledby": `country-${group.country.code}`,
        dataset: { country: group.country.code },
      },
      h("h3", { id: `country-${group.country.code}` }, group.country.name),
      group.services.map((entry) => card(entry)),
    ),
  );
}

export function illustrativeHint(count) {
  return count > 0 ? h("p", { class: "hint" }, tn("search.illustrativeLeftOut", count)) : null;
}

function sameTerm(a, b) {
  return a.trim().localeCompare(b.trim(), undefined, { sensitivity: "accent" }) === 0;
}

// "Did you mean": each suggestion is a link that runs the search for it (`href` keeps the
// filters); never the term just searched. Without any, the hint `none` (if given).
export function suggestionList(suggestions, href, searched, { none = "search.noSuggestions" } = {}) {
  const terms = unique(
    suggestions.filter((s) => !sameTerm(s.text, searched)),
    (s) => s.text.toLocaleLowerCase(),
  );
  if (!terms.length) return none ? h("p", {}, t(none)) : null;
  return [
    h("p", {}, t("search.suggestions")),
    h(
      "ul",
      { class: "suggestions" },
      terms.map((s) => h("li", {}, h("a", { href: href(s.text), lang: s.language }, s.text))),
    ),
  ];
}

function decisionLine(decision) {
  if (!decision) return null;
  const date = decision.date ? formatDate(decision.date) : null;
  const by = decision.decidedBy
    ? served(decision.decidedBy.nameLocalized, decision.decidedBy.name)
    : null;
  let text = null;
  if (date && by) text = tParts("referral.decision", { date, by });
  else if (date) text = tParts("referral.decisionDate", { date });
  else if (by) text = tParts("referral.decisionBy", { by });
  return text ? h("p", { class: "meta" }, text) : null;
}

export function nordicCooperation(routes) {
  return routes.map((route) =>
    h(
      "aside",
      { class: "cooperation-note" },
      h("h3", {}, t("referral.nordicNote")),
      h(
        "p",
        {},
        served(route.proposedService.nameLocalized, route.proposedService.name),
        route.proposedService.country ? ` (${route.proposedService.country.name})` : "",
      ),
      route.reason ? h("p", {}, served(route.reasonLocalized, route.reason)) : null,
      translatedFrom(route.reasonLocalized),
      decisionLine(route.decision),
      route.projects.length
        ? h(
            "ul",
            { class: "plain" },
            route.projects.map((p) =>
              h("li", {}, link(projectHref(p.id), served(p.titleLocalized, p.title))),
            ),
          )
        : null,
    ),
  );
}

// The sites on the map, one dot per location; a site is illustrative only if all its offers are.
export async function showMap(container, offerings, { origin = null } = {}) {
  const sites = new Map();
  for (const offering of offerings) {
    if (!offering.location) continue;
    const id = offering.location.id;
    const site = sites.get(id) || { ...offering.location, illustrative: true, services: [] };
    site.illustrative = site.illustrative && offering.illustrative;
    site.services.push(offering.service.name);
    sites.set(id, site);
  }
  const countries = unique(
    offerings.map((o) => o.country),
    (c) => c.code,
  ).map((c) => c.code);
  await drawMap(container, [...sites.values()], {
    countries,
    origin,
    label: (count) => tn("map.label", count),
  });
}
