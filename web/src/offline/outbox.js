// The page's one offline queue, wired to the API: sent when added, when the browser
// comes back online, when the page opens, and every 20 seconds while entries wait.
import { ref } from 'vue'
import { openQueue } from './queue.js'
import { request } from '../api.js'

export const unsentKeys = ref(new Set())
export const refusals = ref({}) // key → message of the server's refusal
// Keys marked unsent whose entries the browser's database may not hold yet (key → how
// many of its enqueues are still being stored). A change of the queue meanwhile -- an
// earlier answer sent -- reads the database's keys, which lack them: they stay marked.
const storing = new Map()

function unsentOf(stored) {
  return storing.size ? new Set([...stored, ...storing.keys()]) : stored
}
let queuePromise = null
const sentListeners = new Set()

function send(entry) {
  return request(entry.method, entry.path, { query: entry.query || undefined, body: entry.body ?? undefined })
    .then((answer) => { for (const l of sentListeners) l(entry, answer) })
    .catch((error) => {
      // Not reached, or the session is gone (sign in, then it is sent): try again later.
      if (error.status === 0 || error.status === 401 || error.status >= 500) throw Object.assign(error, { retry: true })
      throw error
    })
}

function refused(entry, error) {
  refusals.value = { ...refusals.value, [entry.key]: error.message }
}

async function queue() {
  if (!queuePromise) {
    queuePromise = openQueue().then((q) => {
      q.subscribe(async () => { unsentKeys.value = unsentOf(await q.keys()) })
      q.keys().then((k) => { unsentKeys.value = unsentOf(k) })
      window.addEventListener('online', () => flush())
      setInterval(() => { if (unsentKeys.value.size) flush() }, 20000)
      return q
    })
  }
  return queuePromise
}

export async function flush() {
  const q = await queue()
  return q.flush(send, refused)
}

export async function enqueue(entry) {
  // Marked unsent at once, before the browser's database has it: the page never shows
  // an answer as sent that is not.
  storing.set(entry.key, (storing.get(entry.key) || 0) + 1)
  unsentKeys.value = new Set([...unsentKeys.value, entry.key])
  const { [entry.key]: _, ...rest } = refusals.value
  refusals.value = rest
  try {
    const q = await queue()
    await q.add(entry)
  } finally {
    const n = storing.get(entry.key) - 1
    if (n > 0) storing.set(entry.key, n)
    else storing.delete(entry.key)
  }
  flush()
}

export function onSent(listener) {
  sentListeners.add(listener)
  return () => sentListeners.delete(listener)
}

export async function startOutbox() {
  await queue()
  return flush()
}

// The entries not yet sent, oldest first (a page shows its own as given).
export async function pendingEntries() {
  const q = await queue()
  return q.pending()
}
