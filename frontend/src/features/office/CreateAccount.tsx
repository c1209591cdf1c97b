import { useState } from 'react'
import { UserPlus } from 'lucide-react'
import { officeApi, type CreateUserResponse } from '@/api'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { useAdminCall } from './useAdminCall'
import { ErrorLine } from './ErrorLine'

/** CreateAccount makes an account; leaving the password empty has the server make one, shown once. */
export function CreateAccount({ onCreated }: { onCreated: (res: CreateUserResponse) => void }) {
  const { error, run } = useAdminCall()
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [role, setRole] = useState('member')
  const [password, setPassword] = useState('')
  // busy: a second click while the first runs would be refused as a
  // duplicate email and show an error beside the account just made.
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    if (busy) return
    setBusy(true)
    const res = await run(() => officeApi.createUser({ email, displayName: name, role, password }))
    setBusy(false)
    if (!res) return
    setEmail('')
    setName('')
    setPassword('')
    onCreated(res)
  }

  return (
    <form
      className="grid gap-3 rounded-xl border p-4 @md:grid-cols-2 @md:items-end @3xl:grid-cols-[1fr_1fr_8rem_1fr_auto]"
      aria-label="New account"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <div className="grid gap-1.5">
        <Label htmlFor="new-email">Email</Label>
        <Input id="new-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="new-name">Name</Label>
        <Input id="new-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="new-role">Role</Label>
        <NativeSelect id="new-role" value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="new-password">Password (empty: make one)</Label>
        <Input id="new-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <Button type="submit" disabled={busy || !email.trim()}>
        <UserPlus /> Create account
      </Button>
      <ErrorLine error={error} className="@md:col-span-full" />
    </form>
  )
}
