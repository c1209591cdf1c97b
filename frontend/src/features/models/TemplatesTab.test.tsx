import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { modelsApi, type Template } from '@/api'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { ModelsPage } from './ModelsPage'
import { resetModelsStore } from './store'
import { bus, presets } from './testApi'
import { templateVariables } from './templateVars'

vi.mock('@/api', async () => (await import('@/features/models/testApi')).modelsFakeApiModule())

const api = vi.mocked(modelsApi)
const tpl = (over: Partial<Template> = {}): Template => ({
  id: 't1',
  workspaceId: 'w1',
  name: 'Summarise',
  body: 'Summarise {{text}} in {{ words }} words.',
  variables: ['text', 'words'],
  updatedAt: 1,
  ...over,
})

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  resetModelsStore()
  api.presets.mockResolvedValue(presets)
  api.listTemplates.mockResolvedValue([])
  api.saveTemplate.mockImplementation(async (t) => ({ ...t, id: t.id || 't-new' }))
  useWorkspaceStore.setState({ workspaces: [], currentId: 'w1' })
})

async function openTemplates() {
  const user = userEvent.setup()
  render(<ModelsPage />)
  await user.click(await screen.findByRole('tab', { name: 'Templates' }))
  return user
}

describe('templateVariables', () => {
  it('finds variables in order of first use, like the Go side', () => {
    expect(templateVariables('{{a}} {{ b }} {{a}} {{1x}} {{first name}} {{}}')).toEqual(['a', 'b', 'first name'])
  })
})

describe('Templates', () => {
  it('shows detected variables while the body is typed, and saves', async () => {
    const user = await openTemplates()
    await user.click(screen.getByRole('button', { name: 'New template' }))
    const dialog = await screen.findByRole('dialog')
    await user.type(within(dialog).getByLabelText('Name'), 'Translate')
    const body = within(dialog).getByLabelText('Text')
    // user-event treats { and [ as key descriptors: {{ types one {.
    await user.type(body, 'Translate {{{{text}} into {{{{ language }}.')
    const vars = within(dialog).getByRole('list', { name: 'Variables' })
    expect(within(vars).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['text', 'language'])
    await user.click(within(dialog).getByRole('button', { name: 'Save template' }))
    await waitFor(() =>
      expect(api.saveTemplate).toHaveBeenCalledWith(
        expect.objectContaining({ id: '', workspaceId: '', name: 'Translate', body: 'Translate {{text}} into {{ language }}.' }),
      ),
    )
  })

  it('fills the variables in a small form and previews the result', async () => {
    api.listTemplates.mockResolvedValue([tpl()])
    api.renderTemplate.mockResolvedValue('Summarise the report in 50 words.')
    const user = await openTemplates()
    const card = await screen.findByRole('article', { name: 'Summarise' })
    await user.click(within(card).getByRole('button', { name: 'Try it' }))
    const dialog = await screen.findByRole('dialog')
    await user.type(within(dialog).getByLabelText('text'), 'the report')
    await user.type(within(dialog).getByLabelText('words'), '50')
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }))
    expect(api.renderTemplate).toHaveBeenCalledWith('t1', { text: 'the report', words: '50' })
    expect(await within(dialog).findByLabelText('Preview')).toHaveTextContent('Summarise the report in 50 words.')
  })

  it('shows why a preview failed', async () => {
    api.listTemplates.mockResolvedValue([tpl()])
    api.renderTemplate.mockRejectedValue({ code: 'invalid', message: 'fill in words' })
    const user = await openTemplates()
    await user.click(within(await screen.findByRole('article', { name: 'Summarise' })).getByRole('button', { name: 'Try it' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('fill in words')
  })

  it('asks before deleting a template', async () => {
    api.listTemplates.mockResolvedValue([tpl()])
    const user = await openTemplates()
    const card = await screen.findByRole('article', { name: 'Summarise' })
    await user.click(within(card).getByRole('button', { name: 'Delete' }))
    const ask = await screen.findByRole('alertdialog')
    expect(api.deleteTemplate).not.toHaveBeenCalled()
    await user.click(within(ask).getByRole('button', { name: 'Delete template' }))
    await waitFor(() => expect(api.deleteTemplate).toHaveBeenCalledWith('t1'))
  })
})
