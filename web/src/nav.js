// The navigation: each entry names the roles that see it (and the router keeps the
// others out of its pages). Entries with `soon` are shown disabled so their place is known.
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
  { path: '/daily', key: 'nav.daily', roles: ['county_admin', 'committee', 'supervisor', 'department'] },
  { path: '/orders', key: 'nav.orders', roles: ['county_admin', 'committee', 'supervisor', 'department'] },
  { path: '/accountability', key: 'nav.accountability', roles: ['county_admin', 'committee', 'supervisor'] },
]

export function allowed(entry, role) {
  return entry.roles === '*' || entry.roles.includes(role)
}
