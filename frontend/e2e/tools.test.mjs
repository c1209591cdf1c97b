import { test } from 'node:test'
import assert from 'node:assert/strict'
import { nav, openApp } from './lib.mjs'

const FAKE = process.env.BOOKBAG_E2E_FAKELLM
const MCPTEST = process.env.BOOKBAG_E2E_MCPTEST

// The fake provider of the chat test (the same name: one provider of
// openai:fake-chat), seeded through the bound API.
// A server named test from an earlier run is removed first (with its
// standing approvals), so the import adds it afresh.
async function removeOldServer(page) {
  await page.evaluate(async () => {
    const api = window.go.tools.API
    for (const s of await api.ListServers()) if (s.name === 'test') await api.RemoveServer(s.id)
  })
}

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
const doneCards = (page) => page.locator('[data-testid="tool-card"][data-state="done"]')

test(
  'tools: import an MCP server, use it in a workspace, always allow a tool, see its result; the approval holds and the cards stay after a reload',
  { skip: (!FAKE || !MCPTEST) && 'BOOKBAG_E2E_FAKELLM or BOOKBAG_E2E_MCPTEST not set (scripts/e2e.sh sets them)' },
  async () => {
    const stamp = Date.now().toString(36)
    const app = await openApp()
    const { page } = app
    try {
      const t = await seedProvider(page)
      assert.equal(t.ok, true, t.error)
      await removeOldServer(page)
      await page.reload()
      await page.getByTestId('app-shell').waitFor()

      // Import the test server from pasted JSON.
      await nav(page, 'Tools')
      await page.getByRole('button', { name: 'Import', exact: true }).click()
      const dialog = page.getByRole('dialog', { name: 'Import tool servers' })
      await dialog.getByLabel('Configuration JSON').fill(JSON.stringify({ mcpServers: { test: { command: MCPTEST, args: [] } } }))
      await dialog.getByRole('button', { name: 'Import', exact: true }).click()
      await dialog.getByTestId('import-report').filter({ hasText: 'Added 1: test.' }).waitFor()
      await dialog.getByRole('button', { name: 'Done' }).click()
      await dialog.waitFor({ state: 'detached' })
      const server = page.getByRole('article', { name: 'test' })
      await server.getByTestId('server-status').filter({ hasText: 'Stopped' }).waitFor()

      // Use it for tools in this workspace.
      const use = page.getByRole('switch', { name: 'Tools of test in this workspace' })
      await use.click()
      await page.waitForFunction(() => document.querySelector('[aria-label="Tools of test in this workspace"]')?.getAttribute('aria-checked') === 'true')

      // Listing its tools is its first use: it starts and is ready with its tools.
      await server.getByRole('button', { name: 'Tools', exact: true }).click()
      const tools = server.getByRole('list', { name: 'Tools of this server' })
      await tools.getByText('echo', { exact: true }).waitFor({ timeout: 30_000 })
      await server.getByTestId('server-status').filter({ hasText: /^Ready · \d+ tools$/ }).waitFor()
      assert.match(await tools.textContent(), /delete_file.*destructive/)
      // Restart stops it until its next use.
      await server.getByRole('button', { name: 'Restart' }).click()
      await server.getByTestId('server-status').filter({ hasText: /^(Stopped|Starting…|Ready · \d+ tools)$/ }).waitFor()

      // A chat with the fake model, which calls test__echo when asked to.
      await nav(page, 'Chats')
      await page.getByRole('button', { name: 'New chat' }).click()
      const box = page.getByRole('textbox', { name: 'Message', exact: true })
      await box.fill(`Echo this please ${stamp} [[tool test__echo {"text":"hello from e2e"}]]`)
      await box.press('Enter')

      const approval = page.getByTestId('approval-card')
      await approval.waitFor({ timeout: 30_000 })
      assert.match(await approval.textContent(), /Run .*echo.* from test\?/)
      assert.match(await approval.getByTestId('approval-countdown').textContent(), /Denied in \d+:\d\d/)
      assert.equal(await approval.getByRole('textbox', { name: 'Arguments' }).inputValue(), '{\n  "text": "hello from e2e"\n}')
      // The call waits in the chat too.
      await page.locator('[data-testid="tool-card"][data-state="waiting"]').waitFor()
      await approval.getByRole('button', { name: 'Always allow this tool' }).click()
      await approval.waitFor({ state: 'detached' })

      // The call's card with its result, then the model's answer from it.
      await doneCards(page).first().getByTestId('tool-preview').filter({ hasText: 'hello from e2e' }).waitFor({ timeout: 30_000 })
      await answers(page).last().getByText(/Tool results: test__echo returned "hello from e2e"/).waitFor({ timeout: 30_000 })
      const card = doneCards(page).first()
      await card.getByRole('button').first().click()
      assert.equal(await card.getByTestId('tool-arguments').textContent(), '{\n  "text": "hello from e2e"\n}')
      assert.equal(await card.getByTestId('tool-result').textContent(), 'hello from e2e')
      assert.match(await card.textContent(), /echo\s*from test/)

      // Again: the standing approval holds, no card asks.
      await box.fill('And once more [[tool test__echo {"text":"second call"}]]')
      await box.press('Enter')
      await answers(page).last().getByText(/Tool results: test__echo returned "second call"/).waitFor({ timeout: 30_000 })
      assert.equal(await page.getByTestId('approval-card').count(), 0)
      assert.equal(await doneCards(page).count(), 2)

      // Settings lists the approval and both calls.
      await nav(page, 'Tools')
      await page.getByRole('list', { name: 'Standing approvals' }).getByText('test / echo').waitFor()
      const calls = page.getByRole('table', { name: 'Tool calls' })
      await calls.getByRole('row').nth(2).waitFor()
      const rows = await calls.getByRole('row').allTextContents()
      assert.match(rows[1], /test\/echo.*always.*ok/)
      assert.match(rows[2], /test\/echo.*tool.*ok/)

      // After a reload the cards are still in the chat.
      await page.reload()
      await page.getByTestId('app-shell').waitFor()
      await nav(page, 'Chats')
      await page.keyboard.press('Control+k')
      await page.getByRole('textbox', { name: 'Search chats' }).fill(`Echo this please ${stamp}`)
      await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().click()
      await answers(page).last().getByText(/Tool results: test__echo returned "second call"/).waitFor()
      await doneCards(page).nth(1).waitFor()
      assert.equal(await doneCards(page).count(), 2)
      assert.equal(await page.getByTestId('approval-card').count(), 0)

      assert.deepEqual(app.errors, [])
    } finally {
      await app.close()
    }
  },
)
