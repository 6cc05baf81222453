// The import page: reading a PDF takes up to a second, so the button says so and cannot send
// the file twice. Coming back to the page (the browser's Back) makes it ready again. Without
// this script the form simply submits.
const form = document.getElementById("import-form");
const button = form?.querySelector("[type=submit]");
const status = document.getElementById("import-status");
if (form && button && status) {
  const label = button.value;
  form.addEventListener("submit", () => {
    button.disabled = true;
    button.value = "Reading the file…";
    status.textContent = "Reading the file. This takes a moment for a PDF.";
  });
  window.addEventListener("pageshow", () => {
    button.disabled = false;
    button.value = label;
    status.textContent = "";
  });
}
