// Runs once branch `ledgers` (the notifications API) is on main: then rename this file
// to notifications.test.mjs so `make test` runs it. It passed against main + ledgers.
// The header's bell and the inbox: an order addressed to a department user is a
// notification; opening it from the inbox shows the order and the bell counts one less.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, signedIn, shot, apiAs, today, PHONE } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

const unread = async (client) => (await client.get('/me')).body.unread_notifications

test('the bell counts down when a notification is opened, and the notification shows what it is about', async () => {
  const committee = await apiAs('difang.committee')
  const supervisor = await apiAs('difang.supervisor')
  const safety = await apiAs('difang.safety')
  const enterprise = (await committee.get('/enterprises?limit=1')).body.items[0]
  const hazard = (await committee.post('/hazards', {
    enterprise_id: enterprise.id, description: `提醒测试隐患（${Date.now().toString(36)}）`, severity: 'general', mode: 'deadline', deadline: today(5),
  })).body
  const matter = `提醒测试督办（${Date.now().toString(36)}）`
  const order = await supervisor.post('/supervision-orders', {
    addressee_user_id: safety.user.id, hazard_ids: [hazard.id], matter, action: '限期整改', deadline: today(3),
  })
  assert.equal(order.status, 201, JSON.stringify(order.body))
  const count = await unread(safety)
  assert.ok(count >= 1, `${count} unread`)

  const { context, page } = await signedIn(browser, 'difang.safety', PHONE)
  await page.waitForSelector('[data-test=bell-count]')
  assert.equal(await page.getAttribute('[data-test=bell-count]', 'data-count'), String(count))
  await page.click('[data-test=bell]')
  await page.waitForURL('**/notifications')
  const notice = page.locator('[data-test=notice]', { hasText: order.body.number })
  await notice.first().waitFor()
  await shot(page, 'notifications-phone')
  await notice.first().click()
  await page.waitForURL(`**/orders/${order.body.id}`)
  assert.ok((await page.textContent('[data-test=order-matter]')).includes(matter))
  await page.waitForFunction((n) => document.querySelector('[data-test=bell-count]')?.dataset.count === String(n), count - 1)
  assert.equal(await unread(safety), count - 1)
  await context.close()
})
