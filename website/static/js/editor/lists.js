/**
 * The entries of a section (jobs, schools, profiles) as a list arranged in the page: drag an
 * entry by its handle (or press the arrow keys on it), and Move up, Move down, Duplicate and
 * Remove act at once instead of posting (without JavaScript each of them posts and saves).
 * A removal offers Undo until the next removal. After every change the fields are renumbered,
 * so the form posts the entries in the order shown, and the change is announced: to screen
 * readers in a polite live region, and to autosave and the preview through `announceChange`.
 */
import Sortable, { AutoScroll } from "../../vendor/sortablejs/sortable.core.esm.js";
import { format, messages } from "../i18n.js";
import { announce, announceChange } from "./changes.js";

const ARRANGE = /^(up|down|duplicate|remove)-\d+$/;
// Field ids and names carry the entry's place: "entries-2-position", "entries-2-position-hint".
const NUMBERED = /^entries-\d+-/;
const NUMBERED_ATTRIBUTES = ["id", "name", "for", "aria-describedby"];
const FIELDS = "input:not([type=hidden]), textarea, select";
const ARROW_MOVES = { ArrowUp: -1, ArrowDown: 1 };

const text = messages("editor");

Sortable.mount(new AutoScroll()); // a long list scrolls while an entry is dragged to its edge

/** Make the entries of `form`'s `.editor-entries` list rearrangeable in the page. */
export function initEntryLists(form) {
  const list = form?.querySelector(".editor-entries");
  if (!list) return;
  const maxEntries = Number(list.dataset.maxEntries) || Infinity;
  let undo = null; // the last removal, while it can be undone: {note, fieldset, index, name}

  const entries = () => [...list.querySelectorAll(":scope > .editor-entry")];

  /** Tell screen readers and the other editor modules what just changed. */
  const changed = (message) => {
    renumber();
    announce(form, message);
    announceChange(form);
  };

  const renumber = () => {
    const all = entries();
    all.forEach((fieldset, index) => {
      fieldset.id = `entry-${index}`;
      for (const element of fieldset.querySelectorAll("[id], [name], [for], [aria-describedby]")) {
        for (const attribute of NUMBERED_ATTRIBUTES) {
          const value = element.getAttribute(attribute);
          if (!value) continue;
          const renumbered = value.split(" ")
            .map((token) => token.replace(NUMBERED, `entries-${index}-`)).join(" ");
          if (renumbered !== value) element.setAttribute(attribute, renumbered);
        }
      }
      for (const button of fieldset.querySelectorAll("button[name=action]")) {
        const verb = button.value.split("-")[0];
        button.value = `${verb}-${index}`;
        button.disabled = (verb === "up" && index === 0)
          || (verb === "down" && index === all.length - 1)
          || (verb === "duplicate" && all.length >= maxEntries);
      }
      label(fieldset);
    });
    const add = form.querySelector("button[name=action][value=add]");
    if (add) add.disabled = all.length >= maxEntries;
  };

  const moved = (fieldset, focusTarget) => {
    const all = entries();
    changed(format(text.moved, {
      name: entryName(fieldset), position: all.indexOf(fieldset) + 1, count: all.length }));
    refocus(fieldset, focusTarget);
  };

  const move = (fieldset, offset, focusTarget) => {
    const all = entries();
    const neighbour = all[all.indexOf(fieldset) + offset];
    if (!neighbour) return;
    if (offset < 0) neighbour.before(fieldset);
    else neighbour.after(fieldset);
    moved(fieldset, focusTarget);
  };

  const duplicate = (fieldset) => {
    if (entries().length >= maxEntries) return;
    // Clones keep what was typed: inputs and textareas copy their current value.
    const copy = fieldset.cloneNode(true);
    fieldset.after(copy);
    const all = entries();
    changed(format(text.duplicated, {
      name: entryName(fieldset), position: all.indexOf(copy) + 1, count: all.length }));
    copy.querySelector(FIELDS)?.focus();
  };

  const remove = (fieldset) => {
    undo?.note.remove(); // the previous removal is final now
    const name = entryName(fieldset);
    const note = document.createElement("div");
    note.className = "entry-removed mb-3";
    const said = document.createElement("span");
    said.textContent = format(text.removed, { name });
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary";
    button.textContent = text.undo;
    note.append(said, button);
    undo = { note, fieldset, index: entries().indexOf(fieldset), name };
    fieldset.replaceWith(note);
    changed(format(text.removed, { name }));
    button.addEventListener("click", restore);
    button.focus();
  };

  const restore = () => {
    const { note, fieldset, index, name } = undo;
    undo = null;
    note.remove();
    list.insertBefore(fieldset, entries()[index] ?? null);
    const all = entries();
    changed(format(text.restored, {
      name, position: all.indexOf(fieldset) + 1, count: all.length }));
    fieldset.querySelector("button[name=action][value^=remove]").focus();
  };

  for (const fieldset of entries()) addHandle(fieldset);
  renumber();

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[name=action]");
    if (!button || !ARRANGE.test(button.value) || !list.contains(button)) return;
    event.preventDefault();
    const fieldset = button.closest(".editor-entry");
    const verb = button.value.split("-")[0];
    if (verb === "up" || verb === "down") move(fieldset, verb === "up" ? -1 : 1, button);
    else if (verb === "duplicate") duplicate(fieldset);
    else remove(fieldset);
  });
  list.addEventListener("keydown", (event) => {
    const handle = event.target.closest(".entry-handle");
    if (!handle || !Object.hasOwn(ARROW_MOVES, event.key)) return;
    event.preventDefault();
    move(handle.closest(".editor-entry"), ARROW_MOVES[event.key], handle);
  });
  // The handle and the buttons name the entry as typed so far.
  form.addEventListener("input", (event) => {
    const fieldset = event.target.closest(".editor-entry");
    if (fieldset) label(fieldset);
  });

  Sortable.create(list, {
    draggable: ".editor-entry",
    handle: ".entry-handle", // only the handle drags, so text in the fields stays selectable
    forceFallback: true, // the same dragging by mouse, pen and touch
    fallbackOnBody: true,
    animation: 150,
    ghostClass: "entry-drop-place",
    chosenClass: "entry-chosen",
    fallbackClass: "entry-dragged",
    onEnd: (event) => {
      if (event.oldDraggableIndex !== event.newDraggableIndex) {
        moved(event.item, event.item.querySelector(".entry-handle"));
      }
    },
  });
}

/** Return the entry's name as typed ("Staff Engineer, Acme Corp"), else its legend. */
function entryName(fieldset) {
  const keys = (fieldset.dataset.headline || "").split(" ").filter(Boolean);
  const fields = [...fieldset.querySelectorAll(FIELDS)];
  const parts = keys
    .map((key) => fields.find((field) => field.name.replace(NUMBERED, "") === key))
    .map((field) => field?.value.trim())
    .filter(Boolean);
  return parts.join(", ") || fieldset.querySelector("legend").textContent.trim();
}

/** Name the entry's handle and button group after it. */
function label(fieldset) {
  const name = entryName(fieldset);
  fieldset.querySelector(".entry-handle")?.setAttribute("aria-label", format(text.drag, { name }));
  fieldset.querySelector(".entry-actions")?.setAttribute("aria-label", format(text.arrange, { name }));
}

function addHandle(fieldset) {
  const handle = document.createElement("button");
  handle.type = "button";
  handle.className = "btn entry-handle";
  handle.setAttribute("aria-keyshortcuts", "ArrowUp ArrowDown");
  fieldset.querySelector("legend").after(handle);
  fieldset.classList.add("has-handle");
}

/** Focus `target` again after its entry moved, or, once disabled (at the top or the bottom),
 * the entry's other move button. */
function refocus(fieldset, target) {
  const other = fieldset.querySelector("button[name=action][value^=up]:not(:disabled), "
    + "button[name=action][value^=down]:not(:disabled)");
  (target && !target.disabled ? target : other ?? fieldset.querySelector(".entry-handle")).focus();
}
