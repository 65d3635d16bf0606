// Every string the portal shows, by language. Another language is another table with
// the same keys; `t` falls back to zh-CN for a key it lacks. Placeholders are {name}.
import zhCNBase from './locales/zh-CN.js'
import zhCNOversight from './locales/zh-CN-oversight.js'

const zhCN = { ...zhCNBase, ...zhCNOversight }

const tables = { 'zh-CN': zhCN }
let current = 'zh-CN'

export function setLocale(locale) {
  if (tables[locale]) current = locale
}

export function locale() {
  return current
}

export function t(key, params) {
  let text = tables[current][key] ?? zhCN[key]
  if (text === undefined) return key
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all))
  }
  return text
}

// The label of an enumerated value: t('status.hazard.closed').
export function label(kind, value) {
  if (value === null || value === undefined || value === '') return '—'
  const key = `${kind}.${value}`
  const text = t(key)
  return text === key ? String(value) : text
}

export default { install(app) { app.config.globalProperties.$t = t; app.config.globalProperties.$label = label } }
