/**
 * "One item per line" text areas (`textarea[data-lines]`: highlights, courses, keywords,
 * roles) edited as a list of one-line inputs, each with a Remove button, plus "Add a …".
 * Enter adds a line after the current one, Backspace in an empty line removes it, and pasting
 * several lines makes one line of each. The list writes into the (hidden) text area after
 * every change, so the form posts exactly what it posts without JavaScript.
 *
 * The list is tied to its text area by element, not by name or id (entries get re-numbered
 * when they move). `enhanceLines(root)` builds the lists inside `root`; entries added, cloned
 * or restored later are picked up by a MutationObserver, and a list copied along with its
 * entry is rebuilt from its own text area.
 */
import { format } from "../i18n.js";
import { announceChange } from "./changes.js";
import { helpWith } from "./writing-help.js";

const built = new WeakSet(); // the lists this module made (a cloned one is not among them)
const watched = new WeakSet(); // the text areas whose own input events redraw their list
let lastId = 0;

/** Turn every lines text area of `form` into a list, now and whenever entries are added. */
export function initLines(form) {
  enhanceLines(form);
  new MutationObserver(() => enhanceLines(form)).observe(form, { childList: true, subtree: true });
  form.addEventListener("click", (event) => {
    // A label points at the hidden text area: take its click to the list's first line.
    const row = event.target.closest("label") && event.target.closest(".field-label-row");
    const textarea = row && row.parentElement.querySelector(":scope > textarea[data-lines]");
    const list = textarea && listOf(textarea);
    if (list) list.querySelector("input, .lines-add").focus();
  });
}

/** Build the list of each lines text area inside `root` that does not have its own yet. */
export function enhanceLines(root) {
  for (const textarea of root.querySelectorAll("textarea[data-lines]")) {
    if (listOf(textarea)) continue;
    const copied = textarea.parentElement.querySelector(":scope > .lines-editor");
    if (copied) copied.remove();
    buildList(textarea);
  }
}

function listOf(textarea) {
  const list = textarea.parentElement.querySelector(":scope > .lines-editor");
  return list && built.has(list) ? list : null;
}

function newId() {
  lastId += 1;
  return `lines-${lastId}`;
}

function buildList(textarea) {
  // Found by place, not by `for`: in a copied entry the ids may not be renumbered yet.
  const label = textarea.parentElement.querySelector("label");
  label.id = newId(); // fresh, since a copied entry carries a copy of the old one
  const editor = document.createElement("div");
  editor.className = "lines-editor";
  editor.setAttribute("role", "group");
  editor.setAttribute("aria-labelledby", label.id);
  if (textarea.hasAttribute("aria-describedby")) {
    editor.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
  }
  const list = document.createElement("ul");
  list.className = "list-unstyled mb-2 lines-list";
  const add = document.createElement("button");
  add.type = "button";
  add.className = "btn btn-outline-secondary btn-sm lines-add";
  add.textContent = textarea.dataset.addLine;
  editor.append(list, add);
  built.add(editor);
  const lines = textarea.value.split(/\r?\n/).filter((line) => line.trim());
  for (const line of lines.length ? lines : [""]) list.append(lineRow(textarea, line));
  textarea.hidden = true;
  // After the field's error and advice, so they are read before the lines are written.
  textarea.parentElement.append(editor);
  refresh(textarea);
  for (const input of list.querySelectorAll("input")) helpWith(input);

  add.addEventListener("click", () => insertLine(textarea, null, ""));
  list.addEventListener("click", (event) => {
    const remove = event.target.closest(".lines-remove");
    if (remove) removeLine(textarea, remove.closest(".lines-item"));
  });
  // Listening on the list, below the form, keeps the text area current before the form's own
  // input listeners (autosave, preview) read it.
  list.addEventListener("input", () => {
    sync(textarea);
    refresh(textarea);
  });
  if (!watched.has(textarea)) {
    watched.add(textarea);
    // Text put into the area itself (a draft that autosave restores) redraws its list.
    textarea.addEventListener("input", () => {
      listOf(textarea)?.remove();
      buildList(textarea);
    });
  }
  list.addEventListener("keydown", (event) => onKey(textarea, event));
  list.addEventListener("paste", (event) => onPaste(textarea, event));
}

function lineRow(textarea, value) {
  const row = document.createElement("li");
  row.className = "lines-item mb-1";
  const group = document.createElement("div");
  group.className = "input-group";
  const input = document.createElement("input");
  input.type = "text";
  input.className = "form-control";
  input.value = value;
  input.dataset.limit = textarea.dataset.lineLimit;
  input.dataset.counter = "near";
  if (textarea.dataset.lines === "highlight") input.dataset.tips = "";
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "btn btn-outline-secondary lines-remove";
  const cross = document.createElement("span");
  cross.setAttribute("aria-hidden", "true");
  cross.textContent = "✕";
  remove.append(cross);
  group.append(input, remove);
  const limit = document.createElement("div");
  limit.className = "form-text mt-1 field-limit";
  limit.id = newId();
  limit.hidden = true;
  const tip = document.createElement("div");
  tip.className = "form-text mt-1 line-tip";
  tip.id = newId();
  tip.hidden = true;
  input.setAttribute("aria-describedby", `${limit.id} ${tip.id}`);
  row.append(group, limit, tip);
  return row;
}

function inputs(textarea) {
  return [...listOf(textarea).querySelectorAll(".lines-item input")];
}

function sync(textarea) {
  textarea.value = inputs(textarea).map((input) => input.value).filter((line) => line.trim()).join("\n");
}

// Names say where each line is ("Highlight 2"), and Add stops at the most lines allowed.
function refresh(textarea) {
  const all = inputs(textarea);
  all.forEach((input, index) => {
    const number = index + 1;
    input.setAttribute("aria-label", format(textarea.dataset.lineName, { number }));
    const text = input.value.trim();
    const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
    const remove = format(textarea.dataset.removeLine, { number });
    input.closest(".lines-item").querySelector(".lines-remove")
      .setAttribute("aria-label", shown ? `${remove}: ${shown}` : remove);
  });
  listOf(textarea).querySelector(".lines-add").disabled = all.length >= Number(textarea.dataset.maxLines);
}

function changed(textarea) {
  sync(textarea);
  refresh(textarea);
  announceChange(textarea.form);
}

function insertLine(textarea, afterRow, value) {
  if (inputs(textarea).length >= Number(textarea.dataset.maxLines)) return null;
  const row = lineRow(textarea, value);
  if (afterRow) afterRow.after(row);
  else listOf(textarea).querySelector(".lines-list").append(row);
  const input = row.querySelector("input");
  helpWith(input);
  input.focus();
  changed(textarea);
  return input;
}

function removeLine(textarea, row) {
  const rows = [...listOf(textarea).querySelectorAll(".lines-item")];
  const index = rows.indexOf(row);
  const neighbour = rows[index + 1] || rows[index - 1];
  row.remove();
  (neighbour ? neighbour.querySelector("input") : listOf(textarea).querySelector(".lines-add")).focus();
  changed(textarea);
}

function onKey(textarea, event) {
  const input = event.target;
  if (!input.matches("input")) return;
  const row = input.closest(".lines-item");
  if (event.key === "Enter") {
    event.preventDefault(); // a line never submits the form
    insertLine(textarea, row, "");
  } else if (event.key === "Backspace" && input.value === "" && row.previousElementSibling) {
    event.preventDefault();
    const previous = row.previousElementSibling.querySelector("input");
    row.remove();
    previous.focus();
    previous.setSelectionRange(previous.value.length, previous.value.length);
    changed(textarea);
  }
}

// Pasted lines from an old resume often start with bullets; those go, each line stays a line.
function onPaste(textarea, event) {
  const input = event.target;
  const text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
  if (!input.matches("input") || !/[\r\n]/.test(text)) return;
  event.preventDefault();
  const pasted = text.split(/\r?\n|\r/).map((line) => line.replace(/^\s*[•●▪◦·*–-]\s+/, "").trim())
    .filter(Boolean);
  if (!pasted.length) return;
  const before = input.value.slice(0, input.selectionStart);
  const after = input.value.slice(input.selectionEnd);
  input.value = before + pasted[0];
  let row = input.closest(".lines-item");
  let last = input;
  for (const line of pasted.slice(1)) {
    const added = lineRow(textarea, line);
    row.after(added);
    row = added;
    last = added.querySelector("input");
  }
  const caret = last.value.length;
  last.value += after;
  for (const line of listOf(textarea).querySelectorAll("input")) helpWith(line);
  last.focus();
  last.setSelectionRange(caret, caret);
  changed(textarea);
}
