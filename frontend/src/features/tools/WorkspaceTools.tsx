import { useEffect, useState } from 'react'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { Switch } from '@/components/ui/switch'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { ApprovalsList } from './ApprovalsList'
import { CallLog } from './CallLog'
import { useWorkspaceTools, watchWorkspaceTools } from './workspaceStore'

/**
 * WorkspaceTools is the per-workspace part of the Tools page: which servers
 * a workspace offers to models or runs as plugins, its read-only policy, its
 * standing approvals and its record of calls. It opens on the current
 * workspace; the select shows another without switching to it.
 */
export function WorkspaceTools() {
  const workspaces = useWorkspaceStore((s) => s.workspaces)
  const current = useWorkspaceStore((s) => s.currentId)
  const [wsId, setWsId] = useState(current)
  const st = useWorkspaceTools()

  useEffect(() => watchWorkspaceTools(), [])
  useEffect(() => setWsId(current), [current])
  useEffect(() => {
    void useWorkspaceTools.getState().load(wsId)
  }, [wsId])

  const live = workspaces.filter((w) => !w.archivedAt || w.id === wsId)
  return (
    <section className="grid gap-4" aria-label="In a workspace">
      <div className="flex flex-wrap items-end gap-3">
        <h2 className="flex-1 text-base font-semibold">In a workspace</h2>
        <div className="grid gap-1.5">
          <Label htmlFor="tools-ws">Workspace</Label>
          <NativeSelect id="tools-ws" className="w-64" value={wsId} onChange={(e) => setWsId(e.target.value)}>
            {live.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      {st.error && (
        <p role="alert" className="text-sm text-destructive">
          {st.error}
        </p>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Servers used here</CardTitle>
          <CardDescription>
            Tools: the models of this workspace's chats may call them. Plugin: its <code>bookbag_*</code> hooks run on messages, and its
            actions show in a message's menu. A plugin that fails is skipped and the message goes out as written, unless it is
            Required: then the message is held, with the reason, to send again once the plugin works.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {st.loaded && st.servers.length === 0 && <p className="text-sm text-muted-foreground">No servers configured yet: add or import one above.</p>}
          <ul className="grid gap-1.5" aria-label="Servers in this workspace">
            {st.servers.map((sv) => (
              <li key={sv.serverId} className="flex flex-wrap items-center gap-4 rounded-md border px-3 py-2 text-sm">
                <span className="min-w-0 flex-1 truncate font-medium">
                  {sv.name}
                  {!sv.enabled && <span className="ml-2 text-xs font-normal text-muted-foreground">off for every workspace</span>}
                </span>
                <label className="flex items-center gap-2">
                  <Switch aria-label={`Tools of ${sv.name} in this workspace`} checked={sv.tools} onCheckedChange={(on) => void st.setServer(sv.serverId, on, sv.plugin)} />
                  Tools
                </label>
                <label className="flex items-center gap-2">
                  <Switch aria-label={`${sv.name} as a plugin in this workspace`} checked={sv.plugin} onCheckedChange={(on) => void st.setServer(sv.serverId, sv.tools, on)} />
                  Plugin
                </label>
                {sv.plugin && (
                  <label className="flex items-center gap-2" title="Hold a message when this plugin's before-send hook fails or its server is off, instead of sending it as written">
                    <Switch aria-label={`${sv.name} required in this workspace`} checked={sv.required} onCheckedChange={(on) => void st.setRequired(sv.serverId, on)} />
                    Required
                  </label>
                )}
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Approvals</CardTitle>
          <CardDescription>Before a tool runs, the chat asks. Destructive tools always ask unless that very tool is always allowed.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <label className="flex items-center gap-3 text-sm">
            <Switch aria-label="Run read-only tools without asking" checked={st.autoReadOnly} onCheckedChange={(on) => void st.setAutoReadOnly(on)} />
            Run tools their server marks read-only without asking
          </label>
          <ApprovalsList />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Record of calls</CardTitle>
        </CardHeader>
        <CardContent>
          <CallLog />
        </CardContent>
      </Card>
    </section>
  )
}
