// A keyset-paged list of the API: one request per page, filters as query parameters.
import { reactive } from 'vue'
import { api } from '../api.js'

export function useList(path, { limit = 20 } = {}) {
  const state = reactive({ items: [], loading: false, error: '', cursors: [null], page: 0, next: null })
  let lastFilters = {}

  async function fetchPage(filters, cursor) {
    state.loading = true
    state.error = ''
    try {
      const p = typeof path === 'function' ? path() : path
      const answer = await api.get(p, { ...filters, limit, cursor: cursor || undefined })
      state.items = answer.items || []
      state.next = answer.next_cursor || null
    } catch (e) {
      state.items = []
      state.next = null
      state.error = e.message
    } finally {
      state.loading = false
    }
  }

  return {
    state,
    // The first page for these filters.
    load(filters = lastFilters) {
      lastFilters = { ...filters }
      state.cursors = [null]
      state.page = 0
      return fetchPage(lastFilters, null)
    },
    nextPage() {
      if (!state.next) return
      state.cursors.push(state.next)
      state.page += 1
      return fetchPage(lastFilters, state.next)
    },
    previousPage() {
      if (state.page === 0) return
      state.cursors.pop()
      state.page -= 1
      return fetchPage(lastFilters, state.cursors[state.page])
    },
    reload() { return fetchPage(lastFilters, state.cursors[state.page]) },
    // The filters of what the list shows (for an export of the same rows).
    filters() { return { ...lastFilters } },
  }
}
