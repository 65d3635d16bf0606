// Writes that must survive the network going away: kept in IndexedDB and sent in the
// order they were made, each removed only once the server has answered it.
//
// An entry is { key, method, path, query, body } (body: a JSON value or a Blob). A newer
// entry with the same key replaces a pending older one (the latest answer to an item is
// the one that counts) and takes its place at the end, so the order of different keys
// is the order they were last given. `flush(send)` sends the pending entries oldest
// first through `send(entry)`, which resolves when the server took it, rejects with
// { retry: true } when it could not be reached (the entry stays, and so do the ones
// after it: order holds), or rejects otherwise when the server refused it (the entry is
// dropped and handed to onRefused, so one bad answer does not block the rest).
// Only one flush runs at a time in a page; a second call waits for the first.

const STORE = 'writes'

function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function done(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve()
    transaction.onerror = () => reject(transaction.error)
    transaction.onabort = () => reject(transaction.error)
  })
}

export async function openQueue({ indexedDB = globalThis.indexedDB, name = 'safegrid-offline' } = {}) {
  const open = indexedDB.open(name, 1)
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true })
    store.createIndex('key', 'key', { unique: false })
  }
  const db = await promisify(open)
  const listeners = new Set()
  let flushing = null

  function changed() {
    for (const listener of listeners) listener()
  }

  async function pending() {
    const tx = db.transaction(STORE, 'readonly')
    return promisify(tx.objectStore(STORE).getAll())
  }

  async function add(entry) {
    if (!entry || !entry.key || !entry.method || !entry.path) throw new TypeError('entry needs key, method and path')
    const tx = db.transaction(STORE, 'readwrite')
    const store = tx.objectStore(STORE)
    const older = await promisify(store.index('key').getAllKeys(entry.key))
    for (const seq of older) store.delete(seq)
    const record = { key: entry.key, method: entry.method, path: entry.path, query: entry.query || null, body: entry.body ?? null, addedAt: Date.now() }
    store.add(record)
    await done(tx)
    changed()
  }

  async function remove(seq) {
    const tx = db.transaction(STORE, 'readwrite')
    tx.objectStore(STORE).delete(seq)
    await done(tx)
  }

  async function runFlush(send, onRefused) {
    let sent = 0
    for (;;) {
      const entries = await pending()
      if (!entries.length) return { sent, left: 0 }
      const entry = entries[0]
      try {
        await send(entry)
      } catch (error) {
        if (error && error.retry) return { sent, left: entries.length }
        await remove(entry.seq)
        changed()
        if (onRefused) onRefused(entry, error)
        continue
      }
      // Removed only if it is still the same entry: a newer answer given while this one
      // was on its way replaced it, and must still be sent.
      const tx = db.transaction(STORE, 'readwrite')
      const store = tx.objectStore(STORE)
      const still = await promisify(store.get(entry.seq))
      if (still) store.delete(entry.seq)
      await done(tx)
      sent += 1
      changed()
    }
  }

  return {
    add,
    pending,
    async keys() {
      return new Set((await pending()).map((e) => e.key))
    },
    flush(send, onRefused) {
      if (!flushing) {
        flushing = runFlush(send, onRefused).finally(() => { flushing = null })
      }
      return flushing
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() { db.close() },
  }
}
