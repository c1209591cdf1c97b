import { useWorkspaceStore } from '@/features/workspaces/store'
import { RequestsCard } from './RequestsCard'
import { ServerCard } from './ServerCard'
import { TokensCard } from './TokensCard'
import { useLocalApi } from './useLocalApi'

/** LocalApiSection is the Settings section of the local OpenAI-compatible API. */
export function LocalApiSection() {
  const api = useLocalApi()
  const workspaces = useWorkspaceStore((s) => s.workspaces)
  return (
    <section className="flex flex-col gap-4" aria-label="Local API">
      <ServerCard status={api.status} onChange={api.setConfig} />
      {api.error && (
        <p className="text-sm text-destructive" role="alert">
          {api.error}
        </p>
      )}
      <TokensCard tokens={api.tokens} workspaces={workspaces} onCreated={() => void api.reloadTokens()} onRevoke={api.revoke} />
      <RequestsCard
        requests={api.requests}
        total={api.requestsTotal}
        page={api.requestsPage}
        onPage={api.setRequestsPage}
        onRefresh={() => void api.reloadRequests()}
      />
    </section>
  )
}
