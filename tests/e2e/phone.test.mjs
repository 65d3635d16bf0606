// Every page of every role's menu, and the pages a list leads to, on a 375 px phone: the
// page itself never scrolls sideways (a wide table scrolls inside its own box), nothing
// is refused, the hazard list starts on the first screen, and a screenshot of each is
// saved under tests/e2e/screenshots/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, signedIn, settled, shot, apiAs, PHONE } from './lib.mjs'
import { navigation, allowed } from '../../web/src/nav.js'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

const WIDTH = 375
const PHONE_375 = { ...PHONE, viewport: { width: WIDTH, height: 760 } }

// The pages a list leads to, by role: worked out from what the role's API shows.
async function detailPages(username) {
  const api = await apiAs(username)
  const pages = []
  const hazard = (await api.get('/hazards?limit=1')).body.items?.[0]
  if (hazard) pages.push(`/hazards/${hazard.id}`)
  const inspection = (await api.get('/inspections?limit=1')).body.items?.[0]
  if (inspection) pages.push(`/inspections/${inspection.id}`)
  if (['committee', 'department'].includes(api.user.role) || api.user.role === 'enterprise') pages.push('/hazards/new')
  if (['committee', 'supervisor', 'department'].includes(api.user.role)) {
    const campaign = (await api.get('/campaigns?level=township&limit=1')).body.items?.[0]
    if (campaign) pages.push(`/campaigns/${campaign.id}/groups`)
  }
  if (api.user.role === 'county_admin') {
    const checklist = (await api.get('/checklists?limit=1')).body.items?.[0]
    if (checklist) pages.push(`/checklists/${checklist.id}`)
  }
  return pages
}

for (const username of ['admin', 'difang.committee', 'difang.supervisor', 'difang.safety', 'difang.ent1']) {
  test(`every page of ${username} is usable ${WIDTH} px wide`, async () => {
    const { context, page } = await signedIn(browser, username, PHONE_375)
    const role = (await apiAs(username)).user.role
    const failures = []
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/') && r.status() >= 400) failures.push(`${r.status()} ${new URL(r.url()).pathname}`)
    })
    const paths = [...navigation.filter((e) => e.path && allowed(e, role)).map((e) => e.path), ...(await detailPages(username))]
    const wide = []
    for (const path of paths) {
      await page.goto(path)
      await settled(page)
      await page.waitForSelector('.page')
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      if (width > WIDTH) wide.push(`${path}: ${width}px`)
      if (path === '/hazards') {
        // The list comes first: its table starts on the first screen, the filters wait.
        const table = await page.locator('[data-test=hazard-table]').boundingBox()
        assert.ok(table.y < PHONE_375.viewport.height, `the hazard table starts ${table.y}px down`)
      }
      await shot(page, `phone-${username}${path.replace(/\//g, '-').replace(/-$/, '')}`, { fullPage: false })
    }
    assert.deepEqual(wide, [], 'pages wider than the phone')
    assert.deepEqual(failures, [])
    await context.close()
  })
}
