import { useEffect, useState } from 'react'
import { Pencil, Plus, RotateCcw, Trash2 } from 'lucide-react'
import type { UsagePrice } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { Breakable, cellGap, fitBox, narrowOnly, wideOnly } from '@/components/ui/fit'
import { Input } from '@/components/ui/input'
import { cn } from '@/lib/utils'
import { isoDay, toMicros, usdInput } from './format'
import { useUsageStore } from './store'

const perMillion = (m: number) => `$${(m / 1e6).toLocaleString('en-US', { maximumFractionDigits: 4 })}`

/**
 * PricesEditor is the price table: dollars per million tokens from a date
 * on. A model id (gpt-4o) prices it at every provider; provider:model one
 * provider's. Local models cost nothing and need no row.
 */
export function PricesEditor() {
  const { prices, loadPrices, deletePrice, restorePresets } = useUsageStore()
  const [editing, setEditing] = useState<UsagePrice | null>(null)
  const [deleting, setDeleting] = useState<UsagePrice | null>(null)
  const [restoring, setRestoring] = useState(false)
  useEffect(() => {
    void loadPrices()
  }, [loadPrices])
  return (
    <div className="space-y-3" data-testid="usage-prices">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">
          USD per million tokens. A call is priced when it is made, at the price in force that day; presets are list prices at the date in
          their note: check the provider&apos;s price page.
        </p>
        <div className="flex gap-2">
          <Button size="sm" variant="outline" onClick={() => setRestoring(true)}>
            <RotateCcw /> Restore presets
          </Button>
          <Button size="sm" onClick={() => setEditing(blankPrice())}>
            <Plus /> Add price
          </Button>
        </div>
      </div>
      {editing && <PriceForm price={editing} onDone={() => setEditing(null)} />}
      <div className={fitBox}>
        <table className={cn('w-full text-left text-sm', cellGap)} aria-label="Prices">
          <thead className="text-xs text-muted-foreground">
            <tr>
              <th className="py-1 font-normal">Model</th>
              <th className="text-right font-normal">Input</th>
              <th className={cn('text-right font-normal', wideOnly)}>Cached input</th>
              <th className="text-right font-normal">Output</th>
              <th className={cn('font-normal', wideOnly)}>From</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {prices.map((p) => (
              <tr key={p.id} className="border-t align-top" title={p.note || undefined}>
                <td className="py-1">
                  <span className="font-mono text-xs wrap-anywhere">
                    <Breakable text={p.model} />
                  </span>
                  {p.preset && (
                    <Badge variant="outline" className="ml-2 font-sans">
                      preset
                    </Badge>
                  )}
                  <span className={cn('text-xs text-muted-foreground', narrowOnly)} data-testid="narrow-line">
                    cached {perMillion(p.cachedMicros)} · from {p.effectiveFrom}
                  </span>
                </td>
                <td className="py-1 text-right tabular-nums">{perMillion(p.inputMicros)}</td>
                <td className={cn('py-1 text-right tabular-nums', wideOnly)}>{perMillion(p.cachedMicros)}</td>
                <td className="py-1 text-right tabular-nums">{perMillion(p.outputMicros)}</td>
                <td className={cn('whitespace-nowrap py-1', wideOnly)}>{p.effectiveFrom}</td>
                <td className="whitespace-nowrap text-right">
                  <Button size="icon" variant="ghost" aria-label={`Edit ${p.model} from ${p.effectiveFrom}`} onClick={() => setEditing(p)}>
                    <Pencil />
                  </Button>
                  <Button size="icon" variant="ghost" aria-label={`Delete ${p.model} from ${p.effectiveFrom}`} onClick={() => setDeleting(p)}>
                    <Trash2 />
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Confirm
        open={deleting !== null}
        title="Delete this price?"
        description={`Calls of ${deleting?.model ?? ''} made from now on will have no price (calls already recorded keep theirs).`}
        confirmLabel="Delete"
        destructive
        onConfirm={() => deleting && void deletePrice(deleting.id)}
        onOpenChange={(o) => !o && setDeleting(null)}
      />
      <Confirm
        open={restoring}
        title="Restore the preset prices?"
        description="The presets are written again over rows of the same model and date; your other rows stay."
        confirmLabel="Restore"
        onConfirm={() => void restorePresets()}
        onOpenChange={setRestoring}
      />
    </div>
  )
}

function blankPrice(): UsagePrice {
  return { id: '', model: '', inputMicros: 0, outputMicros: 0, cachedMicros: 0, effectiveFrom: isoDay(new Date()), preset: false, note: '' }
}

/** PriceForm adds or edits one row. */
function PriceForm({ price, onDone }: { price: UsagePrice; onDone: () => void }) {
  const savePrice = useUsageStore((s) => s.savePrice)
  const [model, setModel] = useState(price.model)
  const [input, setInput] = useState(usdInput(price.inputMicros))
  const [cached, setCached] = useState(usdInput(price.cachedMicros))
  const [output, setOutput] = useState(usdInput(price.outputMicros))
  const [from, setFrom] = useState(price.effectiveFrom)
  const values = [toMicros(input), toMicros(cached), toMicros(output)]
  const bad = values.some(Number.isNaN) || model.trim() === '' || from === ''
  const save = async () => {
    const [inputMicros, cachedMicros, outputMicros] = values
    if (await savePrice({ ...price, model, inputMicros, cachedMicros, outputMicros, effectiveFrom: from })) onDone()
  }
  return (
    <form
      className="flex flex-wrap items-end gap-2 rounded-md border p-3"
      aria-label={price.id ? 'Edit price' : 'New price'}
      onSubmit={(e) => {
        e.preventDefault()
        if (!bad) void save()
      }}
    >
      <label className="text-xs">
        Model (id or provider:model)
        <Input value={model} onChange={(e) => setModel(e.target.value)} placeholder="gpt-4o" className="w-56" />
      </label>
      <label className="text-xs">
        Input $/1M
        <Input value={input} onChange={(e) => setInput(e.target.value)} inputMode="decimal" className="w-24" />
      </label>
      <label className="text-xs">
        Cached $/1M
        <Input value={cached} onChange={(e) => setCached(e.target.value)} inputMode="decimal" className="w-24" />
      </label>
      <label className="text-xs">
        Output $/1M
        <Input value={output} onChange={(e) => setOutput(e.target.value)} inputMode="decimal" className="w-24" />
      </label>
      <label className="text-xs">
        From
        <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} className="w-40" />
      </label>
      <Button type="submit" size="sm" disabled={bad}>
        Save price
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={onDone}>
        Cancel
      </Button>
    </form>
  )
}
