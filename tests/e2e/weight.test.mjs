// What a phone downloads to show the sign-in page and the public page behind the gate's
// QR code, compressed as nginx sends it (docs/benchmarks.md reports it): the scripts of
// each stay under 150 KB.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, apiAs, PHONE, BASE } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

async function weigh(path) {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' })
  const page = await context.newPage()
  const responses = []
  page.on('response', (r) => responses.push(r))
  await page.goto(`${BASE}${path}`, { waitUntil: 'networkidle' })
  const bytes = { script: 0, stylesheet: 0, document: 0, other: 0 }
  for (const r of responses) {
    const sizes = await r.request().sizes()
    const kind = r.request().resourceType()
    bytes[kind in bytes ? kind : 'other'] += sizes.responseBodySize
  }
  await context.close()
  return { bytes, requests: responses.length }
}

test('the sign-in page a phone loads first is small', async () => {
  const { bytes, requests } = await weigh('/login')
  const kb = (n) => (n / 1024).toFixed(1)
  console.log(`sign-in page: ${requests} requests; gzip JS ${kb(bytes.script)} KB, CSS ${kb(bytes.stylesheet)} KB, HTML ${kb(bytes.document)} KB, other ${kb(bytes.other)} KB`)
  assert.ok(bytes.script < 150 * 1024, `${kb(bytes.script)} KB of JavaScript`)
})

test('the public page a phone opens from the QR code is small', async () => {
  const committee = await apiAs('difang.committee')
  const ent = await apiAs('difang.ent1')
  let token = (await committee.get(`/enterprises/${ent.user.enterprise_id}`)).body.public_token
  if (!token) token = (await committee.post(`/enterprises/${ent.user.enterprise_id}/public-token`)).body.public_token
  const { bytes, requests } = await weigh(`/p/${token}`)
  const kb = (n) => (n / 1024).toFixed(1)
  console.log(`public page: ${requests} requests; gzip JS ${kb(bytes.script)} KB, CSS ${kb(bytes.stylesheet)} KB, HTML ${kb(bytes.document)} KB, other ${kb(bytes.other)} KB`)
  assert.ok(bytes.script < 150 * 1024, `${kb(bytes.script)} KB of JavaScript`)
})
