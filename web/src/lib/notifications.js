// The signed-in user's inbox (站内提醒): the unread count the header's bell shows (from
// GET /me's `unread_notifications`; unknown, the bell stays hidden), where a
// notification leads, and opening one (marked read, then its subject's page).
import { reactive } from 'vue'
import { api } from '../api.js'

export const inbox = reactive({ unread: null })

export async function refreshUnread() {
  try {
    const me = await api.get('/me', undefined, { signedOutOk: true })
    inbox.unread = typeof me?.unread_notifications === 'number' ? me.unread_notifications : null
  } catch {
    /* offline or signed out: keep what was shown */
  }
  return inbox.unread
}

// The page of what a notification is about.
export function subjectRoute(n) {
  const id = n.subject_id
  switch (n.subject_type) {
    case 'hazard': return id ? `/hazards/${id}` : '/hazards'
    case 'supervision_order': return id ? `/orders/${id}` : '/orders'
    case 'task': return '/tasks'
    case 'document': return '/documents'
    case 'letter': return '/letters'
    case 'daily_report': return '/daily'
    default: return '/notifications'
  }
}

// Marks it read (once) and answers the route to open.
export async function openNotification(n) {
  if (!n.read_at) {
    await api.post(`/notifications/${n.id}/read`)
    if (typeof inbox.unread === 'number' && inbox.unread > 0) inbox.unread -= 1
  }
  return subjectRoute(n)
}

export async function readAll() {
  await api.post('/notifications/read-all')
  inbox.unread = 0
}
