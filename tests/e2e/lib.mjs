// Shared by the browser tests: Debian's chromium driven by playwright-core (from
// web/node_modules), the stack's address from tests/run-integration.sh, sign-in through
// the portal, screenshots under tests/e2e/screenshots/, and an API client for set-up and
// for checking what the server holds.
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(join(here, '..', '..', 'web', 'package.json'))
const { chromium } = require('playwright-core')

export const BASE = (process.env.SAFEGRID_TEST_URL || '').replace(/\/$/, '')
export const PASSWORD = process.env.SAFEGRID_DEMO_PASSWORD || 'safegrid-demo'
export const SHOTS = join(here, 'screenshots')
mkdirSync(SHOTS, { recursive: true })
if (!BASE) throw new Error('SAFEGRID_TEST_URL is not set: run through tests/run-integration.sh')

export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }

export async function launch() {
  return chromium.launch({
    executablePath: process.env.SAFEGRID_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Root in a container has no user namespace for the sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-proxy-server'],
  })
}

// A fresh browser context (its own cookies and IndexedDB) signed in as `username`.
export async function signedIn(browser, username, options = {}) {
  const context = await browser.newContext({ baseURL: BASE, locale: 'zh-CN', ...options })
  const page = await context.newPage()
  track(page)
  await page.goto('/login')
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', PASSWORD)
  await page.click('button[type=submit]')
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  return { context, page }
}

// Requests in flight on each page signedIn opened (every kind: a route's script chunk
// as well as the API), and when the last one started or ended.
const traffic = new WeakMap()
function track(page) {
  const state = { inFlight: 0, lastChange: Date.now() }
  const change = (delta) => { state.inFlight += delta; state.lastChange = Date.now() }
  page.on('request', () => change(1))
  page.on('requestfinished', () => change(-1))
  page.on('requestfailed', () => change(-1))
  traffic.set(page, state)
}

// Until the page has had no request in flight for `quiet` ms: what Playwright's
// networkidle waits for, without its fixed half second at every page. A route's requests
// follow each other within a few ms (its chunk loads, then its component asks the API),
// so 150 ms of quiet means the page has all it asked for.
export async function settled(page, quiet = 150) {
  const state = traffic.get(page)
  if (!state) throw new Error('settled: the page was not opened by signedIn')
  while (state.inFlight > 0 || Date.now() - state.lastChange < quiet) await page.waitForTimeout(25)
}

export async function shot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage })
}

// Does act (a click) and waits for the success message it brings: a message an earlier
// action left on screen (Element Plus keeps each for three seconds) does not count.
export async function succeeds(page, act, text = '操作成功') {
  await page.evaluate(() => { for (const m of document.querySelectorAll('.el-message')) m.dataset.seen = '1' })
  await act()
  await page.waitForSelector(`.el-message--success:not([data-seen]) >> text=${text}`)
}

export function today(offsetDays = 0) {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400 * 1000) // Asia/Shanghai
  return d.toISOString().slice(0, 10)
}

// The API as a user, outside the browser: for set-up and for checking the server.
export async function apiAs(username) {
  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`)
  const cookie = login.headers.get('set-cookie').split(';')[0]
  const { csrf_token: csrf, user } = await login.json()
  const call = async (method, path, body, headers = {}) => {
    const init = { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Accept-Language': 'zh-CN', ...headers } }
    if (body !== undefined) {
      if (body instanceof Uint8Array || typeof body === 'string') init.body = body
      else { init.body = JSON.stringify(body); init.headers['Content-Type'] = 'application/json' }
    }
    const r = await fetch(`${BASE}/api/v1${path}`, init)
    const text = await r.text()
    return { status: r.status, body: text ? (r.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : text : null }
  }
  return {
    user,
    get: (path) => call('GET', path),
    post: (path, body, headers) => call('POST', path, body, headers),
    put: (path, body) => call('PUT', path, body),
  }
}

// A small valid JPEG for the photo buttons (1×1 pixel).
export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64')

// Chooses `text` in the Element Plus select marked data-test=`testId`, typing it first
// when the select searches the server.
export async function pick(page, testId, text, searchPath) {
  await page.click(`[data-test=${testId}]`)
  const searched = searchPath ? page.waitForResponse((r) => r.url().includes(searchPath)) : null
  await page.fill(`[data-test=${testId}] input`, text)
  if (searched) await searched
  await choose(page, page.locator(`[data-test=${testId}]`), text)
}

// Clicks the option holding `text` in the open list of the Element Plus select in `field`
// (a locator of the select or of the form item around it) and waits until the select shows
// it chosen (`shown`: what it shows, when not the option's text). The click waits for
// the list to be drawn the same twice: typing filters the list and an answer from the
// server fills it, and a click while it is drawn again lands where the option was and
// chooses nothing (seen on a loaded machine). An option already chosen is never
// clicked again (in a multiple select a second click takes it out); one not chosen is
// tried again, three times at most.
export async function choose(page, field, text, { shown = text.trim() } = {}) {
  const option = page.locator(`.el-select-dropdown__item:visible:has-text("${text}")`).first()
  const chosen = field.locator('.el-tag, .el-select__selected-item:not(.el-select__input-wrapper):not(.is-transparent)',
    { hasText: shown })
  for (let attempt = 1; ; attempt++) {
    // The caller opened the list; a try that chose nothing may have closed it.
    if (attempt > 1 && !(await option.isVisible())) await field.locator('.el-select__wrapper').click()
    await option.waitFor()
    await listSettled(page)
    await option.click()
    try {
      await chosen.first().waitFor({ timeout: 5000 })
      return
    } catch (e) {
      if (attempt >= 3) throw e
    }
  }
}

// Until the open lists' options read the same twice 150 ms apart (7.5 s at most).
async function listSettled(page) {
  let last = null
  for (let i = 0; i < 50; i++) {
    const now = (await page.locator('.el-select-dropdown__item:visible').allTextContents()).join('|')
    if (now === last) return
    last = now
    await page.waitForTimeout(150)
  }
}

// A valid unified social credit code (GB 32100) that no other run has used.
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
export function creditCode() {
  const serial = String(Date.now() % 1e7 + Math.floor(Math.random() * 1e3)).padStart(7, '0').slice(-7)
  const first17 = `91371326WE${serial}`
  const total = [...first17].reduce((sum, c, i) => sum + CODE_ALPHABET.indexOf(c) * CODE_WEIGHTS[i], 0)
  return first17 + CODE_ALPHABET[(31 - (total % 31)) % 31]
}

// One SQL statement as the stack's superuser (set-up a test cannot do through the API:
// a hazard on no grid node, a deadline already past); its rows as tab-separated text.
export function psql(query) {
  const url = process.env.SAFEGRID_TEST_PG_URL
  if (!url) throw new Error('SAFEGRID_TEST_PG_URL is not set: run through tests/run-integration.sh')
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', url, '-c', query], { encoding: 'utf8' }).trim()
}

// Tips from 127.0.0.1 (every test's address) stop counting against the public tip
// limit, as in tests/api/test_public.py; needs the stack's superuser URL.
export function forgetTipAddresses() {
  const url = process.env.SAFEGRID_TEST_PG_URL
  if (!url) return
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url, '-c',
    "update tip set client_addr = '192.0.2.1' where client_addr = '127.0.0.1'"])
}
