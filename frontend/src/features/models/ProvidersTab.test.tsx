import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { appApi, modelsApi } from '@/api'
import { useAppStore } from '@/features/app/store'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { bootstrap } from '@/test/fakeApi'
import { ModelsPage } from './ModelsPage'
import { resetModelsStore } from './store'
import { bus, model, presets, provider } from './testApi'

vi.mock('@/api', async () => (await import('@/features/models/testApi')).modelsFakeApiModule())

const api = vi.mocked(modelsApi)

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  resetModelsStore()
  api.presets.mockResolvedValue(presets)
  api.keychain.mockResolvedValue({ available: true, reason: '' })
  api.listProviders.mockResolvedValue([])
  api.listModels.mockResolvedValue([])
  api.enabledModels.mockResolvedValue([])
  useAppStore.setState({ status: 'ready', boot: bootstrap({ firstRun: true }), page: 'models', error: '' })
  useWorkspaceStore.setState({ workspaces: [{ id: 'w1', name: 'Personal', icon: '', color: '', isDefault: true, archivedAt: 0, createdAt: 1, updatedAt: 1 }], currentId: 'w1' })
})

describe('Providers', () => {
  it('adds a provider, then tests it and shows the result', async () => {
    const user = userEvent.setup()
    const created = provider({ id: 'p9', name: 'Work OpenAI', key: { source: 'keychain', hint: '…1234' } })
    api.addProvider.mockImplementation(async () => {
      api.listProviders.mockResolvedValue([created])
      return created
    })
    api.testProvider.mockResolvedValue({ ok: true, latencyMs: 123, models: 12, error: '', code: '' })
    render(<ModelsPage />)

    await user.click(await screen.findByRole('button', { name: 'Add provider' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'OpenAI' }))
    // Prefilled from the preset.
    expect(within(dialog).getByLabelText('Base URL')).toHaveValue('https://api.openai.com/v1')
    expect(within(dialog).getByLabelText('Or read the key from environment variable')).toHaveValue('OPENAI_API_KEY')
    // Where to get a key opens in the system browser (the webview opens no windows).
    await user.click(within(dialog).getByRole('link', { name: 'https://platform.openai.com/api-keys' }))
    expect(appApi.openLink).toHaveBeenCalledWith('https://platform.openai.com/api-keys')
    const key = within(dialog).getByLabelText('API key')
    expect(key).toHaveAttribute('type', 'password')

    await user.clear(within(dialog).getByLabelText('Name'))
    await user.type(within(dialog).getByLabelText('Name'), 'Work OpenAI')
    await user.type(key, 'sk-test-1234')
    await user.click(within(dialog).getByRole('button', { name: 'Save and test' }))

    await waitFor(() => expect(api.testProvider).toHaveBeenCalledWith('p9'))
    expect(api.addProvider).toHaveBeenCalledWith({
      preset: 'openai',
      name: 'Work OpenAI',
      baseUrl: 'https://api.openai.com/v1',
      keyEnv: 'OPENAI_API_KEY',
      apiKey: 'sk-test-1234',
      clearKey: false,
      enabled: true,
    })
    expect(api.addProvider.mock.invocationCallOrder[0]).toBeLessThan(api.testProvider.mock.invocationCallOrder[0])
    expect(await within(dialog).findByText('OK · 123 ms · 12 models')).toBeInTheDocument()
    // The first provider ends the first-run screen.
    expect(useAppStore.getState().boot?.firstRun).toBe(false)

    await user.click(within(dialog).getByRole('button', { name: 'Done' }))
    const card = await screen.findByRole('article', { name: 'Work OpenAI' })
    expect(within(card).getByText('OK · 123 ms · 12 models')).toBeInTheDocument()
    expect(within(card).getByTestId('key-status')).toHaveTextContent('Key in keychain …1234')
  })

  it('shows why a test failed and lets the settings be changed without adding twice', async () => {
    const user = userEvent.setup()
    const created = provider({ id: 'p9' })
    api.addProvider.mockResolvedValue(created)
    api.updateProvider.mockResolvedValue(created)
    api.testProvider.mockResolvedValue({ ok: false, latencyMs: 40, models: 0, error: 'the API key was rejected by OpenAI', code: 'unauthorized' })
    render(<ModelsPage />)
    await user.click(await screen.findByRole('button', { name: 'Add provider' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'OpenAI' }))
    await user.click(within(dialog).getByRole('button', { name: 'Save and test' }))
    expect(await within(dialog).findByText('the API key was rejected by OpenAI')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Change settings' }))
    await user.type(within(dialog).getByLabelText('API key'), 'sk-better-key')
    await user.click(within(dialog).getByRole('button', { name: 'Save and test again' }))
    await waitFor(() => expect(api.updateProvider).toHaveBeenCalledWith('p9', expect.objectContaining({ apiKey: 'sk-better-key' })))
    expect(api.addProvider).toHaveBeenCalledTimes(1)
    expect(api.testProvider).toHaveBeenCalledTimes(2)
  })

  it('hides the key field of local servers until asked for', async () => {
    const user = userEvent.setup()
    render(<ModelsPage />)
    await user.click(await screen.findByRole('button', { name: 'Add provider' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'LM Studio' }))
    expect(within(dialog).queryByLabelText(/API key/)).not.toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'This server needs an API key' }))
    expect(within(dialog).getByLabelText(/API key/)).toBeInTheDocument()
  })

  it('shows where each key comes from, never more than its last 4 characters', async () => {
    api.listProviders.mockResolvedValue([
      provider({ id: 'a', name: 'Keychain one', key: { source: 'keychain', hint: '…WXYZ' } }),
      provider({ id: 'b', name: 'Env one', key: { source: 'env', hint: '…abcd' } }),
      provider({ id: 'c', name: 'Keyless', key: { source: 'none', hint: '' } }),
    ])
    render(<ModelsPage />)
    expect(within(await screen.findByRole('article', { name: 'Keychain one' })).getByTestId('key-status')).toHaveTextContent('Key in keychain …WXYZ')
    expect(within(screen.getByRole('article', { name: 'Env one' })).getByTestId('key-status')).toHaveTextContent('Key from $OPENAI_API_KEY')
    expect(within(screen.getByRole('article', { name: 'Keyless' })).getByTestId('key-status')).toHaveTextContent('No key')
  })

  it('says so when the keychain is unavailable and disables the key field', async () => {
    const user = userEvent.setup()
    api.keychain.mockResolvedValue({ available: false, reason: 'No system keychain answered.' })
    render(<ModelsPage />)
    const banner = await screen.findByRole('status', { name: 'Keychain unavailable' })
    expect(banner).toHaveTextContent('No system keychain answered.')
    expect(banner).toHaveTextContent(/keys can come from environment variables/i)
    await user.click(screen.getByRole('button', { name: 'Add provider' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'Anthropic' }))
    expect(within(dialog).getByLabelText('API key')).toBeDisabled()
    expect(within(dialog).getByLabelText('Or read the key from environment variable')).toHaveValue('ANTHROPIC_API_KEY')
  })

  it('lists models with capabilities and context, and switches one off', async () => {
    const user = userEvent.setup()
    api.listProviders.mockResolvedValue([provider()])
    api.listModels.mockResolvedValue([
      model({ name: 'fake-vision', vision: true, tools: true, contextLength: 8192 }),
      model({ name: 'fake-embed', embedding: true, dimensions: 256, contextLength: 2048 }),
      model({ name: 'qwen3:8b', contextLength: 32768, window: 8192 }),
    ])
    render(<ModelsPage />)
    const row = await screen.findByRole('listitem', { name: 'fake-vision' })
    expect(row).toHaveTextContent('vision')
    expect(row).toHaveTextContent('tools')
    expect(row).toHaveTextContent('8K context')
    expect(screen.getByRole('listitem', { name: 'fake-embed' })).toHaveTextContent('embedding')
    expect(screen.getByRole('listitem', { name: 'qwen3:8b' })).toHaveTextContent('8K of 32K context')
    expect(screen.getByText('8K of 32K context')).toHaveAttribute('title', expect.stringContaining("profile's Context length"))
    await user.click(within(row).getByRole('switch', { name: 'Use fake-vision' }))
    expect(api.setModelEnabled).toHaveBeenCalledWith('m-fake-vision', false)
  })

  it('folds a long model list', async () => {
    const user = userEvent.setup()
    api.listProviders.mockResolvedValue([provider()])
    api.listModels.mockResolvedValue(Array.from({ length: 10 }, (_, i) => model({ name: `model-${i}` })))
    render(<ModelsPage />)
    const list = await screen.findByRole('list', { name: 'OpenAI models' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(6)
    await user.click(screen.getByRole('button', { name: 'Show all 10 models' }))
    expect(within(list).getAllByRole('listitem')).toHaveLength(10)
  })

  it('asks before removing a provider', async () => {
    const user = userEvent.setup()
    api.listProviders.mockResolvedValue([provider()])
    render(<ModelsPage />)
    const card = await screen.findByRole('article', { name: 'OpenAI' })
    await user.click(within(card).getByRole('button', { name: 'Remove' }))
    const ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('Remove OpenAI?')
    expect(api.removeProvider).not.toHaveBeenCalled()
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }))
    expect(api.removeProvider).not.toHaveBeenCalled()
    await user.click(within(card).getByRole('button', { name: 'Remove' }))
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(api.removeProvider).toHaveBeenCalledWith('p1'))
    await waitFor(() => expect(screen.queryByRole('article', { name: 'OpenAI' })).not.toBeInTheDocument())
  })

  it('edits a provider: an empty key keeps the stored one, and the stored key can be removed', async () => {
    const user = userEvent.setup()
    const p = provider()
    api.listProviders.mockResolvedValue([p])
    api.updateProvider.mockImplementation(async () => {
      api.listProviders.mockResolvedValue([{ ...p, name: 'Renamed' }])
      return { ...p, name: 'Renamed' }
    })
    api.testProvider.mockResolvedValue({ ok: true, latencyMs: 1, models: 1, error: '', code: '' })
    render(<ModelsPage />)
    await user.click(within(await screen.findByRole('article', { name: 'OpenAI' })).getByRole('button', { name: 'Edit' }))
    let dialog = await screen.findByRole('dialog')
    // The name its models take beside another provider of the preset, kept across a rename.
    expect(within(dialog).getByTestId('provider-slug')).toHaveTextContent('openai@openai:…')
    expect(within(dialog).getByLabelText('API key')).toHaveValue('')
    expect(within(dialog).getByLabelText('API key')).toHaveAttribute('placeholder', expect.stringContaining('…WXYZ'))
    await user.clear(within(dialog).getByLabelText('Name'))
    await user.type(within(dialog).getByLabelText('Name'), 'Renamed')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(api.updateProvider).toHaveBeenCalledWith('p1', expect.objectContaining({ name: 'Renamed', apiKey: '', clearKey: false, enabled: true })),
    )
    await waitFor(() => expect(api.testProvider).toHaveBeenCalledWith('p1'))

    await user.click(within(await screen.findByRole('article', { name: 'Renamed' })).getByRole('button', { name: 'Edit' }))
    dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('checkbox', { name: 'Remove the stored key' }))
    expect(within(dialog).getByLabelText('API key')).toBeDisabled()
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(api.updateProvider).toHaveBeenLastCalledWith('p1', expect.objectContaining({ apiKey: '', clearKey: true })))
  })

  it('turns a provider off and back when the call fails', async () => {
    const user = userEvent.setup()
    api.listProviders.mockResolvedValue([provider()])
    api.setProviderEnabled.mockRejectedValueOnce({ code: 'internal', message: 'disk full' })
    render(<ModelsPage />)
    const card = await screen.findByRole('article', { name: 'OpenAI' })
    const sw = within(card).getByRole('switch', { name: 'Use provider OpenAI' })
    await user.click(sw)
    expect(api.setProviderEnabled).toHaveBeenCalledWith('p1', false)
    expect(await within(card).findByRole('alert')).toHaveTextContent('disk full')
    expect(sw).toBeChecked()
  })

  it('tests a provider from its card', async () => {
    const user = userEvent.setup()
    api.listProviders.mockResolvedValue([provider()])
    api.testProvider.mockResolvedValue({ ok: false, latencyMs: 3, models: 0, error: 'Ollama is not running at 127.0.0.1:11434', code: 'unavailable' })
    render(<ModelsPage />)
    const card = await screen.findByRole('article', { name: 'OpenAI' })
    await user.click(within(card).getByRole('button', { name: 'Test connection' }))
    expect(await within(card).findByText('Ollama is not running at 127.0.0.1:11434')).toBeInTheDocument()
  })

  it('pulls an Ollama model with progress from model:pull events, and cancels', async () => {
    const user = userEvent.setup()
    api.listProviders.mockResolvedValue([provider({ id: 'o1', preset: 'ollama', kind: 'ollama', name: 'Ollama', key: { source: 'none', hint: '' }, keyRequired: false, local: true })])
    render(<ModelsPage />)
    const card = await screen.findByRole('article', { name: 'Ollama' })
    await user.type(within(card).getByLabelText('Pull a model'), 'llama3.2:3b')
    await user.click(within(card).getByRole('button', { name: 'Pull' }))
    expect(api.pullModel).toHaveBeenCalledWith('o1', 'llama3.2:3b')

    const ev = { providerId: 'o1', model: 'llama3.2:3b', status: 'pulling abc', completed: 0, total: 0, done: false, error: '' }
    bus.emit('model:pull', { ...ev, completed: 500_000_000, total: 2_000_000_000 })
    const bar = await within(card).findByRole('progressbar', { name: 'Downloading llama3.2:3b' })
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '25'))
    expect(within(card).getByText('500 MB of 2.0 GB · 25%')).toBeInTheDocument()
    // A status-only line keeps the byte counts.
    bus.emit('model:pull', { ...ev, status: 'verifying sha256 digest' })
    expect(await within(card).findByText('Verifying sha256 digest')).toBeInTheDocument()
    expect(within(card).getByText('500 MB of 2.0 GB · 25%')).toBeInTheDocument()

    await user.click(within(card).getByRole('button', { name: 'Cancel' }))
    expect(api.cancelPull).toHaveBeenCalledWith('o1', 'llama3.2:3b')
    bus.emit('model:pull', { ...ev, status: 'canceled', error: 'download canceled', done: true })
    expect(await within(card).findByText('Download canceled')).toBeInTheDocument()
  })

  it('shows a finished pull at 100% and refetches the models', async () => {
    const user = userEvent.setup()
    api.listProviders.mockResolvedValue([provider({ id: 'o1', preset: 'ollama', kind: 'ollama', name: 'Ollama', key: { source: 'none', hint: '' } })])
    render(<ModelsPage />)
    const card = await screen.findByRole('article', { name: 'Ollama' })
    await user.type(within(card).getByLabelText('Pull a model'), 'fake-new')
    await user.click(within(card).getByRole('button', { name: 'Pull' }))
    api.listModels.mockResolvedValue([model({ providerId: 'o1', name: 'fake-new', ref: 'ollama:fake-new' })])
    bus.emit('model:pull', { providerId: 'o1', model: 'fake-new', status: 'pulling', completed: 1, total: 4, done: false, error: '' })
    bus.emit('model:pull', { providerId: 'o1', model: 'fake-new', status: 'success', completed: 0, total: 0, done: true, error: '' })
    expect(await within(card).findByText('fake-new is ready')).toBeInTheDocument()
    expect(within(card).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
    expect(await within(card).findByRole('listitem', { name: 'fake-new' })).toBeInTheDocument()
  })

  it('deletes a local model only after confirmation', async () => {
    const user = userEvent.setup()
    api.listProviders.mockResolvedValue([provider({ id: 'o1', preset: 'ollama', kind: 'ollama', name: 'Ollama' })])
    api.listModels.mockResolvedValue([model({ providerId: 'o1', name: 'llama3.2:3b' })])
    render(<ModelsPage />)
    await user.click(await screen.findByRole('button', { name: 'Delete llama3.2:3b' }))
    const ask = await screen.findByRole('alertdialog')
    expect(api.deleteLocalModel).not.toHaveBeenCalled()
    await user.click(within(ask).getByRole('button', { name: 'Delete model' }))
    await waitFor(() => expect(api.deleteLocalModel).toHaveBeenCalledWith('o1', 'llama3.2:3b'))
  })

  it('sets the default chat and embedding models from enabled models', async () => {
    const user = userEvent.setup()
    api.listProviders.mockResolvedValue([provider()])
    api.enabledModels.mockResolvedValue([model({ name: 'fake-chat' }), model({ name: 'fake-embed', ref: 'openai:fake-embed@256', embedding: true })])
    render(<ModelsPage />)
    const chat = await screen.findByLabelText('Default chat model')
    await waitFor(() => expect(within(chat).getAllByRole('option')).toHaveLength(2))
    // Unset is not "None": new chats take the first enabled chat model, and the choice says so.
    expect(chat).toHaveDisplayValue('Automatic: first enabled (fake-chat)')
    const embed = screen.getByLabelText('Default embedding model')
    expect(within(embed).queryByRole('option', { name: 'fake-chat' })).not.toBeInTheDocument()
    await user.selectOptions(chat, 'openai:fake-chat')
    expect(api.setDefaults).toHaveBeenCalledWith({ chatModelRef: 'openai:fake-chat', embeddingModelRef: '' })
    await user.selectOptions(embed, 'openai:fake-embed@256')
    expect(api.setDefaults).toHaveBeenLastCalledWith({ chatModelRef: 'openai:fake-chat', embeddingModelRef: 'openai:fake-embed@256' })
  })

  it('refetches providers on data:changed', async () => {
    render(<ModelsPage />)
    await screen.findByText('Connect your first model')
    api.listProviders.mockResolvedValue([provider({ name: 'From elsewhere' })])
    bus.emit('data:changed', { workspaceId: '', tables: ['providers'] })
    expect(await screen.findByRole('article', { name: 'From elsewhere' })).toBeInTheDocument()
  })
})

describe('Providers empty state', () => {
  it('offers one Add provider button, and none before the list is read', async () => {
    let answer: (v: never[]) => void = () => {}
    api.listProviders.mockReturnValue(new Promise((r) => (answer = r)))
    render(<ModelsPage />)
    await waitFor(() => expect(api.listProviders).toHaveBeenCalled())
    expect(screen.queryByRole('button', { name: 'Add provider' })).toBeNull()
    answer([])
    expect(await screen.findByText('Connect your first model')).toBeInTheDocument()
    expect(screen.getAllByRole('button', { name: 'Add provider' })).toHaveLength(1)
  })
})
