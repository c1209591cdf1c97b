import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { appApi, ApiError, onEvent, updateApi, type UpdateApplied, type UpdateCheck, type UpdateProgress } from '@/api'
import { UpdatesCard } from './UpdatesCard'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

function check(over: Partial<UpdateCheck> = {}): UpdateCheck {
  return {
    enabled: true, current: '1.0.0', channel: 'stable', available: true, version: '1.1.0', notes: 'Faster search.', releasedAt: '',
    kind: 'binary', size: 20 << 20, packageManaged: false, packageUrl: '', message: 'BookBag 1.1.0 is out.', checkedAt: 1, ...over,
  }
}

beforeEach(() => vi.clearAllMocks())

/** startInstall checks, starts an install whose apply answers with applied, and hands back a way to send update:progress. */
async function startInstall(applied: Promise<UpdateApplied>) {
  let handler: (p: UpdateProgress) => void = () => {}
  vi.mocked(onEvent).mockImplementation(((name: string, h: (p: UpdateProgress) => void) => {
    if (name === 'update:progress') handler = h
    return () => {}
  }) as typeof onEvent)
  vi.mocked(updateApi.check).mockResolvedValue(check())
  vi.mocked(updateApi.apply).mockReturnValue(applied)
  render(<UpdatesCard />)
  const user = userEvent.setup()
  await user.click(screen.getByRole('button', { name: 'Check now' }))
  await user.click(await screen.findByRole('button', { name: 'Install 1.1.0 (20 MB)' }))
  return { user, progress: (p: UpdateProgress) => act(() => handler(p)) }
}

describe('UpdatesCard', () => {
  it('checks, installs and offers a restart', async () => {
    vi.mocked(updateApi.check).mockResolvedValue(check())
    vi.mocked(updateApi.apply).mockResolvedValue({ applied: true, version: '1.1.0', packageUrl: '', restartNeeded: true, message: 'BookBag 1.1.0 is installed: restart to use it.' })
    render(<UpdatesCard />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Check now' }))
    expect(await screen.findByText('BookBag 1.1.0 is out.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Install 1.1.0 (20 MB)' }))
    expect(await screen.findByText('BookBag 1.1.0 is installed: restart to use it.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Restart now' }))
    expect(appApi.restart).toHaveBeenCalled()
  })

  it('shows the download as it comes, offers Cancel until the program is replaced, and says a cancel changed nothing', async () => {
    let fail: (e: unknown) => void = () => {}
    const { user, progress } = await startInstall(new Promise<UpdateApplied>((_, reject) => (fail = reject)))
    expect(screen.getByText('Checking the update again…')).toBeInTheDocument()
    progress({ stage: 'download', done: 5 << 20, total: 20 << 20 })
    expect(screen.getByText('Downloading 5.0 MB of 20 MB')).toBeInTheDocument()
    expect(screen.getByRole('progressbar', { name: 'Update progress' })).toHaveAttribute('aria-valuenow', '25')
    expect(screen.getByRole('button', { name: 'Check now' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(updateApi.cancel).toHaveBeenCalled()
    await act(async () => fail(new ApiError('canceled', 'the update was cancelled; nothing was changed')))
    expect(await screen.findByText('the update was cancelled; nothing was changed')).toBeInTheDocument()
    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Install 1.1.0 (20 MB)' })).toBeEnabled()
  })

  it('offers no Cancel once the program is being replaced', async () => {
    const { progress } = await startInstall(new Promise<UpdateApplied>(() => {}))
    progress({ stage: 'install', done: 20 << 20, total: 20 << 20 })
    expect(screen.getByText('Installing…')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull()
  })

  it('holds the channel and Restart while a check or install runs', async () => {
    let answer: (c: UpdateCheck) => void = () => {}
    vi.mocked(updateApi.check).mockReturnValue(new Promise((resolve) => (answer = resolve)))
    render(<UpdatesCard />)
    const user = userEvent.setup()
    const beta = await screen.findByRole('radio', { name: 'Beta' })
    await user.click(screen.getByRole('button', { name: 'Check now' }))
    expect(beta).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Check now' })).toBeDisabled()
    await user.click(beta)
    expect(updateApi.setSettings).not.toHaveBeenCalled()
    answer(check())
    expect(await screen.findByText('BookBag 1.1.0 is out.')).toBeInTheDocument()
    expect(beta).toBeEnabled()
  })

  it('shows the package link for a package-managed install instead of installing', async () => {
    vi.mocked(updateApi.check).mockResolvedValue(check({ packageManaged: true, packageUrl: 'https://x.org/bookbag_1.1.0_amd64.deb', message: 'It was installed as a package.' }))
    render(<UpdatesCard />)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Check now' }))
    const link = await screen.findByRole('link', { name: 'https://x.org/bookbag_1.1.0_amd64.deb' })
    expect(screen.queryByRole('button', { name: /Install/ })).toBeNull()
    // The webview opens no window for a link: it goes to the system browser.
    await user.click(link)
    expect(appApi.openLink).toHaveBeenCalledWith('https://x.org/bookbag_1.1.0_amd64.deb')
  })

  it('shows a refusal and switches channel', async () => {
    vi.mocked(updateApi.check).mockRejectedValue({ code: 'invalid', message: "the update was refused: the update manifest's signature does not verify against the trusted key; nothing was changed" })
    render(<UpdatesCard />)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('radio', { name: 'Beta' }))
    expect(updateApi.setSettings).toHaveBeenCalledWith({ channel: 'beta', url: '', publicKey: '' })
    await user.click(screen.getByRole('button', { name: 'Check now' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/signature does not verify/)
  })
})
