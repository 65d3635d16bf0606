import { describe, it, expect, beforeEach } from 'vitest'
import { IDBFactory } from 'fake-indexeddb'
import { openQueue } from './queue.js'

const put = (code, result) => ({ key: `inspection:7:${code}`, method: 'PUT', path: `/inspections/7/results/${code}`, body: { result } })
const offline = () => Promise.reject(Object.assign(new Error('network'), { retry: true }))

let indexedDB
beforeEach(() => { indexedDB = new IDBFactory() })

describe('offline queue', () => {
  it('sends entries in the order they were given and empties itself', async () => {
    const queue = await openQueue({ indexedDB })
    await queue.add(put('A01', 'ok'))
    await queue.add(put('A02', 'hazard'))
    await queue.add(put('A03', 'na'))
    const sent = []
    const result = await queue.flush(async (e) => { sent.push(e.path) })
    expect(sent).toEqual(['/inspections/7/results/A01', '/inspections/7/results/A02', '/inspections/7/results/A03'])
    expect(result).toEqual({ sent: 3, left: 0 })
    expect(await queue.pending()).toEqual([])
  })

  it('keeps everything while the network is down, and nothing after a failed entry is sent', async () => {
    const queue = await openQueue({ indexedDB })
    await queue.add(put('A01', 'ok'))
    await queue.add(put('A02', 'ok'))
    const sent = []
    const result = await queue.flush((e) => { sent.push(e.path); return offline() })
    expect(sent).toEqual(['/inspections/7/results/A01'])
    expect(result.left).toBe(2)
    expect([...(await queue.keys())]).toEqual(['inspection:7:A01', 'inspection:7:A02'])
  })

  it('survives a reload: a new page opening the same database finds the entries and sends each once', async () => {
    const first = await openQueue({ indexedDB })
    await first.add(put('A01', 'ok'))
    await first.add(put('B02', 'hazard'))
    await first.flush(offline)
    first.close()

    const second = await openQueue({ indexedDB })
    const sent = []
    await second.flush(async (e) => { sent.push(`${e.path}=${e.body.result}`) })
    expect(sent).toEqual(['/inspections/7/results/A01=ok', '/inspections/7/results/B02=hazard'])
    second.close()

    const third = await openQueue({ indexedDB })
    const again = []
    await third.flush(async (e) => { again.push(e.path) })
    expect(again).toEqual([])
  })

  it('a newer answer to the same item replaces the pending one and moves to the end', async () => {
    const queue = await openQueue({ indexedDB })
    await queue.add(put('A01', 'ok'))
    await queue.add(put('A02', 'ok'))
    await queue.add(put('A01', 'hazard'))
    const sent = []
    await queue.flush(async (e) => { sent.push(`${e.path}=${e.body.result}`) })
    expect(sent).toEqual(['/inspections/7/results/A02=ok', '/inspections/7/results/A01=hazard'])
  })

  it('an answer given while the older one is on its way is still sent afterwards', async () => {
    const queue = await openQueue({ indexedDB })
    await queue.add(put('A01', 'ok'))
    const sent = []
    await queue.flush(async (e) => {
      sent.push(e.body.result)
      if (sent.length === 1) await queue.add(put('A01', 'hazard'))
    })
    expect(sent).toEqual(['ok', 'hazard'])
    expect(await queue.pending()).toEqual([])
  })

  it('drops an entry the server refuses, reports it, and goes on with the rest', async () => {
    const queue = await openQueue({ indexedDB })
    await queue.add(put('A01', 'bad'))
    await queue.add(put('A02', 'ok'))
    const refused = []
    const sent = []
    await queue.flush(async (e) => {
      if (e.body.result === 'bad') throw Object.assign(new Error('422'), { status: 422 })
      sent.push(e.path)
    }, (entry, error) => refused.push([entry.key, error.status]))
    expect(refused).toEqual([['inspection:7:A01', 422]])
    expect(sent).toEqual(['/inspections/7/results/A02'])
    expect(await queue.pending()).toEqual([])
  })

  it('two flushes at once send each entry once', async () => {
    const queue = await openQueue({ indexedDB })
    await queue.add(put('A01', 'ok'))
    await queue.add(put('A02', 'ok'))
    const sent = []
    const send = async (e) => { await new Promise((r) => setTimeout(r, 5)); sent.push(e.path) }
    await Promise.all([queue.flush(send), queue.flush(send)])
    expect(sent).toEqual(['/inspections/7/results/A01', '/inspections/7/results/A02'])
  })

  it('tells its subscribers when the pending set changes', async () => {
    const queue = await openQueue({ indexedDB })
    let calls = 0
    queue.subscribe(() => { calls += 1 })
    await queue.add(put('A01', 'ok'))
    await queue.flush(async () => {})
    expect(calls).toBe(2)
  })

  it('refuses an entry without a key', async () => {
    const queue = await openQueue({ indexedDB })
    await expect(queue.add({ method: 'PUT', path: '/x' })).rejects.toThrow(TypeError)
  })
})
