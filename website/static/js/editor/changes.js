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

/** Announce every edit typed or picked in `form` as a change. */
export function watchEdits(form) {
  const announce = () => announceChange(form);
  form.addEventListener("input", announce);
  form.addEventListener("change", announce);
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
