import { useEffect, useState } from 'react'
import { FolderOpen } from 'lucide-react'
import { settingsApi, errorMessage, type Theme } from '@/api'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Segmented } from '@/components/ui/segmented'
import { Page } from '@/components/layout/Page'
import { LocalApiSection } from '@/features/localapi/LocalApiSection'
import { ImportChatsCard } from './ImportChatsCard'
import { BackupCard } from '@/features/backup/BackupCard'
import { UpdatesCard } from '@/features/backup/UpdatesCard'
import { useSettingsStore } from './store'
import { ThirdPartyNotices } from './ThirdPartyNotices'

const themes: { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]

/** SettingsPage: appearance, profile, and where data and logs live. */
export function SettingsPage() {
  const { settings, theme, error, load, setTheme, setDisplayName } = useSettingsStore()
  const [name, setName] = useState('')
  const [openError, setOpenError] = useState('')

  useEffect(() => {
    void load()
  }, [load])
  useEffect(() => {
    if (settings) setName(settings.displayName)
  }, [settings])

  const open = (f: () => Promise<void>) => f().then(() => setOpenError(''), (e) => setOpenError(errorMessage(e)))

  return (
    <Page title="Settings" className="flex flex-col gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Appearance</CardTitle>
          <CardDescription>System follows your operating system's light or dark mode.</CardDescription>
        </CardHeader>
        <CardContent>
          <Segmented label="Theme" value={theme} options={themes} onChange={(t) => void setTheme(t)} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>Your name is recorded on what you write, and shown to your office when you share a workspace.</CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="flex max-w-md items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault()
              void setDisplayName(name)
            }}
          >
            <div className="flex flex-1 flex-col gap-1.5">
              <Label htmlFor="display-name">Display name</Label>
              <Input id="display-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
            </div>
            <Button type="submit" variant="outline" disabled={!settings || name === settings.displayName}>
              Save
            </Button>
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Data</CardTitle>
          <CardDescription>Everything BookBag keeps is in this folder. API keys are in the system keychain instead.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3 text-sm">
          <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2">
            <dt className="text-muted-foreground">Data folder</dt>
            <dd className="break-all font-mono text-xs" data-testid="data-dir">
              {settings?.dataDir}
            </dd>
            <dt className="text-muted-foreground">Database</dt>
            <dd className="break-all font-mono text-xs">{settings?.databasePath}</dd>
            <dt className="text-muted-foreground">Logs</dt>
            <dd className="break-all font-mono text-xs">{settings?.logDir}</dd>
            <dt className="text-muted-foreground">Version</dt>
            <dd data-testid="app-version">
              {settings?.version} (schema {settings?.schemaVersion})
            </dd>
          </dl>
          <ThirdPartyNotices notices={settings?.notices ?? []} />
          <div className="flex gap-2">
            <Button variant="outline" size="sm" onClick={() => open(settingsApi.openDataFolder)}>
              <FolderOpen /> Open data folder
            </Button>
            <Button variant="outline" size="sm" onClick={() => open(settingsApi.openLogFolder)}>
              <FolderOpen /> Open log folder
            </Button>
          </div>
          {(error || openError) && <p role="alert" className="text-destructive">{error || openError}</p>}
        </CardContent>
      </Card>
      <ImportChatsCard />
      <LocalApiSection />
      <BackupCard />
      <UpdatesCard />
    </Page>
  )
}
