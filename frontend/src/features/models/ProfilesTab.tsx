import { useState } from 'react'
import { Pencil, Plus, SlidersHorizontal, Trash2 } from 'lucide-react'
import { errorMessage, type Profile } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Confirm } from '@/components/ui/confirm'
import { ProfileEditor } from './ProfileEditor'
import { summary } from './profileForm'
import { useModelsStore } from './store'

/** ProfilesTab lists parameter profiles: personal ones and this workspace's. */
export function ProfilesTab() {
  const profiles = useModelsStore((s) => s.profiles)
  const loaded = useModelsStore((s) => s.loaded)
  const [editing, setEditing] = useState<Profile | null>(null)
  const [open, setOpen] = useState(false)
  const [deleting, setDeleting] = useState<Profile | null>(null)
  const [error, setError] = useState('')

  const edit = (p: Profile | null) => {
    setEditing(p)
    setOpen(true)
  }
  const remove = async (p: Profile) => {
    setError('')
    try {
      await useModelsStore.getState().deleteProfile(p.id)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-3">
        <p className="max-w-xl text-sm text-muted-foreground">
          A profile is a named set of parameters (temperature, length, thinking, system prompt) that a chat or a workspace can use.
        </p>
        <Button onClick={() => edit(null)}>
          <Plus /> New profile
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      {loaded && profiles.length === 0 && (
        <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed p-10 text-center text-sm text-muted-foreground">
          <SlidersHorizontal className="size-8" />
          No profiles yet. Models use their own defaults until you make one.
        </div>
      )}
      <ul aria-label="Profiles" className="grid gap-2">
        {profiles.map((p) => {
          const parts = summary(p)
          return (
            <li key={p.id}>
              <Card role="article" aria-label={p.name} className="flex items-center gap-3 p-4">
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <h3 className="truncate font-medium">{p.name}</h3>
                    <Badge variant="outline">{p.workspaceId ? 'This workspace' : 'Every workspace'}</Badge>
                  </div>
                  <p className="mt-1 truncate text-xs text-muted-foreground">{parts.length ? parts.join(' · ') : 'All model defaults'}</p>
                </div>
                <Button variant="ghost" size="sm" onClick={() => edit(p)}>
                  <Pencil /> Edit
                </Button>
                <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setDeleting(p)}>
                  <Trash2 /> Delete
                </Button>
              </Card>
            </li>
          )
        })}
      </ul>
      <ProfileEditor open={open} profile={editing} onOpenChange={setOpen} />
      <Confirm
        open={deleting != null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete the profile ${deleting?.name ?? ''}?`}
        description="Chats and workspaces that use it fall back to the model's defaults."
        confirmLabel="Delete profile"
        destructive
        onConfirm={() => deleting && void remove(deleting)}
      />
    </div>
  )
}
