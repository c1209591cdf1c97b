import { SlidersHorizontal } from 'lucide-react'
import { ListEditor } from './ListEditor'
import { ProfileEditor } from './ProfileEditor'
import { summary } from './profileForm'
import { useModelsStore } from './store'

/** ProfilesTab lists parameter profiles: personal ones and this workspace's. */
export function ProfilesTab() {
  const profiles = useModelsStore((s) => s.profiles)
  const loaded = useModelsStore((s) => s.loaded)
  return (
    <ListEditor
      noun="profile"
      label="Profiles"
      intro="A profile is a named set of parameters (temperature, length, thinking, system prompt) that a chat or a workspace can use."
      items={profiles}
      loaded={loaded}
      empty={{ icon: SlidersHorizontal, text: 'No profiles yet. Models use their own defaults until you make one.' }}
      detail={(p) => {
        const parts = summary(p)
        return parts.length ? parts.join(' · ') : 'All model defaults'
      }}
      editor={({ open, item, onOpenChange }) => <ProfileEditor open={open} profile={item} onOpenChange={onOpenChange} />}
      deleteDescription="Chats and workspaces that use it fall back to the model's defaults."
      onDelete={(p) => useModelsStore.getState().deleteProfile(p.id)}
    />
  )
}
