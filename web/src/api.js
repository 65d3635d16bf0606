// The one way the portal talks to safegridd. Every request asks for Simplified Chinese
// (the server writes its error messages in the language asked for) and, once signed in,
// carries the session's CSRF token. An answer that says the session is gone (401) is
// handed to the router, which sends the user to sign in and back.
import { locale } from './i18n.js'

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`)
    this.status = status
    this.code = error?.code || 'network'
    this.details = Array.isArray(error?.details) ? error.details : []
  }

  // { field: message } of the details that name a field, the first message per field.
  get fields() {
    const out = {}
    for (const d of this.details) {
      if (d.field && !(d.field in out)) out[d.field] = d.message
    }
    return out
  }
}

let csrfToken = sessionStorage.getItem('safegrid.csrf') || null
let onSignedOut = () => {}

export function setCsrfToken(token) {
  csrfToken = token || null
  if (csrfToken) sessionStorage.setItem('safegrid.csrf', csrfToken)
  else sessionStorage.removeItem('safegrid.csrf')
}

export function whenSignedOut(callback) {
  onSignedOut = callback
}

export function queryString(query) {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

// request('GET', '/hazards', { query }) → parsed JSON (or null for 204).
// body: a plain object is sent as JSON; a Blob/File as the raw body with its type.
export async function request(method, path, { query, body, headers = {}, signedOutOk = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': locale(), ...headers } }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) init.headers['X-CSRF-Token'] = csrfToken
  if (body instanceof Blob) {
    init.body = body
    init.headers['Content-Type'] = init.headers['Content-Type'] || body.type || 'application/octet-stream'
    if (body.name && !init.headers['X-File-Name']) init.headers['X-File-Name'] = encodeURIComponent(body.name)
  } else if (body !== undefined) {
    init.body = JSON.stringify(body)
    init.headers['Content-Type'] = 'application/json'
  }
  let response
  try {
    response = await fetch(`/api/v1${path}${queryString(query)}`, init)
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: '无法连接服务器，请检查网络', details: [] })
  }
  if (response.status === 204) return null
  let data = null
  const text = await response.text()
  try { data = text ? JSON.parse(text) : null } catch { data = null }
  if (!response.ok) {
    const error = new ApiError(response.status, data?.error || { code: 'http', message: `HTTP ${response.status}` })
    if (response.status === 401 && !signedOutOk) onSignedOut(error)
    throw error
  }
  return data
}

export const api = {
  get: (path, query, options) => request('GET', path, { ...options, query }),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
  upload: (path, file, query, headers) => request('POST', path, { body: file, query, headers }),
}

// POST body and save the answer -- a file, such as a PDF of activation letters -- under
// fileName; an error answer is thrown as request() throws it. Resolves to the answer's
// headers (X-Logins-Issued, say).
export async function postForFile(path, body, fileName) {
  const init = {
    method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
    headers: { Accept: 'application/pdf, application/json', 'Accept-Language': locale(), 'Content-Type': 'application/json' },
  }
  if (csrfToken) init.headers['X-CSRF-Token'] = csrfToken
  let response
  try {
    response = await fetch(`/api/v1${path}`, init)
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: '无法连接服务器，请检查网络', details: [] })
  }
  if (!response.ok) {
    let data = null
    try { data = await response.json() } catch { data = null }
    const error = new ApiError(response.status, data?.error || { code: 'http', message: `HTTP ${response.status}` })
    if (response.status === 401) onSignedOut(error)
    throw error
  }
  const blob = await response.blob()
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 10000)
  return response.headers
}
