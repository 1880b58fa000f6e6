// The hub's settings for the page, written into index.html as the hub serves it
// (nordhub/page.py): where each language's strings are (under content-hashed names), and the
// API's own limits on what the forms send, so the page checks exactly what the API checks.

const block = document.getElementById("nordhub-config");

export const config = JSON.parse(block.textContent);
export const limits = config.limits;
