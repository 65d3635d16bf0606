// The inspection form on a 360 px phone: answers given while the network is down are
// kept in the browser with a visible 未发送 mark and sent, in order, when it returns;
// a page closed offline sends its answers when it is next opened, each once.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, signedIn, shot, apiAs, PHONE, JPEG, today } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

async function draftInspection() {
  const api = await apiAs('difang.safety')
  const campaign = (await api.get('/campaigns?level=township&status=active')).body.items[0]
  const enterprise = (await api.get('/enterprises?limit=1')).body.items[0]
  const r = await api.post('/inspections', { enterprise_id: enterprise.id, campaign_id: campaign.id, kind: 'routine', inspected_on: today() })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  return { api, inspection: r.body }
}

const resultOf = async (api, id, code) =>
  (await api.get(`/inspections/${id}`)).body.categories.flatMap((c) => c.items).find((i) => i.code === code).result

test('an answer given offline on a phone is marked 未发送 and sent when the network returns', async () => {
  const { api, inspection } = await draftInspection()
  const { context, page } = await signedIn(browser, 'difang.safety', PHONE)
  await page.goto(`/inspections/${inspection.id}`)
  await page.waitForSelector('[data-item=A01]')
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 360), true, 'no sideways scrolling at 360 px')
  const box = await page.locator('[data-item=A01] [data-answer=ok]').boundingBox()
  assert.ok(box.height >= 44, `touch target ${box.height}px high`)
  assert.equal(await page.getAttribute('[data-test=photo-A01]', 'capture'), 'environment')

  await context.setOffline(true)
  await page.click('[data-item=A01] [data-answer=ok]')
  await page.click('[data-item=A02] [data-answer=hazard]')
  await page.click('[data-item=A03] [data-answer=na]')
  await page.waitForSelector('[data-item=A03] [data-test=unsent]')
  assert.equal(await page.locator('[data-test=unsent]').count(), 3)
  await page.waitForSelector('[data-test=offline-banner]')
  await shot(page, 'phone-inspection-offline', { fullPage: false })
  assert.equal(await resultOf(api, inspection.id, 'A01'), null, 'nothing reached the server while offline')

  await context.setOffline(false)
  await page.waitForFunction(() => !document.querySelector('[data-test=unsent]'), null, { timeout: 30000 })
  assert.equal(await resultOf(api, inspection.id, 'A01'), 'ok')
  assert.equal(await resultOf(api, inspection.id, 'A02'), 'hazard')
  assert.equal(await resultOf(api, inspection.id, 'A03'), 'na')
  await shot(page, 'phone-inspection-sent', { fullPage: false })

  // A photo of an item goes the same way, and shows under it once the server has it.
  await page.setInputFiles('[data-test=photo-A02]', { name: 'a02.jpg', mimeType: 'image/jpeg', buffer: JPEG })
  await page.waitForSelector('[data-item=A02] .thumb')
  const a02 = (await api.get(`/inspections/${inspection.id}`)).body.categories.flatMap((c) => c.items).find((i) => i.code === 'A02')
  assert.equal(a02.photos.length, 1)
  await context.close()
})

test('answers of a page closed offline are sent, once each, when the form is opened again', async () => {
  const { api, inspection } = await draftInspection()
  const { context, page } = await signedIn(browser, 'difang.safety', PHONE)
  await page.goto(`/inspections/${inspection.id}`)
  await page.waitForSelector('[data-item=B01]')
  await context.setOffline(true)
  await page.click('[data-item=B01] [data-answer=hazard]')
  await page.click('[data-item=B01] [data-answer=ok]')   // changed mind: the latest counts
  await page.click('[data-item=B02] [data-answer=na]')
  await page.waitForSelector('[data-item=B02] [data-test=unsent]')
  await page.close()

  const puts = []
  context.on('request', (r) => { if (r.method() === 'PUT') puts.push(new URL(r.url()).pathname) })
  await context.setOffline(false)
  const again = await context.newPage()
  await again.goto(`/inspections/${inspection.id}`)
  await again.waitForSelector('[data-item=B01]')
  await again.waitForFunction(() => !document.querySelector('[data-test=unsent]'), null, { timeout: 30000 })
  assert.equal(await resultOf(api, inspection.id, 'B01'), 'ok')
  assert.equal(await resultOf(api, inspection.id, 'B02'), 'na')
  assert.deepEqual(puts, [`/api/v1/inspections/${inspection.id}/results/B01`, `/api/v1/inspections/${inspection.id}/results/B02`])
  await again.reload()
  await again.waitForSelector('[data-item=B01]')
  await again.waitForTimeout(500)
  assert.equal(puts.length, 2, 'nothing sent twice after a reload')
  await context.close()
})

test('reloaded while offline, the form opens from the device with its unsent answer, sent once when back', async () => {
  const { api, inspection } = await draftInspection()
  const { context, page } = await signedIn(browser, 'difang.safety', PHONE)
  await page.goto(`/inspections/${inspection.id}`)
  await page.evaluate(() => navigator.serviceWorker.ready)
  await page.reload()                                    // now under the service worker
  await page.waitForSelector('[data-item=C01]')

  await context.setOffline(true)
  await page.click('[data-item=C01] [data-answer=hazard]')
  await page.waitForSelector('[data-item=C01] [data-test=unsent]')
  await page.reload()
  await page.waitForSelector('[data-item=C01] [data-test=unsent]')
  assert.ok(await page.isVisible('[data-item=C01] [data-answer=hazard].chosen'), 'the unsent answer shows as given')
  await shot(page, 'phone-inspection-reloaded-offline', { fullPage: false })
  assert.equal(await resultOf(api, inspection.id, 'C01'), null)

  const puts = []
  context.on('request', (r) => { if (r.method() === 'PUT') puts.push(new URL(r.url()).pathname) })
  await context.setOffline(false)
  await page.evaluate(() => window.dispatchEvent(new Event('online')))
  await page.waitForFunction(() => !document.querySelector('[data-test=unsent]'), null, { timeout: 30000 })
  assert.equal(await resultOf(api, inspection.id, 'C01'), 'hazard')
  await page.reload()
  await page.waitForSelector('[data-item=C01]')
  await page.waitForTimeout(500)
  assert.deepEqual(puts, [`/api/v1/inspections/${inspection.id}/results/C01`], 'sent once')
  await context.close()
})
