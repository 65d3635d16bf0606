// Every figure of a dashboard links to the list it counts, with that list's filters set:
// the figure and the list ask the same rows, so a click shows exactly what was counted.
// One function per role turns GET /api/v1/dashboard into figures { key, value, to } and
// the charts' bars into the same kind of link.

export const OPEN = 'reported,rectifying,submitted'
export const HAZARD_STATUSES = ['reported', 'rectifying', 'submitted', 'closed']
export const ORDER_STATES = ['issued', 'answered', 'rejected', 'escalated', 'closed']
// An id filter's value for the rows without one (no grid node, no responsible person):
// the bar of a chart's 未划网格 or 未定责任人 lists exactly those.
export const NONE = 'none'

// A route to a list: empty filters are left out, every value is a string (as in a URL).
export function listRoute(path, filters = {}) {
  const query = {}
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined || v === null || v === '' || v === false) continue
    query[k] = String(v)
  }
  return { path, query }
}

export const hazards = (filters) => listRoute('/hazards', filters)
export const tasks = (filters) => listRoute('/tasks', filters)
export const orders = (filters) => listRoute('/orders', filters)
export const letters = (filters) => listRoute('/letters', filters)
export const enterprises = (filters) => listRoute('/enterprises', filters)

// A row's grid node or person as a filter's value: its id, or NONE for the row of those
// without one.
const idOrNone = (id) => id ?? NONE

// The link of one bar of a chart, by the chart and the bar's row of the dashboard. A bar
// of hazards by grid node counts the node's own (at_grid_node_id), not the nodes below.
export const barLinks = {
  hazardStatus: (status, extra = {}) => hazards({ ...extra, status }),
  sectorOpen: (row) => hazards({ sector_id: row.sector_id, status: OPEN }),
  sectorOverdue: (row) => hazards({ sector_id: row.sector_id, overdue: true }),
  gridNodeOpen: (row) => hazards({ at_grid_node_id: idOrNone(row.grid_node_id), status: OPEN }),
  gridNodeOverdue: (row) => hazards({ at_grid_node_id: idOrNone(row.grid_node_id), overdue: true }),
  createdOn: (date) => hazards({ created_from: date, created_to: date }),
  closedOn: (date) => hazards({ status: 'closed', closed_from: date, closed_to: date }),
  unitOverdueHazards: (row) => hazards({ overdue: true, at_grid_node_id: idOrNone(row.grid_node_id) }),
  unitOverdueTasks: (row) => tasks({ overdue: true, grid_node_id: idOrNone(row.grid_node_id) }),
  personOverdueHazards: (row) => hazards({ overdue: true, responsible_user_id: idOrNone(row.user_id) }),
  personOverdueTasks: (row) => tasks({ overdue: true, assignee_id: idOrNone(row.user_id) }),
  taskState: (state) => tasks({ state }),
  orderState: (state) => orders({ state }),
  // The county's ranking is by rectification rate: a bar is a rate, the township's
  // closed hazards as a share of all it found.
  townshipRate: (row) => rate('rectificationRate', row.rectification_rate,
    hazards({ township_id: row.township_id, status: 'closed' }), hazards({ township_id: row.township_id })),
}

// The daily report's figures of a day, for the rows filters narrow (a sector, a grid
// node, a township): found and closed are the hazards registered and closed that day;
// open and overdue count them as they stood at the day's end -- today's are the open and
// the overdue ones now, an earlier day's open_on and overdue_on that day.
export function dailyLinks(date, today, filters = {}) {
  const now = date === today
  return {
    found: hazards({ ...filters, created_from: date, created_to: date }),
    closed: hazards({ ...filters, status: 'closed', closed_from: date, closed_to: date }),
    open: hazards({ ...filters, ...(now ? { status: OPEN } : { open_on: date }) }),
    overdue: hazards({ ...filters, ...(now ? { overdue: true } : { overdue_on: date }) }),
  }
}

// The filters of a row of the daily report: its sector, its grid node (the row of no
// node: NONE) or, the county's, its township.
export function dailyRowFilters(row) {
  if (row.sector_id) return { sector_id: row.sector_id }
  if ('grid_node_id' in row) return { at_grid_node_id: idOrNone(row.grid_node_id) }
  return row.township_id ? { township_id: row.township_id } : {}
}

// The rectification rate as a percentage with one decimal, or '—' when nothing was found.
export function percent(rate) {
  if (rate === null || rate === undefined) return '—'
  return `${(Number(rate) * 100).toFixed(1)}%`
}

// A rate is no count: it links to the list of what was closed ("to") and names the
// list it is a share of ("of"), so that both can be counted against it.
const rate = (key, value, closed, all) => ({ key, value: percent(value), to: closed, of: all, rate: true })

export function committeeFigures(d) {
  const h = d.hazards || {}
  const s = h.by_status || {}
  return [
    { key: 'hazardsTotal', value: h.total ?? 0, to: hazards({}) },
    { key: 'hazardsOpen', value: (s.reported ?? 0) + (s.rectifying ?? 0) + (s.submitted ?? 0), to: hazards({ status: OPEN }) },
    { key: 'hazardsOverdue', value: h.overdue ?? 0, to: hazards({ overdue: true }), warn: true },
    { key: 'majorOpen', value: h.major_open ?? 0, to: hazards({ severity: 'major', status: OPEN }), warn: true },
    { key: 'toVerify', value: s.submitted ?? 0, to: hazards({ status: 'submitted' }) },
    rate('rectificationRate', h.rectification_rate, hazards({ status: 'closed' }), hazards({})),
    { key: 'tasksOverdue', value: d.tasks?.overdue ?? 0, to: tasks({ overdue: true }), warn: true },
    { key: 'unsignedLetters', value: d.unsigned_letters ?? 0, to: letters({ signed: 'false' }) },
  ]
}

export function supervisorFigures(d) {
  const o = d.orders || {}
  return [
    { key: 'hazardsOverdue', value: d.overdue_hazards ?? 0, to: hazards({ overdue: true }), warn: true },
    { key: 'tasksOverdue', value: d.overdue_tasks ?? 0, to: tasks({ overdue: true }), warn: true },
    { key: 'ordersOpen', value: o.open ?? 0, to: orders({ open: true }) },
    { key: 'ordersOverdue', value: o.overdue ?? 0, to: orders({ overdue: true }), warn: true },
    ...ORDER_STATES.filter((s) => s !== 'closed').map((state) => ({
      key: `orderState.${state}`, value: o.by_state?.[state] ?? 0, to: orders({ state }),
    })),
  ]
}

// The department's figures count its queue: the hazards of its sectors and of the
// enterprises it is the cadre of (my_scope), by what is to be done with them.
export function departmentFigures(d) {
  const queue = (filters) => hazards({ my_scope: true, ...filters })
  return [
    { key: 'deptOpen', value: d.open ?? 0, to: queue({ status: OPEN }) },
    { key: 'toVerify', value: d.to_verify ?? 0, to: queue({ status: 'submitted' }) },
    { key: 'dueSoon', value: d.due_soon ?? 0, to: queue({ due_within: 3 }) },
    { key: 'hazardsOverdue', value: d.overdue ?? 0, to: queue({ overdue: true }), warn: true },
    { key: 'myTasks', value: (d.tasks || []).length, to: tasks({ mine: true, finished: 'false' }) },
    { key: 'myOrders', value: (d.orders || []).length, to: orders({ open: true }) },
  ]
}

export function enterpriseFigures(d) {
  const s = d.by_status || {}
  return [
    ...HAZARD_STATUSES.map((status) => ({ key: `hazardStatus.${status}`, value: s[status] ?? 0, to: hazards({ status }) })),
    { key: 'hazardsOverdue', value: d.overdue ?? 0, to: hazards({ overdue: true }), warn: true },
    { key: 'sentBack', value: (d.rejected || []).length, to: hazards({ sent_back: true }), warn: true },
  ]
}

// The county: one row per township, each figure a link to that township's list.
export function countyFigures(row) {
  const township_id = row.township_id
  return [
    { key: 'inspected', value: row.inspected_enterprises ?? 0, to: enterprises({ township_id, inspected: true }) },
    { key: 'hazardsFound', value: row.hazards_found ?? 0, to: hazards({ township_id }) },
    { key: 'hazardsClosed', value: row.hazards_closed ?? 0, to: hazards({ township_id, status: 'closed' }) },
    rate('rectificationRate', row.rectification_rate, hazards({ township_id, status: 'closed' }), hazards({ township_id })),
    { key: 'hazardsOverdue', value: row.overdue ?? 0, to: hazards({ township_id, overdue: true }), warn: true },
    { key: 'ordersOpen', value: row.orders_open ?? 0, to: orders({ township_id, open: true }) },
    { key: 'ordersOverdue', value: row.orders_overdue ?? 0, to: orders({ township_id, overdue: true }), warn: true },
  ]
}

export const figuresOf = {
  committee: committeeFigures,
  supervisor: supervisorFigures,
  department: departmentFigures,
  enterprise: enterpriseFigures,
}
