// The portal opens without the network once it has been opened with it: the page and
// the scripts and styles it used are kept as they are fetched. The API is never kept
// here (the inspection form keeps its own unsent answers, src/offline/), and neither
// is anything the server renders (/api/, /p/, /metrics); only an HTML page is kept
// as the page.
const CACHE = 'safegrid-shell-v1'

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add('/index.html')).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()))
})

function keep(request, response) {
  if (response.ok) {
    const copy = response.clone()
    caches.open(CACHE).then((cache) => cache.put(request, copy))
  }
  return response
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/p/') || url.pathname === '/metrics') return
  if (request.mode === 'navigate') {
    // The network first, so a new build is seen at once; the kept page offline.
    event.respondWith(fetch(request)
      .then((r) => ((r.headers.get('content-type') || '').startsWith('text/html') ? keep('/index.html', r) : r))
      .catch(() => caches.match('/index.html')))
  } else if (url.pathname.startsWith('/assets/')) {
    // Named by their content's hash: a kept file is the right file.
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((r) => keep(request, r))))
  }
})
