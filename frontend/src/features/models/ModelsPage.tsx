import { useEffect } from 'react'
import { Boxes, FileText, SlidersHorizontal } from 'lucide-react'
import { Page } from '@/components/layout/Page'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { ProfilesTab } from './ProfilesTab'
import { ProvidersTab } from './ProvidersTab'
import { TemplatesTab } from './TemplatesTab'
import { useModelsStore, watchModels } from './store'

/** ModelsPage: providers and their models, parameter profiles and prompt templates. */
export function ModelsPage() {
  const workspaceId = useWorkspaceStore((s) => s.currentId)
  const error = useModelsStore((s) => s.error)

  useEffect(() => watchModels(), [])
  useEffect(() => {
    void useModelsStore.getState().load(workspaceId)
  }, [workspaceId])

  return (
    <Page title="Models">
      <div className="mx-auto max-w-4xl">
        {error && (
          <p role="alert" className="mb-4 rounded-lg border border-destructive/40 bg-destructive/10 p-3 text-sm text-destructive">
            {error}
          </p>
        )}
        <Tabs defaultValue="providers">
          <TabsList aria-label="Models sections">
            <TabsTrigger value="providers">
              <Boxes /> Providers
            </TabsTrigger>
            <TabsTrigger value="profiles">
              <SlidersHorizontal /> Profiles
            </TabsTrigger>
            <TabsTrigger value="templates">
              <FileText /> Templates
            </TabsTrigger>
          </TabsList>
          <TabsContent value="providers">
            <ProvidersTab />
          </TabsContent>
          <TabsContent value="profiles">
            <ProfilesTab />
          </TabsContent>
          <TabsContent value="templates">
            <TemplatesTab />
          </TabsContent>
        </Tabs>
      </div>
    </Page>
  )
}
