// Copy buttons: <button data-copy-target="ID"> copies the value of the input with that id.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  const status = document.getElementById(button.dataset.copyStatus);
  button.hidden = false;
  button.addEventListener("click", async () => {
    const input = document.getElementById(button.dataset.copyTarget);
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = "Link copied.";
    } catch {
      input.select();  // the clipboard may be refused; selected text is one Ctrl+C away
      status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected link.";
    }
  });
});
