// Lists the forms choose from, fetched once a page.
import { ref } from 'vue'
import { api } from '../api.js'

const cache = {}
function lookup(name, load) {
  if (!cache[name]) {
    const list = ref([])
    load().then((options) => { list.value = options }).catch(() => {})
    cache[name] = list
  }
  return cache[name]
}
const page = (path, query, toOption) => () => api.get(path, { ...query, limit: 200 }).then((a) => a.items.map(toOption))

function flatten(node, depth = 0, out = []) {
  out.push({ value: node.id, label: `${'　'.repeat(depth)}${node.name}` })
  for (const child of node.children || []) flatten(child, depth + 1, out)
  return out
}

export const sectors = () => lookup('sectors', page('/sectors', {}, (s) => ({ value: s.id, label: s.name })))
export const campaigns = () => lookup('campaigns', page('/campaigns', { level: 'township' }, (c) => ({ value: c.id, label: c.name })))
export const staff = () => lookup('staff', page('/users', { active: 'true' }, (u) => ({ value: u.id, label: `${u.display_name}（${u.username}）`, role: u.role })))
export const gridNodes = () => lookup('grid', () => api.get('/grid').then((root) => flatten(root)))
export const townships = () => lookup('townships', page('/townships', {}, (t) => ({ value: t.id, label: t.name })))
