import { useState } from 'react'
import { Loader2, Upload, UserPlus } from 'lucide-react'
import { errorMessage, syncApi, toApiError, type SyncSignInResult, type SyncStatus } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { useSyncStore } from './store'

interface Props {
  /** The workspace to upload as a new shared workspace. */
  workspaceId: string
  workspaceName: string
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Called after linking, with the linked workspace (a joined one is new here). */
  onLinked?: (status: SyncStatus) => void
}

/**
 * ShareDialog is "Share with a server": sign in (server address, email,
 * password), then upload this workspace as a new shared one, or join a
 * workspace the user was invited to.
 */
export function ShareDialog({ workspaceId, workspaceName, open, onOpenChange, onLinked }: Props) {
  const [server, setServer] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [signedIn, setSignedIn] = useState<SyncSignInResult | null>(null)
  const [busy, setBusy] = useState('')
  const [error, setError] = useState('')

  const close = (o: boolean) => {
    if (!o) {
      setSignedIn(null)
      setPassword('')
      setError('')
    }
    onOpenChange(o)
  }

  const signIn = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy('signin')
    setError('')
    try {
      setSignedIn(await syncApi.signIn({ serverUrl: server, email, password }))
      setPassword('')
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy('')
    }
  }

  const link = async (key: string, f: (session: string) => Promise<SyncStatus>) => {
    if (!signedIn) return
    setBusy(key)
    setError('')
    try {
      const st = await f(signedIn.session)
      useSyncStore.getState().set(st)
      onLinked?.(st)
      close(false)
    } catch (err) {
      // The sign-in expired (it waits a few minutes) or the server ended
      // it: back to the form, which says so, to sign in again.
      if (toApiError(err).code === 'unauthorized') setSignedIn(null)
      setError(errorMessage(err))
    } finally {
      setBusy('')
    }
  }

  const others = signedIn?.workspaces.filter((w) => !w.linked && w.id !== workspaceId) ?? []
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Share with a server</DialogTitle>
          <DialogDescription>
            {signedIn
              ? `Signed in as ${signedIn.account.displayName || signedIn.account.email} on ${signedIn.serverUrl}.`
              : 'Sign in to your office’s BookBag server to share this workspace or join one you were invited to.'}
          </DialogDescription>
        </DialogHeader>
        {!signedIn ? (
          <form onSubmit={signIn} className="grid gap-3" aria-label="Sign in to a server">
            <div className="grid gap-1.5">
              <Label htmlFor="sync-server">Server address</Label>
              <Input id="sync-server" placeholder="https://bookbag.example.com" value={server} onChange={(e) => setServer(e.target.value)} autoFocus />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="sync-email">Email</Label>
              <Input id="sync-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="sync-password">Password</Label>
              <Input id="sync-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
            {error && (
              <p role="alert" className="text-sm text-destructive">
                {error}
              </p>
            )}
            <DialogFooter>
              <Button type="submit" disabled={!!busy || !server || !email || !password}>
                {busy === 'signin' && <Loader2 className="animate-spin" />} Sign in
              </Button>
            </DialogFooter>
          </form>
        ) : (
          <div className="grid gap-4">
            <section className="grid gap-2">
              <h3 className="text-sm font-medium">Share this workspace</h3>
              <Button
                variant="outline"
                className="justify-start"
                disabled={!!busy}
                onClick={() => void link('upload', (s) => syncApi.createShared(s, workspaceId))}
              >
                {busy === 'upload' ? <Loader2 className="animate-spin" /> : <Upload />} Upload “{workspaceName}” as a new shared workspace
              </Button>
            </section>
            <section className="grid gap-2" aria-label="Invitations">
              <h3 className="text-sm font-medium">Join a shared workspace</h3>
              {signedIn.invitations.length === 0 && others.length === 0 && (
                <p className="text-sm text-muted-foreground">No invitations for {signedIn.account.email}.</p>
              )}
              {signedIn.invitations.map((inv) => (
                <Button
                  key={inv.id}
                  variant="outline"
                  className="justify-start"
                  disabled={!!busy}
                  onClick={() => void link(inv.id, (s) => syncApi.join(s, inv.id))}
                >
                  {busy === inv.id ? <Loader2 className="animate-spin" /> : <UserPlus />} Join “{inv.workspaceName}” as {inv.role}
                </Button>
              ))}
              {others.map((w) => (
                <Button
                  key={w.id}
                  variant="outline"
                  className="justify-start"
                  disabled={!!busy}
                  onClick={() => void link(w.id, (s) => syncApi.join(s, '', w.id))}
                >
                  {busy === w.id ? <Loader2 className="animate-spin" /> : <UserPlus />} Open “{w.name}” on this computer
                </Button>
              ))}
            </section>
            {error && (
              <p role="alert" className="text-sm text-destructive">
                {error}
              </p>
            )}
          </div>
        )}
      </DialogContent>
    </Dialog>
  )
}
