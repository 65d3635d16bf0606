// ECharts options the dashboards share: plain bars (vertical or, for long names,
// horizontal), stacked bars and a line of days. Colours follow the portal's.
export const COLORS = ['#1f5fa8', '#c0392b', '#e6a23c', '#67c23a', '#909399']

const base = () => ({
  color: COLORS,
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
  animation: false,
})

// series: [{ name, data: [numbers] }]; horizontal puts the names on the left.
export function bars(names, series, { horizontal = false, stack = false, percent = false } = {}) {
  const categories = { type: 'category', data: names, axisLabel: { interval: 0, width: 90, overflow: 'truncate' } }
  const values = { type: 'value', minInterval: 1, ...(percent ? { max: 100, axisLabel: { formatter: '{value}%' } } : {}) }
  if (horizontal) categories.inverse = true
  return {
    ...base(),
    legend: series.length > 1 ? { top: 0 } : undefined,
    xAxis: horizontal ? values : { ...categories, axisLabel: { ...categories.axisLabel, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: horizontal ? categories : values,
    series: series.map((s) => ({
      type: 'bar', name: s.name, data: s.data, stack: stack ? 'all' : undefined, cursor: 'pointer',
      barMaxWidth: 36, label: { show: true, position: stack ? 'inside' : horizontal ? 'right' : 'top', formatter: percent ? '{c}%' : '{c}' },
    })),
  }
}

export function lines(days, series) {
  return {
    ...base(),
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'line', name: s.name, data: s.data, symbolSize: 8, cursor: 'pointer' })),
  }
}
