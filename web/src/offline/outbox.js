// The page's one offline queue, wired to the API: sent when added, when the browser
// comes back online, when the page opens, and every 20 seconds while entries wait.
import { ref } from 'vue'
import { openQueue } from './queue.js'
import { request } from '../api.js'

export const unsentKeys = ref(new Set())
export const refusals = ref({}) // key → message of the server's refusal
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
      q.subscribe(async () => { unsentKeys.value = await q.keys() })
      q.keys().then((k) => { unsentKeys.value = k })
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
  unsentKeys.value = new Set([...unsentKeys.value, entry.key])
  const { [entry.key]: _, ...rest } = refusals.value
  refusals.value = rest
  const q = await queue()
  await q.add(entry)
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
