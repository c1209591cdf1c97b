import { Segmented } from '@/components/ui/segmented'
import { useWorkspaceStore } from '@/features/workspaces/store'

interface ScopeFieldProps {
  /** true: offered in every workspace; false: only in the item's workspace. */
  personal: boolean
  onChange: (personal: boolean) => void
}

/** ScopeField is the "Available in" choice of the profile and template editors. */
export function ScopeField({ personal, onChange }: ScopeFieldProps) {
  const workspaceId = useWorkspaceStore((s) => s.currentId)
  const workspaceName = useWorkspaceStore((s) => s.workspaces.find((w) => w.id === s.currentId)?.name)
  return (
    <div className="grid content-start gap-1.5">
      <span className="text-sm font-medium leading-none">Available in</span>
      <Segmented
        label="Available in"
        value={personal ? 'personal' : 'workspace'}
        options={[
          { value: 'personal', label: 'Every workspace' },
          // A workspace item stays choosable even with no current workspace, so its choice shows.
          ...(workspaceId || !personal ? [{ value: 'workspace' as const, label: workspaceName ? `Only in ${workspaceName}` : 'This workspace only' }] : []),
        ]}
        onChange={(v) => onChange(v === 'personal')}
      />
    </div>
  )
}
