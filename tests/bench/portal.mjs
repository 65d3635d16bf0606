// The portal, measured for the benchmark (bench.py runs it against its stack and
// report.py writes the tables into docs/benchmarks.md):
//  - what the two pages a stranger's phone opens first -- the sign-in page and the public
//    page -- download on a first visit, as nginx sends them (compressed bytes by kind, and
//    the number of requests; the signed-in pages are not weighed yet);
//  - how long until the sign-in page and the public page behind the gate's QR code
//    (/p/<token>) are usable, in headless Chromium on a slow-4G network (Chrome DevTools'
//    profile, set through the DevTools protocol): from the start of navigation until the
//    form a person fills in is on the screen and every script has run (the load event).
//
// Usage: node tests/bench/portal.mjs URL TOKEN  -> JSON on stdout
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(join(here, '..', '..', 'web', 'package.json'))
const { chromium } = require('playwright-core')

const [base, token] = process.argv.slice(2)
if (!token) {
  console.error('usage: node tests/bench/portal.mjs URL PUBLIC_TOKEN')
  process.exit(2)
}

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
// DevTools' "Slow 4G": 150 ms × 3.75 latency, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.6e6 * 0.9) / 8,
                  uploadThroughput: (750e3 * 0.9) / 8 }
const browser = await chromium.launch({
  executablePath: process.env.SAFEGRID_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-proxy-server'],
})

async function weigh(context, path, ready) {
  const page = await context.newPage()
  const responses = []
  page.on('response', (r) => responses.push(r))
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' })
  if (ready) await page.waitForSelector(ready, { state: 'visible' })
  const bytes = { script: 0, stylesheet: 0, document: 0, other: 0 }
  for (const r of responses) {
    const sizes = await r.request().sizes()
    const kind = r.request().resourceType()
    bytes[kind in bytes ? kind : 'other'] += sizes.responseBodySize + sizes.responseHeadersSize
  }
  await page.close()
  return { path, requests: responses.length, bytes }
}

async function usable(path, ready) {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G)
  const start = Date.now()
  await page.goto(`${base}${path}`, { waitUntil: 'load', timeout: 120000 })
  await page.waitForSelector(ready, { state: 'visible', timeout: 120000 })
  const ms = Date.now() - start
  await context.close()
  return { path, ms }
}

const result = { pages: [], usable: [] }
try {
  // Signed out: the sign-in page and the public page, each in a fresh context (cold cache).
  for (const [path, ready] of [['/login', 'input[name=username]'], [`/p/${token}`, 'form']]) {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' })
    result.pages.push(await weigh(context, path, ready))
    await context.close()
  }
  result.usable.push(await usable('/login', 'input[name=username]'))
  result.usable.push(await usable(`/p/${token}`, 'form'))
} finally {
  await browser.close()
}
console.log(JSON.stringify(result))

