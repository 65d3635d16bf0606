// The oversight views (issue #15): each role's home page is its dashboard, whose figures
// equal what the lists they link to count; a supervision order issued, answered,
// rejected, answered again and accepted across two signed-in users, and its 督办单
// printed; a group's daily report sent and marked read by the committee; accountability
// absent for a department user.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, signedIn, shot, apiAs, today, psql, JPEG, PHONE, choose } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

// Rows in the dashboards' "none" buckets, so that those bars are drawn: an overdue hazard
// on no grid node with no responsible person, and an overdue task of a working group (no
// grid node) assigned to no one. When the file is done the task is removed and the hazard
// is put back as it was registered (its notifications and events name it).
const loose = { hazards: [], tasks: [] }
before(async () => {
  const committee = await apiAs('difang.committee')
  const hazard = await registerHazard(committee, `无网格无责任人隐患（${Date.now().toString(36)}）`)
  psql(`update hazard set grid_node_id = null, responsible_user_id = null, deadline = app.today() - 2 where id = ${hazard.id}`)
  loose.hazards.push(hazard.id)
  loose.tasks.push(Number(psql(
    "insert into task (township_id, campaign_id, title, group_id, target, deadline)" +
    " select c.township_id, c.id, '无网格无责任人任务', (select w.id from working_group w where w.township_id = c.township_id" +
    "        order by w.id limit 1), 2, app.today() - 3" +
    "   from campaign c join township t on t.id = c.township_id where t.slug = 'difang' and c.status = 'active'" +
    "  order by c.id limit 1 returning id")))
})
after(() => {
  psql(`delete from task where id in (${loose.tasks.join(',') || 0})`)
  psql(`update hazard h set grid_node_id = e.grid_node_id, deadline = app.today() + 5 from enterprise e` +
    ` where e.id = h.enterprise_id and h.id in (${loose.hazards.join(',') || 0})`)
})

// How many rows a list of the API holds for a portal link's query (every page of it).
const LISTS = {
  '/hazards': '/hazards', '/tasks': '/tasks', '/orders': '/supervision-orders',
  '/letters': '/responsibility-letters', '/enterprises': '/enterprises',
}
async function countList(client, href) {
  const url = new URL(href, 'http://portal')
  const path = LISTS[url.pathname]
  assert.ok(path, `a figure links to a list: ${href}`)
  let count = 0
  let cursor = null
  do {
    const query = new URLSearchParams(url.searchParams)
    query.set('limit', '200')
    if (cursor) query.set('cursor', cursor)
    const r = await client.get(`${path}?${query}`)
    assert.equal(r.status, 200, `${path}?${query}: ${JSON.stringify(r.body)}`)
    count += r.body.items.length
    cursor = r.body.next_cursor
  } while (cursor)
  return count
}

// The figures of the home page: { key, value, href, of } -- of, for a rate, the list it is a share of.
async function figures(page) {
  await page.waitForSelector('[data-test=dashboard] [data-test^=figure-]')
  return page.$$eval('a[data-test^=figure-]', (links) => links.map((a) => ({
    key: a.dataset.test.slice('figure-'.length),
    value: (a.querySelector('[data-test=figure-value]') || a).textContent.trim(),
    href: a.getAttribute('href'),
    of: a.dataset.of || null,
  })))
}

// A rate as the API rounds it (four places) and the portal writes it (lib/figures.js percent), from two counts.
const percent = (part, whole) => (whole === 0 ? '—' : `${(Math.round(part * 10000 / whole) / 100).toFixed(1)}%`)

// Every bar of the home page's charts: { name, value, href, of } (components/EChart.vue's
// links, one a bar); and how many bars have no link.
async function bars(page) {
  const all = await page.$$eval('[data-test=dashboard] a[data-test=bar]', (links) => links.map((a) => ({
    name: a.textContent.trim(), value: a.dataset.value, href: a.getAttribute('href'), of: a.dataset.of || null,
  })))
  return { all, unlinked: await page.locator('[data-test=dashboard] [data-test=bar-unlinked]').count() }
}

// A bar of the county's ranking is a rate in percent with one decimal (CountyBoard.vue), from two counts.
const percentBar = (part, whole) => (whole === 0 ? 0 : Math.round(Math.round(part * 10000 / whole) / 10) / 10)

// The "none" bars each role's charts must draw once the set-up's rows are there.
const NONE_BARS = {
  committee: ['at_grid_node_id=none'],
  supervisor: ['at_grid_node_id=none', 'grid_node_id=none', 'responsible_user_id=none', 'assignee_id=none'],
}

async function registerHazard(committee, description, extra = {}) {
  const enterprise = (await committee.get('/enterprises?limit=1')).body.items[0]
  const r = await committee.post('/hazards', {
    enterprise_id: enterprise.id, description, severity: 'general', mode: 'deadline', deadline: today(5), measure: '限期整改', ...extra,
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  return r.body
}

const ROLES = [['difang.committee', 'committee'], ['difang.supervisor', 'supervisor'], ['difang.safety', 'department'],
  ['difang.ent1', 'enterprise'], ['admin', 'county_admin']]

for (const [username, role] of ROLES) {
  test(`${role}: every figure of the home page links to a list that counts exactly it`, async () => {
    const committee = await apiAs('difang.committee')
    await registerHazard(committee, `看板核对隐患（${Date.now().toString(36)}）`)
    const client = await apiAs(username)
    const dashboard = (await client.get('/dashboard')).body
    assert.equal(dashboard.role, role)

    const { context, page } = await signedIn(browser, username)
    await page.goto('/')
    const shown = await figures(page)
    await page.waitForSelector('[data-test=dashboard] canvas, [data-test=dashboard] [data-test=queue]')
    await shot(page, `dashboard-${role}`)
    assert.ok(shown.length >= 6, `${shown.length} figures`)
    for (const f of shown) {
      const count = await countList(client, f.href)
      if (f.of) assert.equal(f.value, percent(count, await countList(client, f.of)), `${f.key}: ${f.href} of ${f.of}`)
      else assert.equal(Number(f.value), count, `${f.key} → ${f.href}`)
    }
    // So does every bar of every chart, the bars of no grid node and no person among them.
    const drawn = await bars(page)
    assert.equal(drawn.unlinked, 0, 'every bar links to a list')
    for (const b of drawn.all) {
      const count = await countList(client, b.href)
      if (b.of) assert.equal(Number(b.value), percentBar(count, await countList(client, b.of)), `${b.name}: ${b.href} of ${b.of}`)
      else assert.equal(Number(b.value), count, `${b.name} → ${b.href}`)
    }
    for (const filter of NONE_BARS[role] || []) {
      assert.ok(drawn.all.some((b) => b.href.split(/[?&]/).includes(filter) && Number(b.value) > 0), `a bar of ${filter}`)
    }
    // A figure opens its list with the filters set: the list shows the figure's rows.
    const first = shown.find((f) => !f.of && Number(f.value) > 0 && Number(f.value) <= 20 && f.href.startsWith('/hazards'))
    if (first) {
      await page.click(`[data-test="figure-${first.key}"] >> nth=0`)
      await page.waitForURL((u) => u.pathname === '/hazards')
      await page.waitForSelector('[data-test=hazard-table] .el-table__row')
      await page.waitForFunction((n) => document.querySelectorAll('[data-test=hazard-table] .el-table__body-wrapper .el-table__row').length === n, Number(first.value))
    }
    await context.close()
  })
}

test('committee: the overdue and major hazards on the home page name their enterprises', async () => {
  const committee = await apiAs('difang.committee')
  await registerHazard(committee, `看板重大隐患（${Date.now().toString(36)}）`, { severity: 'major', mode: 'major', deadline: today(20) })
  const dashboard = (await committee.get('/dashboard')).body
  const items = [dashboard.overdue_list[0], dashboard.major_hazards[0]].filter(Boolean)
  assert.ok(dashboard.major_hazards.length > 0, 'an open major hazard is listed')
  const { context, page } = await signedIn(browser, 'difang.committee')
  await page.goto('/')
  for (const h of items) {
    const { enterprise_name: name } = (await committee.get(`/hazards/${h.id}`)).body
    assert.equal(h.enterprise_name, name, `#${h.id}`)
    const item = page.locator(`li:has(a[href="/hazards/${h.id}"])`).first()
    await item.waitFor()
    assert.equal((await item.locator('[data-test=brief-enterprise]').textContent()).trim(), `${name}：`)
  }
  await context.close()
})

// The bars of no grid node and no person, followed from the keyboard (each bar is a link
// that shows itself when it has the focus): the list opens with the filter set to none.
for (const [username, filter, tag] of [
  ['difang.committee', 'at_grid_node_id=none', '网格（不含下级）：无'],
  ['difang.supervisor', 'responsible_user_id=none', '责任人：无'],
]) {
  test(`${username}: the bar of ${filter} opens the list of exactly its hazards`, async () => {
    const client = await apiAs(username)
    const { context, page } = await signedIn(browser, username)
    await page.goto('/')
    await page.waitForSelector('[data-test=dashboard] a[data-test=bar]', { state: 'attached' })
    const { all } = await bars(page)
    const bar = all.find((b) => b.href.startsWith('/hazards') && b.href.split(/[?&]/).includes(filter) && Number(b.value) > 0)
    assert.ok(bar, `a bar of ${filter}`)
    const link = page.locator(`[data-test=dashboard] a[data-test=bar][href="${bar.href}"]`).first()
    await link.focus()
    assert.ok(await link.isVisible(), 'a focused bar link shows itself')
    await page.keyboard.press('Enter')
    await page.waitForURL((u) => u.pathname === '/hazards' && u.search.includes(filter))
    await page.waitForSelector(`[data-test=linked-filter]:has-text("${tag}")`)
    const rows = page.locator('[data-test=hazard-table] .el-table__body-wrapper .el-table__row')
    await rows.first().waitFor()
    const count = await countList(client, bar.href)
    assert.equal(count, Number(bar.value))
    await page.waitForFunction((n) => document.querySelectorAll('[data-test=hazard-table] .el-table__body-wrapper .el-table__row').length === n, Math.min(count, 20))
    await context.close()
  })
}

test('committee: a click on a bar of the canvas opens the list the bar counts', async () => {
  const committee = await apiAs('difang.committee')
  const byStatus = (await committee.get('/dashboard')).body.hazards.by_status
  const statuses = ['reported', 'rectifying', 'submitted', 'closed']
  const tallest = statuses.reduce((a, b) => (byStatus[b] > byStatus[a] ? b : a))
  const { context, page } = await signedIn(browser, 'difang.committee')
  await page.goto('/')
  const canvas = page.locator('[data-test=chart-status] canvas').first()
  await canvas.waitFor()
  const box = await canvas.boundingBox()
  // The tallest bar reaches from the axis to the top of the plot: across its column, some
  // point at mid-height is on it, and a click there (not beside it) opens its list.
  const band = box.width / statuses.length
  const i = statuses.indexOf(tallest)
  // A click on the bar starts the route change, which then takes the canvas away: the
  // address may still say / for a moment, and a further click would wait for a canvas
  // that is gone. So each click waits a moment for the list before the next is tried.
  let opened = false
  for (let x = band * i; x < band * (i + 1) && !opened; x += 6) {
    await canvas.click({ position: { x, y: box.height * 0.6 }, timeout: 5000 }).catch(() => {})
    opened = await page.waitForURL((u) => u.pathname === '/hazards', { timeout: 1000 }).then(() => true, () => false)
  }
  await page.waitForURL((u) => u.pathname === '/hazards')
  assert.equal(new URL(page.url()).searchParams.get('status'), tallest)
  await context.close()
})

// Each figure of a daily report page that links to a list: { value, href }.
async function dailyFigures(page) {
  return page.$$eval('a[data-test=daily-figure]', (links) => links.map((a) => ({ value: a.textContent.trim(), href: a.getAttribute('href') })))
}

test('committee: each figure of the daily report links to the list that counts it, today and the day before', async () => {
  const committee = await apiAs('difang.committee')
  const { context, page } = await signedIn(browser, 'difang.committee')
  for (const date of [today(), today(-1)]) {
    const report = (await committee.get(`/reports/daily?date=${date}`)).body
    await page.goto(date === today() ? '/daily' : `/daily?date=${date}`)
    await page.waitForSelector('[data-test=daily-totals]')
    const title = `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
    assert.match(await page.textContent('[data-test=daily-report] .title'), new RegExp(title))
    const rows = 1 + report.by_sector.length + report.by_grid_node.length
    const linked = await dailyFigures(page)
    assert.equal(linked.length, rows * 4, date)
    for (const f of linked) assert.equal(Number(f.value), await countList(committee, f.href), `${date}: ${f.href}`)
    if (date === today()) {
      assert.ok(report.by_grid_node.some((r) => r.grid_node_id === null), 'the row of no grid node')
      assert.ok(linked.some((f) => f.href.includes('at_grid_node_id=none')), 'and its figures link to none')
    }
  }
  await context.close()
})

test('department: a figure opens the hazard list narrowed to its queue', async () => {
  const client = await apiAs('difang.safety')
  const dashboard = (await client.get('/dashboard')).body
  const { context, page } = await signedIn(browser, 'difang.safety')
  await page.goto('/')
  await page.click('[data-test=figure-deptOpen]')
  await page.waitForURL((u) => u.pathname === '/hazards' && u.search.includes('my_scope=true'))
  await page.waitForSelector('[data-test=linked-filter]')
  assert.match(await page.textContent('[data-test=linked-filter]'), /我分管的/)
  const rows = page.locator('[data-test=hazard-table] .el-table__body-wrapper .el-table__row')
  if (dashboard.open > 0) await rows.first().waitFor()
  assert.equal(await rows.count(), Math.min(dashboard.open, 20))
  await context.close()
})

test('an order is issued, answered, rejected, answered again and accepted across two users; its 督办单 prints as a document', async () => {
  const committee = await apiAs('difang.committee')
  const safety = await apiAs('difang.safety')
  const hazard = await registerHazard(committee, `督办测试隐患（${Date.now().toString(36)}）`)
  const matter = `督办测试：隐患 #${hazard.id} 整改不到位`

  const sup = await signedIn(browser, 'difang.supervisor')
  const dep = await signedIn(browser, 'difang.safety')
  // The supervisor issues it from the orders page.
  await sup.page.goto('/orders')
  await sup.page.click('[data-test=order-issue]')
  const dialog = sup.page.locator('.el-dialog:visible')
  await dialog.locator('[data-field=addressee_user_id] .el-select').click()
  await choose(sup.page, dialog.locator('[data-field=addressee_user_id]'), safety.user.username)
  await dialog.locator('[data-field=hazard_ids] .el-select').click()
  await choose(sup.page, dialog.locator('[data-field=hazard_ids]'), `#${hazard.id} `)
  await dialog.locator('[data-field=matter] textarea').fill(matter)
  await dialog.locator('[data-field=action] textarea').fill('三日内整改到位并书面报告')
  await dialog.locator('[data-field=deadline] input').fill(today(3))
  await dialog.locator('[data-field=deadline] input').press('Enter')
  await sup.page.click('[data-test=form-submit]')
  await sup.page.waitForURL(/\/orders\/\d+$/)
  const id = sup.page.url().split('/').pop()
  assert.equal(await sup.page.textContent('[data-test=order-state]'), '待答复')

  // The addressee sees it among its orders and answers with a photo.
  const answer = async (note) => {
    await dep.page.goto('/orders')
    await dep.page.click(`[data-test=order-table] .el-table__row:has-text("${matter}")`)
    await dep.page.waitForURL(`**/orders/${id}`)
    await dep.page.click('[data-test=order-respond]')
    await dep.page.fill('textarea[name=note]', note)
    await dep.page.setInputFiles('[data-test=order-files]', { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: JPEG })
    await dep.page.click('[data-test=order-respond-submit]')
    await dep.page.waitForFunction(() => document.querySelector('[data-test=order-state]')?.textContent.startsWith('已答复'))
  }
  await answer('已整改，照片附后')
  await sup.page.reload()
  // The answer's photo is the order's own file, which the supervisor opens.
  const file = sup.page.locator('[data-test=order-attachment]')
  await file.waitFor()
  assert.equal((await file.textContent()).trim(), 'photo.jpg')
  const opened = await sup.context.request.get(new URL(await file.getAttribute('href'), sup.page.url()).href)
  assert.equal(opened.status(), 200)
  assert.equal(opened.headers()['content-type'], 'image/jpeg')
  await sup.page.click('[data-test=order-reject]')
  await sup.page.fill('.el-message-box input', '照片不清楚，请重拍')
  await sup.page.click('.el-message-box .el-button--primary')
  await sup.page.waitForFunction(() => document.querySelector('[data-test=order-state]')?.textContent.startsWith('已退回'))

  await answer('已重新拍照')
  await sup.page.reload()
  await sup.page.click('[data-test=order-accept]')
  await sup.page.waitForFunction(() => document.querySelector('[data-test=order-state]')?.textContent.startsWith('已办结'))

  const order = (await safety.get(`/supervision-orders/${id}`)).body
  assert.deepEqual(order.events.map((e) => e.to_state), ['issued', 'answered', 'rejected', 'answered', 'closed'])
  assert.equal(order.events[1].attachment_ids.length, 1)
  // Both answers' files are the order's, none the hazard's.
  assert.deepEqual(order.attachments.map((a) => a.id), [...order.events[1].attachment_ids, ...order.events[3].attachment_ids])
  assert.deepEqual((await committee.get(`/hazards/${hazard.id}/attachments`)).body.items, [])
  assert.equal(order.events[2].note, '照片不清楚，请重拍')

  // Printed, it is the official document alone: number, addressee, matter, deadline, issuer.
  await sup.page.emulateMedia({ media: 'print' })
  assert.equal(await sup.page.isVisible('.el-aside'), false)
  assert.equal(await sup.page.isVisible('[data-test=order-accept], [data-test=order-print]'), false)
  const doc = await sup.page.textContent('[data-test=order-document]')
  for (const text of ['安全生产督办单', order.number, safety.user.display_name, matter, '督办单位']) assert.ok(doc.includes(text), text)
  const [y, m, d] = today(3).split('-')
  assert.ok(doc.includes(`${y}年${Number(m)}月${Number(d)}日`), 'the deadline as a date in words')
  const box = await sup.page.locator('[data-test=order-document]').boundingBox()
  assert.ok(box.x < 80, `the document starts at the page's margin (${box.x})`)
  await shot(sup.page, 'order-print')
  await sup.page.pdf({ format: 'A4' }).then((pdf) => assert.ok(pdf.length > 1000))
  await sup.context.close()
  await dep.context.close()
})

test('a group sends its daily report and the committee sees it sent, then marks the day read', async () => {
  const committee = await apiAs('difang.committee')
  const date = today()
  const safety = await apiAs('difang.safety')
  const before = (await committee.get(`/reports/daily?date=${date}`)).body
  // A group the department user leads or belongs to that has not reported today.
  const campaigns = (await committee.get('/campaigns')).body.items
  const mine = new Set()
  for (const tc of campaigns.flatMap((c) => c.township_campaigns || [])) {
    for (const g of (await committee.get(`/campaigns/${tc.id}/groups`)).body.items) {
      if (g.leader_user_id === safety.user.id || g.member_ids.includes(safety.user.id)) mine.add(g.id)
    }
  }
  const group = before.not_reported.find((n) => n.kind === 'group' && mine.has(n.group_id))
  assert.ok(group, 'a group of difang.safety has not reported today')

  const com = await signedIn(browser, 'difang.committee')
  await com.page.goto('/daily')
  const row = `[data-test=daily-group-${group.group_id}]`
  await com.page.waitForSelector(row)
  assert.match(await com.page.textContent(row), /未报送/)

  // The group's leader sends it from the form.
  const leader = await signedIn(browser, 'difang.safety', PHONE)
  await leader.page.goto('/daily')
  await leader.page.click('[data-test=daily-submit]')
  const dialog = leader.page.locator('.el-dialog:visible')
  await dialog.locator('[data-field=group_id] .el-select').click()
  await choose(leader.page, dialog.locator('[data-field=group_id]'), group.name)
  await dialog.locator('[data-field=note] textarea').fill('今日排查企业 3 家，未发现新隐患')
  await leader.page.click('[data-test=form-submit]')
  await leader.page.waitForSelector('.el-dialog:visible', { state: 'hidden' })
  await shot(leader.page, 'daily-phone')
  await leader.context.close()

  await com.page.reload()
  await com.page.waitForSelector(row)
  assert.match(await com.page.textContent(row), /已报送/)
  if (!before.read) assert.match(await com.page.textContent('[data-test=daily-read]'), /未阅/)
  if (!before.read) await com.page.click('[data-test=daily-mark-read]')
  await com.page.waitForFunction(() => /已阅/.test(document.querySelector('[data-test=daily-read]').textContent))
  const after = (await committee.get(`/reports/daily?date=${date}`)).body
  assert.ok(after.read?.read_at)
  assert.ok(after.submissions.some((s) => s.group_id === group.group_id))

  await com.page.emulateMedia({ media: 'print' })
  assert.equal(await com.page.isVisible('[data-test=daily-mark-read], [data-test=daily-print]'), false)
  assert.equal(await com.page.isVisible('[data-test=daily-report]'), true)
  await shot(com.page, 'daily-print')
  await com.context.close()
})

test('the county sees every township\'s daily figures side by side', async () => {
  const admin = await apiAs('admin')
  const report = (await admin.get('/reports/daily')).body
  const { context, page } = await signedIn(browser, 'admin')
  await page.goto('/daily')
  await page.waitForSelector('[data-test=daily-township-row]')
  assert.equal(await page.locator('[data-test=daily-township-row]').count(), report.townships.length)
  await shot(page, 'daily-county')
  // Each township's figures link to its lists: four a township today.
  const linked = await dailyFigures(page)
  assert.equal(linked.length, report.townships.length * 4)
  for (const f of linked) {
    assert.match(f.href, /township_id=\d+/)
    assert.equal(Number(f.value), await countList(admin, f.href), f.href)
  }
  await context.close()
})

test('accountability: the supervisor records one; a department user has no menu entry, no page and no records', async () => {
  const sup = await signedIn(browser, 'difang.supervisor')
  const safety = await apiAs('difang.safety')
  const reason = `逾期未整改（${Date.now().toString(36)}）`
  await sup.page.goto('/accountability')
  await sup.page.click('[data-test=acc-new]')
  const dialog = sup.page.locator('.el-dialog:visible')
  await dialog.locator('[data-field=user_id] .el-select').click()
  await choose(sup.page, dialog.locator('[data-field=user_id]'), safety.user.username)
  await dialog.locator('[data-field=kind] .el-select').click()
  await choose(sup.page, dialog.locator('[data-field=kind]'), '提醒谈话')
  await dialog.locator('[data-field=reason] textarea').fill(reason)
  await dialog.locator('[data-field=date] input').fill(today())
  await dialog.locator('[data-field=date] input').press('Enter')
  await sup.page.click('[data-test=form-submit]')
  await sup.page.waitForSelector(`[data-test=acc-table] .el-table__row:has-text("${reason}")`)
  await sup.context.close()

  const dep = await signedIn(browser, 'difang.safety')
  await dep.page.goto('/')
  await dep.page.waitForSelector('.el-menu')
  assert.equal(await dep.page.locator('.el-menu-item:has-text("问责")').count(), 0)
  await dep.page.goto('/accountability')
  await dep.page.waitForURL((u) => u.pathname === '/')
  assert.equal(await dep.page.locator('[data-test=acc-table]').count(), 0)
  await dep.context.close()
  const r = await safety.get('/accountability')
  assert.equal(r.status, 200)
  assert.deepEqual(r.body.items, [])
})

test('a hazard under listed supervision (挂牌督办) shows it on its page', async () => {
  const committee = await apiAs('difang.committee')
  const supervisor = await apiAs('difang.supervisor')
  const safety = await apiAs('difang.safety')
  const hazard = await registerHazard(committee, `挂牌测试重大隐患（${Date.now().toString(36)}）`, { severity: 'major', mode: 'major', deadline: today(20) })
  const r = await supervisor.post('/supervision-orders', {
    addressee_user_id: safety.user.id, hazard_ids: [hazard.id], matter: '重大隐患挂牌督办', action: '按期整改销号', deadline: today(10), listed: true,
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  const { context, page } = await signedIn(browser, 'difang.committee', PHONE)
  await page.goto(`/hazards/${hazard.id}`)
  await page.waitForSelector('[data-test=hazard-listed]')
  assert.ok((await page.textContent('[data-test=hazard-listed]')).includes(r.body.number))
  await shot(page, 'hazard-listed-phone')
  await context.close()
})
