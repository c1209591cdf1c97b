import { test } from 'node:test'
import assert from 'node:assert/strict'
import { nav, openApp } from './lib.mjs'

const FAKE = process.env.BOOKBAG_E2E_FAKELLM

// A cloud provider no other test uses (Mistral's preset pointed at the
// fake), so its model's calls here are the only ones and all priced.
const REF = 'mistral:fake-chat'
// A price for a model ref with no place to break but its colon.
const LONG = 'usage-e2e:' + 'x'.repeat(80)

async function seed(page) {
  return page.evaluate(async ({ base, ref }) => {
    const api = window.go.models.API
    const existing = (await api.ListProviders()).find((p) => p.name === 'Usage E2E')
    const p = existing ?? (await api.AddProvider({ preset: 'mistral', name: 'Usage E2E', baseUrl: base + '/openai/v1', keyEnv: '', apiKey: 'sk-usage-e2e-000011112222', clearKey: false, enabled: true }))
    const t = await api.TestProvider(p.id)
    const before = await api.Defaults()
    await api.SetDefaults({ ...before, chatModelRef: ref })
    const boot = await window.go.main.App.Bootstrap()
    return { ok: t.ok, error: t.error, before, ws: boot.currentWorkspaceId }
  }, { base: FAKE, ref: REF })
}

// The boxes that would scroll sideways: the window, the page, each table's box.
const OVERFLOWING = `[document.scrollingElement, document.querySelector('section[aria-label="Usage"] > div'),
  ...[...document.querySelectorAll('table')].map((t) => t.parentElement)]
  .filter((el) => el.scrollWidth > el.clientWidth)
  .map((el) => el.tagName + '.' + el.className + ': ' + el.scrollWidth + ' > ' + el.clientWidth + ', sticking out: ' +
    [...el.querySelectorAll('*')].filter((c) => c.getBoundingClientRect().right > el.getBoundingClientRect().right + 1)
      .slice(-3).map((c) => c.tagName + '.' + c.className + ' ' + (c.textContent || '').slice(0, 40)).join(' | '))`

/** fitsSideways checks nothing scrolls sideways, once the chart has redrawn at the window's new width (a frame after a resize). */
async function fitsSideways(page) {
  await page.waitForFunction(`(${OVERFLOWING}).length === 0`, null, { timeout: 5000 }).catch(() => {})
  assert.deepEqual(await page.evaluate(OVERFLOWING), [])
}

const num = (s) => Number(s.replace(/[^0-9.]/g, ''))

test('usage: a priced call is counted, a spent budget refuses the next turn', { skip: !FAKE && 'BOOKBAG_E2E_FAKELLM not set' }, async () => {
  const app = await openApp()
  const { page } = app
  const seeded = await seed(page)
  try {
    assert.equal(seeded.ok, true, seeded.error)
    await page.reload()
    await page.getByTestId('app-shell').waitFor()

    // The price: $1000 per million input tokens, $2000 per million output.
    await nav(page, 'Usage')
    await page.getByRole('tab', { name: 'Prices' }).click()
    await page.getByRole('button', { name: 'Add price' }).click()
    const form = page.getByRole('form', { name: 'New price' })
    await form.getByLabel('Model (id or provider:model)').fill(REF)
    await form.getByLabel('Input $/1M').fill('1000')
    await form.getByLabel('Output $/1M').fill('2000')
    await form.getByLabel('From').fill('2024-01-01')
    await form.getByRole('button', { name: 'Save price' }).click()
    await page.getByRole('table', { name: 'Prices' }).getByRole('row').filter({ hasText: REF }).waitFor()

    // One chat turn with the fake.
    await nav(page, 'Chats')
    await page.getByRole('button', { name: 'New chat' }).click()
    const box = page.getByRole('textbox', { name: 'Message', exact: true })
    await box.fill('How much does this cost?')
    await box.press('Enter')
    await page.locator('article[aria-label="Answer"][data-status="complete"]').first().waitFor({ timeout: 20_000 })

    // Usage counts it at that price: the row's cost is its tokens times the prices.
    await nav(page, 'Usage')
    const row = page.getByRole('table', { name: 'Usage per model' }).getByRole('row').filter({ hasText: REF })
    await row.waitFor()
    const cells = await row.getByRole('cell').allTextContents()
    const [calls, input, cached, output, cost] = cells.slice(1).map(num)
    assert.ok(calls >= 1, `calls ${cells}`)
    assert.equal(cached, 0)
    assert.ok(input > 0 && output > 0, `tokens ${cells}`)
    assert.equal(cost, Number(((input * 1000 + output * 2000) / 1e6).toFixed(2)), `cost ${cells}`)
    assert.doesNotMatch(cells[0], /no price/)
    await page.getByTestId('usage-chart').waitFor()
    const callRow = page.getByRole('table', { name: 'Model calls' }).getByRole('row').filter({ hasText: 'chat' }).first()
    await callRow.waitFor()
    assert.match(await callRow.textContent(), new RegExp(REF))

    // One model: the per-model table and the calls hold only it; all models again after.
    const perModel = page.getByRole('table', { name: 'Usage per model' })
    await page.getByRole('combobox', { name: 'Model' }).selectOption(REF)
    await perModel.getByRole('row').nth(2).waitFor({ state: 'detached' })
    assert.deepEqual((await perModel.getByRole('row').allTextContents()).slice(1).map((t) => t.startsWith(REF)), [true])
    for (const t of await page.getByRole('table', { name: 'Model calls' }).getByRole('row').allTextContents()) {
      if (!t.startsWith('Time')) assert.match(t, new RegExp(REF))
    }
    await page.getByRole('combobox', { name: 'Model' }).selectOption('')
    await perModel.getByRole('row').filter({ hasText: REF }).waitFor()

    // An 800x600 window, beside the open sidebar: nothing scrolls sideways, even a
    // price for a model ref too long for a line; the calls and cached columns give
    // way to a line under the name (container queries), and come back when wide.
    await page.evaluate((model) => window.go.usage.API.SavePrice({ id: '', model, inputMicros: 1, outputMicros: 1, cachedMicros: 0, effectiveFrom: '2024-01-01', preset: false, note: '' }), LONG)
    await page.setViewportSize({ width: 800, height: 600 })
    await fitsSideways(page)
    assert.equal(await perModel.getByRole('columnheader', { name: 'Cached' }).isVisible(), false)
    assert.match(await perModel.getByTestId('narrow-line').first().innerText(), /\d+ calls · \d+ cached/)
    await page.getByRole('tab', { name: 'Prices' }).click()
    await page.getByRole('table', { name: 'Prices' }).getByRole('row').filter({ hasText: LONG }).waitFor()
    await fitsSideways(page)
    await page.getByRole('tab', { name: 'Usage' }).click()
    await page.setViewportSize({ width: 1280, height: 860 })
    await perModel.getByRole('columnheader', { name: 'Cached' }).waitFor()
    assert.equal(await perModel.getByTestId('narrow-line').first().isVisible(), false)

    // A hard budget below what this workspace spent this month.
    await page.getByRole('tab', { name: 'Budgets' }).click()
    const budgetRow = page.getByTestId(`budget-${seeded.ws}`)
    await budgetRow.getByRole('textbox', { name: /^Limit for/ }).fill('0.01')
    await budgetRow.getByRole('button', { name: 'Save' }).click()
    await budgetRow.getByRole('button', { name: 'Save' }).and(page.locator(':disabled')).waitFor()

    // The next turn is refused with the budget's message; the question stays.
    await nav(page, 'Chats')
    await box.fill('And once more?')
    await box.press('Enter')
    const refusal = page.getByRole('alert').filter({ hasText: 'This workspace reached its monthly budget of $0.01' })
    await refusal.waitFor()
    assert.match(await refusal.textContent(), /\(spent \$[0-9.]+\)\. Raise it in Usage → Budgets\./)
    await page.getByRole('article', { name: 'Your message' }).filter({ hasText: 'And once more?' }).waitFor()
    await page.getByTestId('budget-notice').filter({ hasText: 'reached its monthly budget' }).waitFor()
    assert.deepEqual(app.errors, [])
  } finally {
    // Later tests chat in this workspace with their own defaults.
    await page.evaluate(async ({ ws, before, long }) => {
      await window.go.usage.API.SetBudget({ workspaceId: ws, softMicros: 0, hardMicros: 0 })
      if (before) await window.go.models.API.SetDefaults(before)
      for (const p of await window.go.usage.API.Prices()) if (p.model === long) await window.go.usage.API.DeletePrice(p.id)
    }, { ...seeded, long: LONG }).catch(() => {})
    await app.close()
  }
})
