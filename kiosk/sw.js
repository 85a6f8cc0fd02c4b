// Service worker: the whole shell is cached at install so the tablet starts and runs with
// no network, and nothing is downloaded twice for it. The server fills in the version (a
// hash of the shell), the files the page itself loads (versioned addresses, taken from the
// browser's HTTP cache, where the page has just put them) and one pack holding everything
// else offline use needs (the legal pages in every language and their script).

const VERSION = "__SHELL_VERSION__";
const PAGE_FILES = ["__PAGE_FILES__"];
const OPTIONAL_FILES = ["__OPTIONAL_FILES__"]; // kept if the page loaded them, never fetched
const PACK = "__PACK__";
const CACHE = `kiosk-${VERSION}`;
const SHELL = new URL("./", self.location).pathname;
const PACK_HEADERS = ["Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options"];

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

async function install() {
  const cache = await caches.open(CACHE);
  await Promise.all([
    ...PAGE_FILES.map(async (file) => cache.put(file, (await fromHttpCache(file)) ?? (await fetchOk(file)))),
    ...OPTIONAL_FILES.map(async (file) => {
      const response = await fromHttpCache(file);
      if (response) await cache.put(file, response);
    }),
    fetchOk(PACK).then((response) => unpack(cache, response)),
  ]);
}

// The copy the page received, without a request; for the page itself only if it is this
// version's (after an update, the browser may still hold the previous one).
async function fromHttpCache(file) {
  const response = await fetch(file, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null);
  if (!response?.ok) return null;
  if (file === "./" && !(await response.clone().text()).includes(`content="${VERSION}"`)) return null;
  return response;
}

async function fetchOk(file) {
  const response = await fetch(file, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${file}: ${response.status}`);
  return response;
}

// One response for many files: each goes into the cache as if fetched on its own, with the
// pack's security headers.
async function unpack(cache, response) {
  const headers = PACK_HEADERS.filter((name) => response.headers.has(name)).map((name) => [
    name,
    response.headers.get(name),
  ]);
  const { files } = await response.json();
  await Promise.all(
    Object.entries(files).map(([file, { type, body }]) =>
      cache.put(file, new Response(body, { headers: [["Content-Type", type], ...headers] })),
    ),
  );
}

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
