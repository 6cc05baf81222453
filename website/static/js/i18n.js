// Scripts show only translated text: a page puts the messages its scripts need in a JSON
// block, <script type="application/json" id="messages-NAME">, rendered in the reader's language.

/** Return the messages the page gave for `name`, or an empty object when it gave none. */
export function messages(name) {
  const block = document.getElementById(`messages-${name}`);
  return block ? JSON.parse(block.textContent) : {};
}

/** Fill a message's %(key)s placeholders with `values`, as the server's catalogues write them. */
export function format(message, values = {}) {
  return message.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}
