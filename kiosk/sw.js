// Service worker: the whole shell is cached at install so the tablet starts and runs with
// no network. The server fills in the version (a hash of the shell) and the file list.

const VERSION = "__SHELL_VERSION__";
const FILES = ["__SHELL_FILES__"];
const CACHE = `kiosk-${VERSION}`;
const SHELL = new URL("./", self.location).pathname;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => keys.filter((key) => key.startsWith("kiosk-") && key !== CACHE))
      .then((old) => Promise.all(old.map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  // The API is never cached: responses go through the page's IndexedDB queue instead.
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!url.pathname.startsWith(SHELL)) return;
  event.respondWith(fromCache(event.request));
});

// A page of the shell (the legal pages) opens as itself; any other address under the
// shell opens the shell.
async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const own = await cache.match(request, { ignoreSearch: true });
  if (own) return own;
  if (request.mode === "navigate") return (await cache.match(SHELL)) ?? fetch(request);
  return fetch(request);
}
