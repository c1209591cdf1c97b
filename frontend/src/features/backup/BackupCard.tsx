import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { BackupNow } from './BackupNow'
import { KeptAside } from './KeptAside'
import { RestoreFromFile } from './RestoreFromFile'
import { ScheduleForm } from './ScheduleForm'
import { SettingsFile } from './SettingsFile'

/** BackupCard is the Settings section "Backup & restore". */
export function BackupCard() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Backup &amp; restore</CardTitle>
        <CardDescription>
          One file with every chat, document (with its vectors), workspace and setting. API keys stay in the keychain and are
          not in it.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <KeptAside />
        <BackupNow />
        <ScheduleForm />
        <RestoreFromFile />
        <SettingsFile />
      </CardContent>
    </Card>
  )
}
