// The import page: reading a PDF takes up to a second, so the button says so and cannot send
// the file twice. Coming back to the page (the browser's Back) makes it ready again. Without
// this script the form simply submits.
import { messages } from "./i18n.js";

const form = document.getElementById("import-form");
const button = form?.querySelector("[type=submit]");
const status = document.getElementById("import-status");
const text = messages("import");
if (form && button && status) {
  const label = button.value;
  form.addEventListener("submit", () => {
    button.disabled = true;
    button.value = text.reading;
    status.textContent = text.wait;
  });
  window.addEventListener("pageshow", () => {
    button.disabled = false;
    button.value = label;
    status.textContent = "";
  });
}
