import { useEffect, useState } from 'react'
import { AlertTriangle } from 'lucide-react'
import { appApi, errorMessage, type Bootstrap } from '@/api'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'

/** Recovery is shown when the database cannot be opened. It never deletes anything. */
export function Recovery({ boot }: { boot: Bootstrap }) {
  const [moved, setMoved] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void appApi.ready('recovery').catch(() => {})
  }, [])

  const moveAside = async () => {
    setBusy(true)
    try {
      setMoved(await appApi.moveDatabaseAside())
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const title =
    boot.state === 'corrupt'
      ? 'The database is damaged'
      : boot.state === 'newer_schema'
        ? 'This data was written by a newer BookBag'
        : boot.state === 'not_writable'
          ? 'The data folder cannot be written'
          : boot.state === 'restore_incomplete'
            ? 'A restore could not be finished'
            : 'BookBag could not open its data'

  return (
    <div className="flex h-full items-center justify-center p-6" data-testid="recovery">
      <Card className="max-w-xl">
        <CardHeader>
          <AlertTriangle className="size-6 text-destructive" />
          <CardTitle>{title}</CardTitle>
          <CardDescription>{boot.message}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          <p>
            Database file: <code className="break-all rounded bg-muted px-1">{boot.databasePath}</code>
          </p>
          {boot.state === 'corrupt' && !moved && (
            <>
              <p className="text-muted-foreground">
                BookBag can move this file aside (it is kept, renamed, next to where it was) and start with a fresh,
                empty database. Nothing is deleted.
              </p>
              <div className="flex gap-2">
                <Button onClick={moveAside} disabled={busy}>
                  Move it aside and start fresh
                </Button>
                <Button variant="outline" onClick={() => appApi.quit()}>
                  Quit
                </Button>
              </div>
            </>
          )}
          {moved && (
            <>
              <p>
                The damaged file was moved to <code className="break-all rounded bg-muted px-1">{moved}</code>.
              </p>
              <Button onClick={() => appApi.restart().catch((e) => setError(errorMessage(e)))}>Restart BookBag</Button>
            </>
          )}
          {boot.state === 'newer_schema' && (
            <p className="text-muted-foreground">Install the newer version of BookBag to open it. The file was not changed.</p>
          )}
          {boot.state === 'not_writable' && (
            <p className="text-muted-foreground">
              Check the folder's permissions and free disk space, or start BookBag with BOOKBAG_DATA_DIR pointing to a
              folder you can write.
            </p>
          )}
          {boot.state === 'restore_incomplete' && (
            <>
              <p className="text-muted-foreground">
                BookBag did not start on an empty data folder in their place. Trying again swaps the restored backup in
                (or puts the previous data back) once whatever held the folders lets go.
              </p>
              <Button className="self-start" onClick={() => appApi.restart().catch((e) => setError(errorMessage(e)))}>
                Try again
              </Button>
            </>
          )}
          {boot.state !== 'corrupt' && (
            <Button variant="outline" className="self-start" onClick={() => appApi.quit()}>
              Quit
            </Button>
          )}
          {error && <p role="alert" className="text-destructive">{error}</p>}
        </CardContent>
      </Card>
    </div>
  )
}
