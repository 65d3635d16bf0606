import { describe, it, expect, vi } from 'vitest'
vi.mock('../api.js', () => ({ queryString: () => '', ApiError: Error }))
const { dispositionName, readAll } = await import('./exporting.js')

describe('exports', () => {
  it('names the file as the server does, in Chinese when it says so', () => {
    const name = '隐患台账-2026-05-02.xlsx'
    expect(dispositionName(`attachment; filename="hazards-2026-05-02.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`, 'x')).toBe(name)
    expect(dispositionName('attachment; filename="hazards.csv"', 'x')).toBe('hazards.csv')
    expect(dispositionName('attachment; filename=plain.xlsx', 'x')).toBe('plain.xlsx')
    expect(dispositionName(null, 'hazards.xlsx')).toBe('hazards.xlsx')
  })

  it('reads a streamed body to the end, reporting the bytes received', async () => {
    const parts = [new Uint8Array(3), new Uint8Array(5)]
    const body = new ReadableStream({ start(c) { for (const p of parts) c.enqueue(p); c.close() } })
    const response = new Response(body, { headers: { 'Content-Length': '8', 'Content-Type': 'text/csv' } })
    const seen = []
    const blob = await readAll(response, (got, total) => seen.push([got, total]))
    expect(blob.size).toBe(8)
    expect(seen).toEqual([[3, 8], [8, 8]])
  })
})
