// The whole hazard path through the portal: a department inspects an enterprise item by
// item and a failed item opens a hazard; the enterprise submits a rectification with a
// photo; the department rejects it; the enterprise submits again; the department
// verifies it and the hazard is closed (销号), with every step on its timeline.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, signedIn, shot, apiAs, pick, succeeds, PHONE, JPEG } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

async function photo(page, testId) {
  await page.setInputFiles(`[data-test=${testId}]`, { name: 'after.jpg', mimeType: 'image/jpeg', buffer: JPEG })
  await page.waitForSelector('text=已上传')
}

async function act(page, action) {
  await succeeds(page, () => page.click(`[data-test=action-${action}]`))
}

test('inspection → hazard → rectification rejected → submitted again → verified and closed', async () => {
  const enterpriseApi = await apiAs('difang.ent1')
  const enterprise = (await enterpriseApi.get(`/enterprises/${enterpriseApi.user.enterprise_id}`)).body

  // The department inspects the enterprise.
  const dept = await signedIn(browser, 'difang.safety')
  await dept.page.goto('/inspections')
  await dept.page.click('[data-test=start-inspection]')
  await pick(dept.page, 'enterprise-picker', enterprise.name, '/api/v1/enterprises?q=')
  await dept.page.click('[data-test=create-inspection]')
  await dept.page.waitForURL(/\/inspections\/\d+$/)
  const inspectionId = dept.page.url().split('/').pop()

  const first = dept.page.locator('[data-item=A01]')
  await first.locator('[data-answer=hazard]').click()
  await first.locator('textarea').first().fill('消防通道堆放杂物，灭火器过期')
  await first.locator('textarea').first().blur()
  await dept.page.click('[data-test=rest-ok]')
  await dept.page.waitForFunction(() => !document.querySelector('[data-test=unsent]'))
  await dept.page.click('[data-test=submit-inspection]')
  // Submitting opens the hazards in one transaction: slow on a loaded machine.
  const opened = await dept.page.waitForSelector('[data-test=opened-hazard]', { timeout: 90000 }).catch(async (e) => {
    await shot(dept.page, 'failed-inspection-submit')
    const top = await dept.page.locator('[data-test=form-error]').allTextContents()
    throw new Error(`no hazard opened: ${top.join(' ') || 'no error shown'}`, { cause: e })
  })
  const hazardPath = await opened.getAttribute('href')
  const hazardId = hazardPath.split('/').pop()
  const inspection = (await enterpriseApi.get(`/inspections/${inspectionId}`)).body
  assert.equal(inspection.status, 'submitted')
  assert.equal(inspection.counts.hazard, 1)
  assert.equal(inspection.counts.ok, inspection.counts.items - 1)

  // The enterprise, on its phone, starts, photographs and submits.
  const ent = await signedIn(browser, 'difang.ent1', PHONE)
  await ent.page.goto('/')
  await ent.page.waitForSelector('[data-test=home-toRectify] li')   // its hazards to fix, soonest first
  await shot(ent.page, 'home-difang.ent1-with-hazard')
  await ent.page.goto(hazardPath)
  await act(ent.page, 'start')
  assert.equal(await ent.page.evaluate(() => document.documentElement.scrollWidth <= 360), true, 'no sideways scrolling at 360 px')
  assert.equal(await ent.page.getAttribute('[data-test=hazard-photo]', 'capture'), 'environment')
  await shot(ent.page, 'phone-rectification', { fullPage: false })
  await photo(ent.page, 'hazard-photo')
  await act(ent.page, 'submit')
  assert.equal((await enterpriseApi.get(`/hazards/${hazardId}`)).body.status, 'submitted')

  // The department rejects it with a reason.
  await dept.page.goto(hazardPath)
  await dept.page.fill('[data-test=transition-note]', '照片看不清灭火器的检验日期，请重新拍照')
  await act(dept.page, 'reject')

  // The enterprise sees why, and submits again.
  await ent.page.goto(hazardPath)
  const why = await ent.page.waitForSelector('[data-test=rejection]')
  assert.match(await why.textContent(), /灭火器的检验日期/)
  await shot(ent.page, 'hazard-rejected')
  await photo(ent.page, 'hazard-photo')
  await act(ent.page, 'submit')

  // The department verifies: closed, and the timeline tells the story.
  await dept.page.goto(hazardPath)
  await act(dept.page, 'verify')
  const hazard = (await enterpriseApi.get(`/hazards/${hazardId}`)).body
  assert.equal(hazard.status, 'closed')
  // The page reads the events again after the move: the timeline ends with it once drawn.
  await dept.page.locator('[data-test=timeline]', { hasText: '验收销号' }).waitFor()
  const timeline = await dept.page.textContent('[data-test=timeline]')
  for (const step of ['登记', '开始整改', '提交整改', '驳回', '验收销号']) assert.ok(timeline.includes(step), `timeline lacks ${step}`)
  assert.ok((await dept.page.$$('.photos .el-image')).length >= 2, 'the photos show')
  await shot(dept.page, 'hazard-closed')
  await dept.context.close()
  await ent.context.close()
})
