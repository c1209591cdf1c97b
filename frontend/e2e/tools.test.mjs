import { test } from 'node:test'
import assert from 'node:assert/strict'
import { nav, openApp } from './lib.mjs'

const FAKE = process.env.BOOKBAG_E2E_FAKELLM
const MCPTEST = process.env.BOOKBAG_E2E_MCPTEST
const PII = process.env.BOOKBAG_E2E_PII

// The fake provider of the chat test (the same name: one provider of
// openai:fake-chat), seeded through the bound API.
// A server of that name from an earlier run is removed first (with its
// standing approvals), so the import adds it afresh.
async function removeOldServer(page, name = 'test') {
  await page.evaluate(async (name) => {
    const api = window.go.tools.API
    for (const s of await api.ListServers()) if (s.name === name) await api.RemoveServer(s.id)
  }, name)
}

/** importServers pastes a {"mcpServers": …} configuration on the Tools page and waits for its report. */
async function importServers(page, servers, added) {
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Import tool servers' })
  await dialog.getByLabel('Configuration JSON').fill(JSON.stringify({ mcpServers: servers }))
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  await dialog.getByTestId('import-report').filter({ hasText: added }).waitFor()
  await dialog.getByRole('button', { name: 'Done' }).click()
  await dialog.waitFor({ state: 'detached' })
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

/**
 * addServerToWorkspace seeds the fake provider, imports one server afresh
 * on the Tools page and switches it on in this workspace (as tools or as a
 * plugin: the switch's label).
 */
async function addServerToWorkspace(page, name, command, switchLabel) {
  const t = await seedProvider(page)
  assert.equal(t.ok, true, t.error)
  await removeOldServer(page, name)
  await page.reload()
  await page.getByTestId('app-shell').waitFor()
  await nav(page, 'Tools')
  await importServers(page, { [name]: { command } }, `Added 1: ${name}.`)
  await page.getByRole('switch', { name: switchLabel }).click()
  await page.waitForFunction((label) => document.querySelector(`[aria-label="${label}"]`)?.getAttribute('aria-checked') === 'true', switchLabel)
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
      await importServers(page, { test: { command: MCPTEST, args: [] } }, 'Added 1: test.')
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
      // The answer streams in before the chat is fetched again with the call's result.
      await doneCards(page).nth(1).getByTestId('tool-preview').filter({ hasText: 'second call' }).waitFor()
      assert.equal(await page.getByTestId('approval-card').count(), 0)
      assert.equal(await doneCards(page).count(), 2)

      // Settings lists the approval and both calls.
      await nav(page, 'Tools')
      await page.getByRole('list', { name: 'Standing approvals' }).getByText('test / echo').waitFor()
      const calls = page.getByRole('table', { name: 'Tool calls' })
      await calls.getByRole('row').nth(2).waitFor()
      // Newest first; hooks of a plugin left on by another test may sit between.
      const rows = (await calls.getByRole('row').allTextContents()).filter((r) => /test\/echo/.test(r) && !/\(hook\)/.test(r))
      assert.match(rows[0], /test\/echo.*always.*ok/)
      assert.match(rows[1], /test\/echo.*tool.*ok/)

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

test(
  'tools: a plugin masks what is sent and says so under the answer, refuses a message, and offers a message action',
  { skip: (!FAKE || !PII) && 'BOOKBAG_E2E_FAKELLM or BOOKBAG_E2E_PII not set (scripts/e2e.sh sets them)' },
  async () => {
    const stamp = Date.now().toString(36)
    const app = await openApp()
    const { page } = app
    try {
      await addServerToWorkspace(page, 'pii', PII, 'pii as a plugin in this workspace')

      // The model gets the message masked; the chat keeps what was written; the answer notes it.
      await nav(page, 'Chats')
      await page.getByRole('button', { name: 'New chat' }).click()
      const box = page.getByRole('textbox', { name: 'Message', exact: true })
      await box.fill(`Write to ada@example.com about ${stamp}`)
      await box.press('Enter')
      const answer = answers(page).last()
      await answer.getByText(`You asked: "Write to [EMAIL] about ${stamp}".`).waitFor({ timeout: 30_000 })
      const notes = answer.getByRole('list', { name: 'Notes' })
      await notes.getByText('1 piece(s) of personal data were masked before sending.').waitFor()
      assert.match(await notes.textContent(), /The plugin pii changed the message before it was sent/)
      const question = page.getByRole('article', { name: 'Your message' }).filter({ hasText: 'ada@example.com' })
      await question.waitFor()

      // Its message action, on the question.
      await question.hover()
      await question.getByRole('button', { name: 'More actions' }).click()
      await page.getByRole('menuitem', { name: /Redact personal data/ }).click()
      const result = page.getByRole('dialog', { name: 'Redact personal data' })
      assert.equal(await result.getByTestId('action-result').textContent(), `Write to [EMAIL] about ${stamp}`)
      await result.getByRole('button', { name: 'Close', exact: true }).first().click()
      await result.waitFor({ state: 'detached' })

      // A refusal keeps the question and says why.
      await box.fill('CONFIDENTIAL numbers for the board')
      await box.press('Enter')
      await page.getByRole('alert').filter({ hasText: 'The plugin pii did not let this message go out: it is marked CONFIDENTIAL' }).waitFor({ timeout: 30_000 })

      // Required, the plugin holds a message while its server is off, instead of letting it out unmasked.
      await nav(page, 'Tools')
      await page.getByRole('switch', { name: 'pii required in this workspace' }).click()
      await page.waitForFunction(() => document.querySelector('[aria-label="pii required in this workspace"]')?.getAttribute('aria-checked') === 'true')
      await page.getByRole('switch', { name: 'Use server pii' }).click()
      await page.waitForFunction(() => document.querySelector('[aria-label="Use server pii"]')?.getAttribute('aria-checked') === 'false')
      await nav(page, 'Chats')
      await box.fill(`Mail bob@example.com about ${stamp}`)
      await box.press('Enter')
      await page.getByRole('alert').filter({ hasText: 'it is required in this workspace and failed (server pii is disabled in Settings)' }).waitFor({ timeout: 30_000 })
      await page.getByRole('article', { name: 'Your message' }).filter({ hasText: `Mail bob@example.com about ${stamp}` }).waitFor()

      // The record has the hooks and the action.
      await nav(page, 'Tools')
      const calls = page.getByRole('table', { name: 'Tool calls' })
      await calls.getByText('pii/bookbag_action_redact').first().waitFor()
      assert.match(await calls.textContent(), /pii\/bookbag_before_send\s*\(hook\)/)
      assert.deepEqual(app.errors, [])
    } finally {
      // Gone again, so the other tests' chats are not masked.
      await removeOldServer(page, 'pii').catch(() => {})
      await app.close()
    }
  },
)

test(
  'tools: a tool server that cannot start is noted under the first answer without it, not under every answer',
  { skip: !FAKE && 'BOOKBAG_E2E_FAKELLM not set (scripts/e2e.sh sets it)' },
  async () => {
    const stamp = Date.now().toString(36)
    const app = await openApp()
    const { page } = app
    try {
      await addServerToWorkspace(page, 'gone', '/nonexistent/bookbag-e2e-no-such-server', 'Tools of gone in this workspace')

      await nav(page, 'Chats')
      await page.getByRole('button', { name: 'New chat' }).click()
      const box = page.getByRole('textbox', { name: 'Message', exact: true })
      await box.fill(`first ${stamp}`)
      await box.press('Enter')
      const first = answers(page).filter({ hasText: `You asked: "first ${stamp}".` })
      await first.waitFor({ timeout: 30_000 })
      const note = first.getByRole('list', { name: 'Notes' }).getByText(/The tool server gone is not available: .+/)
      await note.waitFor({ timeout: 30_000 })

      // The answer still came; the next one does not say it again.
      await box.fill(`second ${stamp}`)
      await box.press('Enter')
      const second = answers(page).filter({ hasText: `You asked: "second ${stamp}".` })
      await second.waitFor({ timeout: 30_000 })
      await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached' })
      assert.equal(await second.getByText(/The tool server gone is not available/).count(), 0)
      assert.equal(await first.getByText(/The tool server gone is not available/).count(), 1)
      assert.deepEqual(app.errors, [])
    } finally {
      await removeOldServer(page, 'gone').catch(() => {})
      await app.close()
    }
  },
)

test(
  "tools: a screenshot tool's image shows on its card, and a vision model is given it",
  { skip: (!FAKE || !MCPTEST) && 'BOOKBAG_E2E_FAKELLM or BOOKBAG_E2E_MCPTEST not set (scripts/e2e.sh sets them)' },
  async () => {
    const stamp = Date.now().toString(36)
    const app = await openApp()
    const { page } = app
    const setChatModel = (ref) => page.evaluate((ref) => window.go.models.API.SetDefaults({ chatModelRef: ref, embeddingModelRef: '' }), ref)
    try {
      await addServerToWorkspace(page, 'shots', MCPTEST, 'Tools of shots in this workspace')
      await setChatModel('openai:fake-vision')
      await page.reload()
      await page.getByTestId('app-shell').waitFor()

      await nav(page, 'Chats')
      await page.getByRole('button', { name: 'New chat' }).click()
      const box = page.getByRole('textbox', { name: 'Message', exact: true })
      await box.fill(`What does the page show ${stamp}? [[tool shots__screenshot {}]]`)
      await box.press('Enter')
      const approval = page.getByTestId('approval-card')
      await approval.waitFor({ timeout: 30_000 })
      await approval.getByRole('button', { name: 'Allow once' }).click()

      // The fake model says it saw the image the tool returned.
      await answers(page)
        .last()
        .getByText(/Tool results: shots__screenshot returned .*I see 1 image \(image\/png, \d+ bytes\)\./)
        .waitFor({ timeout: 30_000 })
      // The card shows it, folded.
      const thumb = doneCards(page).last().getByTestId('tool-images').getByRole('img')
      await thumb.waitFor()
      assert.match(await thumb.getAttribute('src'), /^data:image\/png;base64,iVBORw0KGgo/)
      assert.match(await doneCards(page).last().getByTestId('tool-preview').textContent(), /\[image: image\/png, \d+ bytes\]/)
      assert.deepEqual(app.errors, [])
    } finally {
      await setChatModel('openai:fake-chat').catch(() => {})
      await removeOldServer(page, 'shots').catch(() => {})
      await app.close()
    }
  },
)
