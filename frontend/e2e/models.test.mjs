import { test } from 'node:test'
import assert from 'node:assert/strict'
import { nav, openApp } from './lib.mjs'

const FAKELLM = process.env.BOOKBAG_E2E_FAKELLM ?? ''
const KEY = 'sk-e2e-test-key-1234'

/** addProvider runs the add dialog: preset, form, save, and waits for the connection test. */
async function addProvider(page, { preset, name, baseUrl, apiKey }) {
  await page.getByRole('button', { name: 'Add provider', exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: preset, exact: true }).waitFor()
  // Every kind's name and address is shown whole, none cut off with an ellipsis.
  const clipped = await dialog.locator('section button span span').evaluateAll((spans) => spans.filter((s) => s.scrollWidth > s.clientWidth + 1).map((s) => s.textContent))
  assert.deepEqual(clipped, [])
  await dialog.getByRole('button', { name: preset, exact: true }).click()
  await dialog.getByLabel('Name', { exact: true }).fill(name)
  await dialog.getByLabel('Base URL').fill(baseUrl)
  if (apiKey) {
    const key = dialog.getByLabel(/^API key/)
    assert.equal(await key.getAttribute('type'), 'password')
    await key.fill(apiKey)
  }
  await dialog.getByRole('button', { name: 'Save and test' }).click()
  const status = dialog.getByRole('status', { name: 'Connection test' })
  await status.getByText(/^OK · \d+ ms · \d+ models?$/).waitFor()
  const text = await status.textContent()
  await dialog.getByRole('button', { name: 'Done' }).click()
  await dialog.waitFor({ state: 'detached' })
  return text
}

test('models page: providers against the fake server, Ollama pull, profile, template', async (t) => {
  if (!FAKELLM) {
    t.skip('BOOKBAG_E2E_FAKELLM is not set (scripts/e2e.sh starts fakellm)')
    return
  }
  const stamp = Date.now().toString(36)
  const openaiName = `E2E OpenAI ${stamp}`
  const ollamaName = `E2E Ollama ${stamp}`
  const pulled = `e2e-pulled-${stamp}:1b`
  const app = await openApp()
  const { page } = app
  try {
    await nav(page, 'Models')

    // An OpenAI-compatible provider with a key typed in: test result, models, key hint only.
    const result = await addProvider(page, { preset: 'Custom OpenAI-compatible', name: openaiName, baseUrl: `${FAKELLM}/openai/v1`, apiKey: KEY })
    assert.match(result, /· 4 models$/)
    const card = page.getByRole('article', { name: openaiName })
    assert.match(await card.getByRole('status', { name: 'Connection test' }).textContent(), /^OK · \d+ ms · 4 models$/)
    assert.equal((await card.getByTestId('key-status').textContent()).trim(), 'Key in keychain …1234')
    const chat = card.getByRole('listitem', { name: 'fake-chat', exact: true })
    await chat.waitFor()
    assert.match(await chat.textContent(), /tools/)
    assert.match(await chat.textContent(), /8K context/)
    assert.match(await card.getByRole('listitem', { name: 'fake-vision' }).textContent(), /vision/)
    assert.match(await card.getByRole('listitem', { name: 'fake-think' }).textContent(), /thinking/)
    assert.match(await card.getByRole('listitem', { name: 'fake-embed' }).textContent(), /embedding/)
    // The key itself is nowhere in the page.
    assert.ok(!(await page.content()).includes(KEY), 'the API key must not reach the webview')

    // Test connection again from the card.
    await card.getByRole('button', { name: 'Test connection' }).click()
    await card.getByRole('status', { name: 'Connection test' }).getByText(/^OK · \d+ ms · 4 models$/).waitFor()

    // The first-run screen is gone now that a provider exists.
    await nav(page, 'Chats')
    assert.equal(await page.getByTestId('first-run').count(), 0)
    await nav(page, 'Models')

    // Defaults: the custom provider's chat model.
    const defaultChat = page.getByLabel('Default chat model')
    await defaultChat.selectOption('custom:fake-chat')
    assert.equal(await defaultChat.inputValue(), 'custom:fake-chat')

    // Ollama: add, pull a model with a progress bar that reaches 100%, see it listed, delete it.
    await addProvider(page, { preset: 'Ollama', name: ollamaName, baseUrl: `${FAKELLM}/ollama` })
    const ollama = page.getByRole('article', { name: ollamaName })
    // Ollama names carry a tag.
    await ollama.getByRole('listitem', { name: 'fake-chat:latest', exact: true }).waitFor()
    await ollama.getByLabel('Pull a model').fill(pulled)
    await ollama.getByRole('button', { name: 'Pull', exact: true }).click()
    const bar = ollama.getByRole('progressbar', { name: `Downloading ${pulled}` })
    await bar.waitFor()
    await page.waitForFunction(
      (name) => document.querySelector(`[role=progressbar][aria-label="Downloading ${name}"]`)?.getAttribute('aria-valuenow') === '100',
      pulled,
    )
    await ollama.getByText(`${pulled} is ready`).waitFor()
    await ollama.getByRole('listitem', { name: pulled }).waitFor()
    await ollama.getByRole('button', { name: `Delete ${pulled}` }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete model' }).click()
    await ollama.getByRole('listitem', { name: pulled }).waitFor({ state: 'detached' })

    // A profile with temperature 0, checked against a model.
    await page.getByRole('tab', { name: 'Profiles' }).click()
    await page.getByRole('button', { name: 'New profile' }).click()
    let dialog = page.getByRole('dialog')
    const profileName = `E2E Profile ${stamp}`
    await dialog.getByLabel('Name', { exact: true }).fill(profileName)
    await dialog.getByLabel('Temperature').fill('0')
    await dialog.getByLabel('Max output tokens').fill('512')
    await dialog.getByLabel('Check against a model').selectOption('custom:fake-chat')
    // OpenAI-compatible servers have no thinking switch: greyed out with the reason.
    await dialog.locator('[data-param="think"][data-applicable="false"]').getByText(/no thinking switch/).waitFor()
    await dialog.getByRole('button', { name: 'Save profile' }).click()
    await dialog.waitFor({ state: 'detached' })
    const profile = page.getByRole('article', { name: profileName })
    await profile.getByText(/temperature 0 · 512 max tokens/).waitFor()

    // A template with a variable, previewed through the backend.
    await page.getByRole('tab', { name: 'Templates' }).click()
    await page.getByRole('button', { name: 'New template' }).click()
    dialog = page.getByRole('dialog')
    const templateName = `E2E Template ${stamp}`
    await dialog.getByLabel('Name', { exact: true }).fill(templateName)
    await dialog.getByLabel('Text', { exact: true }).fill('Say hello to {{who}} in {{ language }}.')
    await dialog.getByRole('list', { name: 'Variables' }).getByText('language').waitFor()
    await dialog.getByRole('button', { name: 'Save template' }).click()
    await dialog.waitFor({ state: 'detached' })
    const tpl = page.getByRole('article', { name: templateName })
    await tpl.getByRole('button', { name: 'Try it' }).click()
    dialog = page.getByRole('dialog')
    await dialog.getByLabel('who', { exact: true }).fill('Ada')
    await dialog.getByLabel('language', { exact: true }).fill('French')
    await dialog.getByRole('button', { name: 'Preview' }).click()
    await dialog.getByLabel('Preview').getByText('Say hello to Ada in French.').waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })

    // Everything survives a reload.
    await page.reload()
    await page.getByTestId('app-shell').waitFor()
    await nav(page, 'Models')
    assert.equal((await page.getByRole('article', { name: openaiName }).getByTestId('key-status').textContent()).trim(), 'Key in keychain …1234')
    await page.waitForFunction(() => [...document.querySelectorAll('select')].some((s) => s.value === 'custom:fake-chat'))
    await page.getByRole('tab', { name: 'Profiles' }).click()
    await page.getByRole('article', { name: profileName }).waitFor()

    assert.deepEqual(app.errors, [])
  } finally {
    await app.close()
  }
})
