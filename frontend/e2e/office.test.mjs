import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { nav, openApp } from './lib.mjs'

const SERVER = process.env.BOOKBAG_E2E_SERVER
const EMAIL = process.env.BOOKBAG_E2E_SERVER_EMAIL
const PASSWORD = process.env.BOOKBAG_E2E_SERVER_PASSWORD

// api calls the office server directly as the admin (setting up known data
// and checking what the screens changed).
async function api(method, path, body) {
  const login = await fetch(`${SERVER}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD, deviceId: 'e2e-office', deviceName: 'e2e' }),
  })
  assert.equal(login.status, 200)
  const { accessToken } = await login.json()
  const res = await fetch(`${SERVER}${path}`, {
    method,
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  })
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`)
  return res.json()
}

test('office: an admin manages accounts, a quota, sees usage and the audit log, changes a setting', { skip: !SERVER && 'BOOKBAG_E2E_SERVER not set' }, async () => {
  // Known data on the server: a shared workspace and two usage events of the admin in it.
  const wsName = `Office ${Math.random().toString(36).slice(2, 7)}`
  const ws = await api('POST', '/api/workspaces', { id: randomUUID(), name: wsName })
  const now = Date.now()
  await api('POST', `/api/workspaces/${ws.id}/usage`, {
    events: [
      { id: randomUUID(), at: now - 1000, model: 'openai:gpt-4o', source: 'chat', inputTokens: 1000, outputTokens: 500, cachedTokens: 0, durationMs: 900, costMicros: 1_500_000 },
      { id: randomUUID(), at: now - 500, model: 'openai:gpt-4o', source: 'chat', inputTokens: 200, outputTokens: 100, cachedTokens: 0, durationMs: 300, costMicros: 500_000 },
    ],
  })

  const app = await openApp()
  const { page } = app
  const region = () => page.getByRole('region', { name: 'Office', exact: true })
  try {
    await nav(page, 'Office')
    const signin = region().getByTestId('office-signin')
    await signin.getByLabel('Server address').fill(SERVER)
    await signin.getByLabel('Email').fill(EMAIL)
    await signin.getByLabel('Password').fill(PASSWORD)
    await signin.getByRole('button', { name: 'Sign in as admin' }).click()
    await region().getByTestId('office-who').getByText(EMAIL).waitFor()

    // Accounts: create one with a made-up password, then disable it after confirming.
    const email = `member-${Math.random().toString(36).slice(2, 7)}@example.com`
    const accounts = region().getByTestId('office-accounts')
    const form = accounts.getByRole('form', { name: 'New account' })
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Name').fill('New Member')
    await form.getByRole('button', { name: 'Create account' }).click()
    const secret = await accounts.getByTestId('office-secret-password').textContent()
    assert.ok(secret && secret.length >= 8, `generated password: ${secret}`)
    const row = accounts.getByTestId(`office-user-${email}`)
    await row.getByRole('button', { name: 'Disable' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Disable' }).click()
    await row.getByText('Disabled').waitFor()
    const users = await api('GET', '/api/admin/users')
    assert.equal(users.find((u) => u.email === email)?.disabled, true)

    // Workspaces: set a 50 MiB quota after confirming; the server has it.
    await region().getByRole('tab', { name: 'Workspaces' }).click()
    const card = region().getByTestId(`office-ws-${wsName}`)
    await card.getByLabel(`Quota of ${wsName} (MiB)`).fill('50')
    await card.getByRole('button', { name: 'Set quota' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Set quota' }).click()
    await card.getByTestId('office-ws-storage').getByText(/of 50 MiB/).waitFor()
    const listed = (await api('GET', '/api/admin/workspaces')).find((w) => w.id === ws.id)
    assert.equal(listed.quotaBytes, 50 * 1024 * 1024)
    assert.equal(listed.ownQuota, true)

    // Usage: this workspace's usage is the two events, per member and per model.
    await region().getByRole('tab', { name: 'Usage' }).click()
    await region().getByLabel('Workspace', { exact: true }).selectOption({ label: wsName })
    const members = region().getByTestId('office-usage-members')
    await members.getByText('$2.00').waitFor()
    assert.match(await members.textContent(), /E2E Admin\s*2 calls\s*1,800 tokens\s*\$2\.00/)
    assert.match(await region().getByTestId('office-usage-models').textContent(), /openai:gpt-4o\s*2 calls/)

    // Audit log: the account's creation, filtered by action.
    await region().getByRole('tab', { name: 'Audit log' }).click()
    await region().getByLabel(/^Action/).fill('user_create')
    const entries = region().getByTestId('office-audit-entries')
    await entries.getByText(email).first().waitFor()
    for (const action of await entries.locator('.font-mono').allTextContents()) assert.equal(action, 'user_create')

    // Settings: invitations last 7 days; the server says so.
    await region().getByRole('tab', { name: 'Server settings' }).click()
    await region().getByLabel('Invitations last (days)').fill('7')
    await region().getByRole('button', { name: 'Save settings' }).click()
    await region().getByText('Saved.').waitFor()
    assert.equal((await api('GET', '/api/admin/settings')).invitationDays, 7)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await region().getByTestId('office-signin').waitFor()
    assert.deepEqual(app.errors, [])
  } finally {
    await app.close()
  }
})
