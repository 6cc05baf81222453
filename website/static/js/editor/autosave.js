/**
 * Autosave for `form.editor-form[data-autosave-url]`: a pause in typing posts the whole form
 * (one request at a time), `#save-status` says what happened, and nothing typed is lost:
 * until the server has it, the form's values wait in localStorage as a draft that the next
 * visit of the page puts back. A stale tab stops saving and says so; leaving with unsaved
 * changes warns. Without this module the Save button posts the form as before.
 */
import { format, messages } from "../i18n.js";
import { CHANGED, SAVED, announceChange, debounce } from "./changes.js";

const PAUSE_MS = 800;
// After a failed request (offline, server error) the next try waits longer each time.
const RETRY_MS = [1000, 2000, 5000, 10000, 30000];
const SKIPPED_FIELDS = new Set(["csrf_token", "base_version", "action"]);

const text = messages("editor");
// Times in the page's language, not the browser's.
const LANGUAGE = document.documentElement.lang || undefined;
const timeOf = (date) =>
  date.toLocaleTimeString(LANGUAGE, { hour: "2-digit", minute: "2-digit" });

/** A message whose `%(key)s` placeholders are filled with elements: strings and elements. */
function withElements(message, elements) {
  return message.split(/(%\(\w+\)s)/).map((part) => {
    const key = part.match(/^%\((\w+)\)s$/)?.[1];
    return key && key in elements ? elements[key] : part;
  }).filter((part) => part !== "");
}

/** The form's field values by name, as a draft stores them. */
function fieldValues(form) {
  const values = {};
  for (const field of form.elements) {
    if (field.name && !SKIPPED_FIELDS.has(field.name) && "value" in field && field.type !== "submit") {
      values[field.name] = field.value;
    }
  }
  return values;
}

/** A draft in localStorage: what the form held that the server does not have yet. */
class Draft {
  constructor(form) {
    this.key = `resume-draft:${form.dataset.resume}:${form.dataset.section}`;
  }

  read() {
    try {
      return JSON.parse(localStorage.getItem(this.key));
    } catch {
      return null;
    }
  }

  write(draft) {
    try {
      localStorage.setItem(this.key, JSON.stringify(draft));
    } catch {
      // Storage full or switched off: the autosave itself still runs.
    }
  }

  clear() {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // As above.
    }
  }
}

/** Show or clear the message under a field, tied to it with aria-describedby. */
function markField(field, message) {
  const errorId = `${field.id}-error`;
  let note = document.getElementById(errorId);
  const described = (field.getAttribute("aria-describedby") || "").split(" ").filter(
    (id) => id && id !== errorId);
  if (message) {
    if (!note) {
      note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.id = errorId;
      field.after(note);
    }
    note.textContent = message;
    field.classList.add("is-invalid");
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", [errorId, ...described].join(" "));
    return;
  }
  note?.remove();
  field.classList.remove("is-invalid");
  field.removeAttribute("aria-invalid");
  if (described.length) field.setAttribute("aria-describedby", described.join(" "));
  else field.removeAttribute("aria-describedby");
}

/** A banner at the top of the form; `parts` are strings and elements. */
function banner(form, kind, role, parts) {
  const box = document.createElement("div");
  box.className = `alert alert-${kind} autosave-banner`;
  box.setAttribute("role", role);
  box.append(...parts);
  form.prepend(box);
  return box;
}

function link(text, href, className = "alert-link") {
  const anchor = document.createElement("a");
  anchor.className = className;
  anchor.href = href;
  anchor.textContent = text;
  return anchor;
}

function button(text, className) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = className;
  element.textContent = text;
  return element;
}

/** Start autosaving `form`, and put back a draft left by an earlier visit. */
export function initAutosave(form) {
  const url = form.dataset.autosaveUrl;
  if (!url) return;
  const status = document.getElementById("save-status");
  const draft = new Draft(form);
  const baseInput = form.elements.base_version;
  // Changes the server does not have: a draft exists and leaving warns.
  let unsaved = false;
  // Counts changes, so an answer to an older request does not mark newer typing saved.
  let edits = 0;
  let sending = null;
  let again = false;
  let failures = 0;
  let retryTimer = null;
  let stopped = false; // stale: saving would overwrite the other tab's version
  let leaving = false;
  // Values of a draft this page has no fields for (more entries than it shows): kept.
  let leftovers = {};

  const say = (...parts) => {
    if (status) status.replaceChildren(...parts);
  };

  const keepDraft = (extra = {}) =>
    draft.write({ base_version: Number(baseInput.value), saved_at: Date.now(),
                  values: { ...leftovers, ...fieldValues(form) }, ...extra });

  const markFields = (problems) => {
    for (const field of form.querySelectorAll(".is-invalid, [aria-invalid]")) {
      if (field.id && !(field.id in problems)) markField(field, "");
    }
    for (const [id, message] of Object.entries(problems)) {
      const field = document.getElementById(id);
      if (field && form.contains(field)) markField(field, message);
    }
  };

  const retryLater = () => {
    clearTimeout(retryTimer);
    const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
    failures += 1;
    retryTimer = setTimeout(save, wait);
  };

  const saved = (answer, sentEdits) => {
    failures = 0;
    baseInput.value = answer.version;
    if (answer.csrf_token && form.elements.csrf_token) form.elements.csrf_token.value = answer.csrf_token;
    markFields({});
    if (sentEdits === edits) {
      unsaved = false;
      if (Object.keys(leftovers).length) keepDraft();
      else draft.clear();
    } else {
      keepDraft();
    }
    say(format(text.saved, { time: timeOf(new Date(answer.saved_at)) }));
    form.dispatchEvent(new CustomEvent(SAVED, { bubbles: true, detail: answer }));
  };

  const refused = (response, answer) => {
    if (response.status === 409) {
      stopped = true;
      const reload = link(text.load_latest, window.location.pathname);
      reload.addEventListener("click", () => { leaving = true; });
      banner(form, "warning", "alert", [`${answer.message} `, reload]);
      say(text.stale);
    } else if (response.status === 422) {
      markFields(answer.fields || {});
      say(Object.keys(answer.fields || {}).length
        ? text.fix_fields : format(text.not_saved, { message: answer.message }));
    } else if (response.status === 401) {
      const login = link(text.log_in, answer.login_url, "");
      login.target = "_blank";
      login.rel = "noopener";
      say(...withElements(text.logged_out, { link: login }));
    } else {
      const reload = link(text.reload, window.location.pathname, "");
      reload.addEventListener("click", () => { leaving = true; });
      say(answer.message ? format(text.not_saved, { message: answer.message }) : text.expired,
        " ", reload);
    }
  };

  async function save() {
    clearTimeout(retryTimer);
    if (stopped || !unsaved) return;
    if (sending) {
      again = true;
      return;
    }
    const sentEdits = edits;
    say(text.saving);
    sending = fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
                           headers: { Accept: "application/json" } });
    try {
      const response = await sending;
      if (response.status >= 500) throw new Error(`server error ${response.status}`);
      const answer = await response.json();
      if (response.ok) saved(answer, sentEdits);
      else refused(response, answer);
    } catch {
      say(text.reconnecting);
      retryLater();
    } finally {
      sending = null;
    }
    if (again) {
      again = false;
      save();
    }
  }

  const pause = debounce(save, PAUSE_MS);

  form.addEventListener(CHANGED, () => {
    edits += 1;
    unsaved = true;
    keepDraft();
    if (!stopped) pause();
  });
  // The form's own buttons post it as before; a pending autosave would only race them.
  form.addEventListener("submit", (event) => {
    pause.cancel();
    clearTimeout(retryTimer);
    again = false;
    if (sending && !stopped) {
      event.preventDefault();
      const submitter = event.submitter;
      sending.finally(() => setTimeout(() => form.requestSubmit(submitter)));
      return;
    }
    leaving = true;
    if (unsaved) keepDraft({ submitted: true });
  });
  window.addEventListener("online", () => { if (unsaved) save(); });
  // Back from logging in in another tab: try again.
  window.addEventListener("focus", () => { if (unsaved && !sending) save(); });
  window.addEventListener("beforeunload", (event) => {
    if (unsaved && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  restoreDraft(form, draft, {
    fill(values) {
      leftovers = {};
      for (const [name, value] of Object.entries(values)) {
        const field = form.elements.namedItem(name);
        if (field && "value" in field) {
          field.value = value;
          // As if typed: counters and the lines lists redraw from the value put back.
          field.dispatchEvent(new Event("input", { bubbles: true }));
        } else if (value) leftovers[name] = value;
      }
      unsaved = true;
      return leftovers;
    },
    saveNow() {
      announceChange(form);
      pause.flush();
    },
    keep: () => keepDraft(),
  });
}

/** The entries of `values` names that belong to no field of the form, counted by entry. */
function missingEntries(names) {
  return new Set(names.map((name) => name.match(/^entries-(\d+)-/)?.[1]).filter(Boolean)).size;
}

/** Offer, or put back, a draft an earlier visit of this page left. */
function restoreDraft(form, draft, actions) {
  const found = draft.read();
  if (!found || typeof found.values !== "object") return;
  const page = fieldValues(form);
  const differs = Object.entries(found.values).some(([name, value]) => (page[name] ?? "") !== value);
  const base = Number(form.elements.base_version.value);
  // Nothing new in it, or a press of Save took it to the server (and a newer version).
  if (!differs || (found.submitted && base > found.base_version)) {
    draft.clear();
    return;
  }
  const when = new Date(found.saved_at);
  const time = document.createElement("time");
  time.dateTime = when.toISOString();
  time.textContent = `${when.toLocaleDateString(LANGUAGE)} ${timeOf(when)}`;
  const leftOut = (leftovers) =>
    missingEntries(Object.keys(leftovers)) ? ` ${text.draft_more}` : "";
  if (found.base_version === base) {
    const leftovers = actions.fill(found.values);
    banner(form, "info", "status", [
      ...withElements(text.draft_back, { time }), leftOut(leftovers)]);
    if (Object.keys(leftovers).length) actions.keep();
    actions.saveNow();
    return;
  }
  const restore = button(text.restore_draft, "btn btn-sm btn-primary me-2");
  const discard = button(text.discard_draft, "btn btn-sm btn-outline-secondary");
  const offer = banner(form, "warning", "alert", [
    ...withElements(text.draft_offer, { time }), " ", restore, discard]);
  restore.addEventListener("click", () => {
    const leftovers = actions.fill(found.values);
    actions.keep();
    offer.replaceChildren(text.draft_restored, leftOut(leftovers));
    offer.setAttribute("role", "status");
    form.querySelector("input:not([type=hidden]), textarea")?.focus();
  });
  discard.addEventListener("click", () => {
    draft.clear();
    offer.remove();
  });
}
