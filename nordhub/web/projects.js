// Collaboration projects: the list, one project with its log, and a partner's new log entry
// (sent with the token the partner pastes; the token is kept nowhere).

import { ApiError } from "./api.js";
import { limits } from "./config.js";
import { $, h, joined, link, nodes, projectHref } from "./dom.js";
import { errorText } from "./errors.js";
import { fieldProblem, textProblem, updateCounter, wireCounter } from "./forms.js";
import { formatDate, t, tn } from "./i18n.js";
import { period } from "./offerings.js";
import * as Q from "./queries.js";
import { served, translatedFrom } from "./texts.js";

function partyName(participant) {
  const party = participant.party;
  return served(party.nameLocalized, party.name);
}

function title(item) {
  return served(item.titleLocalized, item.title);
}

function tags(item) {
  return [
    item.status ? h("span", { class: "tag" }, t(`projectStatus.${item.status}`)) : null,
    item.area ? h("span", { class: "tag" }, t(`projectArea.${item.area}`)) : null,
    item.periodStart || item.periodEnd
      ? h("span", {}, period(item.periodStart, item.periodEnd))
      : null,
  ];
}

export async function projectsView(params, { query, announce, current }) {
  const country = params.get("country") || "";
  $("#projects-country").value = country;
  $("#projects-list").replaceChildren(h("li", { class: "loading" }, t("app.loading")));
  announce(t("app.loading"));
  const { data } = await query(Q.PROJECTS, { country: country || null });
  if (!current()) return;
  const projects = data.collaborationProjects.nodes;
  $("#projects-list").replaceChildren(
    ...projects.map((p) =>
      h(
        "li",
        { class: "project-item" },
        h("h3", {}, link(projectHref(p.id), title(p))),
        h("p", { class: "meta" }, tags(p)),
        h("p", { class: "participants" }, joined(p.participants.map(partyName))),
      ),
    ),
  );
  announce(tn("projects.count", data.collaborationProjects.totalCount));
}

function logItem(entry) {
  const author = entry.provenance && entry.provenance.recordedBy;
  return h(
    "li",
    { class: "log-entry", dataset: { id: entry.id } },
    h(
      "p",
      { class: "meta" },
      entry.date ? h("time", { datetime: entry.date }, formatDate(entry.date)) : null,
      entry.kind ? h("span", { class: "tag" }, t(`logKind.${entry.kind}`)) : null,
      author && author !== "seed" ? h("span", { class: "author" }, author) : null,
    ),
    h("p", {}, served(entry.textLocalized, entry.text)),
    translatedFrom(entry.textLocalized),
    entry.document
      ? h(
          "p",
          { class: "document" },
          entry.document.url
            ? h("a", { href: entry.document.url, rel: "noreferrer" }, title(entry.document))
            : title(entry.document),
        )
      : null,
  );
}

function section(title, items, className) {
  return items.length ? [h("h3", {}, title), h("ul", { class: className }, items)] : null;
}

function clearProject(heading = "") {
  $("#project-heading").textContent = heading;
  $("#project-detail").replaceChildren();
  $("#project-log").replaceChildren();
}

export async function projectView(id, { query, announce, current = () => true, keep = false }) {
  const form = $("#log-form");
  if (form.dataset.project !== id) {
    // Another project: nothing of the last one stays on screen while this one loads.
    clearProject(t("app.loading"));
    resetLogForm(form);
  }
  if (!keep) showResult(null);
  announce(t("app.loading"));
  const { data } = await query(Q.PROJECT, { id });
  if (!current()) return;
  const project = data.collaborationProject;
  if (!project) {
    clearProject(t("projects.notFound"));
    delete form.dataset.project;
    form.hidden = true;
    announce(t("projects.notFound"), { error: true });
    return;
  }
  form.hidden = false;
  form.dataset.project = project.id;
  $("#project-heading").replaceChildren(...nodes(title(project)));
  $("#project-detail").replaceChildren(
    ...nodes(
      h("p", { class: "meta" }, tags(project)),
      project.summary
        ? h("p", { class: "summary" }, served(project.summaryLocalized, project.summary))
        : null,
      translatedFrom(project.summaryLocalized),
      project.partOf
        ? h(
            "p",
            {},
            t("project.partOf"),
            " ",
            link(projectHref(project.partOf.id), title(project.partOf)),
          )
        : null,
      section(
        t("project.participants"),
        project.participants.map((p) =>
          h("li", {}, partyName(p), p.role ? ` (${t(`role.${p.role}`)})` : ""),
        ),
        "participants",
      ),
      section(
        t("project.concerns"),
        project.concerns.map((c) =>
          h("li", {}, served(c.nameLocalized, c.name), c.code ? ` (${c.code})` : ""),
        ),
        "concerns",
      ),
      section(
        t("project.subprojects"),
        project.subprojects.map((s) => h("li", {}, link(projectHref(s.id), title(s)))),
        "subprojects",
      ),
    ),
  );
  $("#project-log").replaceChildren(
    ...(project.log.length
      ? project.log.map(logItem)
      : [h("li", { class: "hint" }, t("project.logEmpty"))]),
  );
  announce("");
}

// One key per entry being written: a resent form (a double click, a retry after a dropped answer)
// is one entry. A new key once an entry is in, or once the form is changed (then it is another
// entry). (getRandomValues, unlike randomUUID, works on a plain-HTTP hospital intranet too.)
function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

let idempotencyKey = newKey();

// The field a refusal is about, so its reason stands next to it too.
const FIELD_OF = {
  UNAUTHENTICATED: "token",
  TOKEN_INVALID: "token",
  TOKEN_REVOKED: "token",
  TEXT_REQUIRED: "text",
  TEXT_TOO_LONG: "text",
  UNSUPPORTED_LANGUAGE: "language",
};

function showResult(message, { error = false } = {}) {
  const result = $("#log-result");
  result.textContent = message || "";
  result.classList.toggle("error", error);
}

function resetLogForm(form) {
  for (const name of Object.values(FIELD_OF)) fieldProblem(form.elements[name], null);
  updateCounter(form.elements.text, limits.logText);
  idempotencyKey = newKey();
}

// The form's own checks, the API's limits: a token, and a text that is not blank and not too
// long. The first field with a problem gets the focus.
function checkLogForm(form) {
  const token = form.elements.token;
  const text = form.elements.text;
  const problems = [
    [token, token.value.trim() ? null : t("validate.tokenRequired")],
    [
      text,
      textProblem(text.value, { maximum: limits.logText, required: "validate.entryRequired" }),
    ],
  ];
  for (const [field, problem] of problems) fieldProblem(field, problem);
  const first = problems.find(([, problem]) => problem);
  if (first) first[0].focus();
  return !first;
}

export function wireLogForm(form, views) {
  wireCounter(form.elements.text, limits.logText);
  form.addEventListener("input", (event) => {
    idempotencyKey = newKey();
    if (event.target.hasAttribute("aria-invalid")) fieldProblem(event.target, null);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (checkLogForm(form)) addLogEntry(form, views);
  });
}

// Send the entry. On failure the form keeps every text it had and says why, in the page's
// language, keyed on the API's code.
export async function addLogEntry(form, { query, announce }) {
  const button = form.querySelector("button[type=submit]");
  const data = new FormData(form);
  const project = form.dataset.project;
  const language = String(data.get("language"));
  showResult(t("log.sending"));
  form.setAttribute("aria-busy", "true");
  button.disabled = true;
  let answer;
  try {
    answer = await query(
      Q.ADD_LOG_ENTRY,
      {
        input: {
          projectId: project,
          kind: data.get("kind"),
          date: data.get("date") || null,
          language,
          text: [{ language, text: String(data.get("text") || "").trim() }],
        },
        idempotencyKey,
      },
      { token: String(data.get("token") || "").trim() },
    );
  } catch (error) {
    showResult(t("log.failed", { message: errorText(error) }), { error: true });
    const field = FIELD_OF[error instanceof ApiError ? error.code : ""];
    if (field) fieldProblem(form.elements[field], errorText(error));
    return false;
  } finally {
    form.removeAttribute("aria-busy");
    button.disabled = false;
  }
  form.elements.text.value = "";
  resetLogForm(form);
  await projectView(project, { query, announce, keep: true });
  showResult(t("log.added"));
  const entry = answer.data.addLogEntry.entry;
  const item = $(`#project-log [data-id="${CSS.escape(entry.id)}"]`);
  if (item) item.classList.add("new");
  return true;
}

