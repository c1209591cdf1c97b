import { test } from 'node:test'
import assert from 'node:assert/strict'
import { nav, openApp } from './lib.mjs'

const FAKE = process.env.BOOKBAG_E2E_FAKELLM

// Seeds a provider through the bound API (the Models page has its own test),
// so this test is about chatting.
async function seedProvider(page) {
  return page.evaluate(async (base) => {
    const api = window.go.models.API
    const existing = (await api.ListProviders()).find((p) => p.name === 'Chat E2E')
    const p = existing ?? (await api.AddProvider({ preset: 'openai', name: 'Chat E2E', baseUrl: base + '/openai/v1', keyEnv: '', apiKey: 'sk-chat-e2e-000011112222', clearKey: false, enabled: true }))
    const t = await api.TestProvider(p.id)
    await api.SetDefaults({ chatModelRef: 'openai:fake-chat', embeddingModelRef: '' })
    return t
  }, FAKE)
}

const answers = (page) => page.getByRole('article', { name: 'Answer' })

test('chat: send and stream, stop, regenerate and switch alternatives, search', { skip: !FAKE && 'BOOKBAG_E2E_FAKELLM not set' }, async () => {
  const app = await openApp()
  const { page } = app
  try {
    const t = await seedProvider(page)
    assert.equal(t.ok, true, t.error)
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    await nav(page, 'Chats')

    // Send: the answer streams in (slow), then completes with its metadata.
    await page.getByRole('button', { name: 'New chat' }).click()
    const box = page.getByRole('textbox', { name: 'Message', exact: true })
    await box.fill('Tell me about pelicans [[slow 40]]')
    await box.press('Enter')
    const first = answers(page).first()
    await page.locator('article[data-status="streaming"]').waitFor()
    await page.getByRole('button', { name: 'Stop' }).waitFor()
    await first.getByText('You asked: "Tell me about pelicans".').waitFor({ timeout: 20_000 })
    await page.locator('article[aria-label="Answer"][data-status="complete"]').first().waitFor()
    assert.match(await first.getByTestId('message-meta').textContent(), /fake-chat.*in.*out/)
    // The chat appears in the sidebar under Today.
    await page.getByTestId('chat-list').getByRole('region', { name: 'Today' }).waitFor()

    // Stop keeps what was written.
    await box.fill('[[long 300]] [[slow 30]] count for me')
    await box.press('Enter')
    await page.waitForFunction(() => {
      const a = [...document.querySelectorAll('article[aria-label="Answer"]')].at(-1)
      return a && a.dataset.status === 'streaming' && a.textContent.split(' ').length > 8
    })
    await box.press('Escape') // Esc stops
    await page.locator('article[aria-label="Answer"]').last().locator('xpath=.').and(page.locator('[data-status="stopped"]')).waitFor()
    const stoppedText = await answers(page).last().textContent()
    assert.ok(stoppedText.includes('lorem') || stoppedText.length > 20, 'stopped answer kept its text')
    assert.match(stoppedText, /stopped/)

    // Regenerate the stopped answer: a second alternative, then switch back.
    await answers(page).last().hover()
    await answers(page).last().getByRole('button', { name: 'Regenerate' }).click()
    await page.getByTestId('alternative-index').last().filter({ hasText: '2/2' }).waitFor()
    await page.getByRole('button', { name: 'Stop' }).click()
    await page.locator('article[aria-label="Answer"][data-status="stopped"]').last().waitFor()
    await page.getByRole('button', { name: 'Previous alternative' }).last().click()
    await page.getByTestId('alternative-index').last().filter({ hasText: '1/2' }).waitFor()

    // Search finds the first question and opens the chat at it.
    await page.getByRole('button', { name: 'New chat' }).click()
    await page.keyboard.press('Control+k')
    await page.getByRole('textbox', { name: 'Search chats' }).fill('pelicans')
    const result = page.getByRole('list', { name: 'Search results' }).getByRole('button').first()
    await result.waitFor()
    assert.match(await result.textContent(), /pelicans/i)
    await result.click()
    await page.getByRole('article', { name: 'Your message' }).filter({ hasText: 'Tell me about pelicans' }).waitFor()

    // A question with no spaces (a pasted link) wraps in its bubble: in a small
    // window nothing runs out sideways, and the composer's button stays in view.
    await page.setViewportSize({ width: 800, height: 600 })
    await box.fill('https://example.com/' + 'x'.repeat(300))
    await box.press('Enter')
    await page.locator('article[aria-label="Answer"][data-status="complete"]').last().waitFor({ timeout: 20_000 })
    const list = page.getByTestId('message-list')
    const over = await list.evaluate((el) => el.scrollWidth - el.clientWidth)
    assert.ok(over <= 0, `the message list runs ${over}px out sideways`)
    const send = await page.getByRole('button', { name: 'Send' }).boundingBox()
    assert.ok(send && send.x + send.width <= 800 && send.y + send.height <= 600, `Send is out of view: ${JSON.stringify(send)}`)
    await page.setViewportSize({ width: 1280, height: 860 })

    // A reload while an answer streams shows the answer from its first word, goes on
    // streaming it, and Stop stops it (before, only the text after the reload showed).
    const words = Array.from({ length: 40 }, (_, i) => `heron${i}`).join(' ')
    await box.fill(`wading birds ${words} [[slow 300]]`)
    await box.press('Enter')
    await page.waitForFunction(() => {
      const a = [...document.querySelectorAll('article[aria-label="Answer"]')].at(-1)
      return a && a.dataset.status === 'streaming' && a.textContent.includes('heron3')
    })
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    await nav(page, 'Chats')
    await page.keyboard.press('Control+k')
    await page.getByRole('textbox', { name: 'Search chats' }).fill('wading')
    await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().click()
    await page.waitForFunction(() => {
      const a = [...document.querySelectorAll('article[aria-label="Answer"]')].at(-1)
      return a && a.dataset.status === 'streaming' && a.textContent.includes('You asked') && a.textContent.includes('heron3')
    })
    await page.getByRole('button', { name: 'Stop' }).click()
    await page.locator('article[aria-label="Answer"][data-status="stopped"]').last().waitFor()
    // The Stop button goes with the answer; the cursor waits in the message box, not on the page.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Message')
    assert.match(await answers(page).last().textContent(), /You asked: "wading birds heron0 heron1 heron2 heron3/)

    // An error keeps the question and offers Retry.
    await box.fill('please fail [[500]]')
    await box.press('Enter')
    await page.getByRole('alert').filter({ hasText: /server error/i }).waitFor()
    assert.ok(await page.getByRole('article', { name: 'Your message' }).filter({ hasText: 'please fail' }).isVisible())
    await page.getByRole('alert').getByRole('button', { name: 'Retry' }).waitFor()

    assert.deepEqual(app.errors, [])
  } finally {
    await app.close()
  }
})

test('chat: import a ChatGPT export, with its branches, twice without duplicates', async () => {
  const app = await openApp()
  const { page } = app
  try {
    await nav(page, 'Settings')
    const file = new URL('../../../shared/samples/chatgpt/conversations.json', import.meta.url).pathname
    await page.getByLabel('Chat file to import').setInputFiles(file)
    await page.getByTestId('import-result').filter({ hasText: '9 chats added' }).waitFor()
    await page.getByLabel('Chat file to import').setInputFiles(file)
    await page.getByTestId('import-result').filter({ hasText: '0 chats added' }).waitFor()
    assert.match(await page.getByTestId('import-result').textContent(), /9 already there/)
    // The branched conversation opens on its visible path, with alternatives to switch.
    await nav(page, 'Chats')
    await page.keyboard.press('Control+k')
    await page.getByRole('textbox', { name: 'Search chats' }).fill('pytest')
    await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().click()
    await page.getByRole('article', { name: 'Your message' }).filter({ hasText: 'seconds and a timezone' }).waitFor()

    // Archive a chat from the sidebar, find it under Archived chats, bring it back.
    const list = page.getByTestId('chat-list')
    const menu = list.getByRole('button', { name: /^Actions for / }).first()
    const title = ((await menu.getAttribute('aria-label')) ?? '').replace(/^Actions for /, '')
    await menu.click()
    await page.getByRole('menuitem', { name: 'Archive' }).click()
    await list.getByRole('button', { name: `Actions for ${title}`, exact: true }).waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Archived chats' }).click()
    const archived = page.getByRole('list', { name: 'Archived chats' })
    await archived.getByRole('button', { name: `Unarchive ${title}`, exact: true }).click()
    await archived.getByRole('button', { name: `Unarchive ${title}`, exact: true }).waitFor({ state: 'detached' })
    await page.keyboard.press('Escape')
    await list.getByRole('button', { name: `Actions for ${title}`, exact: true }).waitFor()
    assert.deepEqual(app.errors, [])
  } finally {
    await app.close()
  }
})
