// Runs once branch `ledgers` (GET /api/v1/exports/…) is on main: then rename this file
// to exports.test.mjs so `make test` runs it. Written against the exports contract
// (the list's filters, Content-Disposition with a Chinese name and the date).
// 导出 Excel on the hazard list exports what the list shows: with a filter set, the
// downloaded workbook holds the hazards the filter selects and not the others.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import { launch, signedIn, apiAs, today } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

// The entries of a zip file (an .xlsx is one) by name, read from its central directory.
function unzip(buffer) {
  const files = {}
  let end = buffer.length - 22
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--
  assert.ok(end >= 0, 'a zip file')
  let at = buffer.readUInt32LE(end + 16)
  for (let i = buffer.readUInt16LE(end + 10); i > 0; i--) {
    const method = buffer.readUInt16LE(at + 10)
    const size = buffer.readUInt32LE(at + 20)
    const nameLength = buffer.readUInt16LE(at + 28)
    const skip = nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32)
    const local = buffer.readUInt32LE(at + 42)
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength)
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28)
    const data = buffer.subarray(start, start + size)
    files[name] = method === 8 ? inflateRawSync(data) : data
    at += 46 + skip
  }
  return files
}

test('导出 Excel on the hazard list with a filter downloads the filtered rows under a Chinese name with the date', async () => {
  const committee = await apiAs('difang.committee')
  const enterprise = (await committee.get('/enterprises?limit=1')).body.items[0]
  const stamp = Date.now().toString(36)
  const register = async (description, severity) => {
    const r = await committee.post('/hazards', {
      enterprise_id: enterprise.id, description, severity, mode: severity === 'major' ? 'major' : 'deadline', deadline: today(9),
    })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    return r.body
  }
  const major = await register(`导出测试重大隐患${stamp}`, 'major')
  const general = await register(`导出测试一般隐患${stamp}`, 'general')

  const { context, page } = await signedIn(browser, 'difang.committee', { acceptDownloads: true })
  await page.goto(`/hazards?severity=major&q=${encodeURIComponent(stamp)}`)
  await page.waitForSelector(`[data-test=hazard-table] .el-table__row:has-text("${major.description}")`)
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export]')])
  const name = download.suggestedFilename()
  assert.match(name, /[\u4e00-\u9fff]/, `a Chinese name: ${name}`)
  assert.ok(name.replace(/\D/g, '').includes(today().replace(/-/g, '')), `the date in ${name}`)
  assert.match(name, /\.xlsx$/)
  const files = unzip(readFileSync(await download.path()))
  const text = Object.entries(files).filter(([n]) => n.startsWith('xl/')).map(([, b]) => b.toString('utf8')).join('\n')
  assert.ok(text.includes(major.description), 'the filtered hazard is in the workbook')
  assert.ok(!text.includes(general.description), 'a hazard the filter leaves out is not')
  await context.close()
})
