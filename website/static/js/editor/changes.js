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
