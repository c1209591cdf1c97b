import { test } from 'node:test'
import assert from 'node:assert/strict'
import { nav, openApp } from './lib.mjs'

const FAKELLM = process.env.BOOKBAG_E2E_FAKELLM ?? ''

// Settings → Local API: switch the server on at a port, create a token, and
// call it from here like any OpenAI client would (fetch): list the models,
// a chat completion streamed and not, then revoke the token.
test('local api: switch on, create a token, list models and chat', { skip: !FAKELLM && 'BOOKBAG_E2E_FAKELLM not set' }, async () => {
  const app = await openApp()
  const { page } = app
  const port = 20000 + Math.floor(Math.random() * 20000)
  try {
    // A provider whose models the API serves (LM Studio preset: no key).
    await page.evaluate(async (base) => {
      const p = await window.go.models.API.AddProvider({ preset: 'lmstudio', name: `E2E API ${Date.now()}`, baseUrl: base, keyEnv: '', apiKey: '', clearKey: false, enabled: true })
      await window.go.models.API.RefreshModels(p.id)
    }, `${FAKELLM}/openai/v1`)

    await nav(page, 'Settings')
    const server = page.getByTestId('localapi-server')
    await server.getByLabel('Port').fill(String(port))
    await server.getByRole('button', { name: 'Save' }).click()
    await server.getByRole('switch', { name: 'Serve the local API' }).click()
    const url = `http://127.0.0.1:${port}/v1`
    await server.getByTestId('localapi-url').getByText(url).waitFor()

    const tokens = page.getByTestId('localapi-tokens')
    await tokens.getByLabel('Token name').fill('E2E client')
    await tokens.getByRole('button', { name: 'Create token' }).click()
    const secret = (await tokens.getByTestId('localapi-secret').textContent()).trim()
    assert.match(secret, /^bb-[A-Za-z0-9_-]{43}$/)
    await tokens.getByRole('button', { name: 'Done' }).click()
    assert.ok(!(await page.content()).includes(secret), 'the token is shown once, then gone from the page')

    const auth = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' }
    assert.equal((await fetch(`${url}/models`)).status, 401)
    const models = await (await fetch(`${url}/models`, { headers: auth })).json()
    const ids = models.data.map((m) => m.id)
    assert.ok(ids.includes('lmstudio:fake-chat'), ids.join(', '))
    assert.ok(ids.includes('workspace:personal'), ids.join(', '))

    const res = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ model: 'lmstudio:fake-chat', messages: [{ role: 'user', content: 'hello from e2e' }] }),
    })
    assert.equal(res.status, 200)
    const answer = await res.json()
    assert.equal(answer.choices[0].message.content, 'You asked: "hello from e2e".')
    assert.ok(answer.usage.total_tokens > 0)

    const streamed = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ model: 'lmstudio:fake-chat', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'stream it' }] }),
    })
    const events = (await streamed.text()).trim().split('\n\n')
    assert.equal(events.at(-1), 'data: [DONE]')
    const text = events
      .slice(0, -1)
      .map((e) => JSON.parse(e.slice('data: '.length)))
      .map((c) => c.choices[0]?.delta?.content ?? '')
      .join('')
    assert.equal(text, 'You asked: "stream it".')

    // The requests are listed in Settings.
    const requests = page.getByTestId('localapi-requests')
    for (let i = 0; (await requests.getByRole('row').count()) < 3; i++) {
      assert.ok(i < 50, 'the two requests are listed') // header and two rows
      await requests.getByRole('button', { name: 'Refresh' }).click()
      await page.waitForTimeout(100)
    }
    assert.equal(await requests.getByText('lmstudio:fake-chat').count(), 2)

    // Revoke after confirming: the token stops working.
    await tokens.getByRole('button', { name: 'Revoke E2E client' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click()
    await tokens.getByText('revoked').waitFor()
    assert.equal((await fetch(`${url}/models`, { headers: auth })).status, 401)

    // Off again: nothing listens.
    await server.getByRole('switch', { name: 'Serve the local API' }).click()
    await server.getByTestId('localapi-url').waitFor({ state: 'detached' })
    await assert.rejects(fetch(`${url}/models`, { headers: auth }))
    assert.deepEqual(app.errors, [])
  } finally {
    await app.close()
  }
})
