// The editor's enhancements. Each module finds its own markup and does nothing without it, so
// every page works without JavaScript and with any subset of these.
import { initAutosave } from "./editor/autosave.js";
import { watchEdits } from "./editor/changes.js";
import { initDesignPanel } from "./editor/design-panel.js";
import { initLines } from "./editor/lines.js";
import { initEntryLists } from "./editor/lists.js";
import { initLivePreview } from "./editor/preview.js";
import { initPreviewToggle } from "./editor/preview-toggle.js";
import { initWritingHelp } from "./editor/writing-help.js";

for (const form of document.querySelectorAll("form.editor-form")) {
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
