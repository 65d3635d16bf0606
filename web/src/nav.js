// The navigation: each entry names the roles that see it. Entries with `soon` are the
// oversight views of a later release, shown disabled so their place is known.
export const navigation = [
  { path: '/', key: 'nav.home', roles: '*' },
  { path: '/hazards', key: 'nav.hazards', roles: '*' },
  { path: '/inspections', key: 'nav.inspections', roles: ['committee', 'supervisor', 'department', 'enterprise', 'county_admin'] },
  { path: '/tips', key: 'nav.tips', roles: ['committee', 'department'] },
  { path: '/enterprises', key: 'nav.enterprises', roles: ['committee', 'supervisor', 'department', 'county_admin'] },
  { path: '/documents', key: 'nav.documents', roles: '*' },
  { path: '/campaigns', key: 'nav.campaigns', roles: ['committee', 'supervisor', 'department', 'county_admin'] },
  { path: '/grid', key: 'nav.grid', roles: ['committee', 'supervisor', 'department'] },
  { path: '/tasks', key: 'nav.tasks', roles: ['committee', 'supervisor', 'department'] },
  { path: '/letters', key: 'nav.letters', roles: ['committee', 'supervisor', 'department'] },
  { path: '/townships', key: 'nav.townships', roles: ['county_admin'] },
  { path: '/users', key: 'nav.users', roles: ['county_admin', 'committee', 'supervisor'] },
  { path: '/sectors', key: 'nav.sectors', roles: ['county_admin'] },
  { path: '/checklists', key: 'nav.checklists', roles: ['county_admin'] },
  { path: '/enterprise-logins', key: 'nav.logins', roles: ['county_admin', 'committee'] },
  { path: '/login-applications', key: 'nav.applications', roles: ['county_admin', 'committee'] },
  { path: '/staff', key: 'nav.staff', roles: ['enterprise'] },
  { path: '/audit', key: 'nav.audit', roles: ['county_admin', 'committee', 'supervisor'] },
  { key: 'nav.dashboard', soon: true, roles: ['county_admin', 'committee', 'supervisor'] },
  { key: 'nav.daily', soon: true, roles: ['county_admin', 'committee', 'supervisor'] },
  { key: 'nav.orders', soon: true, roles: ['committee', 'supervisor', 'department'] },
  { key: 'nav.accountability', soon: true, roles: ['county_admin', 'committee', 'supervisor'] },
  { key: 'nav.exports', soon: true, roles: ['county_admin', 'committee', 'supervisor'] },
]

export function allowed(entry, role) {
  return entry.roles === '*' || entry.roles.includes(role)
}
