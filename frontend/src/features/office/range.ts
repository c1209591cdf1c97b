import { dayStart, ymd } from './format'

export type RangePreset = 'month' | '30d' | 'custom'

/** rangeOf turns a preset (or custom dates) into [from, to) unix ms in the person's time zone. */
export function rangeOf(preset: RangePreset, now: Date, fromYmd = '', toYmd = ''): { from: number; to: number } {
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime()
  switch (preset) {
    case 'month':
      return { from: new Date(now.getFullYear(), now.getMonth(), 1).getTime(), to: tomorrow }
    case '30d':
      return { from: new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29).getTime(), to: tomorrow }
    case 'custom': {
      const from = fromYmd ? dayStart(fromYmd) : tomorrow
      const end = toYmd ? dayStart(toYmd) : from
      const to = new Date(end)
      to.setDate(to.getDate() + 1) // the end date is included
      return { from, to: to.getTime() }
    }
  }
}

/** today's YYYY-MM-DD, for the custom range's inputs. */
export const todayYmd = () => ymd(new Date())

/** timeZone is the person's IANA zone, which the server buckets days in. */
export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
