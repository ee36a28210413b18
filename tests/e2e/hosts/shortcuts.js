// The host page's own keyboard shortcut: Escape counts, and the page records
// whether anything else (the app) claimed the key.
const count = document.getElementById('escapes');
addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  count.textContent = String(Number(count.textContent) + 1);
  // After every listener has run.
  setTimeout(() => (document.body.dataset.escapeClaimed = String(event.defaultPrevented)));
});
