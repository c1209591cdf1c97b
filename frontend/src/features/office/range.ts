import { presetRange, type RangePreset } from '@/features/usage/format'
import { dayStart } from './format'

/**
 * rangeOf turns a preset of the Usage page (or two typed dates, both
 * included) into [from, to) unix ms in the person's time zone, the form the
 * office server takes.
 */
export function rangeOf(preset: RangePreset, now: Date, fromYmd: string, toYmd: string): { from: number; to: number } {
  const days = preset === 'custom' ? { from: fromYmd, to: toYmd || fromYmd } : presetRange(preset, now)
  const end = new Date(dayStart(days.to))
  end.setDate(end.getDate() + 1) // the last day is included
  return { from: dayStart(days.from), to: end.getTime() }
}
