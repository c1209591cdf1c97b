import { test } from 'node:test'
import assert from 'node:assert/strict'
import { nav, openApp } from './lib.mjs'

const SERVER = process.env.BOOKBAG_E2E_SERVER
const EMAIL = process.env.BOOKBAG_E2E_SERVER_EMAIL
const PASSWORD = process.env.BOOKBAG_E2E_SERVER_PASSWORD

// Asks the server directly (as the admin) which shared workspaces exist.
async function serverWorkspaces() {
  const login = await fetch(`${SERVER}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD, deviceId: 'e2e', deviceName: 'e2e' }),
  })
  assert.equal(login.status, 200)
  const { accessToken } = await login.json()
  const res = await fetch(`${SERVER}/api/workspaces`, { headers: { Authorization: `Bearer ${accessToken}` } })
  return res.json()
}

test('sync: share a workspace with a running server and reach "synced"', { skip: !SERVER && 'BOOKBAG_E2E_SERVER not set' }, async () => {
  const app = await openApp()
  const { page } = app
  const name = `Shared ${Math.random().toString(36).slice(2, 7)}`
  try {
    // A workspace with something in it, made through the bound API.
    const ws = await page.evaluate(async (n) => {
      const w = await window.go.workspace.API.Create({ name: n, icon: '', color: '' })
      await window.go.models.API.SaveTemplate({ id: '', workspaceId: w.id, name: 'Office template', body: 'Hello {{name}}' }).catch(() => {})
      return w
    }, name)

    await nav(page, 'Workspaces')
    await page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name }).click()
    await page.getByRole('tab', { name: 'Sharing' }).click()
    await page.getByRole('button', { name: 'Share with a server' }).click()

    const dialog = page.getByRole('dialog', { name: 'Share with a server' })
    await dialog.getByLabel('Server address').fill(SERVER)
    await dialog.getByLabel('Email').fill(EMAIL)
    await dialog.getByLabel('Password').fill(PASSWORD)
    await dialog.getByRole('button', { name: 'Sign in' }).click()
    await dialog.getByText(/Signed in as/).waitFor()
    await dialog.getByRole('button', { name: new RegExp(`Upload “${name}” as a new shared workspace`) }).click()
    await dialog.waitFor({ state: 'detached' })

    // The indicator reaches "synced", with the last synced time.
    const sharing = page.getByRole('region', { name: 'Sharing' })
    const indicator = sharing.getByTestId('sync-indicator')
    try {
      await sharing.locator('[data-testid="sync-indicator"][data-state="synced"]').waitFor({ timeout: 60_000 })
    } catch (e) {
      const st = await page.evaluate((id) => window.go.sync.API.Status(id), ws.id)
      throw new Error(`${e.message}\nsync status: ${JSON.stringify(st)}\nindicator: ${await indicator.count() ? await indicator.textContent() : 'none'}`)
    }
    assert.match(await sharing.locator('[data-testid="sync-indicator"][data-state="synced"]').textContent(), /Synced/)
    await sharing.getByText(/Synced just now|Synced \d+ min ago/).waitFor()
    assert.match(await sharing.textContent(), new RegExp(SERVER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))

    // The members panel lists the admin; the server has the workspace.
    await sharing.getByRole('list', { name: 'Member list' }).getByText('(you)').waitFor()
    const remote = await serverWorkspaces()
    assert.ok(remote.some((w) => w.id === ws.id && w.name === name), `server workspaces: ${JSON.stringify(remote)}`)

    // Details and Retry: syncing again ends synced.
    await indicator.getByRole('button', { name: /Synced/ }).click()
    const details = page.getByRole('dialog', { name: 'Sync' })
    await details.getByRole('button', { name: 'Sync now' }).click()
    await details.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 })
    await page.keyboard.press('Escape')
    await details.waitFor({ state: 'detached' })
    await sharing.locator('[data-testid="sync-indicator"][data-state="synced"]').waitFor({ timeout: 30_000 })

    // Stop sharing: the local workspace stays.
    await sharing.getByRole('button', { name: 'Stop sharing on this computer' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Stop sharing' }).click()
    await sharing.getByRole('button', { name: 'Share with a server' }).waitFor()
    assert.deepEqual(app.errors, [])
  } finally {
    await app.close()
  }
})
