import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { useSyncStore } from './store'

interface Props {
  workspaceId: string
  email: string
  serverUrl: string
  open: boolean
  onOpenChange: (open: boolean) => void
}

/** ReconnectDialog signs in again to a linked workspace's server. */
export function ReconnectDialog({ workspaceId, email, serverUrl, open, onOpenChange }: Props) {
  const [password, setPassword] = useState('')
  const busy = useSyncStore((s) => !!s.busy[workspaceId])
  const error = useSyncStore((s) => s.actionError[workspaceId] ?? '')
  const reconnect = useSyncStore((s) => s.reconnect)
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (await reconnect(workspaceId, password)) {
      setPassword('')
      onOpenChange(false)
    }
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Sign in again</DialogTitle>
            <DialogDescription>
              {email} on {serverUrl}
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="sync-reconnect-password">Password</Label>
            <Input
              id="sync-reconnect-password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoFocus
            />
          </div>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <DialogFooter>
            <Button type="submit" disabled={busy || !password}>
              Sign in
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  )
}
