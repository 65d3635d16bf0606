// The pages that are a list, its filters and a form to add to it: one description each.
// columns: [prop, label key, kind] (kind: a label table of i18n, 'date', 'bool');
// create: who may add and the form's fields; actions: buttons on each row.
import { api, postForFile } from './api.js'
import { sectors, campaigns, staff, gridNodes, townships } from './lib/lookups.js'
import { label, t } from './i18n.js'

const choices = (kind, values) => values.map((v) => ({ value: v, label: label(kind, v) }))
const roles = ['county_admin', 'committee', 'supervisor', 'department', 'enterprise']

export const resources = {
  campaigns: {
    path: '/campaigns',
    filters: [{ name: 'status', type: 'select', options: choices('campaignStatus', ['planned', 'active', 'closed']) },
      { name: 'level', type: 'select', options: choices('campaignLevel', ['county', 'township']) }],
    columns: [['name', 'field.name'], ['status', 'field.status', 'campaignStatus'], ['starts_on', 'field.startsOn'], ['ends_on', 'field.endsOn']],
    create: {
      roles: ['county_admin', 'committee'],
      fields: () => [
        { name: 'name', required: true }, { name: 'description', type: 'textarea' },
        { name: 'starts_on', type: 'date', required: true }, { name: 'ends_on', type: 'date', required: true },
        { name: 'status', type: 'select', options: choices('campaignStatus', ['planned', 'active']) },
        { name: 'sector_ids', type: 'select', multiple: true, options: () => sectors().value },
      ],
    },
    actions: [{ key: 'groups', roles: ['committee', 'supervisor', 'department'], when: (r) => r.township_id, to: (r) => `/campaigns/${r.id}/groups` }],
  },
  tasks: {
    path: '/tasks',
    filters: [{ name: 'state', type: 'select', options: choices('taskState', ['open', 'in_progress', 'done', 'cancelled']) },
      { name: 'mine', type: 'boolean' }, { name: 'overdue', type: 'boolean' }],
    actions: [{
      key: 'report_progress', roles: ['committee', 'department'], when: (r) => r.state !== 'done' && r.state !== 'cancelled',
      run: async (r) => {
        const { value } = await ElMessageBox.prompt(t('task.progressPrompt', { target: r.target, unit: r.unit }), t('task.report'),
          { inputValue: String(r.progress), inputPattern: /^\d+$/ })
        return api.patch(`/tasks/${r.id}`, { version: r.version, progress: Number(value) })
      },
    }],
    columns: [['id', 'field.id'], ['parent_id', 'field.parentId'], ['title', 'field.title'], ['progress', 'field.progress', 'progress'], ['state', 'field.state', 'taskState'], ['deadline', 'field.deadline'], ['overdue', 'field.overdue', 'bool'], ['children_count', 'field.children']],
    create: {
      roles: ['committee'],
      fields: () => [
        { name: 'campaign_id', type: 'select', required: true, options: () => campaigns().value },
        { name: 'parent_id', type: 'number', min: 1 },
        { name: 'title', required: true }, { name: 'description', type: 'textarea' },
        { name: 'assignee_user_id', type: 'select', options: () => staff().value },
        { name: 'grid_node_id', type: 'select', options: () => gridNodes().value },
        { name: 'unit' }, { name: 'target', type: 'number', min: 1, required: true }, { name: 'deadline', type: 'date', required: true },
      ],
    },
  },
  letters: {
    path: '/responsibility-letters',
    filters: [{ name: 'signed', type: 'select', options: [{ value: 'false', label: t('letter.unsigned') }, { value: 'true', label: t('letter.signed') }] },
      { name: 'campaign_id', type: 'select', options: () => campaigns().value }],
    columns: [['grid_node_name', 'field.gridNode'], ['issuer_name', 'field.issuer'], ['signer_name', 'field.signer'], ['signed_on', 'field.signedOn'], ['signed', 'field.signed', 'bool'], ['attachment_url', 'field.scan', 'link']],
    create: {
      roles: ['committee'],
      fields: () => [
        { name: 'campaign_id', type: 'select', required: true, options: () => campaigns().value },
        { name: 'grid_node_id', type: 'select', required: true, options: () => gridNodes().value },
        { name: 'issuer_name', required: true }, { name: 'signer_name' }, { name: 'signed_on', type: 'date' }, { name: 'note', type: 'textarea' },
      ],
    },
    upload: { roles: ['committee'], path: (r) => `/responsibility-letters/${r.id}/attachment` },
  },
  townships: {
    path: '/townships',
    columns: [['name', 'field.name'], ['code', 'field.code'], ['slug', 'field.slug'], ['active', 'field.active', 'bool']],
    create: { roles: ['county_admin'], fields: () => [{ name: 'name', required: true }, { name: 'code', required: true }, { name: 'slug', required: true }] },
  },
  users: {
    path: '/users',
    filters: [{ name: 'q', type: 'text' }, { name: 'role', type: 'select', options: choices('role', roles) }, { name: 'active', type: 'boolean' }],
    columns: [['username', 'field.username'], ['display_name', 'field.displayName'], ['role', 'field.role', 'role'], ['phone', 'field.phone'], ['active', 'field.active', 'bool']],
    create: {
      roles: ['county_admin', 'committee'],
      fields: (user) => [
        { name: 'username', required: true }, { name: 'display_name', required: true },
        { name: 'role', type: 'select', required: true, options: choices('role', user.role === 'county_admin' ? roles : roles.filter((r) => r !== 'county_admin' && r !== 'supervisor')) },
        ...(user.role === 'county_admin' ? [{ name: 'township_id', type: 'select', options: () => townships().value }] : []),
        { name: 'phone' }, { name: 'enterprise_id', type: 'number', min: 1 },
        { name: 'sector_ids', type: 'select', multiple: true, options: () => sectors().value },
        { name: 'password', type: 'password', required: true },
      ],
    },
    // A township's reset of an enterprise login: a new code, whose letter downloads once;
    // the old code and password stop working. The message says whether an SMS went too.
    actions: [{
      key: 'reset_login', roles: ['county_admin', 'committee'], when: (r) => r.role === 'enterprise' && r.active,
      run: async (r) => {
        await ElMessageBox.confirm(t('logins.resetConfirm', { name: r.display_name, username: r.username }), t('action.reset_login'),
          { type: 'warning', confirmButtonText: t('logins.resetGo'), cancelButtonText: t('common.cancel') })
        const headers = await postForFile(`/users/${r.id}/activation-code`, {}, `激活通知书-${r.username}.pdf`)
        return Number(headers.get('X-Sms-Queued') || 0) ? t('logins.resetSms') : t('logins.resetLetterOnly')
      },
    }],
  },
  sectors: {
    path: '/sectors',
    columns: [['code', 'field.code'], ['name', 'field.name'], ['position', 'field.position'], ['retired', 'field.retired', 'bool']],
    create: { roles: ['county_admin'], fields: () => [{ name: 'code', required: true }, { name: 'name', required: true }, { name: 'position', type: 'number' }] },
  },
  checklists: {
    path: '/checklists',
    filters: [{ name: 'status', type: 'select', options: choices('checklistStatus', ['draft', 'published', 'retired']) }],
    columns: [['id', 'field.id'], ['code', 'field.code'], ['name', 'field.name'], ['version', 'field.version'], ['status', 'field.status', 'checklistStatus'], ['items_count', 'field.items']],
    create: { roles: ['county_admin'], titleKey: 'checklist.copy', fields: () => [{ name: 'from_id', type: 'number', min: 1, required: true }, { name: 'name' }] },
    actions: [{ key: 'open', roles: ['county_admin'], to: (r) => `/checklists/${r.id}` },
      { key: 'publish', roles: ['county_admin'], when: (r) => r.status === 'draft', run: (r) => api.post(`/checklists/${r.id}/publish`) }],
  },
  audit: {
    path: '/audit',
    filters: [{ name: 'entity_type', type: 'text' }, { name: 'from', type: 'date' }, { name: 'to', type: 'date' }],
    columns: [['at', 'field.at', 'datetime'], ['action', 'field.action'], ['entity_type', 'field.entity'], ['entity_id', 'field.entityId'], ['actor_id', 'field.actor'], ['client_addr', 'field.address']],
  },
}
