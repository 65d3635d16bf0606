// What the dashboards' boards share: a chart's click opens the list its bar counts
// (nothing for a bar with no list), a horizontal chart is as tall as its rows, and
// the hazards by status are one bar chart wherever they are drawn.
import { useRouter } from 'vue-router'
import { t, label } from '../../i18n.js'
import { HAZARD_STATUSES } from '../../lib/figures.js'
import { bars } from '../../lib/chartOptions.js'
import './board.css'

export function useGo() {
  const router = useRouter()
  return (to) => { if (to) router.push(to) }
}

export const heightFor = (rows, min = 160) => `${Math.max(min, rows.length * 34 + 50)}px`

export const statusBars = (byStatus) => bars(HAZARD_STATUSES.map((s) => label('hazardStatus', s)),
  [{ name: t('dash.hazards'), data: HAZARD_STATUSES.map((s) => byStatus[s] ?? 0) }])
