/**
 * At phone width the form and the preview take turns: a button in the header switches between
 * them. Without JavaScript the preview simply follows the form.
 */
export function initPreviewToggle(split) {
  const toggle = document.getElementById("preview-toggle");
  if (!split || !toggle) return;
  split.classList.add("js-toggles");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const showing = split.classList.toggle("showing-preview");
    toggle.setAttribute("aria-expanded", String(showing));
    toggle.textContent = showing ? "Show form" : "Show preview";
  });
}
