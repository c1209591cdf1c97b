// Scripted timing (not a test; no assertion on time): opening a chat of
// 5,000 messages from the sidebar until its newest messages are on screen,
// against the data dir scripts/perf-chat-open.sh generated. Prints one line
// per open and a summary.
import { openApp } from './lib.mjs'

const RUNS = Number(process.env.RUNS ?? 20)

const app = await openApp()
const { page } = app
try {
  // The long chat and a small one to switch away to between runs.
  const ids = await page.evaluate(async () => {
    const ws = (await window.go.workspace.API.List()).find((w) => w.isDefault)
    let best = null
    let small = null
    let cursor = ''
    do {
      const p = await window.go.chat.API.ListChats({ workspaceId: ws.id, archived: false, cursor, limit: 200 })
      for (const c of p.chats) {
        const v = await window.go.chat.API.ViewChat(c.id, 1, '')
        if (!best || v.totals.messages > best.n) best = { id: c.id, title: c.title, n: v.totals.messages }
        if (!small && v.totals.messages < 20) small = { id: c.id, title: c.title }
      }
      cursor = best && best.n >= 5000 && small ? '' : p.cursor
    } while (cursor)
    // Pin both so they are at the top of the sidebar, where a click reaches them.
    await window.go.chat.API.SetPinned(best.id, true)
    await window.go.chat.API.SetPinned(small.id, true)
    return { long: best, small }
  })
  console.log(`long chat: ${ids.long.n} messages`)
  await page.reload()
  await page.getByTestId('app-shell').waitFor()
  // Time the bound call on its own, to tell IPC and database from rendering.
  await page.evaluate(() => {
    const api = window.go.chat.API
    const orig = api.ViewChat
    window.__viewMs = []
    api.ViewChat = async (...args) => {
      const t = performance.now()
      try {
        return await orig(...args)
      } finally {
        window.__viewMs.push(performance.now() - t)
      }
    }
  })
  const row = (id, title) => page.getByTestId('chat-list').getByRole('button', { name: title, exact: true }).first()
  const times = []
  for (let i = 0; i < RUNS + 2; i++) {
    await row(ids.small.id, ids.small.title).click()
    await page.getByTestId('chat-title').filter({ hasText: ids.small.title }).waitFor()
    await page.waitForTimeout(150)
    // Timed: click on the long chat until its newest message is painted.
    const ms = await page.evaluate(async (title) => {
      const start = performance.now()
      const btn = [...document.querySelectorAll('[data-testid="chat-list"] button')].find((b) => b.textContent.trim() === title)
      btn.click()
      for (;;) {
        const articles = document.querySelectorAll('[data-testid="message-list"] article')
        const header = document.querySelector('[data-testid="chat-title"]')
        if (articles.length > 0 && header && header.textContent.includes(title)) break
        await new Promise((r) => setTimeout(r, 0))
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
      return performance.now() - start
    }, ids.long.title)
    if (i >= 2) times.push(ms)
    console.log(`open ${i + 1}: ${ms.toFixed(1)} ms${i < 2 ? ' (warm-up)' : ''}`)
  }
  times.sort((a, b) => a - b)
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))]
  const view = await page.evaluate(() => window.__viewMs.slice().sort((a, b) => a - b))
  console.log(`ViewChat call (IPC + database), median of ${view.length}: ${view[Math.floor(view.length / 2)].toFixed(1)} ms`)
  console.log(`open a ${ids.long.n}-message chat: median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms (${times.length} runs)`)
} finally {
  await app.close()
}
