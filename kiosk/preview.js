// The admin's preview of a draft questionnaire on the tablet: the same screens, fed with the
// draft from the page itself, with no pairing, nothing on disk and nothing sent: a finished
// visit ends on the thank-you screen as on a real tablet, and is forgotten.

function previewPayload() {
  const node = document.getElementById("kiosk-preview");
  return node ? JSON.parse(node.textContent) : null;
}

const previewStore = () => ({
  enqueue: async () => {},
  counts: async () => ({ queue: 0, rejected: 0 }),
});

const previewSync = () => ({
  state: { online: true, queue: 0, rejected: 0 },
  start() {},
  flush() {},
  refreshCounts: async () => {},
});

// True when the page is a preview (then shown), false for a real tablet's page. Every
// language's words are in the script already (the server joins them in).
export function startPreview(app, { showWelcome }) {
  const payload = previewPayload();
  if (!payload) return false;
  Object.assign(app, { preview: true, payload, store: previewStore(), sync: previewSync() });
  showWelcome();
  return true;
}
