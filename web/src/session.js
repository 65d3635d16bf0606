// Who is signed in. Loaded once from GET /me; cleared when a request finds the session gone.
import { reactive } from 'vue'
import { api, setCsrfToken } from './api.js'

export const session = reactive({ user: null, loaded: false })

// The user last seen signed in on this device: offline (no answer at all from the
// server) the portal opens as them, and their writes wait in the offline queue.
const KEPT = 'safegrid.user'
function keep(user) {
  if (user) localStorage.setItem(KEPT, JSON.stringify(user))
  else localStorage.removeItem(KEPT)
}

export async function loadSession() {
  if (session.loaded) return session.user
  try {
    const me = await api.get('/me', undefined, { signedOutOk: true })
    session.user = me.user
    setCsrfToken(me.csrf_token)
    keep(me.user)
  } catch (e) {
    if (e.status === 0 && localStorage.getItem(KEPT)) {
      session.user = JSON.parse(localStorage.getItem(KEPT))
      return session.user   // not `loaded`: asked again once the network is back
    }
    if (e.status !== 401) throw e
    session.user = null
    keep(null)
  }
  session.loaded = true
  return session.user
}

export async function signIn(username, password) {
  const answer = await api.post('/auth/login', { username, password }, { signedOutOk: true })
  session.user = answer.user
  session.loaded = true
  setCsrfToken(answer.csrf_token)
  keep(answer.user)
  return answer.user
}

// Activate an enterprise login with its one-time code and its own new password: signed in.
export async function activate(username, code, password) {
  const answer = await api.post('/auth/activate', { username, code, password }, { signedOutOk: true })
  session.user = answer.user
  session.loaded = true
  setCsrfToken(answer.csrf_token)
  keep(answer.user)
  return answer.user
}

export function forget() {
  keep(null)
  session.user = null
  session.loaded = true
  setCsrfToken(null)
}

export async function signOut() {
  try {
    await api.post('/auth/logout', undefined, { signedOutOk: true })
  } finally {
    forget()
  }
}

export function hasRole(...roles) {
  return !!session.user && roles.includes(session.user.role)
}
