// The gate notice's QR code, read from the printed SVG as a phone would read it, leads
// to the public page; a tip sent from there reaches the township's queue, and the
// department accepts it in the portal as a hazard.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { launch, signedIn, shot, apiAs, forgetTipAddresses, PHONE, SHOTS, BASE, JPEG } from './lib.mjs'

let browser
before(async () => { forgetTipAddresses(); browser = await launch() })
after(async () => { await browser?.close() })

// The committee prints the notice from the enterprise list (a token is made if none);
// the QR code is photographed from the rendered SVG and decoded with zbarimg.
async function noticeAddress() {
  const committee = await apiAs('difang.committee')
  const enterpriseApi = await apiAs('difang.ent1')
  const enterprise = (await committee.get(`/enterprises/${enterpriseApi.user.enterprise_id}`)).body
  const { context, page } = await signedIn(browser, 'difang.committee')
  await page.goto('/enterprises')
  await page.fill('[data-test=enterprise-search]', enterprise.name)
  await page.keyboard.press('Enter')
  const row = page.locator('[data-test=enterprise-table] .el-table__row', { hasText: enterprise.name })
  await row.waitFor()
  const [notice] = await Promise.all([context.waitForEvent('page'), row.locator('[data-test=print-notice]').click()])
  await notice.waitForLoadState()
  assert.match(new URL(notice.url()).pathname, /\/notice\.svg$/)
  await notice.setViewportSize({ width: 1240, height: 1754 })
  await notice.screenshot({ path: join(SHOTS, 'gate-notice.png') })
  const qr = notice.locator('g.qr')
  const png = join(SHOTS, 'gate-notice-qr.png')
  await qr.screenshot({ path: png })
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim()
  await context.close()
  const address = new URL(decoded, BASE)
  const token = (address.pathname.match(/([0-9a-f]{32})/) || [])[1]
  assert.ok(token, `the QR code holds no token: ${decoded}`)
  return { address, token, enterprise }
}

test('the QR code opens a public page on a phone, without signing in, with a tip form', async () => {
  const { address, enterprise } = await noticeAddress()
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' })
  const page = await context.newPage()
  const response = await page.goto(`${BASE}${address.pathname}${address.search}`)
  const type = response.headers()['content-type'] || ''
  assert.ok(type.startsWith('text/html'),
    `the QR code leads to ${address.pathname} answered as ${type}, not a page a phone shows: ` +
    'the public page (/p/<token>, served by safegridd) and a notice whose QR code names it are needed')
  assert.ok((await page.textContent('body')).includes(enterprise.name))
  const text = `e2e 举报：后门的灭火器不见了（${Date.now().toString(36)}）`
  await page.fill('textarea', text)
  const photo = page.locator('input[type=file]')
  if (await photo.count()) await photo.first().setInputFiles({ name: 'tip.jpg', mimeType: 'image/jpeg', buffer: JPEG })
  await shot(page, 'public-page', { fullPage: true })
  await page.click('form [type=submit]')
  await page.waitForLoadState('networkidle')
  assert.match(await page.textContent('body'), /已收到|已提交|受理|核查/)
  await shot(page, 'public-page-sent')
  const department = await apiAs('difang.safety')
  const tips = (await department.get('/tips?status=pending&limit=50')).body.items
  assert.ok(tips.some((t) => t.text === text), 'the tip is in the township queue')
  await context.close()
})

test('a tip sent with the gate token is accepted by the department in the portal as a hazard', async () => {
  const { token, enterprise } = await noticeAddress()
  const text = `群众举报：仓库消防通道被堵（${Date.now().toString(36)}）`
  const r = await fetch(`${BASE}/api/v1/public/tips`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
    body: JSON.stringify({ token, text, contact: null }),
  })
  assert.equal(r.status, 201, await r.text())

  const { context, page } = await signedIn(browser, 'difang.safety')
  await page.goto('/tips')
  const row = page.locator('[data-test=tip-table] .el-table__row', { hasText: text })
  await row.waitFor()
  await shot(page, 'tips-queue')
  await row.locator('[data-test=accept-tip]').click()
  await page.click('[data-test=confirm-accept]')
  await page.waitForURL(/\/hazards\/\d+$/)
  const hazardId = page.url().split('/').pop()
  const hazard = (await (await apiAs('difang.safety')).get(`/hazards/${hazardId}`)).body
  assert.equal(hazard.source, 'tip')
  assert.equal(hazard.enterprise_name, enterprise.name)
  assert.equal(hazard.description, text)
  assert.match(await page.textContent('.page'), /群众举报/)
  await context.close()
})
