import { describe, it, expect } from 'vitest'
import {
  listRoute, committeeFigures, supervisorFigures, departmentFigures, enterpriseFigures, countyFigures, barLinks, percent,
  dailyLinks, dailyRowFilters, OPEN, NONE,
} from './figures.js'

const byKey = (figures) => Object.fromEntries(figures.map((f) => [f.key, f]))

describe('a figure links to the list it counts', () => {
  it('leaves empty filters out and writes values as a URL does', () => {
    expect(listRoute('/hazards', { status: '', overdue: true, sector_id: 3, mine: false, q: null }))
      .toEqual({ path: '/hazards', query: { overdue: 'true', sector_id: '3' } })
  })

  it('committee: each count with the filters that select its rows', () => {
    const f = byKey(committeeFigures({
      hazards: { total: 33, overdue: 20, major_open: 6, rectification_rate: 0.0606, by_status: { reported: 24, rectifying: 5, submitted: 2, closed: 2 } },
      tasks: { overdue: 3 }, unsigned_letters: 4,
    }))
    expect(f.hazardsTotal).toMatchObject({ value: 33, to: { path: '/hazards', query: {} } })
    expect(f.hazardsOpen).toMatchObject({ value: 31, to: { path: '/hazards', query: { status: OPEN } } })
    expect(f.hazardsOverdue.to.query).toEqual({ overdue: 'true' })
    expect(f.majorOpen).toMatchObject({ value: 6, to: { query: { severity: 'major', status: OPEN } } })
    expect(f.toVerify).toMatchObject({ value: 2, to: { query: { status: 'submitted' } } })
    expect(f.tasksOverdue).toMatchObject({ value: 3, to: { path: '/tasks', query: { overdue: 'true' } } })
    expect(f.unsignedLetters).toMatchObject({ value: 4, to: { path: '/letters', query: { signed: 'false' } } })
    expect(f.rectificationRate).toMatchObject({ value: '6.1%', rate: true, to: { query: { status: 'closed' } }, of: { path: '/hazards', query: {} } })
  })

  it('supervisor: orders by state, open and overdue', () => {
    const f = byKey(supervisorFigures({ overdue_hazards: 5, overdue_tasks: 1, orders: { open: 4, overdue: 1, by_state: { issued: 2, answered: 1, rejected: 0, escalated: 1, closed: 3 } } }))
    expect(f['orderState.issued']).toMatchObject({ value: 2, to: { path: '/orders', query: { state: 'issued' } } })
    expect(f.ordersOverdue.to.query).toEqual({ overdue: 'true' })
    expect(f.ordersOpen).toMatchObject({ value: 4, to: { path: '/orders', query: { open: 'true' } } })
    expect(f['orderState.closed']).toBeUndefined()
  })

  it('department: its queue is the hazard list of its scope, by what is to be done', () => {
    const f = byKey(departmentFigures({ open: 9, to_verify: 2, due_soon: 1, overdue: 4, tasks: [{}], orders: [{}, {}] }))
    expect(f.deptOpen.to).toEqual({ path: '/hazards', query: { my_scope: 'true', status: OPEN } })
    expect(f.toVerify.to.query).toEqual({ my_scope: 'true', status: 'submitted' })
    expect(f.dueSoon.to.query).toEqual({ my_scope: 'true', due_within: '3' })
    expect(f.hazardsOverdue.to.query).toEqual({ my_scope: 'true', overdue: 'true' })
    expect(f.myTasks.to).toEqual({ path: '/tasks', query: { mine: 'true', finished: 'false' } })
    expect(f.myOrders).toMatchObject({ value: 2, to: { path: '/orders', query: { open: 'true' } } })
  })

  it('enterprise: one figure per status', () => {
    const f = byKey(enterpriseFigures({ by_status: { reported: 2, rectifying: 1, submitted: 1, closed: 1 }, overdue: 1, rejected: [] }))
    expect(f['hazardStatus.rectifying']).toMatchObject({ value: 1, to: { query: { status: 'rectifying' } } })
    expect(f.hazardsOverdue.value).toBe(1)
    expect(f.sentBack.to.query).toEqual({ sent_back: 'true' })
  })

  it('county: each township figure narrows the list to that township', () => {
    const f = byKey(countyFigures({ township_id: 2, hazards_found: 32, hazards_closed: 2, overdue: 20, orders_overdue: 0 }))
    expect(f.hazardsClosed.to.query).toEqual({ township_id: '2', status: 'closed' })
    expect(f.ordersOverdue.to).toEqual({ path: '/orders', query: { township_id: '2', overdue: 'true' } })
    expect(f.inspected.to).toEqual({ path: '/enterprises', query: { township_id: '2', inspected: 'true' } })
    expect(f.ordersOpen.to.query).toEqual({ township_id: '2', open: 'true' })
    expect(f.rectificationRate.of.query).toEqual({ township_id: '2' })
  })

  it('bars: a day of the trend, a grid node, a unit with no node', () => {
    expect(barLinks.closedOn('2026-05-02').query).toEqual({ status: 'closed', closed_from: '2026-05-02', closed_to: '2026-05-02' })
    expect(barLinks.createdOn('2026-05-02').query).toEqual({ created_from: '2026-05-02', created_to: '2026-05-02' })
    expect(barLinks.gridNodeOpen({ grid_node_id: 7 }).query).toEqual({ at_grid_node_id: '7', status: OPEN })
    expect(barLinks.sectorOverdue({ sector_id: 3 }).query).toEqual({ sector_id: '3', overdue: 'true' })
    expect(barLinks.personOverdueHazards({ user_id: 5 }).query).toEqual({ overdue: 'true', responsible_user_id: '5' })
  })

  it('bars of no grid node or no person: the same list with the filter set to none', () => {
    expect(barLinks.gridNodeOpen({ grid_node_id: null }).query).toEqual({ at_grid_node_id: NONE, status: OPEN })
    expect(barLinks.gridNodeOverdue({ grid_node_id: null }).query).toEqual({ at_grid_node_id: NONE, overdue: 'true' })
    expect(barLinks.unitOverdueHazards({ grid_node_id: null }).query).toEqual({ overdue: 'true', at_grid_node_id: NONE })
    expect(barLinks.unitOverdueTasks({ grid_node_id: null })).toEqual({ path: '/tasks', query: { overdue: 'true', grid_node_id: NONE } })
    expect(barLinks.personOverdueHazards({ user_id: null }).query).toEqual({ overdue: 'true', responsible_user_id: NONE })
    expect(barLinks.personOverdueTasks({ user_id: null }).query).toEqual({ overdue: 'true', assignee_id: NONE })
  })

  it('the county ranking: a bar is a rate, a township\'s closed hazards among all it found', () => {
    expect(barLinks.townshipRate({ township_id: 4, rectification_rate: 0.5 })).toMatchObject({
      value: '50.0%', to: { path: '/hazards', query: { township_id: '4', status: 'closed' } }, of: { query: { township_id: '4' } },
    })
  })

  it('the daily report: found and closed on the day, open and overdue at its end', () => {
    const day = '2026-05-02'
    const past = dailyLinks(day, '2026-05-03', { sector_id: 3 })
    expect(past.found.query).toEqual({ sector_id: '3', created_from: day, created_to: day })
    expect(past.closed.query).toEqual({ sector_id: '3', status: 'closed', closed_from: day, closed_to: day })
    expect(past.open.query).toEqual({ sector_id: '3', open_on: day })
    expect(past.overdue.query).toEqual({ sector_id: '3', overdue_on: day })
    const now = dailyLinks(day, day, {})
    expect(now.open.query).toEqual({ status: OPEN })
    expect(now.overdue.query).toEqual({ overdue: 'true' })
    expect(dailyRowFilters({ sector_id: 3, sector_name: '矿山' })).toEqual({ sector_id: 3 })
    expect(dailyRowFilters({ grid_node_id: 9 })).toEqual({ at_grid_node_id: 9 })
    expect(dailyRowFilters({ grid_node_id: null })).toEqual({ at_grid_node_id: NONE })
    expect(dailyRowFilters({ township_id: 2, totals: {} })).toEqual({ township_id: 2 })
    expect(dailyRowFilters({ found: 1, change: {} })).toEqual({})
  })

  it('writes a rate as a percentage, and nothing found as a dash', () => {
    expect(percent(0.0625)).toBe('6.3%')
    expect(percent(null)).toBe('—')
  })
})
