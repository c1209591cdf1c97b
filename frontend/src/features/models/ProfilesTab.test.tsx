import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { modelsApi, type ParamSupport, type Profile } from '@/api'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { ModelsPage } from './ModelsPage'
import { fromForm, toForm } from './profileForm'
import { resetModelsStore } from './store'
import { bus, model, presets } from './testApi'

vi.mock('@/api', async () => (await import('@/features/models/testApi')).modelsFakeApiModule())

const api = vi.mocked(modelsApi)
const yes = { supported: true }
const anthropic: ParamSupport = {
  temperature: { supported: false, note: "Anthropic's current API has no temperature setting" },
  topP: { supported: false, note: "Anthropic's current API has no top_p setting" },
  maxTokens: yes,
  contextLength: { supported: false, note: 'the context length is fixed by the server for this provider' },
  reasoningEffort: yes,
  think: yes,
  efforts: ['low', 'medium', 'high', 'xhigh', 'max'],
}

const profile = (over: Partial<Profile> = {}): Profile => ({
  id: 'pr1',
  workspaceId: '',
  name: 'Precise',
  temperature: 0,
  reasoningEffort: '',
  systemPrompt: '',
  updatedAt: 1,
  ...over,
})

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  resetModelsStore()
  api.presets.mockResolvedValue(presets)
  api.listProfiles.mockResolvedValue([])
  api.enabledModels.mockResolvedValue([])
  api.saveProfile.mockImplementation(async (p) => ({ ...p, id: p.id || 'new-id' }))
  useWorkspaceStore.setState({ workspaces: [{ id: 'w1', name: 'Research', icon: '', color: '', isDefault: true, archivedAt: 0, createdAt: 1, updatedAt: 1 }], currentId: 'w1' })
})

async function openProfiles() {
  const user = userEvent.setup()
  render(<ModelsPage />)
  await user.click(await screen.findByRole('tab', { name: 'Profiles' }))
  return user
}

describe('profile form', () => {
  it('keeps 0 as 0 and turns empty fields into the model default', () => {
    const f = { ...toForm(null), name: 'Zero', temperature: '0', maxTokens: '' }
    const { profile: p } = fromForm(f, { id: '', workspaceId: 'w1' })
    expect(p?.temperature).toBe(0)
    expect(p?.maxTokens).toBeUndefined()
    expect(p?.think).toBeUndefined()
    expect(p?.workspaceId).toBe('')
    expect(toForm(profile({ temperature: 0, think: false })).temperature).toBe('0')
    expect(toForm(profile({ think: false })).think).toBe('off')
  })

  it('reports values out of range', () => {
    const { profile: p, errors } = fromForm({ ...toForm(null), name: 'x', temperature: '3', topP: '0', maxTokens: '1.5' }, { id: '', workspaceId: '' })
    expect(p).toBeUndefined()
    expect(errors.temperature).toMatch(/0 to 2/)
    expect(errors.topP).toMatch(/above 0/)
    expect(errors.maxTokens).toMatch(/whole number/)
  })
})

describe('Profiles', () => {
  it('creates a workspace profile that keeps temperature 0', async () => {
    const user = await openProfiles()
    await user.click(screen.getByRole('button', { name: 'New profile' }))
    const dialog = await screen.findByRole('dialog')
    await user.type(within(dialog).getByLabelText('Name'), 'Deterministic')
    await user.click(within(dialog).getByRole('radio', { name: 'Only in Research' }))
    await user.type(within(dialog).getByLabelText('Temperature'), '0')
    await user.type(within(dialog).getByLabelText('Max output tokens'), '1024')
    await user.click(within(dialog).getByRole('radio', { name: 'Off' }))
    await user.selectOptions(within(dialog).getByLabelText('Reasoning effort'), 'high')
    await user.type(within(dialog).getByLabelText('System prompt'), 'Be brief.')
    await user.click(within(dialog).getByRole('button', { name: 'Save profile' }))
    await waitFor(() => expect(api.saveProfile).toHaveBeenCalled())
    const saved = api.saveProfile.mock.calls[0][0]
    expect(saved).toMatchObject({ id: '', workspaceId: 'w1', name: 'Deterministic', temperature: 0, maxTokens: 1024, think: false, reasoningEffort: 'high', systemPrompt: 'Be brief.' })
    expect(saved.topP).toBeUndefined()
    expect(saved.contextLength).toBeUndefined()
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
  })

  it('ties a missing name to its field, so a screen reader hears why Save did nothing', async () => {
    const user = await openProfiles()
    await user.click(screen.getByRole('button', { name: 'New profile' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'Save profile' }))
    const name = within(dialog).getByLabelText('Name')
    expect(name).toHaveAttribute('aria-invalid', 'true')
    expect(name).toHaveAccessibleDescription('Give the profile a name')
    expect(api.saveProfile).not.toHaveBeenCalled()
  })

  it('greys out parameters the chosen model does not take, with the reason, and keeps their values', async () => {
    api.listProfiles.mockResolvedValue([profile()])
    api.enabledModels.mockResolvedValue([model({ providerName: 'Anthropic', name: 'claude-sonnet-4-5', ref: 'anthropic:claude-sonnet-4-5' })])
    api.paramSupport.mockResolvedValue(anthropic)
    const user = await openProfiles()
    const card = await screen.findByRole('article', { name: 'Precise' })
    expect(card).toHaveTextContent('temperature 0')
    await user.click(within(card).getByRole('button', { name: 'Edit' }))
    const dialog = await screen.findByRole('dialog')
    const temp = within(dialog).getByLabelText('Temperature')
    expect(temp).toHaveValue(0)
    await user.selectOptions(within(dialog).getByLabelText('Check against a model'), 'anthropic:claude-sonnet-4-5')
    expect(api.paramSupport).toHaveBeenCalledWith('anthropic:claude-sonnet-4-5')

    const field = temp.closest('[data-param]') as HTMLElement
    await waitFor(() => expect(field).toHaveAttribute('data-applicable', 'false'))
    expect(field).toHaveTextContent('Not applicable')
    expect(field).toHaveTextContent("Anthropic's current API has no temperature setting")
    expect(field).toHaveTextContent('Kept in the profile, but not sent to claude-sonnet-4-5')
    expect(temp).toHaveAccessibleDescription(expect.stringContaining('no temperature setting'))
    // the field is faded, its reason is not: muted text faded to 60 % read at 2.6:1
    expect(within(field).getByText(/no temperature setting/).closest('.opacity-60')).toBeNull()
    expect(within(field).getByText('Not applicable').closest('.opacity-60')).toBeNull()
    expect(temp.closest('.opacity-60')).not.toBeNull()
    const maxTokens = within(dialog).getByLabelText('Max output tokens').closest('[data-param]')
    expect(maxTokens).toHaveAttribute('data-applicable', 'true')
    // Efforts follow the model.
    expect(within(within(dialog).getByLabelText('Reasoning effort')).getByRole('option', { name: 'xhigh' })).toBeInTheDocument()

    await user.click(within(dialog).getByRole('button', { name: 'Save profile' }))
    await waitFor(() => expect(api.saveProfile).toHaveBeenCalledWith(expect.objectContaining({ id: 'pr1', temperature: 0 })))
  })

  it('asks before deleting a profile', async () => {
    api.listProfiles.mockResolvedValue([profile()])
    const user = await openProfiles()
    const card = await screen.findByRole('article', { name: 'Precise' })
    await user.click(within(card).getByRole('button', { name: 'Delete' }))
    const ask = await screen.findByRole('alertdialog')
    expect(api.deleteProfile).not.toHaveBeenCalled()
    await user.click(within(ask).getByRole('button', { name: 'Delete profile' }))
    await waitFor(() => expect(api.deleteProfile).toHaveBeenCalledWith('pr1'))
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Precise' })).not.toBeInTheDocument())
  })

  it('lists personal and this workspace’s profiles', async () => {
    await openProfiles()
    expect(api.listProfiles).toHaveBeenCalledWith('w1')
  })
})
