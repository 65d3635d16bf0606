// Every role signs in through the portal, sees its home page (screenshot), and the
// session's edges: signing out, an expired session leading back to where the user was.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, signedIn, settled, shot, apiAs } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

const homes = [
  ['admin', '县级管理员'],
  ['difang.committee', '镇指挥部'],
  ['difang.supervisor', '督考组'],
  ['difang.safety', '部门/包扶干部'],
  ['difang.ent1', '企业'],
]

for (const [username, roleLabel] of homes) {
  test(`${username} signs in and sees a home page in Chinese`, async () => {
    const { context, page } = await signedIn(browser, username)
    await page.waitForSelector('[data-test=dashboard]')   // the role's dashboard
    assert.match(await page.textContent('[data-test=who]'), new RegExp(roleLabel.replace('/', '\\/')))
    assert.match(await page.textContent('.page-title'), /您好/)
    await settled(page)
    await shot(page, `home-${username}`)
    await context.close()
  })
}

test('a wrong password is answered in Chinese at the top of the form', async () => {
  const context = await browser.newContext({ baseURL: process.env.SAFEGRID_TEST_URL })
  const page = await context.newPage()
  await page.goto('/login')
  await page.fill('input[name=username]', 'difang.safety')
  await page.fill('input[name=password]', 'not-the-password')
  await page.click('button[type=submit]')
  const error = await page.waitForSelector('[data-test=form-error]')
  assert.match(await error.textContent(), /[\u4e00-\u9fff]/)
  assert.equal(new URL(page.url()).pathname, '/login')
  await context.close()
})

test('signing out ends the session; an expired session signs in again and returns to the page', async () => {
  const { context, page } = await signedIn(browser, 'difang.safety')
  await page.goto('/hazards?status=submitted')
  await page.waitForSelector('[data-test=hazard-table]')
  // The session ends behind the page's back (as when it expires): drop the cookie.
  await context.clearCookies()
  await page.click('text=查询')
  await page.waitForURL(/\/login\?/)
  assert.ok(await page.isVisible('text=登录已过期'))
  await page.fill('input[name=username]', 'difang.safety')
  await page.fill('input[name=password]', process.env.SAFEGRID_DEMO_PASSWORD || 'safegrid-demo')
  await page.click('button[type=submit]')
  await page.waitForURL((url) => url.pathname === '/hazards')
  assert.equal(new URL(page.url()).search, '?status=submitted')

  await page.click('[data-test=sign-out]')
  await page.waitForURL(/\/login/)
  await page.goto('/documents')
  await page.waitForURL(/\/login\?next=(%2F|\/)documents/)
  await context.close()
})

test('the supervisor reads the audit log and changes nothing in hazards', async () => {
  const { context, page } = await signedIn(browser, 'difang.supervisor')
  await page.goto('/audit')
  await page.waitForSelector('[data-test=audit-table] .el-table__row')
  const rows = await page.$$('[data-test=audit-table] .el-table__row')
  assert.ok(rows.length > 0)
  await page.goto('/hazards')
  await page.waitForSelector('[data-test=hazard-table] .el-table__row')
  assert.equal(await page.isVisible('text=登记隐患'), false)
  await context.close()
})

test('a Chinese validation message is shown beside its field (new password too short)', async () => {
  const api = await apiAs('difang.safety')
  assert.equal(api.user.username, 'difang.safety')
  const { context, page } = await signedIn(browser, 'difang.safety')
  await page.goto('/password')
  await page.fill('input[name=current_password]', process.env.SAFEGRID_DEMO_PASSWORD || 'safegrid-demo')
  await page.fill('input[name=new_password]', 'short')
  await page.click('button[type=submit]')
  const message = await page.waitForSelector('[data-field=new_password] .el-form-item__error')
  const text = await message.textContent()
  assert.match(text, /[\u4e00-\u9fff]/, `not Chinese: ${text}`)
  await shot(page, 'password-error')
  await context.close()
})

for (const [username] of homes) {
  test(`every page in ${username}'s menu opens without an error`, async () => {
    const { context, page } = await signedIn(browser, username)
    const failures = []
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/') && r.status() >= 400) failures.push(`${r.status()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`)
    })
    const entries = await page.locator('.el-aside .el-menu-item:not(.is-disabled)').allTextContents()
    assert.ok(entries.length >= 4, `menu: ${entries}`)
    if (username !== 'difang.ent1') assert.ok(entries.includes('日报') && entries.includes('督办单'), `menu: ${entries}`)
    for (const entry of entries) {
      await page.locator('.el-aside .el-menu-item:not(.is-disabled)').nth(entries.indexOf(entry)).click()
      await settled(page)
      assert.equal(await page.locator('.el-alert--error').count(), 0, `${entry}: ${await page.locator('.el-alert--error').allTextContents()}`)
    }
    assert.deepEqual(failures, [])
    await context.close()
  })
}
