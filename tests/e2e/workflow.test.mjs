// The committee's and the enterprise's paperwork through the portal: enterprises
// imported from a CSV file (one bad row shows in a table and nothing is imported; the
// corrected file imports), a document acknowledged by the enterprise and seen as such
// by the committee, a hazard registered with a Chinese message beside a bad field.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, signedIn, shot, apiAs, creditCode, choose } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

const HEADER = '统一社会信用代码,企业名称,行业领域,所属网格,地址,法定代表人,安全负责人,联系电话'

async function importFile(page, name, text) {
  await page.setInputFiles('[data-test=import-file]', { name, mimeType: 'text/csv', buffer: Buffer.from(text) })
}

test('CSV import: one bad row is shown in a table and nothing is imported; the corrected file imports', async () => {
  const committee = await apiAs('difang.committee')
  const sector = (await committee.get('/sectors')).body.items[0].name
  const good = [creditCode(), creditCode()]
  const stamp = Date.now().toString(36)
  const rows = (third) => [HEADER,
    `${good[0]},导入测试甲${stamp},${sector},,地方镇东村,张三,李四,13905390001`,
    `${good[1]},导入测试乙${stamp},${sector},,地方镇西村,王五,赵六,13905390002`,
    third].join('\r\n') + '\r\n'
  const bad = `${good[0].slice(0, 17)}${good[0][17] === '0' ? '1' : '0'},导入测试丙${stamp},${sector},,,,,`

  const { context, page } = await signedIn(browser, 'difang.committee')
  await page.goto('/enterprises')
  await page.click('[data-test=import-enterprises]')
  await importFile(page, 'bad.csv', rows(bad))
  const table = await page.waitForSelector('[data-test=import-errors]')
  const text = await table.textContent()
  assert.match(text, /4\s*统一社会信用代码/, 'line 4, the credit code column')
  assert.equal(await page.locator('[data-test=import-errors] .el-table__row').count(), 1)
  await shot(page, 'import-errors')
  assert.equal((await committee.get(`/enterprises?q=${encodeURIComponent('导入测试甲' + stamp)}`)).body.items.length, 0)

  const fixed = [HEADER, rows('').split('\r\n').slice(1, 3).join('\r\n')].join('\r\n') + '\r\n'
  await importFile(page, 'good.csv', fixed)
  await page.waitForSelector('[data-test=import-ok]')
  assert.match(await page.textContent('[data-test=import-ok]'), /已导入 2 家企业/)
  assert.equal((await committee.get(`/enterprises?q=${encodeURIComponent('导入测试甲' + stamp)}`)).body.items.length, 1)
  await context.close()
})

test('a document sent to the enterprise is acknowledged in its portal and the committee sees it', async () => {
  const committee = await apiAs('difang.committee')
  const enterpriseApi = await apiAs('difang.ent1')
  const title = `关于做好冬季安全生产工作的通知（${Date.now().toString(36)}）`
  const enterprise = (await committee.get(`/enterprises/${enterpriseApi.user.enterprise_id}`)).body

  // The committee sends it through the portal; without a recipient the form says so.
  const com = await signedIn(browser, 'difang.committee')
  await com.page.goto('/documents')
  await com.page.click('[data-test=send-document]')
  await com.page.fill('input[name=title]', title)
  await com.page.fill('textarea[name=body]', '请各单位做好冬季防火、防冻工作。')
  await com.page.click('[data-test=form-submit]')
  const missing = await com.page.waitForSelector('[data-field=recipients] .el-form-item__error')
  assert.match(await missing.textContent(), /[\u4e00-\u9fff]/)
  await com.page.click('[data-field=recipients] .el-select')
  await com.page.keyboard.type(enterprise.name)
  await choose(com.page, com.page.locator('[data-field=recipients]'), enterprise.name)
  await com.page.click('input[name=title]')   // closes the list (Escape would close the dialog)
  await com.page.click('[data-test=form-submit]')
  await com.page.locator('[data-test=document-table] .el-table__row', { hasText: title }).waitFor()
  const sent = { body: (await committee.get('/documents?limit=50')).body.items.find((d) => d.title === title) }
  assert.ok(sent.body, 'the document was sent')

  const ent = await signedIn(browser, 'difang.ent1')
  await ent.page.waitForSelector(`[data-test=home-documents] >> text=${title}`)
  await ent.page.goto('/documents')
  const row = ent.page.locator('[data-test=document-table] .el-table__row', { hasText: title })
  await row.locator('[data-test=acknowledge]').click()
  await ent.page.waitForSelector('text=已签收')
  await row.locator('text=已签收').waitFor()

  await com.page.goto('/documents')
  const line = com.page.locator('[data-test=document-table] .el-table__row', { hasText: title })
  await line.locator('text=查看').click()
  const recipients = await com.page.waitForSelector('[data-test=recipients]')
  assert.match(await recipients.textContent(), /地方镇企业安全员/)
  await shot(com.page, 'document-acknowledged')
  const doc = (await committee.get(`/documents/${sent.body.id}`)).body
  assert.ok(doc.recipients[0].acknowledged_at)
  await ent.context.close()
  await com.context.close()
})

test('registering a hazard without a description shows the Chinese message beside the field', async () => {
  const { context, page } = await signedIn(browser, 'difang.safety')
  await page.goto('/hazards/new')
  await page.click('[data-test=register-hazard]')
  const enterprise = await page.waitForSelector('[data-field=enterprise_id] .el-form-item__error')
  assert.match(await enterprise.textContent(), /[\u4e00-\u9fff]/)
  const description = await page.waitForSelector('[data-field=description] .el-form-item__error')
  assert.match(await description.textContent(), /[\u4e00-\u9fff]/)
  await shot(page, 'hazard-form-errors')
  await context.close()
})
