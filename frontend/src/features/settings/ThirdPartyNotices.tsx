import type { Notice } from '@/api'

/**
 * ThirdPartyNotices shows the licences of third-party data built into the
 * app (WordNet's asks for its notice on every copy), folded away until asked.
 */
export function ThirdPartyNotices({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-muted-foreground">Third-party notices</summary>
      {notices.map((n) => (
        <section key={n.name} aria-label={n.name} className="mt-2 grid gap-1">
          <h3 className="font-medium">{n.name}</h3>
          <pre className="max-h-64 overflow-auto whitespace-pre-wrap rounded-md bg-muted p-2 text-xs">{n.text}</pre>
        </section>
      ))}
    </details>
  )
}
