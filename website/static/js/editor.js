// The editor's enhancements. Each module finds its own markup and does nothing without it, so
// every page works without JavaScript and with any subset of these.
import { initAutosave } from "./editor/autosave.js";
import { announceChange, changedBeforeScript, watchEdits } from "./editor/changes.js";
import { initDesignPanel } from "./editor/design-panel.js";
import { initLines } from "./editor/lines.js";
import { initEntryLists } from "./editor/lists.js";
import { initLivePreview } from "./editor/preview.js";
import { initPreviewToggle } from "./editor/preview-toggle.js";
import { initWritingHelp } from "./editor/writing-help.js";

const forms = [...document.querySelectorAll("form.editor-form")];
const changedEarly = forms.filter(changedBeforeScript); // before the modules reshape the forms
for (const form of forms) {
  watchEdits(form);
  initLines(form);
  initWritingHelp(form);
  if (form.dataset.autosaveUrl) initAutosave(form);
}
initPreviewToggle(document.querySelector(".editor-split"));
initEntryLists(document.querySelector("form#entries"));
initLivePreview(document.querySelector("form.editor-form[data-preview-url]"),
                document.getElementById("preview-frame"));
initDesignPanel(document);
// Shown and saved like any other edit, or the preview and the saved resume would miss it.
for (const form of changedEarly) announceChange(form);
