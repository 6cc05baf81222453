/**
 * At phone width the form and the preview take turns: a floating button switches between
 * them, showing the preview from its top and the form again where it was left. Without
 * JavaScript the preview simply follows the form. The tabs, one sideways-scrolling row there,
 * start scrolled to the current page's tab.
 */
import { messages } from "../i18n.js";

export function initPreviewToggle(split) {
  const toggle = document.getElementById("preview-toggle");
  if (!split || !toggle) return;
  split.classList.add("js-toggles");
  toggle.hidden = false;
  let formScroll = 0;
  toggle.addEventListener("click", () => {
    const showing = !split.classList.contains("showing-preview");
    if (showing) formScroll = window.scrollY;
    split.classList.toggle("showing-preview", showing);
    const text = messages("editor");
    toggle.textContent = showing ? text.show_form : text.show_preview;
    // At once, not smoothly (Bootstrap's default): the other pane is already there.
    if (!showing) window.scrollTo({ top: formScroll, behavior: "instant" });
    else if (split.getBoundingClientRect().top < 0) {
      split.scrollIntoView({ block: "start", behavior: "instant" });
    }
  });
  centreCurrentTab(document.querySelector(".editor-tabs .nav"));
}

/** Scroll the row of tabs sideways (never the page) so the current tab is in its middle. */
function centreCurrentTab(strip) {
  const current = strip?.querySelector("[aria-current=page]");
  if (!current || strip.scrollWidth <= strip.clientWidth) return;
  const [row, tab] = [strip.getBoundingClientRect(), current.getBoundingClientRect()];
  strip.scrollLeft += tab.left - row.left - (row.width - tab.width) / 2;
}
