import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nav, openApp } from './lib.mjs'

const FAKE = process.env.BOOKBAG_E2E_FAKELLM
// The retrieval corpus sits next to the repository: ../shared/corpus.
const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus')
const INGEST = 90_000 // a PDF goes through the extractor child process

const row = (page, name) => page.getByRole('list', { name: 'Documents' }).getByRole('listitem', { name, exact: true })

async function upload(page, files) {
  await page.getByTestId('document-input').setInputFiles(files)
}

async function waitStatus(page, name, status) {
  await page.locator(`li[data-testid="document-row"][aria-label="${name}"][data-status="${status}"]`).waitFor({ timeout: INGEST })
}

test('documents: upload, watch them complete, refusals with reasons, duplicates, search with scores', async () => {
  const app = await openApp()
  const { page } = app
  try {
    await nav(page, 'Documents')
    await page.getByTestId('drop-zone').getByText('PDF, DOCX, TXT, MD, HTML, CSV').waitFor()
    await page.getByTestId('index-status').getByText('Keyword search only').waitFor()

    // Two corpus files at once: a text file and a PDF (the child-process extractor).
    await upload(page, [resolve(CORPUS, 'mpl-2.0.txt'), resolve(CORPUS, 'apache-2.0.pdf')])
    await page.getByTestId('add-notices').getByText('Added 2 files to the queue').waitFor()
    await waitStatus(page, 'mpl-2.0.txt', 'completed')
    await waitStatus(page, 'apache-2.0.pdf', 'completed')
    assert.match(await row(page, 'mpl-2.0.txt').getByTestId('document-summary').textContent(), /^\d+ chunks$/)
    assert.match(await row(page, 'apache-2.0.pdf').getByTestId('document-summary').textContent(), /^\d+ chunks · \d+ pages$/)
    assert.equal(await row(page, 'apache-2.0.pdf').getByTestId('document-status').textContent(), 'Ready')

    // A PNG under a .txt name is sniffed and refused with its reason; an
    // unknown type is refused at the door; the same file twice is noticed.
    await upload(page, [resolve(CORPUS, 'bad/png-disguised.txt')])
    await waitStatus(page, 'png-disguised.txt', 'error')
    assert.match(await row(page, 'png-disguised.txt').getByTestId('document-error').textContent(), /PNG/i)
    await upload(page, [{ name: 'slides.key', mimeType: 'application/octet-stream', buffer: Buffer.from('not a document') }])
    const refused = page.getByTestId('add-notices').getByTestId('notice-refused')
    await refused.waitFor()
    assert.match(await refused.textContent(), /slides\.key refused: unsupported file type \.key/)
    assert.equal(await row(page, 'slides.key').getByTestId('document-status').textContent(), 'Refused')
    await upload(page, [resolve(CORPUS, 'mpl-2.0.txt')])
    await page.getByTestId('add-notices').getByTestId('notice-duplicate').waitFor()
    assert.equal(await page.getByRole('list', { name: 'Documents' }).getByRole('listitem', { name: 'mpl-2.0.txt' }).count(), 1)

    // Search shows the chunks with their scores, file, page and time.
    await page.getByRole('textbox', { name: 'Search documents' }).fill('Covered Software Contributor Version')
    await page.getByRole('textbox', { name: 'Search documents' }).press('Enter')
    const hits = page.getByTestId('search-hit')
    await hits.first().waitFor()
    assert.match(await page.getByTestId('search-summary').textContent(), /\d+ chunks? in \d+ ms · keywords only/)
    assert.equal(await hits.first().getByTestId('hit-file').textContent(), 'mpl-2.0.txt')
    assert.match(await hits.first().getByTestId('score-score').textContent(), /^\d\.\d{3}$/)
    assert.match(await hits.first().getByTestId('score-relevance').textContent(), /^(0\.\d{3}|1\.000)$/)
    assert.match(await hits.first().getByTestId('score-bm25').textContent(), /^\d+\.\d{2}$/)
    assert.equal(await hits.first().getByTestId('score-vector').textContent(), '–')
    await page.getByRole('textbox', { name: 'Search documents' }).fill('Grant of Patent License')
    await page.getByRole('textbox', { name: 'Search documents' }).press('Enter')
    await page.getByTestId('hit-file').filter({ hasText: 'apache-2.0.pdf' }).first().waitFor()
    assert.match(await hits.filter({ hasText: 'apache-2.0.pdf' }).first().textContent(), /page \d+/)

    // Delete asks first, then the document is gone.
    await row(page, 'slides.key').getByRole('button', { name: 'Delete slides.key' }).click()
    const dialog = page.getByRole('alertdialog')
    await dialog.getByText('Delete slides.key?').waitFor()
    await dialog.getByRole('button', { name: 'Delete' }).click()
    await row(page, 'slides.key').waitFor({ state: 'detached' })

    assert.deepEqual(app.errors, [])
  } finally {
    await app.close()
  }
})

// The "done when": a user drops the whole corpus and its broken
// files into a workspace, and every file ends processed or refused with a
// reason a person understands (../shared/corpus/bad/README.md says which).
const CORPUS_DOCS = ['apache-2.0.pdf', 'artistic-license.html', 'bash-manual.txt', 'cc0-1.0.docx', 'countries.csv', 'go-godebug.md',
  'go-memory-model.html', 'go-spec.pdf', 'gpl-3.0.docx', 'lgpl-2.1.md', 'mpl-2.0.txt', 'shared-mime-info-spec.pdf']
const BAD = {
  'empty.pdf': /empty/i,
  'truncated.pdf': /corrupt|truncated/i,
  'encrypted.pdf': /encrypted|password/i,
  'not-a-zip.docx': /not a DOCX/i,
  'zip-bomb.docx': /too large|compression/i,
  'png-disguised.txt': /PNG/,
  'scanned-image-only.pdf': /scanned|no extractable text/i,
}
const BAD_BUT_READABLE = ['latin1.txt', 'nul-bytes.txt', 'ragged.csv']

// The ids of every workspace's documents, through the bound API.
const documentIds = (page) =>
  page.evaluate(async () => {
    const ids = []
    for (const w of await window.go.workspace.API.List()) ids.push(...(await window.go.rag.API.List(w.id, '', 0, 500)).items.map((d) => d.id))
    return ids
  })

test('documents: the whole corpus and its broken files at once, each processed or refused with its reason', async () => {
  const app = await openApp()
  const { page } = app
  try {
    await nav(page, 'Documents')
    const before = await documentIds(page)
    const files = [...CORPUS_DOCS.map((f) => resolve(CORPUS, f)), ...[...Object.keys(BAD), ...BAD_BUT_READABLE].map((f) => resolve(CORPUS, 'bad', f))]
    await upload(page, files)
    for (const name of [...CORPUS_DOCS, ...BAD_BUT_READABLE]) {
      await waitStatus(page, name, 'completed')
      assert.match(await row(page, name).getByTestId('document-summary').textContent(), /^[1-9]\d* chunks?/, name)
    }
    for (const [name, reason] of Object.entries(BAD)) {
      await waitStatus(page, name, 'error')
      assert.match(await row(page, name).getByTestId('document-error').textContent(), reason, name)
    }
    // The Latin-1 file was decoded, not filled with replacement characters.
    await page.getByRole('textbox', { name: 'Search documents' }).fill('Curaçao')
    await page.getByRole('textbox', { name: 'Search documents' }).press('Enter')
    await page.getByTestId('hit-file').filter({ hasText: 'latin1.txt' }).first().waitFor()
    assert.deepEqual(app.errors, [])
    // The later tests expect the workspace as the first test left it.
    const added = (await documentIds(page)).filter((id) => !before.includes(id))
    await page.evaluate(async (ids) => {
      for (const id of ids) await window.go.rag.API.Delete(id)
    }, added)
  } finally {
    await app.close()
  }
})

// Seeds the OpenAI-compatible fake provider through the bound API (the
// Models page has its own test), as chat.test.mjs does.
async function seedProvider(page) {
  return page.evaluate(async (base) => {
    const api = window.go.models.API
    const existing = (await api.ListProviders()).find((p) => p.name === 'Chat E2E')
    const p = existing ?? (await api.AddProvider({ preset: 'openai', name: 'Chat E2E', baseUrl: base + '/openai/v1', keyEnv: '', apiKey: 'sk-chat-e2e-000011112222', clearKey: false, enabled: true }))
    const t = await api.TestProvider(p.id)
    await api.SetDefaults({ chatModelRef: 'openai:fake-chat', embeddingModelRef: '' })
    return t
  }, FAKE)
}

test('documents in chats: citation chip opens the passage, attach to a chat, hybrid search with fake-embed', { skip: !FAKE && 'BOOKBAG_E2E_FAKELLM not set' }, async () => {
  const app = await openApp()
  const { page } = app
  let restore = null
  try {
    const t = await seedProvider(page)
    assert.equal(t.ok, true, t.error)
    await page.reload()
    await page.getByTestId('app-shell').waitFor()

    // The workspace has the MPL (the test above added it; adding it again is a no-op).
    await nav(page, 'Documents')
    await upload(page, [resolve(CORPUS, 'mpl-2.0.txt')])
    await waitStatus(page, 'mpl-2.0.txt', 'completed')

    // Ask in a chat: the answer cites a source; its chip opens the passage.
    await nav(page, 'Chats')
    await page.getByRole('button', { name: 'New chat' }).click()
    const box = page.getByRole('textbox', { name: 'Message', exact: true })
    await box.fill('What does Covered Software mean in the Mozilla Public License?')
    await box.press('Enter')
    await page.locator('article[aria-label="Answer"][data-status="complete"]').last().waitFor({ timeout: 30_000 })
    const answer = page.getByRole('article', { name: 'Answer' }).last()
    assert.match(await answer.textContent(), /According to the sources, see \[?1/)
    const chip = answer.getByRole('button', { name: /^Source 1: / })
    await chip.click()
    const panel = page.getByRole('complementary', { name: 'Source' })
    await panel.waitFor()
    assert.equal(await panel.getByTestId('citation-file').textContent(), 'mpl-2.0.txt')
    assert.match(await panel.getByTestId('citation-text').textContent(), /Covered Software/)
    await panel.getByRole('button', { name: 'Open file' }).waitFor() // (not clicked: it starts the system viewer)
    // In a small window (800x600) the passage leaves the chat room to read.
    await page.setViewportSize({ width: 800, height: 600 })
    const chatWidth = await page.getByTestId('message-list').evaluate((el) => el.clientWidth)
    assert.ok(chatWidth >= 280, `the chat is ${chatWidth}px wide beside the source panel`)
    await page.setViewportSize({ width: 1280, height: 860 })
    await panel.getByRole('button', { name: 'Close source' }).click()

    // Attach a document to this chat only: the header lists it.
    await page.getByTestId('chat-document-input').setInputFiles(resolve(CORPUS, 'go-godebug.md'))
    const badge = page.getByRole('button', { name: 'Attached documents (1)' })
    await badge.waitFor()
    await badge.click()
    const attached = page.getByRole('list', { name: 'Documents attached to this chat' })
    await attached.getByRole('listitem', { name: 'go-godebug.md' }).getByTestId('document-summary').filter({ hasText: /\d+ chunks/ }).waitFor({ timeout: INGEST })
    // Removing it asks first, then takes it out of the chat (the badge goes with the last one).
    await attached.getByRole('button', { name: 'Delete go-godebug.md' }).click()
    const ask = page.getByRole('alertdialog')
    assert.match(await ask.textContent(), /Remove go-godebug\.md from this chat\?/)
    await ask.getByRole('button', { name: 'Remove' }).click()
    await attached.getByRole('listitem', { name: 'go-godebug.md' }).waitFor({ state: 'detached' })
    await page.keyboard.press('Escape')
    await badge.waitFor({ state: 'detached' })

    // Hybrid: fakellm's fake-embed becomes the app's default embedding
    // model, which keyword-only workspaces adopt at once (hybrid by default).
    const ref = await page.evaluate(async () => {
      const models = await window.go.models.API.ListModels('')
      const m = models.find((x) => x.name === 'fake-embed' && x.embedding && x.providerName === 'Chat E2E') ?? models.find((x) => x.name === 'fake-embed')
      return m ? m.ref : ''
    })
    assert.ok(ref, 'fake-embed is listed')
    restore = await page.evaluate(async (ref) => {
      const defaults = await window.go.models.API.Defaults()
      await window.go.models.API.SetDefaults({ ...defaults, embeddingModelRef: ref })
      const wsId = (await window.go.workspace.API.List()).find((w) => w.isDefault).id
      return { defaults, settings: await window.go.workspace.API.Settings(wsId) }
    }, ref)
    await nav(page, 'Chats')
    await nav(page, 'Documents')
    const status = page.getByTestId('index-status')
    await page.locator('[data-testid="index-status"][data-mode="hybrid"]').waitFor()
    assert.match(await status.textContent(), /Hybrid search: fake-embed/)
    // The chunks indexed before the change get vectors: the workspace
    // re-embeds them in the background, with progress in the status line.
    // (Re-embed by hand only if no pass seems to run.)
    const reembed = page.getByTestId('reembed-progress')
    await reembed.waitFor({ state: 'hidden', timeout: 15_000 }).catch(async () => {
      await reembed.getByRole('button', { name: 'Re-embed' }).click({ timeout: 2_000 }).catch(() => {})
    })
    await reembed.waitFor({ state: 'hidden', timeout: INGEST })

    await page.getByRole('textbox', { name: 'Search documents' }).fill('Covered Software')
    await page.getByRole('textbox', { name: 'Search documents' }).press('Enter')
    await page.getByTestId('search-summary').filter({ hasText: 'hybrid (keywords + vectors)' }).waitFor()
    const vectors = await page.getByTestId('score-vector').allTextContents()
    assert.ok(vectors.some((v) => /^\d\.\d{3}$/.test(v)), `a hit has a vector part: ${vectors.join(', ')}`)

    // The search check asks look-ups made from these passages by keywords,
    // by fake-embed and by the hybrid search chats use, and says how each did.
    const check = page.getByTestId('search-check')
    await check.getByRole('button', { name: 'Check search' }).click()
    await page.locator('[data-testid="search-check"][data-state="ok"], [data-testid="search-check"][data-state="weak"]').waitFor({ timeout: 30_000 })
    assert.match(await check.getByTestId('search-check-message').textContent(), /^Hybrid search found \d+ of \d+ look-ups in its top 5/)
    for (const id of ['keyword', 'vector', 'hybrid']) {
      assert.match(await check.getByTestId(`check-${id}`).textContent(), /^\d+ of \d+$/, id)
    }
    const [kw, total] = (await check.getByTestId('check-keyword').textContent()).split(' of ').map(Number)
    assert.ok(total > 0 && kw > 0, `keywords found ${kw} of ${total}`)
    if (process.env.BOOKBAG_E2E_SHOTS) await page.screenshot({ path: `${process.env.BOOKBAG_E2E_SHOTS}/documents-search-check.png` })

    assert.deepEqual(app.errors, [])
  } finally {
    if (restore) {
      await page
        .evaluate(async (r) => {
          await window.go.models.API.SetDefaults(r.defaults)
          await window.go.workspace.API.UpdateSettings(r.settings)
        }, restore)
        .catch(() => {})
    }
    await app.close()
  }
})
