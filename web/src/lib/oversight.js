// Lists the oversight forms choose from (fetched once a page), and the order's rules
// the portal shows: which steps each side may take now. The server decides; these only
// choose which buttons to show.
import { ref } from 'vue'
import { api } from '../api.js'

function options(path, query, toOption) {
  const list = ref([])
  api.get(path, { ...query, limit: 200 }).then((a) => { list.value = a.items.map(toOption) }).catch(() => {})
  return list
}

export const openHazards = () => options('/hazards', { status: 'reported,rectifying,submitted' },
  (h) => ({ value: h.id, label: `#${h.id} ${h.enterprise_name}：${h.description}`, severity: h.severity }))
export const openTasks = () => options('/tasks', {}, (x) => ({ value: x.id, label: `#${x.id} ${x.title}` }))
export const addressees = () => options('/users', { active: 'true' },
  (u) => ({ value: u.id, label: `${u.display_name}（${u.username}）`, role: u.role }))
export const recentOrders = () => options('/supervision-orders', {}, (o) => ({ value: o.id, label: `${o.number} ${o.matter}` }))

// The steps of an order (0017): the addressee answers from issued, rejected or
// escalated; the supervisor accepts or rejects an answer, and escalates an order past
// its deadline that is neither closed nor escalated.
export function orderSteps(order, role) {
  if (!order) return []
  const steps = []
  if (['committee', 'department'].includes(role) && ['issued', 'rejected', 'escalated'].includes(order.state)) steps.push('respond')
  if (role === 'supervisor') {
    if (order.state === 'answered') steps.push('accept', 'reject')
    if (order.overdue && !['closed', 'escalated'].includes(order.state)) steps.push('escalate')
  }
  return steps
}
