import { useEffect, useState } from 'react'
import { syncApi } from '@/api'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { useOffice } from './store'
import { ErrorLine } from './ErrorLine'

/** SignInCard signs in to an office server as one of its admins; the address and email of a shared workspace are offered. */
export function SignInCard() {
  const signIn = useOffice((s) => s.signIn)
  const error = useOffice((s) => s.error)
  const [serverUrl, setServerUrl] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void syncApi
      .statuses()
      .then((all) => {
        const linked = all.find((s) => s.linked)
        if (!linked) return
        setServerUrl((v) => v || linked.serverUrl)
        setEmail((v) => v || linked.email)
      })
      .catch(() => {})
  }, [])

  const submit = async () => {
    setBusy(true)
    if (await signIn({ serverUrl, email, password })) setPassword('')
    setBusy(false)
  }

  return (
    <Card className="mx-auto max-w-md" data-testid="office-signin">
      <CardHeader>
        <CardTitle>Administer an office server</CardTitle>
        <CardDescription>
          Sign in with a server admin account to manage accounts, workspaces and quotas, and to see usage and the audit log. The session
          lasts until you sign out or quit BookBag.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor="office-url">Server address</Label>
            <Input id="office-url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://bookbag.example.com" />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="office-email">Email</Label>
            <Input id="office-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="office-password">Password</Label>
            <Input id="office-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <ErrorLine error={error} />
          <div>
            <Button type="submit" disabled={busy || !serverUrl || !email || !password}>
              {busy ? 'Signing in…' : 'Sign in as admin'}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  )
}
