// Copy buttons: <button data-copy-target="ID"> copies the value of the input with that id;
// data-copy-what names the value in the messages (default "link").
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  const status = document.getElementById(button.dataset.copyStatus);
  const what = button.dataset.copyWhat || "link";
  button.hidden = false;
  button.addEventListener("click", async () => {
    const input = document.getElementById(button.dataset.copyTarget);
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = `${what[0].toUpperCase()}${what.slice(1)} copied.`;
    } catch {
      input.select();  // the clipboard may be refused; selected text is one Ctrl+C away
      status.textContent = `Press Ctrl+C (or Cmd+C) to copy the selected ${what}.`;
    }
  });
});
