import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nav, openApp } from './lib.mjs'

// Settings → Backup & restore: scheduled backups to a folder, encrypted with
// a passphrase the app keeps in the real keychain (gnome-keyring in the
// app's D-Bus session). The passphrase is asked for twice, never shown
// again, and after a reload the form knows the keychain holds it; turning
// encryption off forgets it.
test('backup: an encrypted schedule keeps its passphrase in the keychain', async () => {
  const app = await openApp()
  const { page } = app
  const folder = mkdtempSync(join(tmpdir(), 'bookbag-e2e-backups-'))
  const pass = `e2e passphrase ${Date.now()}`
  try {
    await nav(page, 'Settings')
    let form = page.getByRole('region', { name: 'Scheduled backups' })
    await form.getByRole('radio', { name: 'Daily' }).click()
    await form.getByLabel('Folder').fill(folder)
    await form.getByLabel('Keep the newest').fill('3')
    await form.getByRole('switch', { name: 'Encrypt scheduled backups' }).click()

    // Too short, then two that differ: Save stays off and says why.
    const save = form.getByRole('button', { name: 'Save schedule' })
    await form.getByLabel('Passphrase (without it').fill('short')
    await form.getByText('At least 8 characters.').waitFor()
    assert.equal(await save.isDisabled(), true)
    await form.getByLabel('Passphrase (without it').fill(pass)
    await form.getByLabel('Passphrase again').fill(pass + 'x')
    await form.getByText('The passphrases differ.').waitFor()
    assert.equal(await save.isDisabled(), true)
    await form.getByLabel('Passphrase again').fill(pass)
    await save.click()
    await form.getByText('The passphrase is in the keychain.').waitFor()
    await form.getByTestId('schedule-status').waitFor()
    assert.equal(await form.getByLabel('Passphrase again').count(), 0, 'the passphrase fields close once it is saved')
    assert.ok(!(await page.content()).includes(pass), 'the passphrase is not on the page')

    // After a reload the schedule comes back from the backend, the
    // passphrase only as "in the keychain".
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    await nav(page, 'Settings')
    form = page.getByRole('region', { name: 'Scheduled backups' })
    await form.getByText('The passphrase is in the keychain.').waitFor()
    assert.equal(await form.getByLabel('Folder').inputValue(), folder)
    assert.equal(await form.getByLabel('Keep the newest').inputValue(), '3')
    assert.equal(await form.getByRole('switch', { name: 'Encrypt scheduled backups' }).getAttribute('aria-checked'), 'true')
    const schedule = await page.evaluate(() => window.go.backup.API.GetSchedule())
    assert.equal(schedule.hasPassphrase, true)
    assert.equal(schedule.passphrase, '', 'the passphrase never comes back to the webview')

    // Encryption off: the keychain's passphrase is removed, and turning it
    // on again asks for a new one.
    await form.getByRole('switch', { name: 'Encrypt scheduled backups' }).click()
    await form.getByRole('button', { name: 'Save schedule' }).click()
    await page.waitForFunction(async () => (await window.go.backup.API.GetSchedule()).encrypt === false)
    assert.equal((await page.evaluate(() => window.go.backup.API.GetSchedule())).hasPassphrase, false)
    await form.getByText('compressed, not encrypted', { exact: false }).waitFor()
    await form.getByRole('switch', { name: 'Encrypt scheduled backups' }).click()
    await form.getByLabel('Passphrase again').waitFor()

    // Leave the schedule off for the other flows.
    await form.getByRole('radio', { name: 'Off' }).click()
    await form.getByRole('button', { name: 'Save schedule' }).click()
    await page.waitForFunction(async () => (await window.go.backup.API.GetSchedule()).frequency === 'off')
    assert.deepEqual(app.errors, [])
  } finally {
    await app.close()
    rmSync(folder, { recursive: true, force: true })
  }
})
