// Scripted timing (not a test; no assertion on time): how long switching
// workspace takes until the new workspace's chat list is on screen, against
// the data dir scripts/perf-workspaces.sh generated (10,000 chats).
// Run by scripts/perf-workspaces.sh; prints one line per switch and a summary.
import { openApp } from './lib.mjs'

const RUNS = Number(process.env.RUNS ?? 20)

const app = await openApp()
const { page } = app
try {
  const spaces = await page.evaluate(async () => {
    const out = []
    for (const w of await window.go.workspace.API.List()) {
      const first = await window.go.chat.API.ListChats({ workspaceId: w.id, archived: false, cursor: '', limit: 1 })
      out.push({ id: w.id, name: w.name, first: first.chats[0]?.id ?? '', firstTitle: first.chats[0]?.title ?? '' })
    }
    const total = await Promise.all(out.map(async (w) => {
      let n = 0
      let cursor = ''
      do {
        const p = await window.go.chat.API.ListChats({ workspaceId: w.id, archived: false, cursor, limit: 200 })
        n += p.chats.length
        cursor = p.cursor
      } while (cursor)
      return n
    }))
    return out.map((w, i) => ({ ...w, chats: total[i] }))
  })
  console.log('workspaces:', spaces.map((s) => `${s.name} (${s.chats} chats)`).join(', '))
  const [a, b] = spaces
  if (!a?.first || !b?.first) throw new Error('need two workspaces with chats: run scripts/perf-workspaces.sh')

  const times = []
  for (let i = 0; i < RUNS + 2; i++) {
    const to = i % 2 === 0 ? b : a
    // Open the switcher and filter to the target (not timed), then time from
    // the click on its entry until the new list's first chat is painted.
    await page.keyboard.press('Control+Shift+K')
    await page.getByRole('combobox', { name: 'Find a workspace' }).fill(to.name)
    const option = page.getByRole('listbox', { name: 'Workspaces' }).getByRole('option', { name: to.name, exact: false }).first()
    await option.waitFor()
    const ms = await option.evaluate(
      (el, title) =>
        new Promise((resolve) => {
          const list = () => document.querySelector('[aria-label="Chat list"]')
          const done = () => {
            const first = list()?.querySelector('li button')
            return first && first.textContent.trim() === title
          }
          const t0 = performance.now()
          const finish = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)))
          const obs = new MutationObserver(() => {
            if (done()) {
              obs.disconnect()
              finish()
            }
          })
          obs.observe(document.body, { childList: true, subtree: true, characterData: true })
          el.click()
        }),
      to.firstTitle || 'New chat',
    )
    if (i >= 2) times.push(ms) // the first two warm up (code paths, statement cache)
    console.log(`switch to ${to.name}: ${ms.toFixed(1)} ms${i < 2 ? ' (warm-up)' : ''}`)
  }
  times.sort((x, y) => x - y)
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))]
  console.log(`switch to list rendered: median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms over ${times.length} switches`)
  if (app.errors.length) console.log('page errors:', app.errors)
} finally {
  await app.close()
}
