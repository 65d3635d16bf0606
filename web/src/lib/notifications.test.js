import { describe, it, expect, vi, beforeEach } from 'vitest'

const posted = []
let me = {}
vi.mock('../api.js', () => ({
  api: {
    get: () => Promise.resolve(me),
    post: (path) => { posted.push(path); return Promise.resolve({}) },
  },
}))
const { subjectRoute, openNotification, refreshUnread, inbox } = await import('./notifications.js')

describe('a notification opens what it is about', () => {
  beforeEach(() => { posted.length = 0 })

  it('leads to the page of its subject', () => {
    expect(subjectRoute({ subject_type: 'hazard', subject_id: 7 })).toBe('/hazards/7')
    expect(subjectRoute({ subject_type: 'supervision_order', subject_id: 3 })).toBe('/orders/3')
    expect(subjectRoute({ subject_type: 'daily_report', subject_id: null })).toBe('/daily')
    expect(subjectRoute({ subject_type: 'document', subject_id: 2 })).toBe('/documents')
    expect(subjectRoute({ subject_type: 'something_new' })).toBe('/notifications')
  })

  it('marks an unread one read and counts it down; a read one is not marked again', async () => {
    me = { unread_notifications: 2 }
    await refreshUnread()
    expect(inbox.unread).toBe(2)
    expect(await openNotification({ id: 5, subject_type: 'task', read_at: null })).toBe('/tasks')
    expect(posted).toEqual(['/notifications/5/read'])
    expect(inbox.unread).toBe(1)
    await openNotification({ id: 6, subject_type: 'task', read_at: '2026-01-01T00:00:00+08:00' })
    expect(posted).toEqual(['/notifications/5/read'])
  })

  it('hides the bell while the server does not count unread notifications', async () => {
    me = { user: {} }
    await refreshUnread()
    expect(inbox.unread).toBeNull()
  })
})
