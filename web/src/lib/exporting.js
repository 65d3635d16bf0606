// Exporting a list as the API's ledger file (GET /api/v1/exports/<list>.xlsx with the
// list's own filters): read as a stream so a long export shows the bytes received,
// then saved under the name the server gives it (Chinese, with the date).
import { locale } from '../i18n.js'
import { queryString, ApiError } from '../api.js'

// The file name of a Content-Disposition header: filename* (RFC 5987, UTF-8) first,
// then filename, else the fallback.
export function dispositionName(header, fallback) {
  if (!header) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (star) {
    try { return decodeURIComponent(star[1].trim().replace(/^"|"$/g, '')) } catch { /* fall through */ }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header)
  if (plain) return (plain[1] ?? plain[2]).trim()
  return fallback
}

// Reads a response body to the end, telling onProgress(received, total|null) as it goes.
export async function readAll(response, onProgress = () => {}) {
  const total = Number(response.headers.get('Content-Length')) || null
  if (!response.body?.getReader) {
    const blob = await response.blob()
    onProgress(blob.size, total)
    return blob
  }
  const reader = response.body.getReader()
  const chunks = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    received += value.length
    onProgress(received, total)
  }
  return new Blob(chunks, { type: response.headers.get('Content-Type') || 'application/octet-stream' })
}

export async function exportList(list, filters, { format = 'xlsx', onProgress } = {}) {
  const query = { ...filters }
  delete query.limit
  delete query.cursor
  const response = await fetch(`/api/v1/exports/${list}.${format}${queryString(query)}`, {
    credentials: 'same-origin', headers: { 'Accept-Language': locale() },
  })
  if (!response.ok) {
    let error = null
    try { error = (await response.json()).error } catch { /* not JSON */ }
    throw new ApiError(response.status, error || { code: 'http', message: `HTTP ${response.status}` })
  }
  const blob = await readAll(response, onProgress)
  const name = dispositionName(response.headers.get('Content-Disposition'), `${list}.${format}`)
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
  return { name, size: blob.size }
}
