import { useEffect, useState } from 'react'
import { Copy } from 'lucide-react'
import type { LocalApiConfig, LocalApiStatus } from '@/api'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Confirm } from '@/components/ui/confirm'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Switch } from '@/components/ui/switch'
import { Textarea } from '@/components/ui/textarea'

interface Props {
  status: LocalApiStatus | null
  onChange: (config: LocalApiConfig) => Promise<unknown>
}

/** ServerCard switches the local API on and off and sets where it listens. */
export function ServerCard({ status, onChange }: Props) {
  const cfg = status?.config
  const [port, setPort] = useState('')
  const [origins, setOrigins] = useState('')
  const [copied, setCopied] = useState('')
  const [askLan, setAskLan] = useState(false)
  useEffect(() => {
    if (!cfg) return
    setPort(String(cfg.port))
    setOrigins(cfg.corsOrigins.join('\n'))
  }, [cfg])

  if (!cfg) return null
  const originList = origins.split('\n').map((o) => o.trim()).filter(Boolean)
  const dirty = port !== String(cfg.port) || originList.join('\n') !== cfg.corsOrigins.join('\n')
  const save = () => onChange({ ...cfg, port: Number(port), corsOrigins: originList })
  const copy = (url: string) =>
    void navigator.clipboard?.writeText(url).then(() => {
      setCopied(url)
      setTimeout(() => setCopied(''), 1500)
    })
  // Other computers reach the API only once the user has said yes to it.
  const setLan = (lan: boolean) => (lan ? setAskLan(true) : void onChange({ ...cfg, lan }))
  const lanUrls = status.lanUrls ?? []

  return (
    <Card data-testid="localapi-server">
      <CardHeader>
        <CardTitle>Local API</CardTitle>
        <CardDescription>
          Other programs on this computer can use your models and workspaces through an OpenAI-compatible API, with a token
          you create below.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 text-sm">
        <div className="flex items-center gap-3">
          <Switch id="localapi-enabled" checked={cfg.enabled} onCheckedChange={(enabled) => void onChange({ ...cfg, enabled })} />
          <Label htmlFor="localapi-enabled">Serve the local API</Label>
        </div>
        {status.running && (
          <div className="flex items-center gap-2">
            <span className="text-muted-foreground">Base URL</span>
            <code className="rounded bg-muted px-2 py-1 font-mono text-xs" data-testid="localapi-url">
              {status.url}
            </code>
            <Button variant="outline" size="sm" onClick={() => copy(status.url)}>
              <Copy /> {copied === status.url ? 'Copied' : 'Copy URL'}
            </Button>
          </div>
        )}
        {status.running && cfg.lan && (
          <div className="grid gap-1" data-testid="localapi-lan-urls">
            <span className="text-muted-foreground">From other computers on your network</span>
            {lanUrls.length === 0 ? (
              <p className="text-muted-foreground">This computer has no network address right now.</p>
            ) : (
              lanUrls.map((u) => (
                <div key={u} className="flex items-center gap-2">
                  <code className="rounded bg-muted px-2 py-1 font-mono text-xs">{u}</code>
                  <Button variant="outline" size="sm" onClick={() => copy(u)} aria-label={`Copy ${u}`}>
                    <Copy /> {copied === u ? 'Copied' : 'Copy'}
                  </Button>
                </div>
              ))
            )}
          </div>
        )}
        {status.error && (
          <p className="text-destructive" role="alert">
            {status.error}
          </p>
        )}
        <form
          className="grid max-w-md gap-3"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="localapi-port">Port</Label>
            <Input id="localapi-port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value.replace(/\D/g, ''))} className="w-32" />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="localapi-origins">Browser origins allowed (one per line)</Label>
            <Textarea
              id="localapi-origins"
              rows={2}
              placeholder="http://localhost:3000"
              value={origins}
              onChange={(e) => setOrigins(e.target.value)}
            />
            <p className="text-xs text-muted-foreground">Web pages can call the API only from these origins. Programs are not affected.</p>
            {cfg.corsOrigins.includes('*') && (
              <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="localapi-any-origin">
                * lets every web page you open call the API{cfg.lan ? ', and pages on other computers too' : ''}; it still needs a token.
                Name the origins you use instead.
              </p>
            )}
          </div>
          <div>
            <Button type="submit" variant="outline" size="sm" disabled={!dirty || port === ''}>
              Save
            </Button>
          </div>
        </form>
        <div className="grid gap-1.5">
          <div className="flex items-center gap-3">
            <Switch id="localapi-lan" checked={cfg.lan} onCheckedChange={setLan} />
            <Label htmlFor="localapi-lan">Listen on the local network</Label>
          </div>
          {cfg.lan && (
            <p className="max-w-xl text-amber-700 dark:text-amber-400" data-testid="localapi-lan-warning">
              Other computers on your network can reach the API. Anyone with a token can use your models, your provider
              accounts and the workspaces it covers; traffic is not encrypted. Switch this off unless you need it.
            </p>
          )}
        </div>
        <div className="flex items-center gap-3">
          <Switch
            id="localapi-record"
            checked={cfg.recordChats}
            onCheckedChange={(recordChats) => void onChange({ ...cfg, recordChats })}
          />
          <Label htmlFor="localapi-record">Keep answers to workspaces as chats in the workspace</Label>
        </div>
      </CardContent>
      <Confirm
        open={askLan}
        onOpenChange={setAskLan}
        title="Listen on the local network?"
        description="Other computers on your network will reach the API. Anyone with a token can then use your models, your provider accounts and the workspaces it covers, and the traffic is not encrypted."
        confirmLabel="Listen on the network"
        destructive
        onConfirm={() => void onChange({ ...cfg, lan: true })}
      />
    </Card>
  )
}
