import { createApp } from 'vue'
import App from './App.vue'
import router from './router.js'
import i18n from './i18n.js'
import './style.css'

createApp(App).use(i18n).use(router).mount('#app')

// Offline, a page opened before opens again (public/sw.js); not in `npm run dev`.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('/sw.js').catch(() => {})
}
