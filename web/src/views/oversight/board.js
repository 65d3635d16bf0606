// What the dashboards' boards share: a horizontal chart is as tall as its rows, and the
// hazards by status are one bar chart wherever they are drawn. (A chart's bar opens the
// list it counts through EChart's link.)
import { t, label } from '../../i18n.js'
import { HAZARD_STATUSES } from '../../lib/figures.js'
import { bars } from '../../lib/chartOptions.js'
import './board.css'

export const heightFor = (rows, min = 160) => `${Math.max(min, rows.length * 34 + 50)}px`

export const statusBars = (byStatus) => bars(HAZARD_STATUSES.map((s) => label('hazardStatus', s)),
  [{ name: t('dash.hazards'), data: HAZARD_STATUSES.map((s) => byStatus[s] ?? 0) }])
