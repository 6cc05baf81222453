/**
 * The Design tab: every change of a setting redraws the preview frame and points the header's
 * Download PDF link at the same settings, so what is on screen is what downloads; sections
 * reorder by drag (SortableJS) or by their arrow buttons, announced to screen readers.
 * Without this module the form's position numbers and "Show these settings" do the same.
 */
import Sortable from "../../vendor/sortablejs/sortable.core.esm.js";
import { format, messages } from "../i18n.js";
import { CHANGED, announceChange, debounce } from "./changes.js";

const REDRAW_DELAY_MS = 250;
const NOT_SETTINGS = new Set(["csrf_token", "base_version"]);

/** Return the query string of the settings `form` holds. */
function settingsQuery(form) {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (!NOT_SETTINGS.has(name)) query.append(name, value);
  }
  return query.toString();
}

/** Show what `form` holds: in the preview frame, the download link and the address bar. */
function showSettings(form) {
  const query = settingsQuery(form);
  const frame = document.getElementById("preview-frame");
  if (frame) frame.src = `${form.dataset.documentUrl}?${query}`;
  const download = document.getElementById("download-pdf");
  if (download) download.href = `${form.dataset.downloadUrl}?${query}`;
  // A reload shows the same settings, saved or not.
  history.replaceState(history.state, "", `${form.dataset.pageUrl}?${query}`);
}

/** Name the chosen design wherever the panel names it (the default is saved for that one). */
function nameDesign(form) {
  const name = () => {
    const chosen = form.querySelector('input[name="template"]:checked');
    if (!chosen) return;
    for (const place of form.querySelectorAll("[data-design-name]")) {
      place.textContent = chosen.dataset.name;
    }
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "template") name();
  });
  name();
}

/** Keep the preset swatches and the custom colour input in step. */
function linkColours(form) {
  const custom = form.querySelector("#accent_custom");
  const customRadio = form.querySelector("#accent-custom");
  if (!custom || !customRadio) return;
  custom.addEventListener("input", () => { customRadio.checked = true; });
  for (const swatch of form.querySelectorAll('input[name="accent"]')) {
    swatch.addEventListener("change", () => {
      if (swatch !== customRadio) custom.value = swatch.value;
    });
  }
}

/** Number the rows of `list` in their order, as the form sends them; the top row cannot go
 * up nor the bottom one down. */
function renumber(list) {
  const rows = list.querySelectorAll(".section-row");
  rows.forEach((row, index) => {
    row.querySelector(".section-position").value = String(index + 1);
    row.querySelector('[data-move="-1"]').disabled = index === 0;
    row.querySelector('[data-move="1"]').disabled = index === rows.length - 1;
  });
}

/** Let the sections of `form` reorder by drag and by their up/down buttons. */
function sortSections(form) {
  const list = form.querySelector("#section-order");
  const status = form.querySelector("#section-order-status");
  if (!list) return;
  form.classList.add("js-sortable");
  const moved = (row) => {
    renumber(list);
    const rows = [...list.children];
    status.textContent = format(messages("editor").section_moved, {
      title: row.dataset.title, position: rows.indexOf(row) + 1, count: rows.length });
    announceChange(form);
  };
  for (const element of list.querySelectorAll(".drag-handle, .section-moves")) element.hidden = false;
  renumber(list);
  Sortable.create(list, {
    handle: ".drag-handle", animation: 150, onEnd: (event) => moved(event.item),
  });
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move]");
    if (!button) return;
    const row = button.closest(".section-row");
    const target = Number(button.dataset.move) < 0 ? row.previousElementSibling : row.nextElementSibling;
    if (!target) return;
    if (Number(button.dataset.move) < 0) target.before(row);
    else target.after(row);
    moved(row);
    // Keep focus on the row: on the same button, or its twin once the row reached an end.
    (button.disabled ? row.querySelector(`[data-move="${-button.dataset.move}"]`) : button).focus();
  });
}

/** Enhance the Design form in `root`, if the page has one. */
export function initDesignPanel(root) {
  const form = root.querySelector("form.design-panel");
  if (!form) return;
  const showButton = form.querySelector("[data-show-button]");
  if (showButton) showButton.hidden = true;  // the preview already shows every change
  linkColours(form);
  nameDesign(form);
  sortSections(form);
  const redraw = debounce(() => showSettings(form), REDRAW_DELAY_MS);
  form.addEventListener(CHANGED, () => redraw());
}
