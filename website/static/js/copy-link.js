// Copy buttons: <button data-copy-target="ID"> copies the value of the input with that id;
// data-copy-what names the value ("link", the default, or "token"), which picks the messages
// of the page's "copy" block (see copy_messages in resumes/_macros.html). Pages load this as
// a module or as a classic script, so the messages module is imported when the script runs.
import("./i18n.js").then(({ messages }) => {
  const said = messages("copy");
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    const status = document.getElementById(button.dataset.copyStatus);
    const text = said[button.dataset.copyWhat || "link"] || {};
    button.hidden = false;
    button.addEventListener("click", async () => {
      const input = document.getElementById(button.dataset.copyTarget);
      try {
        await navigator.clipboard.writeText(input.value);
        status.textContent = text.copied || "";
      } catch {
        input.select();  // the clipboard may be refused; selected text is one Ctrl+C away
        status.textContent = text.select || "";
      }
    });
  });
});
