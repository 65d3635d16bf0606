import { describe, it, expect, vi } from 'vitest'
vi.mock('../api.js', () => ({ api: { get: () => Promise.resolve({ items: [] }) } }))
const { orderSteps } = await import('./oversight.js')

describe('the steps an order offers', () => {
  it('the addressee answers an issued, rejected or escalated order', () => {
    for (const state of ['issued', 'rejected', 'escalated']) expect(orderSteps({ state }, 'department')).toEqual(['respond'])
    expect(orderSteps({ state: 'answered' }, 'committee')).toEqual([])
  })
  it('the supervisor accepts or rejects an answer and escalates a late order', () => {
    expect(orderSteps({ state: 'answered', overdue: false }, 'supervisor')).toEqual(['accept', 'reject'])
    expect(orderSteps({ state: 'issued', overdue: true }, 'supervisor')).toEqual(['escalate'])
    expect(orderSteps({ state: 'escalated', overdue: true }, 'supervisor')).toEqual([])
    expect(orderSteps({ state: 'closed', overdue: false }, 'supervisor')).toEqual([])
  })
  it('nobody else takes a step', () => {
    expect(orderSteps({ state: 'issued', overdue: true }, 'county_admin')).toEqual([])
  })
})
