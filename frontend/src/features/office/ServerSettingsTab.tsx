import { useEffect, useState } from 'react'
import { officeApi, type ServerSettings, type ServerSettingsPatch } from '@/api'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { MiB } from './format'
import { useAdminCall } from './useAdminCall'
import { ErrorLine } from './ErrorLine'

type Form = Record<'quotaMiB' | 'maxFileMiB' | 'invitationDays' | 'loginPerAccount', string>

const toForm = (s: ServerSettings): Form => ({
  quotaMiB: String(Math.round(s.defaultQuotaBytes / MiB)),
  maxFileMiB: String(Math.round(s.maxFileBytes / MiB)),
  invitationDays: String(s.invitationDays),
  loginPerAccount: String(s.loginPerAccount),
})

/** ServerSettingsTab changes the settings a server takes while running; only the changed ones are sent. */
export function ServerSettingsTab() {
  const { error, setError, run } = useAdminCall()
  const [saved, setSaved] = useState<ServerSettings | null>(null)
  const [form, setForm] = useState<Form | null>(null)
  const [done, setDone] = useState(false)

  useEffect(() => {
    void run(async () => {
      const s = await officeApi.settings()
      setSaved(s)
      setForm(toForm(s))
    })
  }, [run])

  if (!form || !saved) return error ? <ErrorLine error={error} /> : <p className="text-sm text-muted-foreground">Loading settings…</p>

  const save = async () => {
    const n = (k: keyof Form) => Number(form[k])
    if ((Object.keys(form) as (keyof Form)[]).some((k) => !Number.isInteger(n(k)) || n(k) <= 0)) {
      setError('Every setting is a whole number above zero')
      return
    }
    const patch: ServerSettingsPatch = {}
    if (n('quotaMiB') * MiB !== saved.defaultQuotaBytes) patch.defaultQuotaBytes = n('quotaMiB') * MiB
    if (n('maxFileMiB') * MiB !== saved.maxFileBytes) patch.maxFileBytes = n('maxFileMiB') * MiB
    if (n('invitationDays') !== saved.invitationDays) patch.invitationDays = n('invitationDays')
    if (n('loginPerAccount') !== saved.loginPerAccount) patch.loginPerAccount = n('loginPerAccount')
    const s = await run(() => officeApi.updateSettings(patch))
    if (s) {
      setSaved(s)
      setForm(toForm(s))
      setDone(true)
    }
  }

  const field = (k: keyof Form, label: string, hint: string) => (
    <div className="grid gap-1">
      <Label htmlFor={`setting-${k}`}>{label}</Label>
      <Input id={`setting-${k}`} inputMode="numeric" className="w-40" value={form[k]} onChange={(e) => (setForm({ ...form, [k]: e.target.value }), setDone(false))} />
      <p className="text-xs text-muted-foreground">{hint}</p>
    </div>
  )

  return (
    <form
      className="grid max-w-xl gap-4"
      data-testid="office-settings"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <p className="text-sm text-muted-foreground">These apply at once, without a restart, and win over the server's command-line flags.</p>
      {field('quotaMiB', 'Default workspace quota (MiB)', 'For workspaces without their own quota.')}
      {field('maxFileMiB', 'Largest file (MiB)', 'One uploaded document or image.')}
      {field('invitationDays', 'Invitations last (days)', 'New invitations only.')}
      {field('loginPerAccount', 'Failed sign-ins before a lockout', 'Per account, within the lockout window (15 minutes unless the server says otherwise).')}
      <ErrorLine error={error} />
      {done && <p className="text-sm text-success">Saved.</p>}
      <div>
        <Button type="submit">Save settings</Button>
      </div>
    </form>
  )
}
