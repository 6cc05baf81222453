// The applications board: drag a card to another column to move it to that status. Each card
// also has a small form (a status and a Move button) that works without this script and from
// the keyboard; this script sends it in the background instead, moves the card in place and
// keeps focus on it. Every move is announced to screen readers.
import { messages } from "./i18n.js";

const text = messages("board");
const board = document.querySelector("[data-board]");
const announcer = document.getElementById("board-announcer");
let dragged = null;

function announce(message) {
  announcer.textContent = "";
  // A new text node each time, so the same message twice is read twice.
  window.setTimeout(() => { announcer.textContent = message; }, 50);
}

function columnOf(status) {
  return board.querySelector(`.board-column[data-status="${status}"]`);
}

function showCounts(counts) {
  for (const column of board.querySelectorAll(".board-column")) {
    const count = counts[column.dataset.status] || 0;
    column.querySelector("[data-count]").textContent = count;
    const empty = column.querySelector(".board-empty");
    if (empty) empty.hidden = count > 0;
  }
}

function placeCard(card, status) {
  const list = columnOf(status).querySelector(".board-cards");
  list.prepend(card);  // the newest change comes first, as the page orders it
  card.querySelector("select[name=status]").value = status;
}

// Send the card's form with `status`; move the card when the server agrees. A refusal is
// announced; an answer that is not JSON (logged out, expired page) sends the form as a page.
async function move(card, status, focusAfter) {
  const form = card.querySelector("form[data-move-form]");
  const data = new FormData(form);
  data.set("status", status);
  card.setAttribute("aria-busy", "true");
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
  } catch {
    announce(text.failed);
    card.removeAttribute("aria-busy");
    return;
  }
  card.removeAttribute("aria-busy");
  const answer = response.headers.get("content-type")?.startsWith("application/json")
    ? await response.json() : null;
  if (answer === null || response.status === 401 || response.status === 400) {
    form.querySelector("select[name=status]").value = status;
    form.submit();
    return;
  }
  if (!response.ok) {
    announce(answer.message || text.refused);
    return;
  }
  placeCard(card, answer.status);
  showCounts(answer.counts);
  announce(answer.message);
  if (focusAfter) focusAfter.focus();
}

if (board) {
  for (const card of board.querySelectorAll(".board-card")) {
    const form = card.querySelector("form[data-move-form]");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const select = form.querySelector("select[name=status]");
      move(card, select.value, select);
    });
    card.addEventListener("dragstart", (event) => {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.application);
      card.classList.add("is-dragging");
    });
    card.addEventListener("dragend", () => {
      card.classList.remove("is-dragging");
      dragged = null;
      for (const column of board.querySelectorAll(".is-drop-target")) {
        column.classList.remove("is-drop-target");
      }
    });
  }

  for (const column of board.querySelectorAll(".board-column")) {
    column.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();  // allows the drop
      event.dataTransfer.dropEffect = "move";
      column.classList.add("is-drop-target");
    });
    column.addEventListener("dragleave", (event) => {
      if (!column.contains(event.relatedTarget)) column.classList.remove("is-drop-target");
    });
    column.addEventListener("drop", (event) => {
      event.preventDefault();
      column.classList.remove("is-drop-target");
      const card = dragged;
      if (card && card.closest(".board-column") !== column) move(card, column.dataset.status);
    });
  }
}
