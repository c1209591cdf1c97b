import { test } from 'node:test'
import assert from 'node:assert/strict'
import { nav, openApp } from './lib.mjs'

const FAKE = process.env.BOOKBAG_E2E_FAKELLM

// Seeds a provider through the bound API (the Models page has its own test).
async function seedProvider(page) {
  return page.evaluate(async (base) => {
    const api = window.go.models.API
    const existing = (await api.ListProviders()).find((p) => p.name === 'Workspaces E2E')
    const p = existing ?? (await api.AddProvider({ preset: 'openai', name: 'Workspaces E2E', baseUrl: base + '/openai/v1', keyEnv: '', apiKey: 'sk-ws-e2e-000011112222', clearKey: false, enabled: true }))
    const t = await api.TestProvider(p.id)
    await api.SetDefaults({ chatModelRef: 'openai:fake-chat', embeddingModelRef: '' })
    return t
  }, FAKE)
}

const chatList = (page) => page.locator('[aria-label="Chat list"]')
const sidebarName = (page) => page.getByTestId('workspace-name')

async function switchTo(page, name) {
  await page.keyboard.press('Control+Shift+K')
  const box = page.getByRole('combobox', { name: 'Find a workspace' })
  await box.fill(name)
  await page.getByRole('listbox', { name: 'Workspaces' }).getByRole('option', { name: new RegExp(name) }).first().waitFor()
  await box.press('Enter')
  await sidebarName(page).filter({ hasText: name }).waitFor()
}

async function send(page, text) {
  await nav(page, 'Chats')
  await page.getByRole('button', { name: 'New chat' }).click()
  const box = page.getByRole('textbox', { name: 'Message', exact: true })
  await box.fill(text)
  await box.press('Enter')
  await page.locator('article[aria-label="Answer"][data-status="complete"]').last().waitFor({ timeout: 20_000 })
}

// nameActiveChat gives the open chat a title of our own (the fake model's
// titles are all alike), once its generated title has landed.
async function nameActiveChat(page, title) {
  const current = chatList(page).locator('button[aria-current="true"]')
  await current.waitFor()
  await page
    .waitForFunction(() => /You asked/.test(document.querySelector('[aria-label="Chat list"] button[aria-current="true"]')?.textContent ?? ''), null, { timeout: 10_000 })
    .catch(() => {}) // no generated title: the first words of the question stay
  await current.dblclick()
  const input = page.getByRole('textbox', { name: 'Chat title' })
  await input.fill(title)
  await input.press('Enter')
  await chatList(page).getByText(title).first().waitFor()
}

async function upload(page, name, text) {
  await nav(page, 'Documents')
  await page.getByTestId('document-input').setInputFiles([{ name, mimeType: 'text/plain', buffer: Buffer.from(text) }])
  await page.locator(`li[data-testid="document-row"][aria-label="${name}"][data-status="completed"]`).waitFor({ timeout: 30_000 })
}

async function documentNames(page) {
  await nav(page, 'Documents')
  // Wait for the page to have loaded this workspace's list (or its empty state).
  await page.waitForTimeout(300)
  return page.locator('li[data-testid="document-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
}

test('workspaces: create, switch, chats and documents stay apart, settings, import, delete with undo', { skip: !FAKE && 'BOOKBAG_E2E_FAKELLM not set' }, async () => {
  const app = await openApp()
  const { page } = app
  const tag = Math.random().toString(36).slice(2, 7).replace(/[0-9]/g, 'x')
  const project = `Project ${tag}`
  const heron = `heron${tag}`
  const pelican = `pelican${tag}`
  try {
    const t = await seedProvider(page)
    assert.equal(t.ok, true, t.error)
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    const home = (await sidebarName(page).textContent()).trim()

    // Create a workspace from the switcher: it opens at once.
    await page.getByRole('button', { name: 'Switch workspace' }).click()
    await page.getByRole('button', { name: /New workspace/ }).click()
    await page.getByLabel('Name').fill(project)
    await page.getByRole('button', { name: 'Icon 🧪' }).click()
    await page.getByRole('button', { name: 'Create workspace' }).click()
    await sidebarName(page).filter({ hasText: project }).waitFor()
    assert.equal(await chatList(page).getByRole('listitem').count(), 0, 'a new workspace starts without chats')

    // A chat and a document in the project.
    await send(page, `Tell me about ${heron}`)
    await nameActiveChat(page, `About ${heron}`)
    await upload(page, `${heron}.txt`, `The ${heron} wades in shallow water and waits for fish.`)

    // The other workspace sees neither.
    await switchTo(page, home)
    await nav(page, 'Chats')
    await page.waitForTimeout(300)
    assert.equal(await chatList(page).getByText(heron).count(), 0, 'a chat of the project shows in the other workspace')
    assert.ok(!(await documentNames(page)).includes(`${heron}.txt`), 'a document of the project shows in the other workspace')
    await send(page, `Tell me about ${pelican}`)
    await nameActiveChat(page, `About ${pelican}`)
    await upload(page, `${pelican}.txt`, `The ${pelican} has a throat pouch for catching fish.`)

    // Back in the project: only its own chat and document.
    await switchTo(page, project)
    await nav(page, 'Chats')
    await chatList(page).getByText(heron).first().waitFor()
    assert.equal(await chatList(page).getByText(pelican).count(), 0, 'a chat of the other workspace shows in the project')
    assert.deepEqual(await documentNames(page), [`${heron}.txt`])

    // Search: this workspace only, or all of them.
    await page.keyboard.press('Control+k')
    await page.getByRole('textbox', { name: 'Search chats' }).fill(pelican)
    const results = page.getByRole('list', { name: 'Search results' })
    await page.waitForTimeout(500)
    assert.equal(await results.getByRole('button').count(), 0, 'search in the project finds the other workspace')
    await page.getByLabel('All workspaces').check()
    await results.getByRole('button').first().waitFor()
    await page.keyboard.press('Escape')

    // The last used workspace reopens on start.
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    await sidebarName(page).filter({ hasText: project }).waitFor()

    // Overview and settings of the project.
    await nav(page, 'Workspaces')
    await page.getByTestId('workspace-title').filter({ hasText: project }).waitFor()
    await page.getByTestId('overview-chats').filter({ hasText: '1' }).waitFor()
    await page.getByTestId('overview-documents').filter({ hasText: '1' }).waitFor()
    await page.getByRole('list', { name: 'Tokens per model' }).getByText('openai:fake-chat').waitFor()
    await page.getByRole('tab', { name: 'Settings' }).click()
    await page.getByLabel('System prompt').fill('Answer like a field guide.')
    const size = page.getByLabel('Chunk size')
    await size.fill('600')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByRole('button', { name: 'Re-index it' }).click()
    await page.getByRole('status').filter({ hasText: 'Re-indexing 1 document' }).waitFor()
    await page.getByRole('tab', { name: 'Models' }).click()
    await page.getByRole('list', { name: 'Allowed models' }).getByRole('checkbox').first().check()
    await page.getByTestId('allowed-summary').filter({ hasText: 'only the 1 ticked model' }).waitFor()
    const allowed = await page.evaluate(async () => {
      const ws = (await window.go.workspace.API.List()).find((w) => w.icon === '🧪' && w.name.startsWith('Project'))
      return window.go.workspace.API.AllowedModels(ws.id)
    })
    assert.equal(allowed.length, 1)

    // Import its own archive again: idempotent, nothing added. A damaged one is refused.
    const archive = await page.evaluate(async (name) => {
      const ws = (await window.go.workspace.API.List()).find((w) => w.name === name)
      return window.go.archive.API.ExportWorkspaceBytes(ws.id)
    }, project)
    await page.getByLabel('Import workspace file').setInputFiles([{ name: 'project.bookbag', mimeType: 'application/zip', buffer: Buffer.from(archive, 'base64') }])
    const report = page.getByTestId('import-report')
    await report.getByText(/Nothing new/).waitFor()
    await page.keyboard.press('Escape')
    await report.waitFor({ state: 'detached' })
    const damaged = Buffer.from(archive, 'base64').subarray(0, 200)
    await page.getByLabel('Import workspace file').setInputFiles([{ name: 'damaged.bookbag', mimeType: 'application/zip', buffer: damaged }])
    await page.getByRole('alert').filter({ hasText: 'the archive was refused' }).waitFor()

    // Move the project's chat to the other workspace from the chat list.
    await nav(page, 'Chats')
    const row = chatList(page).getByRole('listitem').filter({ hasText: heron })
    await row.hover()
    await row.getByRole('button', { name: /^Actions for/ }).click()
    await page.getByRole('menuitem', { name: 'Move to' }).click()
    await page.getByRole('menuitem', { name: home, exact: true }).click()
    await page.getByRole('status').filter({ hasText: `to ${home}` }).waitFor()
    await chatList(page).getByText(heron).waitFor({ state: 'detached' })

    // Delete the project: gone from every list at once; undo brings it back.
    await nav(page, 'Workspaces')
    await page.getByRole('button', { name: `Actions for ${project}` }).click()
    await page.getByRole('menuitem', { name: /Delete/ }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete workspace' }).click()
    await sidebarName(page).filter({ hasText: home }).waitFor()
    assert.equal(await page.getByRole('navigation', { name: 'Workspaces' }).getByText(project).count(), 0)
    await page.getByRole('status').filter({ hasText: `Deleted “${project}”` }).getByRole('button', { name: 'Undo' }).click()
    await page.getByRole('navigation', { name: 'Workspaces' }).getByText(project).waitFor()
    await page.keyboard.press('Control+Shift+K')
    await page.getByRole('combobox', { name: 'Find a workspace' }).fill(project)
    await page.getByRole('option', { name: new RegExp(project) }).waitFor()
    await page.keyboard.press('Escape')

    assert.deepEqual(app.errors, [])
  } catch (e) {
    if (process.env.BOOKBAG_E2E_SHOTS) await page.screenshot({ path: `${process.env.BOOKBAG_E2E_SHOTS}/workspaces-failure.png` })
    throw e
  } finally {
    await app.close()
  }
})
