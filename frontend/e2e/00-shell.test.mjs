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
    // Its button opens the add-provider dialog itself on the Models page, not only the page.
    await page.getByRole('button', { name: 'Add a provider' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'OpenAI', exact: true }).waitFor()
    // The page behind the modal dialog is hidden from roles: check it by its heading's text.
    assert.equal(await page.locator('h1').first().textContent(), 'Models')
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await nav(page, 'Chats')
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

    // Segmented choices are as wide as their options, also in a card laid out as a grid (they stretched across it).
    for (const name of ['Theme', 'Scheduled backups', 'Update channel']) {
      const box = await page.getByRole('radiogroup', { name }).boundingBox()
      assert.ok(box && box.width < 320, `${name} is ${box?.width} px wide`)
    }

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

test('the sidebar collapses to a rail (button or Ctrl+Shift+S) and stays so after a reload', async () => {
  const app = await openApp()
  const { page } = app
  const toggle = page.getByRole('button', { name: 'Toggle sidebar' })
  const sidebar = page.getByRole('complementary', { name: 'Sidebar' })
  const collapsed = (v) => page.locator(`aside[data-collapsed="${v}"]`).waitFor()
  try {
    await page.setViewportSize({ width: 800, height: 600 })
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true')
    await toggle.click()
    await collapsed(true)
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false')
    assert.equal(await page.getByLabel('Chat list').count(), 0)
    const { width } = await sidebar.boundingBox()
    assert.ok(width <= 48, `rail is ${width} px wide`)

    // Remembered (in SQLite): a reload draws the rail, whose icons still reach every page and New chat.
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    await collapsed(true)
    await nav(page, 'Usage')
    await sidebar.getByRole('button', { name: 'New chat' }).click()
    await page.getByRole('region', { name: 'Usage', exact: true }).waitFor({ state: 'detached' })

    await page.keyboard.press('Control+Shift+S')
    await collapsed(false)
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true')
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    await collapsed(false)
    await page.getByLabel('Chat list').waitFor()
    assert.deepEqual(app.errors, [])
  } finally {
    // Later tests start from the open sidebar.
    await page.evaluate(() => window.go.settings.API.SetSidebarCollapsed(false)).catch(() => {})
    await app.close()
  }
})
