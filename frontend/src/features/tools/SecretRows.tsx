import { Plus, X } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import type { SecretRow } from './serverForm'

interface Props {
  /** 'Environment variable' or 'Header': names the rows for screen readers. */
  noun: string
  rows: SecretRow[]
  onChange: (rows: SecretRow[]) => void
}

/**
 * SecretRows edits env variables or headers. Their values are secrets: the
 * backend keeps them in the keychain and sends back only the names, so a
 * stored row shows an empty value that means "unchanged".
 */
export function SecretRows({ noun, rows, onChange }: Props) {
  const set = (i: number, r: Partial<SecretRow>) => onChange(rows.map((x, j) => (j === i ? { ...x, ...r } : x)))
  return (
    <div className="grid gap-2">
      {rows.map((r, i) => (
        <div key={i} className="flex items-center gap-2">
          <Input
            aria-label={`${noun} ${i + 1} name`}
            placeholder="NAME"
            value={r.name}
            // Renaming a stored row makes a new entry: the stored value stays with the old name.
            onChange={(e) => set(i, { name: e.target.value, stored: false })}
            className="w-2/5 font-mono"
          />
          <Input
            aria-label={`${noun} ${i + 1} value`}
            type="password"
            autoComplete="off"
            placeholder={r.stored ? 'unchanged (kept in the keychain)' : 'value'}
            value={r.value}
            onChange={(e) => set(i, { value: e.target.value })}
            className="flex-1 font-mono"
          />
          <Button variant="ghost" size="icon" aria-label={`Remove ${noun.toLowerCase()} ${r.name || i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            <X />
          </Button>
        </div>
      ))}
      <Button variant="outline" size="sm" className="justify-self-start" onClick={() => onChange([...rows, { name: '', value: '', stored: false }])}>
        <Plus /> Add {noun.toLowerCase()}
      </Button>
    </div>
  )
}
