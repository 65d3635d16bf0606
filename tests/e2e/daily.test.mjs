// The daily work the other browser tests leave out: an enterprise reports a hazard of its
// own (自查自报) from its home page on a phone; the county admin sends a document down to
// townships and sees which committee has acknowledged it; a department dismisses a
// public tip with a reason, and accepting one starts from the tip's text; the committee
// adds a member to a sector group and removes them; a photo taken with the phone's
// camera button reaches the server without its metadata; an enterprise inspects itself.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, signedIn, shot, apiAs, forgetTipAddresses, PHONE, JPEG, BASE, today, choose } from './lib.mjs'

let browser
before(async () => { forgetTipAddresses(); browser = await launch() })
after(async () => { await browser?.close() })

const stamp = () => Date.now().toString(36).slice(-6)
const PHONE_375 = { ...PHONE, viewport: { width: 375, height: 760 } }
const noSidewaysScroll = (page, width) => page.evaluate((w) => document.documentElement.scrollWidth <= w, width)

test('an enterprise reports a hazard of its own from its home page on a phone (自查自报)', async () => {
  const entApi = await apiAs('difang.ent1')
  const { context, page } = await signedIn(browser, 'difang.ent1', PHONE_375)
  await page.click('[data-test=home-self-report]')
  await page.waitForURL(/\/hazards\/new$/)
  await page.waitForSelector('[data-test=self-report-hint]')
  assert.equal(await page.locator('[data-test=enterprise-picker]').count(), 0, 'its own enterprise, not one to choose')
  assert.ok(await noSidewaysScroll(page, 375), 'no sideways scrolling at 375 px')
  await shot(page, 'phone-self-report', { fullPage: false })

  // Without a description the form says so beside the field, in Chinese.
  await page.click('[data-test=register-hazard]')
  const missing = await page.waitForSelector('[data-field=description] .el-form-item__error')
  assert.match(await missing.textContent(), /[\u4e00-\u9fff]/)

  const text = `自查发现：配电箱门未上锁（${stamp()}）`
  await page.fill('textarea[name=description]', text)
  await page.click('[data-test=register-hazard]')
  await page.waitForURL(/\/hazards\/\d+$/)
  const id = page.url().split('/').pop()
  const hazard = (await entApi.get(`/hazards/${id}`)).body
  assert.equal(hazard.source, 'self_report')
  assert.equal(hazard.enterprise_id, entApi.user.enterprise_id)
  assert.equal(hazard.description, text)
  assert.ok(hazard.deadline >= today(0), `a deadline of the form's default, ${hazard.deadline}`)

  // The page offers the moves the server allows it: start, none of the township's.
  assert.deepEqual(hazard.allowed_actions, ['start'])
  await page.waitForSelector('[data-test=action-start]')
  assert.equal(await page.locator('[data-test^=action-]').count(), 1)
  assert.ok(await noSidewaysScroll(page, 375))
  await shot(page, 'phone-self-reported-hazard', { fullPage: false })

  // The township sees where it came from; the enterprise's list leads to the same form.
  const committee = await apiAs('difang.committee')
  assert.equal((await committee.get(`/hazards/${id}`)).body.source, 'self_report')
  await page.goto('/hazards')
  await page.click('[data-test=self-report]')
  await page.waitForURL(/\/hazards\/new$/)
  await context.close()
})

test('the county admin sends a document down to two townships and sees which has acknowledged it', async () => {
  const admin = await apiAs('admin')
  const towns = (await admin.get('/townships?limit=200')).body.items
  const difang = towns.find((t) => t.slug === 'difang')
  const bailin = towns.find((t) => t.slug === 'bailin')
  const title = `县安委办关于开展冬季安全生产大检查的通知（${stamp()}）`

  const a = await signedIn(browser, 'admin')
  await a.page.goto('/documents')
  await a.page.click('[data-test=send-document]')
  await a.page.fill('input[name=title]', title)
  await a.page.fill('textarea[name=body]', '各乡镇：请于月底前完成辖区企业全面排查，并报送排查情况。')
  await a.page.click('[data-field=recipients] .el-select')
  for (const town of [difang, bailin]) {
    await a.page.fill('[data-field=recipients] .el-select input', town.name)
    await choose(a.page, a.page.locator('[data-field=recipients]'), town.name)
  }
  await a.page.click('input[name=title]')   // closes the list (Escape would close the dialog)
  await a.page.click('[data-test=form-submit]')
  await a.page.waitForSelector('.el-dialog', { state: 'hidden' })
  const copies = (await admin.get('/documents?limit=100')).body.items.filter((d) => d.title === title)
  assert.deepEqual(copies.map((d) => d.township_id).sort(), [difang.id, bailin.id].sort(), 'one copy per township')
  const rows = a.page.locator('[data-test=document-table] .el-table__row', { hasText: title })
  await rows.nth(1).waitFor()
  assert.equal(await rows.count(), 2)
  assert.equal(await rows.locator('text=未签收').count(), 2)

  // difang's committee acknowledges it in its portal.
  const c = await signedIn(browser, 'difang.committee')
  await c.page.goto('/documents')
  const row = c.page.locator('[data-test=document-table] .el-table__row', { hasText: title })
  await row.locator('[data-test=acknowledge]').click()
  await row.locator('text=已签收').waitFor()
  await c.context.close()

  // The county sees the receipt: difang's by its committee, bailin's not yet.
  await a.page.reload()
  const receipts = a.page.locator('[data-test=document-table] .el-table__row', { hasText: title }).locator('[data-test=township-receipt]')
  await receipts.filter({ hasText: '已签收' }).waitFor()
  const texts = await receipts.allTextContents()
  assert.ok(texts.some((x) => x.startsWith(difang.name) && x.includes('已签收')), texts.join(' | '))
  assert.ok(texts.some((x) => x.startsWith(bailin.name) && x.includes('未签收')), texts.join(' | '))
  await a.page.click('[data-test=filter-township]')
  await choose(a.page, a.page.locator('[data-test=filter-township]'), bailin.name)
  await a.page.waitForFunction((t) => {
    const rows = [...document.querySelectorAll('[data-test=document-table] .el-table__row')].filter((r) => r.textContent.includes(t))
    return rows.length === 1 && rows[0].textContent.includes('未签收')
  }, title)
  await shot(a.page, 'admin-documents-receipt')
  const sent = (await admin.get('/documents?limit=100')).body.items.filter((d) => d.title === title)
  assert.equal(sent.find((d) => d.township_id === difang.id).counts.acknowledged, 1)
  assert.equal(sent.find((d) => d.township_id === bailin.id).counts.acknowledged, 0)
  await a.context.close()
})

async function sendTip(token, text) {
  const r = await fetch(`${BASE}/api/v1/public/tips`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
    body: JSON.stringify({ token, text, contact: null }),
  })
  const answer = await r.text()
  assert.equal(r.status, 201, answer)
  return JSON.parse(answer)
}

test('a department dismisses a public tip with a reason; accepting one starts from the tip\'s text', async () => {
  const committee = await apiAs('difang.committee')
  const entApi = await apiAs('difang.ent1')
  const enterprise = (await committee.get(`/enterprises/${entApi.user.enterprise_id}`)).body
  const token = enterprise.public_token || (await committee.post(`/enterprises/${enterprise.id}/public-token`)).body.public_token
  const dismissed = `群众举报：厂区门口有人吸烟（${stamp()}）`
  const prefilled = `群众举报：二楼安全出口上锁（${stamp()}）`
  const first = await sendTip(token, dismissed)
  const second = await sendTip(token, prefilled)

  const { context, page } = await signedIn(browser, 'difang.safety', PHONE_375)
  await page.goto('/tips')
  const row = page.locator('[data-test=tip-table] .el-table__row', { hasText: dismissed })
  await row.waitFor()
  assert.ok(await noSidewaysScroll(page, 375), 'no sideways scrolling at 375 px')
  await shot(page, 'phone-tips', { fullPage: false })
  await row.locator('[data-test=dismiss-tip]').click()
  // Without a reason the form says so beside the field; nothing changes.
  await page.click('[data-test=confirm-dismiss]')
  const why = await page.waitForSelector('[data-field=reason] .el-form-item__error')
  assert.match(await why.textContent(), /[\u4e00-\u9fff]/)
  const department = await apiAs('difang.safety')
  const tipOf = async (id) => (await department.get('/tips?limit=200')).body.items.find((t) => t.id === id)
  assert.equal((await tipOf(first.id)).status, 'pending')
  const reason = '经现场核实，吸烟者为过路人员，不在厂区范围内'
  await page.fill('textarea[data-test=dismiss-reason]', reason)
  await page.click('[data-test=confirm-dismiss]')
  await page.waitForSelector('text=已不予受理')
  await row.waitFor({ state: 'detached' })   // the pending list no longer holds it
  const after = await tipOf(first.id)
  assert.equal(after.status, 'dismissed')
  assert.equal(after.reason, reason)
  assert.equal(after.hazard_id, null)

  // Accepting the other opens the form with the tip's text to rewrite, and says why.
  await page.locator('[data-test=tip-table] .el-table__row', { hasText: prefilled }).locator('[data-test=accept-tip]').click()
  const description = page.locator('textarea[data-test=accept-description]')
  await description.waitFor()
  assert.equal(await description.inputValue(), prefilled)
  assert.match(await page.textContent('[data-test=accept-hint]'), /企业会看到/)
  await shot(page, 'phone-tip-accept', { fullPage: false })
  await context.close()
  await department.post(`/tips/${second.id}/dismiss`, { reason: '测试结束' })
})

test('the committee adds a member to a sector group and removes them again', async () => {
  const api = await apiAs('difang.committee')
  const campaign = (await api.get('/campaigns?level=township&status=active')).body.items[0]
  let groups = (await api.get(`/campaigns/${campaign.id}/groups`)).body.items
  if (!groups.some((g) => g.kind === 'sector')) groups = (await api.post(`/campaigns/${campaign.id}/groups/from-template`, {})).body.items
  const group = groups.find((g) => g.kind === 'sector')
  // A department user the committee makes for the occasion: no group's member yet.
  const made = await api.post('/users', {
    username: `difang.e2e-${stamp()}`, display_name: `组员${stamp()}`, role: 'department', password: 'e2e-member-password',
  })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const newcomer = made.body
  const membersOf = async () => (await api.get(`/campaigns/${campaign.id}/groups`)).body.items.find((g) => g.id === group.id).member_ids

  const { context, page } = await signedIn(browser, 'difang.committee')
  await page.goto(`/campaigns/${campaign.id}/groups`)
  const row = page.locator('[data-test=groups-table] .el-table__row', { hasText: group.name }).first()
  await row.locator('[data-test=group-edit]').click()
  await page.click('[data-field=member_ids] .el-select')
  await page.keyboard.type(newcomer.username)
  await choose(page, page.locator('[data-field=member_ids]'), newcomer.username)
  await page.click('input[name=name]')   // closes the list
  await page.click('[data-test=form-submit]')
  await page.waitForSelector('.el-dialog', { state: 'hidden' })
  assert.ok((await membersOf()).includes(newcomer.id), 'the newcomer is a member')
  await row.filter({ hasText: newcomer.display_name }).waitFor()
  assert.deepEqual([...(await membersOf())].sort(), [...group.member_ids, newcomer.id].sort(), 'the others stay')
  await shot(page, 'group-members')

  await row.locator('[data-test=group-edit]').click()
  await page.locator('[data-field=member_ids] .el-tag', { hasText: newcomer.username }).locator('.el-tag__close').click()
  await page.click('[data-test=form-submit]')
  await page.waitForSelector('.el-dialog', { state: 'hidden' })
  assert.deepEqual([...(await membersOf())].sort(), [...group.member_ids].sort(), 'the newcomer is gone, the others stay')
  await context.close()
})

test('a photo from the phone\'s camera button reaches the server with the inspection item, without its metadata', async () => {
  const api = await apiAs('difang.safety')
  const campaign = (await api.get('/campaigns?level=township&status=active')).body.items[0]
  const enterprise = (await api.get('/enterprises?limit=1')).body.items[0]
  const made = await api.post('/inspections', { enterprise_id: enterprise.id, campaign_id: campaign.id, kind: 'routine', inspected_on: today() })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const { context, page } = await signedIn(browser, 'difang.safety', PHONE_375)
  await page.goto(`/inspections/${made.body.id}`)
  await page.waitForSelector('[data-item=A01]')
  assert.equal(await page.getAttribute('[data-test=photo-A01]', 'capture'), 'environment', 'the camera opens')
  assert.equal(await page.getAttribute('[data-test=photo-A01]', 'accept'), 'image/*')
  await page.setInputFiles('[data-test=photo-A01]', { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: withExif(JPEG) })
  await page.waitForSelector('[data-item=A01] .photos .el-image')
  await page.waitForFunction(() => !document.querySelector('[data-test=unsent]'))
  const item = (await api.get(`/inspections/${made.body.id}`)).body.categories.flatMap((c) => c.items).find((i) => i.code === 'A01')
  assert.equal(item.photos.length, 1)
  const r = await fetch(`${BASE}${item.photos[0].url}`, { headers: { Cookie: await cookieOf(context) } })
  assert.equal(r.status, 200)
  assert.equal(r.headers.get('content-type'), 'image/jpeg')
  // The picture arrives; where and with what it was taken does not.
  const kept = Buffer.from(await r.arrayBuffer())
  assert.deepEqual(kept.subarray(0, JPEG.length), JPEG, 'the picture the camera gave')
  for (const trace of ['Exif', 'PHONE-X1', 'GPS 35.1008N']) assert.equal(kept.includes(trace), false, `${trace} was kept`)
  assert.ok(await noSidewaysScroll(page, 375))
  await shot(page, 'phone-inspection-photo', { fullPage: false })
  await context.close()
})

// The JPEG as a phone writes it: an EXIF segment (APP1) after its start, naming the
// camera and where it was.
function withExif(jpeg) {
  const body = Buffer.concat([Buffer.from('Exif\0\0MM\0*', 'latin1'), Buffer.from('PHONE-X1 GPS 35.1008N 118.3600E', 'latin1')])
  const length = Buffer.alloc(2)
  length.writeUInt16BE(body.length + 2)
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1]), length, body, jpeg.subarray(2)])
}

async function cookieOf(context) {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
}

test('an enterprise inspects itself on a phone (自查): a failed item opens a hazard it is to rectify', async () => {
  const entApi = await apiAs('difang.ent1')
  const { context, page } = await signedIn(browser, 'difang.ent1', PHONE_375)
  await page.goto('/inspections')
  await page.click('[data-test=start-inspection]')
  assert.equal(await page.locator('.el-dialog [data-test=enterprise-picker]').count(), 0, 'its own enterprise')
  await page.click('[data-test=create-inspection]')
  await page.waitForURL(/\/inspections\/\d+$/)
  const id = page.url().split('/').pop()
  assert.match(await page.textContent('.page'), /企业自查|自查/)
  const item = page.locator('[data-item=B01]')
  await item.locator('[data-answer=hazard]').click()
  await item.locator('textarea').first().fill('特种作业人员证书过期两人')
  await item.locator('textarea').first().blur()
  await page.click('[data-test=rest-ok]')
  await page.waitForFunction(() => !document.querySelector('[data-test=unsent]'), null, { timeout: 30000 })
  assert.ok(await noSidewaysScroll(page, 375))
  await page.click('[data-test=submit-inspection]')
  const opened = await page.waitForSelector('[data-test=opened-hazard]', { timeout: 90000 })
  const inspection = (await entApi.get(`/inspections/${id}`)).body
  assert.equal(inspection.kind, 'self')
  assert.equal(inspection.status, 'submitted')
  assert.equal(inspection.counts.hazard, 1)
  const hazardId = (await opened.getAttribute('href')).split('/').pop()
  const hazard = (await entApi.get(`/hazards/${hazardId}`)).body
  assert.equal(hazard.enterprise_id, entApi.user.enterprise_id)
  assert.deepEqual(hazard.allowed_actions, ['start'])
  await shot(page, 'phone-self-inspection', { fullPage: false })
  await context.close()
})
