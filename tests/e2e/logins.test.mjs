// Enterprise logins in the portal: an enterprise activates the login its letter names
// (the letter's QR code opens /activate?username=...), and one that has none applies
// from the sign-in page; the township approves the application and its letter downloads;
// a township resets a login, whose new letter downloads and whose old password stops working.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { launch, signedIn, shot, apiAs, creditCode, BASE, choose } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

const PASSWORD = 'Qiye-Zi-Ji-De-Mima-9'

async function enterpriseWithCode(extra = {}) {
  const committee = await apiAs('difang.committee')
  const sector = (await committee.get('/sectors')).body.items[0].id
  const made = await committee.post('/enterprises', { credit_code: creditCode(), name: `激活测试企业${Date.now() % 1e6}`, sector_id: sector, ...extra })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const issued = await committee.post('/enterprise-logins', { enterprise_ids: [made.body.id], format: 'json' })
  assert.equal(issued.status, 200, JSON.stringify(issued.body))
  return issued.body.items[0]
}

test('an enterprise activates its login from the letter\'s address and is signed in', async () => {
  const item = await enterpriseWithCode()
  const context = await browser.newContext({ baseURL: BASE, locale: 'zh-CN' })
  const page = await context.newPage()
  // The sign-in page leads to the activation page too.
  await page.goto('/login')
  await page.click('[data-test=to-activate]')
  await page.waitForURL((url) => url.pathname === '/activate')
  // The QR code's address fills in the username.
  const address = new URL(item.activation_url)
  await page.goto(`${address.pathname}${address.search}`)
  assert.equal(await page.inputValue('input[name=username]'), item.username)
  await page.fill('input[name=code]', 'AAAA-BBBB-CCCC')
  await page.fill('input[name=password]', PASSWORD)
  await page.fill('input[name=confirm]', PASSWORD)
  await page.click('button[type=submit]')
  await page.locator('[data-test=form-error]').waitFor()
  assert.match(await page.textContent('[data-test=form-error]'), /激活码/)
  await page.fill('input[name=code]', item.code.toLowerCase())
  await shot(page, 'activate')
  await page.click('button[type=submit]')
  await page.waitForURL((url) => url.pathname === '/')
  const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()))
  assert.equal(me.user.username, item.username)
  assert.equal(me.user.enterprise_admin, true)
  // Its staff page is there for the administrator.
  await page.goto('/staff')
  await page.locator('[data-test=staff-table] .el-table__row', { hasText: item.username }).waitFor()
  await shot(page, 'staff')
  await context.close()
})

test('an enterprise applies on the sign-in page and the township approves it', async () => {
  const code = creditCode()
  const name = `自主申请企业${Date.now() % 1e6}`
  const townships = await (await fetch(`${BASE}/api/v1/public/townships`)).json()
  const committee = await apiAs('difang.committee')
  const town = townships.items.find((t) => t.id === committee.user.township_id)
  const context = await browser.newContext({ baseURL: BASE, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto('/login')
  await page.click('[data-test=to-apply]')
  const dialog = page.locator('.el-dialog:visible')
  await dialog.locator('[data-field=township_id] .el-select').click()
  await choose(page, dialog.locator('[data-field=township_id]'), town.name)
  // A wrong check character is refused at once, beside its field.
  const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
  await dialog.locator('input[name=credit_code]').fill(wrong)
  await dialog.locator('input[name=name]').fill(name)
  await dialog.locator('input[name=legal_representative]').fill('张法人')
  await dialog.locator('input[name=mobile]').fill('13912345678')
  await dialog.locator('button[type=submit]').click()
  await dialog.locator('[data-field=credit_code] .el-form-item__error').waitFor()
  await dialog.locator('input[name=credit_code]').fill(code)
  await shot(page, 'apply')
  await dialog.locator('button[type=submit]').click()
  await dialog.locator('.el-alert--success').waitFor()
  assert.match(await dialog.textContent(), /申请已提交/)
  await context.close()

  const signed = await signedIn(browser, 'difang.committee', { acceptDownloads: true })
  await signed.page.goto('/login-applications')
  const row = signed.page.locator('[data-test=application-table] .el-table__row', { hasText: name })
  await row.waitFor()
  await shot(signed.page, 'applications')
  await row.locator('[data-test=approve]').click()
  await signed.page.locator('.el-dialog:visible .el-select').click()
  await signed.page.locator('.el-select-dropdown__item:visible').first().click()
  const [download] = await Promise.all([signed.page.waitForEvent('download'), signed.page.click('[data-test=confirm-approve]')])
  const pdf = readFileSync(await download.path())
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
  assert.ok(pdf.includes(`(${code.toLowerCase()}) Tj`), 'the letter names the login')
  const approved = await committee.get('/login-applications?status=approved&limit=200')
  assert.ok(approved.body.items.some((a) => a.credit_code === code && a.user_id))
  await signed.context.close()
})

test('a township resets an enterprise login: the new letter downloads, the old password stops working, the new code activates it', async () => {
  const item = await enterpriseWithCode({ contact_phone: '13905398888' })
  const post = (path, body) => fetch(`${BASE}/api/v1${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  assert.equal((await post('/auth/activate', { username: item.username, code: item.code, password: PASSWORD })).status, 200)
  assert.equal((await post('/auth/login', { username: item.username, password: PASSWORD })).status, 200)

  const signed = await signedIn(browser, 'difang.committee', { acceptDownloads: true })
  await signed.page.goto(`/users?q=${item.username}`)
  const row = signed.page.locator('[data-test=users-table] .el-table__row', { hasText: item.username })
  await row.waitFor()
  await row.locator('[data-test=action-reset_login]').click()
  const box = signed.page.locator('.el-message-box')
  await box.waitFor()
  assert.match(await box.textContent(), /现有密码立即作废/)
  await shot(signed.page, 'reset-login')
  const [download] = await Promise.all([signed.page.waitForEvent('download'), box.locator('.el-button--primary').click()])
  assert.match(download.suggestedFilename(), /^激活通知书-/)
  const pdf = readFileSync(await download.path())
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
  assert.ok(pdf.includes(`(${item.username}) Tj`), 'the letter names the login')
  const code = pdf.toString('latin1').match(/\(([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\) Tj/)[1]
  assert.notEqual(code, item.code)
  // The portal says the code went by SMS too: the login has a mobile number.
  await signed.page.locator('.el-message--success', { hasText: '短信' }).waitFor()
  await signed.context.close()

  // The old password no longer signs in; the new code activates the login in the portal.
  assert.equal((await post('/auth/login', { username: item.username, password: PASSWORD })).status, 401)
  const context = await browser.newContext({ baseURL: BASE, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`/activate?username=${encodeURIComponent(item.username)}`)
  await page.fill('input[name=code]', code)
  await page.fill('input[name=password]', 'Chong-Zhi-Hou-De-Mima-7')
  await page.fill('input[name=confirm]', 'Chong-Zhi-Hou-De-Mima-7')
  await page.click('button[type=submit]')
  await page.waitForURL((url) => url.pathname === '/')
  const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()))
  assert.equal(me.user.username, item.username)
  await context.close()
})
