// Shared helpers for the browser end-to-end tests. They drive Debian's
// Chromium with playwright-core against `wails dev`'s browser endpoint, which
// scripts/e2e.sh starts with a fresh data dir (BOOKBAG_E2E_DATA_DIR).
import { chromium } from 'playwright-core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const APP_URL = process.env.BOOKBAG_E2E_URL ?? 'http://localhost:34115'
export const DATA_DIR = process.env.BOOKBAG_E2E_DATA_DIR ?? ''

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** openApp starts Chromium on a fresh profile and loads the app's main screen. */
export async function openApp() {
  const profile = mkdtempSync(join(tmpdir(), 'bookbag-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: flags,
    viewport: { width: 1280, height: 860 },
  })
  context.setDefaultTimeout(15_000)
  const page = context.pages()[0] ?? (await context.newPage())
  const errors = []
  // Errors of our code fail the tests. wails dev's own browser overlay
  // (/wails/ipc.js, a bundled Svelte widget) throws on load in v2.14; not ours.
  page.on('pageerror', (e) => {
    if (!String(e.stack ?? '').includes('/wails/ipc.js')) errors.push(String(e.stack ?? e))
  })
  await page.goto(APP_URL)
  await page.getByTestId('app-shell').waitFor()
  return {
    page,
    errors,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** nav clicks a sidebar navigation entry and waits for its page. */
export async function nav(page, label) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label }).click()
  await page.getByRole('region', { name: label, exact: true }).waitFor()
}
