// The editor's enhancements. Each module finds its own markup and does nothing without it, so
// every page works without JavaScript and with any subset of these.
import { initAutosave } from "./editor/autosave.js";
import { watchEdits } from "./editor/changes.js";
import { initPreviewToggle } from "./editor/preview-toggle.js";

for (const form of document.querySelectorAll("form.editor-form")) watchEdits(form);
for (const form of document.querySelectorAll("form.editor-form[data-autosave-url]")) initAutosave(form);
initPreviewToggle(document.querySelector(".editor-split"));
