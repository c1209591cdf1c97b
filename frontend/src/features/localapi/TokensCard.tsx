import { useState } from 'react'
import { Copy } from 'lucide-react'
import { errorMessage, localApi, type LocalApiNewToken, type LocalApiToken, type Workspace } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Confirm } from '@/components/ui/confirm'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'

interface Props {
  tokens: LocalApiToken[]
  workspaces: Workspace[]
  onCreated: () => void
  onRevoke: (id: string) => Promise<unknown>
}

/** TokensCard creates tokens (shown once), lists them and revokes them after asking. */
export function TokensCard({ tokens, workspaces, onCreated, onRevoke }: Props) {
  const [name, setName] = useState('')
  const [all, setAll] = useState(true)
  const [chosen, setChosen] = useState<string[]>([])
  const [created, setCreated] = useState<LocalApiNewToken | null>(null)
  const [error, setError] = useState('')
  const [revoking, setRevoking] = useState<LocalApiToken | null>(null)
  const [copied, setCopied] = useState(false)
  const wsName = (id: string) => workspaces.find((w) => w.id === id)?.name ?? id

  const create = async () => {
    try {
      const t = await localApi.createToken({ name, allWorkspaces: all, workspaceIds: all ? [] : chosen })
      setCreated(t)
      setName('')
      setError('')
      onCreated()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <Card data-testid="localapi-tokens">
      <CardHeader>
        <CardTitle>API tokens</CardTitle>
        <CardDescription>
          A program sends a token as <code>Authorization: Bearer …</code>. BookBag keeps only a fingerprint of it, so copy it
          when it is shown.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 text-sm">
        {created && (
          <div className="grid gap-2 rounded-lg border border-primary/40 bg-primary/5 p-3" data-testid="localapi-new-token">
            <p>
              The token <strong>{created.token.name}</strong>. It is shown only this once:
            </p>
            <div className="flex items-center gap-2">
              <code className="break-all rounded bg-muted px-2 py-1 font-mono text-xs" data-testid="localapi-secret">
                {created.secret}
              </code>
              <Button
                variant="outline"
                size="sm"
                onClick={() => void navigator.clipboard?.writeText(created.secret).then(() => setCopied(true))}
              >
                <Copy /> {copied ? 'Copied' : 'Copy token'}
              </Button>
            </div>
            <div>
              <Button variant="ghost" size="sm" onClick={() => (setCreated(null), setCopied(false))}>
                Done
              </Button>
            </div>
          </div>
        )}
        <form
          className="grid max-w-md gap-3"
          onSubmit={(e) => {
            e.preventDefault()
            void create()
          }}
        >
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="localapi-token-name">Token name</Label>
            <Input id="localapi-token-name" value={name} maxLength={80} placeholder="e.g. Editor" onChange={(e) => setName(e.target.value)} />
          </div>
          <fieldset className="grid gap-1.5">
            <legend className="mb-1 text-sm font-medium">May use</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="localapi-scope" checked={all} onChange={() => setAll(true)} /> Every model and workspace
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="localapi-scope" checked={!all} onChange={() => setAll(false)} /> Only these workspaces:
            </label>
            {!all && (
              <div className="ml-6 grid gap-1">
                {workspaces.map((w) => (
                  <label key={w.id} className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={chosen.includes(w.id)}
                      onChange={(e) => setChosen((c) => (e.target.checked ? [...c, w.id] : c.filter((x) => x !== w.id)))}
                    />
                    {w.name}
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <div>
            <Button type="submit" size="sm" disabled={!name.trim() || (!all && chosen.length === 0)}>
              Create token
            </Button>
          </div>
          {error && <p role="alert" className="text-destructive">{error}</p>}
        </form>
        {tokens.length > 0 && (
          <ul className="grid gap-2" aria-label="Tokens">
            {tokens.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center gap-2 rounded-md border px-3 py-2">
                <span className="font-medium">{t.name}</span>
                <code className="font-mono text-xs text-muted-foreground">{t.prefix}…</code>
                <span className="text-muted-foreground">{t.allWorkspaces ? 'everything' : t.workspaceIds.map(wsName).join(', ')}</span>
                <span className="text-xs text-muted-foreground">
                  {t.lastUsedAt ? `used ${new Date(t.lastUsedAt).toLocaleString()}` : 'never used'}
                </span>
                <span className="ml-auto">
                  {t.revokedAt ? (
                    <Badge variant="secondary">revoked</Badge>
                  ) : (
                    <Button variant="outline" size="sm" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </Button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <Confirm
        open={revoking !== null}
        title={`Revoke “${revoking?.name}”?`}
        description="Programs using this token stop working at once. This cannot be undone."
        confirmLabel="Revoke"
        destructive
        onConfirm={() => revoking && void onRevoke(revoking.id)}
        onOpenChange={(open) => !open && setRevoking(null)}
      />
    </Card>
  )
}
