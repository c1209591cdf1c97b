import { isoDay, presetRange, type RangePreset } from '@/features/usage/format'
import { dayEnd, dayStart } from './format'

/**
 * rangeOf turns a preset of the Usage page (or two typed dates, both
 * included) into [from, to) unix ms in the person's time zone, the form the
 * office server takes. A cleared date takes the other one (or today): an
 * empty date input is "", which is no time at all.
 */
export function rangeOf(preset: RangePreset, now: Date, fromYmd: string, toYmd: string): { from: number; to: number } {
  const today = isoDay(now)
  const days = preset === 'custom' ? { from: fromYmd || toYmd || today, to: toYmd || fromYmd || today } : presetRange(preset, now)
  return { from: dayStart(days.from), to: dayEnd(days.to) } // the last day is included
}
