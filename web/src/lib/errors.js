// How a form shows an API error: each detail that names one of the form's fields beside
// that field, everything else (and the error's own message) at the top of the form.
import { reactive, ref } from 'vue'

export function splitError(error, formFields) {
  const fields = {}
  const others = []
  for (const d of error?.details || []) {
    if (d.field && formFields.includes(d.field) && !(d.field in fields)) fields[d.field] = d.message
    else others.push(d.field ? `${d.field}：${d.message}` : d.message)
  }
  const top = Object.keys(fields).length && !others.length ? '' : [error?.message, ...others].filter(Boolean).join('；')
  return { top, fields }
}

export function useErrors(formFields) {
  const state = reactive({ top: '', fields: {} })
  return {
    state,
    clear() { state.top = ''; state.fields = {} },
    show(error) {
      const { top, fields } = splitError(error, formFields)
      state.top = top
      state.fields = fields
    },
  }
}

// A form's submission: busy while it runs, its errors shown as above. run(fn) resolves
// to fn's answer, or to undefined when the API refused it.
export function useSubmit(errors) {
  const busy = ref(false)
  async function run(fn) {
    errors.clear()
    busy.value = true
    try {
      return await fn()
    } catch (e) {
      errors.show(e)
      return undefined
    } finally {
      busy.value = false
    }
  }
  return { busy, run }
}
