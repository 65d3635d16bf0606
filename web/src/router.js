import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, forget } from './session.js'
import { whenSignedOut } from './api.js'
import { navigation, allowed } from './nav.js'
import { t } from './i18n.js'

// Every page but sign-in is its own chunk, loaded when first opened.
const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  { path: '/activate', name: 'activate', component: () => import('./views/ActivateView.vue'), meta: { public: true, title: 'activate.title' } },
  {
    path: '/',
    component: () => import('./views/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: 'nav.home' } },
      { path: 'password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: 'password.title' } },
      { path: 'hazards', name: 'hazards', component: () => import('./views/HazardsView.vue'), meta: { title: 'nav.hazards' } },
      { path: 'hazards/new', name: 'hazard-new', component: () => import('./views/HazardNewView.vue'), meta: { title: 'hazard.new' } },
      { path: 'hazards/:id(\\d+)', name: 'hazard', component: () => import('./views/HazardView.vue'), props: true, meta: { title: 'hazard.title' } },
      { path: 'inspections', name: 'inspections', component: () => import('./views/InspectionsView.vue'), meta: { title: 'nav.inspections' } },
      { path: 'inspections/:id(\\d+)', name: 'inspection', component: () => import('./views/InspectionView.vue'), props: true, meta: { title: 'inspection.title' } },
      { path: 'tips', name: 'tips', component: () => import('./views/TipsView.vue'), meta: { title: 'nav.tips' } },
      { path: 'enterprises', name: 'enterprises', component: () => import('./views/EnterprisesView.vue'), meta: { title: 'nav.enterprises' } },
      { path: 'documents', name: 'documents', component: () => import('./views/DocumentsView.vue'), meta: { title: 'nav.documents' } },
      { path: 'checklists/:id(\\d+)', name: 'checklist', component: () => import('./views/ChecklistView.vue'), props: true, meta: { title: 'nav.checklists' } },
      { path: 'enterprise-logins', name: 'enterprise-logins', component: () => import('./views/LoginIssueView.vue'), meta: { title: 'nav.logins' } },
      { path: 'login-applications', name: 'login-applications', component: () => import('./views/ApplicationsView.vue'), meta: { title: 'nav.applications' } },
      { path: 'staff', name: 'staff', component: () => import('./views/StaffView.vue'), meta: { title: 'nav.staff' } },
      { path: 'grid', name: 'grid', component: () => import('./views/GridView.vue'), meta: { title: 'nav.grid' } },
      { path: 'campaigns/:id(\\d+)/groups', name: 'groups', component: () => import('./views/GroupsView.vue'), props: true, meta: { title: 'group.title' } },
      { path: 'daily', name: 'daily', component: () => import('./views/oversight/DailyReportView.vue'), meta: { title: 'nav.daily' } },
      { path: 'orders', name: 'orders', component: () => import('./views/oversight/OrdersView.vue'), meta: { title: 'nav.orders' } },
      { path: 'orders/:id(\\d+)', name: 'order', component: () => import('./views/oversight/OrderView.vue'), props: true, meta: { title: 'order.title' } },
      { path: 'accountability', name: 'accountability', component: () => import('./views/oversight/AccountabilityView.vue'), meta: { title: 'nav.accountability' } },
      { path: 'notifications', name: 'notifications', component: () => import('./views/oversight/NotificationsView.vue'), meta: { title: 'notice.title' } },
      { path: ':resource(campaigns|tasks|letters|townships|users|sectors|checklists|audit)', name: 'resource', component: () => import('./views/ResourceView.vue'), props: true },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const user = await loadSession().catch(() => null)
  if (!user) return { name: 'login', query: { next: to.fullPath } }
  // A password someone else set (a township's reset) is replaced before anything else.
  if (user.password_must_change && to.name !== 'password') return { name: 'password', query: { forced: '1' } }
  const entry = navigation.find((e) => e.path && e.path !== '/' && to.path.startsWith(e.path))
  if (entry && !allowed(entry, user.role)) return { name: 'home' }
  return true
})

router.afterEach((to) => {
  const key = to.meta.title || (to.params.resource ? `nav.${to.params.resource}` : null)
  document.title = key ? `${t(key)} - ${t('app.name')}` : t('app.name')
})

// A request found the session gone (expired, ended elsewhere): sign in, then come back.
whenSignedOut(() => {
  const here = router.currentRoute.value
  forget()
  if (here.name !== 'login') router.push({ name: 'login', query: { next: here.fullPath, expired: '1' } })
})

export default router
export { session }
