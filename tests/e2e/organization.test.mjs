// The committee's and the county admin's set-up through the portal: the grid tree
// edited, the campaign's working groups, a task and its progress, a sector of the
// county; and the supervisor's unannounced inspection.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, signedIn, shot, apiAs, pick, choose, succeeds } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

const stamp = () => Date.now().toString(36).slice(-5)

test('the committee adds, renames and removes a grid node, and sees the campaign groups', async () => {
  const api = await apiAs('difang.committee')
  const root = (await api.get('/grid')).body
  const area = root.children.find((c) => c.kind === 'work_area')
  const name = `测试村${stamp()}`
  const { context, page } = await signedIn(browser, 'difang.committee')
  await page.goto('/grid')
  await page.click(`[data-test=grid-add-${area.id}]`)
  await page.click('[data-field=kind] .el-select')
  await choose(page, page.locator('[data-field=kind]'), '村')
  await page.fill('input[name=name]', name)
  await page.click('[data-test=form-submit]')
  await page.locator('[data-test=grid-tree] .node', { hasText: name }).waitFor()
  const node = (await api.get('/grid')).body.children.find((c) => c.id === area.id).children.find((c) => c.name === name)
  assert.ok(node, 'the node is under the work area')

  const row = page.locator('[data-test=grid-tree] .node', { hasText: name })
  await row.locator('text=修改').click()
  await page.fill('input[name=name]', `${name}改`)
  await page.click('[data-test=form-submit]')
  await page.locator('[data-test=grid-tree] .node', { hasText: `${name}改` }).waitFor()
  await shot(page, 'grid-tree')
  await page.locator('[data-test=grid-tree] .node', { hasText: `${name}改` }).locator('text=删除').click()
  await succeeds(page, () => page.click('.el-message-box__btns .el-button--primary'))
  assert.equal((await api.get(`/grid/${node.id}`)).status, 404)

  await page.goto('/campaigns')
  await page.waitForSelector('[data-test=campaigns-table] .el-table__row')
  await page.locator('[data-test=campaigns-table] .el-table__row').filter({ has: page.locator('text=工作组') }).first().locator('text=工作组').click()
  await page.waitForURL(/\/campaigns\/\d+\/groups$/)
  await page.waitForSelector('[data-test=groups-table] .el-table__row')
  assert.match(await page.textContent('[data-test=groups-table]'), /工作组/)
  await context.close()
})

test('the committee creates a task and reports its progress', async () => {
  const api = await apiAs('difang.committee')
  const title = `排查加油站${stamp()}`
  const { context, page } = await signedIn(browser, 'difang.committee')
  await page.goto('/tasks')
  await page.click('[data-test=resource-create]')
  const campaign = (await api.get('/campaigns?level=township&status=active')).body.items[0]
  await page.click('[data-field=campaign_id] .el-select')
  await choose(page, page.locator('[data-field=campaign_id]'), campaign.name)
  await page.fill('input[name=title]', title)
  await page.fill('[data-field=target] input', '5')
  await page.click('[data-field=deadline] input')
  await page.keyboard.type(new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10))
  await page.keyboard.press('Enter')
  // The date panel closes before the form is sent: while it is open it may take the click.
  await page.locator('.el-picker__popper:visible').waitFor({ state: 'detached' })
  await page.click('[data-test=form-submit]')
  // A task is someone's: without a grid node (or group, or assignee) the form says so.
  const missing = await page.waitForSelector('[data-field=grid_node_id] .el-form-item__error')
  assert.match(await missing.textContent(), /[\u4e00-\u9fff]/)
  const village = (await api.get('/grid')).body.children[0].children[0]
  await page.click('[data-field=grid_node_id] .el-select')
  await choose(page, page.locator('[data-field=grid_node_id]'), village.name)
  await page.click('[data-test=form-submit]')
  await page.waitForSelector('.el-dialog', { state: 'hidden' }).catch(async (e) => {
    throw new Error(`the form stayed open: ${await page.locator('.el-dialog').textContent()}`, { cause: e })
  })
  const task = (await api.get('/tasks?limit=200')).body.items.find((x) => x.title === title)
  assert.ok(task, 'the task was created')

  // Progress is reported from the list.
  const row = page.locator('[data-test=tasks-table] .el-table__row').filter({ has: page.locator('text=汇报进度') }).first()
  const id = Number((await row.locator('td').first().textContent()).trim())
  await row.locator('text=汇报进度').click()
  const before = (await api.get(`/tasks/${id}`)).body
  const next = Math.min(before.progress + 1, before.target)
  await page.fill('.el-message-box__input input', String(next))
  await succeeds(page, () => page.click('.el-message-box__btns .el-button--primary'))
  assert.equal((await api.get(`/tasks/${id}`)).body.progress, next)
  await context.close()
})

test('the county admin adds a sector of the county', async () => {
  const api = await apiAs('admin')
  const name = `测试领域${stamp()}`
  const { context, page } = await signedIn(browser, 'admin')
  await page.goto('/sectors')
  await page.click('[data-test=resource-create]')
  await page.fill('input[name=code]', `e2e_${stamp()}`)
  await page.fill('input[name=name]', name)
  await page.click('[data-test=form-submit]')
  await page.locator('[data-test=sectors-table] .el-table__row', { hasText: name }).waitFor()
  assert.ok((await api.get('/sectors?limit=200')).body.items.some((s) => s.name === name))
  await page.goto('/townships')
  await page.waitForSelector('[data-test=townships-table] .el-table__row')
  await shot(page, 'admin-townships')
  await context.close()
})

test('the county admin copies a checklist template, edits the draft and publishes it', async () => {
  const api = await apiAs('admin')
  const published = (await api.get('/checklists?status=published')).body.items[0]
  const { context, page } = await signedIn(browser, 'admin')
  await page.goto('/checklists')
  await page.click('[data-test=resource-create]')
  await page.fill('[data-field=from_id] input', String(published.id))
  await page.click('[data-test=form-submit]')
  await page.waitForSelector('.el-dialog', { state: 'hidden' })
  const draft = (await api.get('/checklists?status=draft')).body.items.find((c) => c.code === published.code)
  assert.ok(draft, 'a draft was made')
  await page.goto(`/checklists/${draft.id}`)
  const text = `是否建立并落实全员安全生产责任制（${stamp()}修订）`
  await page.fill('textarea[name=item_0_0]', text)
  await succeeds(page, () => page.click('[data-test=save-checklist]'))
  const saved = (await api.get(`/checklists/${draft.id}`)).body
  assert.equal(saved.categories[0].items[0].text, text)
  assert.equal(saved.categories.flatMap((c) => c.items).length, published.items_count)
  await page.click('[data-test=publish-checklist]')
  await page.waitForSelector('[data-test=save-checklist]', { state: 'detached' })
  assert.equal((await api.get(`/checklists/${draft.id}`)).body.status, 'published')
  await shot(page, 'admin-checklist')
  await context.close()
})

test('the supervisor starts an unannounced inspection', async () => {
  const { context, page } = await signedIn(browser, 'difang.supervisor')
  await page.goto('/inspections')
  await page.click('[data-test=start-inspection]')
  await pick(page, 'enterprise-picker', '石膏', '/api/v1/enterprises?q=')
  await page.click('[data-test=create-inspection]')
  await page.waitForURL(/\/inspections\/\d+$/)
  assert.match(await page.textContent('.page'), /暗访/)
  await context.close()
})
