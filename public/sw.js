// Procedure Catalog's service worker: after one visit the app, its default
// catalog and every catalog the reader opened load with the network off.
//
// - The app shell (the page, its hashed script, WebAssembly and stylesheet,
//   the web app manifest and icons) is stored when the worker installs and
//   served from the cache: the files of one deployment always go together.
// - JSON (catalogs, the catalog manifest, config.json) comes from the network
//   first, so it revalidates whenever the reader is online; the stored copy
//   answers when the network fails, or is slow and a copy is at hand.
// - A new deployment has a new build id, so the browser installs a new
//   worker. It waits until the reader accepts the app's offer of the new
//   version ("skip-waiting"), then takes over and removes the old shell.
//
// `cargo xtask build` fills in BUILD and PRECACHE (paths relative to this
// file). A development build leaves them empty: this worker then caches
// nothing and removes itself.

const BUILD = '';
const PRECACHE = [];

/** How long a JSON request waits for the network before a stored copy answers. */
const NETWORK_TIMEOUT_MS = 5000;

const here = new URL(self.location.href);
const home = new URL('./', here);
// Several deployments can share an origin (one per sub-path): each keeps its own caches.
const prefix = `procedure-catalog:${home.pathname}:`;
const SHELL = `${prefix}shell:${BUILD}`;
const DATA = `${prefix}data`;

const isData = (url) => url.pathname.endsWith('.json');

self.addEventListener('install', (event) => {
  if (!BUILD) {
    self.skipWaiting();
    return;
  }
  event.waitUntil(
    (async () => {
      const [shell, data] = await Promise.all([caches.open(SHELL), caches.open(DATA)]);
      await Promise.all(
        PRECACHE.map(async (path) => {
          const url = new URL(path, here);
          // Revalidated with the server, so that no stale copy from the HTTP cache mixes in.
          const response = await fetch(url, { cache: 'no-cache' });
          if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
          await (isData(url) ? data : shell).put(url, response);
        }),
      );
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = (await caches.keys()).filter((name) => name.startsWith(prefix));
      if (!BUILD) {
        await Promise.all(names.map((name) => caches.delete(name)));
        await self.registration.unregister();
        return;
      }
      const old = names.filter((name) => name.startsWith(`${prefix}shell:`) && name !== SHELL);
      await Promise.all(old.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (!BUILD || request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate') {
    // The app's page, in any state: its state is in the query string.
    const page = url.origin === home.origin && (url.pathname === home.pathname || url.pathname === `${home.pathname}index.html`);
    if (page) event.respondWith(fromShell(home, request));
    return;
  }
  if (isData(url)) {
    event.respondWith(networkFirst(event));
    return;
  }
  if (url.origin === home.origin) event.respondWith(fromShell(request, request));
});

/** The stored copy of `key` from this deployment's shell, else the network. */
async function fromShell(key, request) {
  const shell = await caches.open(SHELL);
  return (await shell.match(key, { ignoreVary: true })) ?? fetch(request);
}

/** The network's answer, stored for later; the stored copy when the network fails or is slow. */
async function networkFirst(event) {
  const request = event.request;
  const data = await caches.open(DATA);
  const network = fetch(request).then((response) => {
    const storable = response.ok && (response.type === 'basic' || response.type === 'cors');
    // Stored while the page reads its copy, so a large catalog still shows its progress.
    if (storable) event.waitUntil(data.put(request, response.clone()).catch(() => {}));
    return response;
  });
  // null when the network fails, 'slow' when it takes too long.
  const settled = network.then(
    (response) => response,
    () => null,
  );
  const slow = new Promise((done) => setTimeout(() => done('slow'), NETWORK_TIMEOUT_MS));
  const first = await Promise.race([settled, slow]);
  if (first instanceof Response) return first;
  // Failed or slow: the stored copy if any, else the network's answer or failure.
  return (await data.match(request, { ignoreVary: true })) ?? network;
}
