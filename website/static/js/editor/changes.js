/**
 * One signal for "the resume being edited changed", whatever changed it: typing, a drag, a
 * duplicated or restored entry, a setting. Autosave and the live preview listen to it, so the
 * modules that change the form need not know about them.
 *
 *   editor:changed  (on the form; bubbles)  the form's content differs from a moment ago
 *   editor:saved    (on the form; bubbles)  detail: the autosave answer, {version, saved_at,
 *                                           completion: {percent, sections}} as the server sent it
 */
export const CHANGED = "editor:changed";
export const SAVED = "editor:saved";

/** Tell every listener that `form`'s content changed (typing announces itself). */
export function announceChange(form) {
  form.dispatchEvent(new CustomEvent(CHANGED, { bubbles: true }));
}

/** Announce every edit typed or picked in `form` as a change; give it its live region. */
export function watchEdits(form) {
  const changed = () => announceChange(form);
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  const region = document.createElement("div");
  region.className = "visually-hidden";
  region.setAttribute("aria-live", "polite");
  region.dataset.editorAnnouncer = "";
  form.append(region);
}

/** The value `control` had when the page was served, as the browser keeps it (a one-line
 * field drops line breaks, an email or URL its outer spaces, a colour its capitals). */
function servedValue(control) {
  if (!(control instanceof HTMLInputElement)) return control.defaultValue;
  const probe = document.createElement("input");
  probe.type = control.type;
  probe.value = control.defaultValue; // cleaned by the same rules as the field itself
  return probe.value;
}

/** The option a drop-down list was served with: the last one marked selected, or when none
 * is, the browser's choice (the first that is not disabled). */
function servedOption(select) {
  const options = [...select.options];
  return options.findLast((option) => option.defaultSelected)
    ?? (select.size > 1 ? undefined : options.find((option) => !option.disabled));
}

/** Whether a control of `form` no longer holds what the page was served with: a choice made
 * before the editor's script ran, or one the browser restored when the user came Back. */
export function changedBeforeScript(form) {
  return [...form.elements].some((control) => {
    if (control.type === "checkbox" || control.type === "radio") {
      return control.checked !== control.defaultChecked;
    }
    if (control.type === "file") return control.files.length > 0;
    if (control instanceof HTMLSelectElement && control.multiple) {
      return [...control.options].some((option) => option.selected !== option.defaultSelected);
    }
    if (control instanceof HTMLSelectElement) {
      return control.selectedOptions[0] !== servedOption(control);
    }
    return "defaultValue" in control && control.value !== servedValue(control);
  });
}

/** Return `callback` delayed until `wait` ms have passed without another call. */
export function debounce(callback, wait) {
  let timer;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => callback(...args), wait);
  };
  debounced.flush = (...args) => {
    clearTimeout(timer);
    callback(...args);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** Tell screen readers `message` politely, through the live region `watchEdits` gave `form`. */
export function announce(form, message) {
  const region = form.querySelector(":scope > [data-editor-announcer]");
  if (region) region.textContent = message;
}
