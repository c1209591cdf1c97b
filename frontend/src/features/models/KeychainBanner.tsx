import { TriangleAlert } from 'lucide-react'
import type { KeychainState } from '@/api'

/** KeychainBanner says plainly when API keys cannot be stored, and what to do instead. */
export function KeychainBanner({ keychain }: { keychain: KeychainState | null }) {
  if (!keychain || keychain.available) return null
  return (
    <div role="status" aria-label="Keychain unavailable" className="flex gap-3 rounded-lg border border-warning/50 bg-warning/10 p-4 text-sm">
      <TriangleAlert className="mt-0.5 size-5 shrink-0 text-warning" />
      <div className="grid gap-1">
        <p className="font-medium">The system keychain is not available</p>
        {keychain.reason && <p className="text-muted-foreground">{keychain.reason}</p>}
        <p className="text-muted-foreground">
          Keys can come from environment variables instead: give each provider the name of the variable that holds its key
          (for example <code className="font-mono text-foreground">OPENAI_API_KEY</code>) and start BookBag with it set. BookBag never
          writes keys to disk.
        </p>
      </div>
    </div>
  )
}
