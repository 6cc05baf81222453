// The editor's enhancements. Each module finds its own markup and does nothing without it, so
// every page works without JavaScript and with any subset of these.
import { watchEdits } from "./editor/changes.js";
import { initPreviewToggle } from "./editor/preview-toggle.js";
import { initLines } from "./editor/lines.js";
import { initWritingHelp } from "./editor/writing-help.js";

for (const form of document.querySelectorAll("form.editor-form")) watchEdits(form);
initPreviewToggle(document.querySelector(".editor-split"));
for (const form of document.querySelectorAll("form.editor-form")) initLines(form);
for (const form of document.querySelectorAll("form.editor-form")) initWritingHelp(form);
