import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DATA_DIR, nav, openApp } from './lib.mjs'

test('the app shell shows the first-run screen and every page', async () => {
  const app = await openApp()
  const { page } = app
  try {
    // First launch: default workspace and the welcome screen with the next step.
    assert.equal(await page.getByTestId('workspace-name').textContent(), 'Personal')
    await page.getByTestId('first-run').waitFor()
    assert.ok(await page.getByRole('button', { name: 'Add a provider' }).isVisible())
    assert.ok(await page.getByRole('button', { name: 'New chat' }).isVisible())

    await nav(page, 'Models')
    await nav(page, 'Documents')
    await nav(page, 'Workspaces')
    const list = page.getByRole('main').getByRole('navigation', { name: 'Workspaces' })
    await list.getByRole('button', { name: /Personal/ }).waitFor()
    assert.equal(await page.getByTestId('workspace-title').textContent(), 'Personal')

    await nav(page, 'Settings')
    const dataDir = await page.getByTestId('data-dir').textContent()
    if (DATA_DIR) assert.equal(dataDir, DATA_DIR)
    assert.match(await page.getByTestId('app-version').textContent(), /schema \d+/)
    // WordNet's licence (its table is built into the binary), folded until opened.
    const wordnet = page.getByRole('region', { name: /Princeton WordNet 3\.1/ })
    assert.equal(await wordnet.isVisible(), false)
    await page.getByText('Third-party notices').click()
    await wordnet.getByText(/Permission to use, copy, modify and distribute this software/).waitFor()

    // Theme: switching to dark applies at once and survives a reload (stored in SQLite).
    await page.getByRole('radio', { name: 'Dark' }).click()
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'))
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'))
    await nav(page, 'Settings')
    await page.getByRole('radio', { name: 'Light' }).click()
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'))

    // Display name round trip.
    const name = page.getByLabel('Display name')
    await name.fill('E2E Tester')
    await page.locator('form', { has: name }).getByRole('button', { name: 'Save' }).click()
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    await nav(page, 'Settings')
    await page.waitForFunction(() => document.querySelector('#display-name')?.value === 'E2E Tester')

    await nav(page, 'Chats')
    assert.deepEqual(app.errors, [])
  } finally {
    await app.close()
  }
})
