import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nav, openApp } from './lib.mjs'

const schedule = (page) => page.evaluate(() => window.go.backup.API.GetSchedule())

/** scheduleBecomes polls the backend (from here, not in the page) until the saved schedule passes ok. */
async function scheduleBecomes(page, ok, what) {
  const until = Date.now() + 15_000
  let last
  while (Date.now() < until) {
    last = await schedule(page)
    if (ok(last)) return last
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`the schedule did not become ${what}: ${JSON.stringify(last)}`)
}

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
    const saved = await schedule(page)
    assert.equal(saved.hasPassphrase, true)
    assert.equal(saved.passphrase, '', 'the passphrase never comes back to the webview')

    // Encryption off: the keychain's passphrase is removed, and turning it
    // on again asks for a new one.
    await form.getByRole('switch', { name: 'Encrypt scheduled backups' }).click()
    await form.getByRole('button', { name: 'Save schedule' }).click()
    const plain = await scheduleBecomes(page, (sc) => !sc.encrypt, 'unencrypted')
    assert.equal(plain.hasPassphrase, false)
    await form.getByText('compressed, not encrypted', { exact: false }).waitFor()
    await form.getByRole('switch', { name: 'Encrypt scheduled backups' }).click()
    await form.getByLabel('Passphrase again').waitFor()

    // Off while the switch says "encrypt" and the keychain has no
    // passphrase: nothing runs, so none is needed to save it.
    await form.getByRole('radio', { name: 'Off' }).click()
    await form.getByRole('button', { name: 'Save schedule' }).click()
    const off = await scheduleBecomes(page, (sc) => sc.frequency === 'off', 'off')
    assert.equal(off.hasPassphrase, false)
    assert.equal(await form.getByText(/The last scheduled backup failed|passphrase/i).count(), 0, 'no error, no passphrase fields')
    assert.deepEqual(app.errors, [])
  } finally {
    // Leave the schedule off for the other flows, whatever happened above.
    await page.evaluate(() => window.go.backup.API.SetSchedule({ frequency: 'off', folder: '', keep: 7, encrypt: false, passphrase: '' })).catch(() => {})
    await app.close()
    rmSync(folder, { recursive: true, force: true })
  }
})
