// What a referral office needs to act on an offering: whom to contact, by which route, how long
// the wait, which European Reference Networks, and when each fact was last confirmed (stale facts
// marked). And the referral view's "what to do next": the options as the hub ranked them, with a
// printable summary for the patient record (print.css).

import { h, joined } from "./dom.js";
import { formatDate, t, tn, tParts } from "./i18n.js";
import { served } from "./texts.js";

// The fields every card asks for (Offering and ReferralOption both implement ReferralInformation).
export const REFERRAL_FIELDS = `
fragment ReferralFacts on ReferralInformation {
  contact {
    id
    unit
    unitLocalized { ...Served }
    phone
    email
    url
    referralAddress
    referralAddressLocalized { ...Served }
    openingHours
    openingHoursLocalized { ...Served }
    lastConfirmed { on by source }
    stale
  }
  waitingTime { id weeks asOf lastConfirmed { on by source } stale }
  acceptsForeignPatients
  referrers
  ernMemberships {
    network { id code name }
    role
    since { text }
    lastConfirmed { on by source }
    stale
  }
  lastConfirmed { on by source }
}`;

// Routes are asked for on the referral options only: they depend on the patient's country.
export const ROUTE_FIELDS = `
fragment RouteFacts on ReferralRoute {
  id
  kind
  name
  nameLocalized { ...Served }
  conditions
  conditionsLocalized { ...Served }
  form
  basis { id citation citationLocalized { ...Served } url }
}`;

function sourceLink(source) {
  if (!source || !/^https?:\/\//.test(source)) return null;
  return h("a", { href: source, rel: "noreferrer", class: "source" }, t("facts.source"));
}

// "Last confirmed 4 December 2026 by nordhub · Source", and a mark when it is too long ago.
export function confirmed(fact) {
  if (!fact) return null;
  const last = fact.lastConfirmed;
  return h(
    "p",
    { class: `confirmed${fact.stale ? " stale" : ""}` },
    last
      ? [tParts("facts.lastConfirmed", { date: formatDate(last.on), by: last.by }), " "]
      : [t("facts.notConfirmed"), " "],
    fact.stale ? [h("strong", { class: "badge stale-badge" }, t("facts.stale")), " "] : null,
    last ? sourceLink(last.source) : null,
  );
}

function item(label, value) {
  if (value === null || value === undefined || value === "") return null;
  return [h("dt", {}, label), h("dd", {}, value)];
}

function contactBlock(contact) {
  if (!contact) return null;
  return h(
    "div",
    { class: "contact", dataset: { fact: "contact", stale: String(contact.stale) } },
    h("h5", {}, t("facts.contact")),
    h(
      "dl",
      { class: "facts" },
      item(t("facts.unit"), contact.unit ? served(contact.unitLocalized, contact.unit) : null),
      item(
        t("facts.phone"),
        contact.phone ? h("a", { href: `tel:${contact.phone.replace(/\s/g, "")}` }, contact.phone) : null,
      ),
      item(t("facts.email"), contact.email ? h("a", { href: `mailto:${contact.email}` }, contact.email) : null),
      item(
        t("facts.web"),
        contact.url ? h("a", { href: contact.url, rel: "noreferrer", class: "url" }, contact.url) : null,
      ),
      item(
        t("facts.referralAddress"),
        contact.referralAddress
          ? served(contact.referralAddressLocalized, contact.referralAddress)
          : null,
      ),
      item(
        t("facts.openingHours"),
        contact.openingHours ? served(contact.openingHoursLocalized, contact.openingHours) : null,
      ),
    ),
    confirmed(contact),
  );
}

function routeItem(route) {
  const basis = route.basis.map((b) => {
    const citation = served(b.citationLocalized, b.citation);
    return b.url ? h("a", { href: b.url, rel: "noreferrer" }, citation) : citation;
  });
  return h(
    "li",
    { dataset: { route: route.kind } },
    h("strong", {}, served(route.nameLocalized, route.name)),
    route.conditions ? h("p", {}, served(route.conditionsLocalized, route.conditions)) : null,
    basis.length ? h("p", { class: "basis" }, t("facts.basis"), " ", joined(basis)) : null,
  );
}

// `routes`: null when no patient's country is known (search), [] when none is open.
function routesBlock(routes, { ownCountry = false, fromName = null } = {}) {
  if (routes === null || routes === undefined) return null;
  let body;
  if (ownCountry) body = h("p", {}, t("facts.routesOwn"));
  else if (!routes.length) body = h("p", {}, t("facts.routesNone", { country: fromName || "" }));
  else body = h("ul", { class: "routes" }, routes.map(routeItem));
  return h(
    "div",
    { class: "routes-block", dataset: { fact: "routes" } },
    h("h5", {}, fromName ? t("facts.routes", { country: fromName }) : t("facts.routesTitle")),
    body,
  );
}

function waitingBlock(waiting) {
  if (!waiting || waiting.weeks === null) return null;
  return h(
    "div",
    { class: "waiting", dataset: { fact: "waiting", stale: String(waiting.stale) } },
    h("h5", {}, t("facts.waiting")),
    h(
      "p",
      {},
      tn("facts.weeks", waiting.weeks, { date: waiting.asOf ? formatDate(waiting.asOf) : "" }),
    ),
    confirmed(waiting),
  );
}

function termsBlock(offering) {
  const accepts = offering.acceptsForeignPatients;
  const referrers = offering.referrers;
  if ((accepts === null || accepts === undefined) && !referrers) return null;
  return h(
    "dl",
    { class: "facts terms" },
    item(
      t("facts.acceptsForeign"),
      accepts === null || accepts === undefined ? null : t(accepts ? "facts.yes" : "facts.no"),
    ),
    item(
      t("facts.referrers"),
      referrers ? joined(referrers.map((r) => t(`referrer.${r}`))) : null,
    ),
  );
}

function networksBlock(memberships) {
  if (!memberships || !memberships.length) return null;
  return h(
    "div",
    { class: "networks", dataset: { fact: "networks" } },
    h("h5", {}, t("facts.ern")),
    h(
      "ul",
      { class: "plain" },
      memberships.map((m) =>
        h(
          "li",
          {},
          h("span", { lang: "en" }, m.network.name),
          m.role ? ` (${t(`ernRole.${m.role}`)})` : "",
          m.since ? ` · ${t("facts.since", { date: m.since.text })}` : "",
          confirmed(m),
        ),
      ),
    ),
  );
}

// The facts of one offering (a service at one site), for a card.
export function offeringFacts(offering, { fromName = null, label = null } = {}) {
  const parts = [
    contactBlock(offering.contact),
    routesBlock(offering.routes, { ownCountry: offering.ownCountry, fromName }),
    waitingBlock(offering.waitingTime),
    termsBlock(offering),
    networksBlock(offering.ernMemberships),
  ].filter(Boolean);
  return h(
    "section",
    { class: "referral-facts", dataset: { offering: offering.location ? offering.location.id : "" } },
    label ? h("h5", { class: "site-label" }, label) : null,
    parts.length ? parts : h("p", { class: "hint" }, t("facts.noneKnown")),
  );
}

// One block per site whose facts differ (a multiregional service has a contact at each site).
export function referralFacts(offerings, options = {}) {
  const seen = new Set();
  const distinct = offerings.filter((o) => {
    const key = JSON.stringify([o.contact && o.contact.id, o.waitingTime && o.waitingTime.id]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return distinct.map((o) =>
    offeringFacts(o, {
      ...options,
      label: distinct.length > 1 && o.location ? served(o.location.nameLocalized, o.location.name) : null,
    }),
  );
}

// ---- what to do next ------------------------------------------------------------------------

function anyStale(offering) {
  const facts = [offering.contact, offering.waitingTime, ...(offering.ernMemberships || [])];
  return facts.some((fact) => fact && fact.stale);
}

function summaryItem(option, fromName) {
  const offering = option.offering;
  const where = [
    offering.hostOrganisation
      ? served(offering.hostOrganisation.nameLocalized, offering.hostOrganisation.name)
      : null,
    offering.location ? served(offering.location.nameLocalized, offering.location.name) : null,
    offering.country ? offering.country.name : null,
  ].filter(Boolean);
  const contact = offering.contact;
  const reach = contact
    ? [
        contact.unit ? served(contact.unitLocalized, contact.unit) : null,
        contact.phone,
        contact.email,
        contact.url ? h("a", { href: contact.url, rel: "noreferrer", class: "url" }, contact.url) : null,
      ].filter(Boolean)
    : [];
  let route;
  if (option.ownCountry) route = t("facts.routesOwn");
  else if (option.routes && option.routes.length) {
    route = joined(option.routes.map((r) => served(r.nameLocalized, r.name)), "; ");
  } else route = t("facts.routesNone", { country: fromName || "" });
  return h(
    "li",
    { dataset: { service: offering.service.id } },
    h("strong", {}, served(offering.service.nameLocalized, offering.service.name)),
    where.length ? [" — ", joined(where)] : null,
    h(
      "dl",
      { class: "facts" },
      item(t("facts.contact"), reach.length ? joined(reach) : t("value.notStated")),
      item(t("next.route"), route),
      item(
        t("facts.waiting"),
        offering.waitingTime && offering.waitingTime.weeks !== null
          ? tn("facts.weeks", offering.waitingTime.weeks, {
              date: offering.waitingTime.asOf ? formatDate(offering.waitingTime.asOf) : "",
            })
          : t("value.notStated"),
      ),
      item(
        t("next.confirmed"),
        offering.lastConfirmed
          ? [
              tParts("facts.lastConfirmed", {
                date: formatDate(offering.lastConfirmed.on),
                by: offering.lastConfirmed.by,
              }),
              anyStale(offering)
                ? [" ", h("strong", { class: "badge stale-badge" }, t("facts.stale"))]
                : null,
            ]
          : t("facts.notConfirmed"),
      ),
    ),
  );
}

// The options as the hub ranked them (own country first, then route, then waiting time), each
// with contact and route, and a button that prints this summary alone.
export function nextSteps(options, { fromName = null, query = "" } = {}) {
  if (!options.length) return null;
  const seen = new Set();
  const distinct = options.filter((o) => {
    const key = `${o.offering.service.id}|${o.offering.location ? o.offering.location.id : ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const print = h("button", { type: "button", class: "print-button" }, t("next.print"));
  print.addEventListener("click", () => window.print());
  return h(
    "section",
    { id: "referral-summary", class: "next-steps", "aria-labelledby": "next-heading" },
    h("h3", { id: "next-heading" }, t("next.heading")),
    h("p", { class: "lead" }, t("next.intro", { country: fromName || "", query })),
    h("ol", { class: "next-list" }, distinct.map((o) => summaryItem(o, fromName))),
    h("p", { class: "printed" }, t("next.printed", { date: formatDate(new Date().toISOString().slice(0, 10)) })),
    print,
  );
}
