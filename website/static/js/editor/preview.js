/**
 * The live preview: a pause in typing redraws the resume beside the form as the form shows it,
 * before anything is saved. The form is posted to its `data-preview-url`, which answers the
 * design's HTML; its body is swapped into the preview frame's document (sandboxed, no scripts,
 * its own strict CSP), so the frame neither flashes nor loses its scroll position, and the
 * stylesheet (with its fonts) is replaced only when it changed. A failed update keeps the last
 * preview and says so.
 */
import { messages } from "../i18n.js";
import { CHANGED, debounce } from "./changes.js";

const PAUSE_MS = 300;

/** The addresses of a document's stylesheets, to tell whether a new one must be loaded. */
function stylesheets(doc) {
  return [...doc.querySelectorAll("link[rel=stylesheet]")].map((link) => link.href).join(" ");
}

/** Whether the frame holds the design document (not the blank one it has while loading). */
function loaded(frame) {
  const doc = frame.contentDocument;
  return Boolean(doc && doc.readyState === "complete" && doc.URL !== "about:blank");
}

/** Put the design `html` into the frame's document in place of what it shows. */
function swap(frame, html) {
  const shown = frame.contentDocument;
  const fresh = new DOMParser().parseFromString(html, "text/html");
  const view = frame.contentWindow;
  const [x, y] = [view.scrollX, view.scrollY];
  if (stylesheets(fresh) !== stylesheets(shown)) {
    shown.head.replaceWith(shown.adoptNode(fresh.head));
  } else {
    shown.title = fresh.title;
  }
  shown.body.replaceWith(shown.adoptNode(fresh.body));
  view.scrollTo(x, y);
}

/** Keep `frame` showing what `form` holds, redrawn after each pause in its changes. */
export function initLivePreview(form, frame) {
  const pane = frame?.closest(".editor-preview-pane");
  if (!form?.dataset.previewUrl || !pane) return;
  const updating = pane.querySelector(".editor-preview-updating");
  const note = pane.querySelector(".editor-preview-note");
  updating.hidden = false;
  let sent = 0; // the number of the newest request; older answers are dropped
  let inFlight = null;
  let waiting = null; // an answer that came while the frame was still loading

  frame.addEventListener("load", () => {
    if (waiting !== null && loaded(frame)) swap(frame, waiting);
    waiting = null;
  });

  const show = (html) => {
    if (loaded(frame)) swap(frame, html);
    else waiting = html;
  };

  const refresh = async () => {
    const number = ++sent;
    inFlight?.abort();
    inFlight = new AbortController();
    pane.classList.add("is-updating");
    try {
      const response = await fetch(form.dataset.previewUrl, {
        method: "POST", body: new FormData(form), signal: inFlight.signal,
        credentials: "same-origin", redirect: "error", // a login page is no preview
        // A script's request: a lost session or expired token is answered in JSON, not a page.
        headers: { "X-Requested-With": "fetch" },
      });
      if (!response.ok) throw new Error(`preview answered ${response.status}`);
      const html = await response.text();
      if (number !== sent) return;
      show(html);
      note.textContent = "";
    } catch (error) {
      if (error.name === "AbortError" || number !== sent) return;
      const text = messages("editor");
      note.textContent = navigator.onLine ? text.preview_failed : text.preview_offline;
    } finally {
      if (number === sent) pane.classList.remove("is-updating");
    }
  };

  form.addEventListener(CHANGED, debounce(refresh, PAUSE_MS));
  window.addEventListener("online", () => {
    if (note.textContent) refresh();
  });
}
