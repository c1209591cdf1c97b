import { useEffect } from 'react'
import { LogOut } from 'lucide-react'
import { Page } from '@/components/layout/Page'
import { Button } from '@/components/ui/button'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { AccountsTab } from './AccountsTab'
import { AuditTab } from './AuditTab'
import { ServerSettingsTab } from './ServerSettingsTab'
import { SignInCard } from './SignInCard'
import { useOffice } from './store'
import { UsageTab } from './UsageTab'
import { WorkspacesTab } from './WorkspacesTab'

/** OfficePage administers an office server: accounts, workspaces and quotas, usage, the audit log, runtime settings. */
export function OfficePage() {
  const session = useOffice((s) => s.session)
  const loaded = useOffice((s) => s.loaded)
  const signOut = useOffice((s) => s.signOut)
  useEffect(() => {
    void useOffice.getState().load()
  }, [])

  return (
    <Page
      title="Office"
      actions={
        session.signedIn && (
          <>
            <span className="text-sm text-muted-foreground" data-testid="office-who">
              {session.account.email} on {session.serverUrl}
            </span>
            <Button variant="outline" onClick={() => void signOut()}>
              <LogOut /> Sign out
            </Button>
          </>
        )
      }
    >
      {loaded && !session.signedIn && <SignInCard />}
      {session.signedIn && (
        <Tabs defaultValue="accounts" className="mx-auto max-w-5xl">
          <TabsList>
            <TabsTrigger value="accounts">Accounts</TabsTrigger>
            <TabsTrigger value="workspaces">Workspaces</TabsTrigger>
            <TabsTrigger value="usage">Usage</TabsTrigger>
            <TabsTrigger value="audit">Audit log</TabsTrigger>
            <TabsTrigger value="settings">Server settings</TabsTrigger>
          </TabsList>
          <TabsContent value="accounts">
            <AccountsTab />
          </TabsContent>
          <TabsContent value="workspaces">
            <WorkspacesTab />
          </TabsContent>
          <TabsContent value="usage">
            <UsageTab />
          </TabsContent>
          <TabsContent value="audit">
            <AuditTab />
          </TabsContent>
          <TabsContent value="settings">
            <ServerSettingsTab />
          </TabsContent>
        </Tabs>
      )}
    </Page>
  )
}
