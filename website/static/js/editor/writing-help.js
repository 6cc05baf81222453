/**
 * Writing help in the editor's forms:
 * - a live length counter in place of each field's "Up to N characters" note (`data-limit`),
 *   in a warning style from 90 % of the limit and saying how much is too much once over; a
 *   screen reader hears only the crossings into "near" and "over", not every key;
 * - advice on each highlight (`data-tips`): a weak opener or no number gets a small tip,
 *   never an error;
 * - the completion checklist (`[data-completion]`) redrawn from each autosave answer.
 * Everything is found from the element typed in, so entries added, duplicated or re-numbered
 * later need nothing from other modules: a MutationObserver draws their counters.
 */
import { format, messages } from "../i18n.js";
import { announce, SAVED } from "./changes.js";

const WARN_AT = 0.9;
const text = messages("editor");
const numbers = new Intl.NumberFormat(document.documentElement.lang || "en");
const WEAK_OPENER = /^(responsible for|worked on|helped( with| to)?|duties included|tasked with|assisted (with|in)|involved in|participated in|in charge of)\b/i;
const MIN_WORDS_FOR_NUMBER_TIP = 4;
const HELPED = "[data-limit], [data-tips]";
const levels = new WeakMap(); // field -> "ok" | "near" | "over", to announce crossings only

/** Start the counters, highlight tips and live checklist of one editor form. */
export function initWritingHelp(form) {
  for (const field of form.querySelectorAll(HELPED)) helpWith(field);
  // Entries added, copied or restored by other modules get their counters drawn at once.
  new MutationObserver((records) => {
    for (const node of records.flatMap((record) => [...record.addedNodes])) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      for (const field of [node, ...node.querySelectorAll(HELPED)]) {
        if (field.matches(HELPED)) helpWith(field);
      }
    }
  }).observe(form, { childList: true, subtree: true });
  form.addEventListener("input", ({ target }) => {
    if (target.matches("[data-limit]")) updateCounter(target, form);
    if (target.matches("[data-tips]")) updateTips(target);
  });
  form.addEventListener(SAVED, ({ detail }) => {
    if (detail && detail.completion) showCompletion(detail.completion);
  });
}

/** Bring one field's counter and tips up to date without announcing anything. */
export function helpWith(field) {
  if (field.matches("[data-limit]")) updateCounter(field, null);
  if (field.matches("[data-tips]")) updateTips(field);
}

function labelOf(field) {
  return (field.labels && field.labels[0] ? field.labels[0].textContent : field.getAttribute("aria-label") || "").trim();
}

function updateCounter(field, form) {
  const note = field.closest(".lines-item, .mb-3")?.querySelector(".field-limit");
  if (!note) return;
  const limit = Number(field.dataset.limit);
  const used = Array.from(field.value).length; // characters as the server counts them, not UTF-16 units
  const level = used > limit ? "over" : used >= limit * WARN_AT ? "near" : "ok";
  note.textContent = `${numbers.format(used)} / ${numbers.format(limit)}`;
  const unit = document.createElement("span");
  unit.className = "visually-hidden";
  unit.textContent = ` ${text.characters}`;
  note.append(unit);
  if (level === "over") note.append(`: ${format(text.too_many, { count: numbers.format(used - limit) })}`);
  note.classList.toggle("text-warning-emphasis", level === "near");
  note.classList.toggle("text-danger", level === "over");
  note.classList.toggle("fw-semibold", level === "over");
  // Lines show their counter only near the limit: a counter on every highlight is noise. An
  // empty note also says nothing to a screen reader (a hidden one it would still read).
  if (field.dataset.counter === "near" && level === "ok") note.replaceChildren();
  if (field.dataset.counter === "near") note.hidden = level === "ok";
  const before = levels.get(field) || "ok";
  levels.set(field, level);
  if (!form || level === before || level === "ok" || (before === "over" && level === "near")) return;
  announce(form, format(level === "over" ? text.over_limit : text.near_limit, {
    label: labelOf(field), over: numbers.format(used - limit), used: numbers.format(used),
    limit: numbers.format(limit) }));
}

// Tips change only as the line is typed, never when it loses focus: a tip appearing then would
// move the button being clicked away from under the pointer. A missing number is pointed out
// once the line has a few words, not from its first letter. Weak openers are English phrases:
// they are looked for only when the form says the resume is in English (`data-english-advice`).
function updateTips(field) {
  const tip = field.closest(".lines-item")?.querySelector(".line-tip");
  if (!tip) return;
  const line = field.value.trim();
  const english = field.closest("form")?.hasAttribute("data-english-advice");
  const opener = english && line.match(WEAK_OPENER);
  const noNumber = line.split(/\s+/).length >= MIN_WORDS_FOR_NUMBER_TIP && !/\d/.test(line);
  const tips = [];
  if (opener) tips.push(format(text.weak_opener, { opener: opener[0] }));
  if (noNumber) tips.push(text.add_number);
  tip.textContent = tips.length ? format(text.tip, { tips: tips.join(" ") }) : "";
  tip.hidden = !tips.length;
}

// The same markup as editor/_completion.html draws.
function showCompletion({ percent, sections }) {
  const checklist = document.querySelector("[data-completion]");
  if (!checklist) return;
  checklist.querySelector("summary").textContent = format(text.complete, { percent });
  const items = sections.map((part) => {
    const item = document.createElement("li");
    item.className = "mb-1";
    const mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true");
    const label = document.createElement("strong");
    label.textContent = part.label;
    if (part.score >= 1) {
      mark.textContent = "✓";
      const done = document.createElement("span");
      done.className = "text-body-secondary";
      done.textContent = text.done;
      item.append(mark, " ", label, " ", done);
    } else {
      mark.textContent = "○";
      item.append(mark, " ", label, `: ${part.hint}`);
    }
    return item;
  });
  checklist.querySelector("ul").replaceChildren(...items);
}
