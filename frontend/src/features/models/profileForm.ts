import type { ParamSupport, Profile } from '@/api'

/** ProfileForm is the editor's state: numbers as typed, "" meaning the model's default. */
export interface ProfileForm {
  name: string
  personal: boolean
  temperature: string
  topP: string
  maxTokens: string
  contextLength: string
  reasoningEffort: string
  think: 'default' | 'on' | 'off'
  systemPrompt: string
}

export type ParamKey = 'temperature' | 'topP' | 'maxTokens' | 'contextLength' | 'reasoningEffort' | 'think'
export type FormErrors = Partial<Record<keyof ProfileForm, string>>

export const allEfforts = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max']

const str = (v: number | undefined | null) => (v == null ? '' : String(v))

export function toForm(p?: Profile | null): ProfileForm {
  return {
    name: p?.name ?? '',
    personal: !p?.workspaceId,
    temperature: str(p?.temperature),
    topP: str(p?.topP),
    maxTokens: str(p?.maxTokens),
    contextLength: str(p?.contextLength),
    reasoningEffort: p?.reasoningEffort ?? '',
    think: p?.think == null ? 'default' : p.think ? 'on' : 'off',
    systemPrompt: p?.systemPrompt ?? '',
  }
}

function parse(
  s: string,
  { min, max, int, above }: { min: number; max: number; int?: boolean; above?: boolean },
  what: string,
): { value?: number; error?: string } {
  const t = s.trim()
  if (t === '') return {} // the model's default
  const n = Number(t)
  if (!Number.isFinite(n)) return { error: `${what} must be a number` }
  if (int && !Number.isInteger(n)) return { error: `${what} must be a whole number` }
  if ((above ? n <= min : n < min) || n > max) {
    return { error: `${what} must be ${above ? 'above' : 'from'} ${min.toLocaleString('en')} ${above ? 'and at most' : 'to'} ${max.toLocaleString('en')}` }
  }
  return { value: n }
}

/**
 * fromForm turns the editor's state into a Profile: empty fields become
 * undefined (the model's default) and 0 stays 0. It returns errors instead
 * when a value is out of range.
 */
export function fromForm(f: ProfileForm, base: { id: string; workspaceId: string; updatedAt?: number }): { profile?: Profile; errors: FormErrors } {
  const errors: FormErrors = {}
  const temperature = parse(f.temperature, { min: 0, max: 2 }, 'Temperature')
  const topP = parse(f.topP, { min: 0, max: 1, above: true }, 'Top P')
  const maxTokens = parse(f.maxTokens, { min: 1, max: 1_000_000, int: true }, 'Max output tokens')
  const contextLength = parse(f.contextLength, { min: 256, max: 10_000_000, int: true }, 'Context length')
  if (!f.name.trim()) errors.name = 'Give the profile a name'
  if (temperature.error) errors.temperature = temperature.error
  if (topP.error) errors.topP = topP.error
  if (maxTokens.error) errors.maxTokens = maxTokens.error
  if (contextLength.error) errors.contextLength = contextLength.error
  if (Object.keys(errors).length > 0) return { errors }
  return {
    errors,
    profile: {
      id: base.id,
      workspaceId: f.personal ? '' : base.workspaceId,
      name: f.name.trim(),
      temperature: temperature.value,
      topP: topP.value,
      maxTokens: maxTokens.value,
      contextLength: contextLength.value,
      reasoningEffort: f.reasoningEffort,
      think: f.think === 'default' ? undefined : f.think === 'on',
      systemPrompt: f.systemPrompt,
      updatedAt: base.updatedAt ?? 0,
    },
  }
}

/** isSet says whether the form gives a parameter a value (rather than the model's default). */
export function isSet(f: ProfileForm, k: ParamKey): boolean {
  return k === 'think' ? f.think !== 'default' : f[k].trim() !== ''
}

/** unsupportedSet lists parameters that have a value the checked model does not take. */
export function unsupportedSet(f: ProfileForm, support: ParamSupport | null): ParamKey[] {
  if (!support) return []
  const keys: ParamKey[] = ['temperature', 'topP', 'maxTokens', 'contextLength', 'reasoningEffort', 'think']
  return keys.filter((k) => isSet(f, k) && !support[k]?.supported)
}

/** summary is a one-line description of a profile's settings for the list. */
export function summary(p: Profile): string[] {
  const out: string[] = []
  if (p.temperature != null) out.push(`temperature ${p.temperature}`)
  if (p.topP != null) out.push(`top_p ${p.topP}`)
  if (p.maxTokens != null) out.push(`${p.maxTokens.toLocaleString('en')} max tokens`)
  if (p.contextLength != null) out.push(`context ${p.contextLength.toLocaleString('en')}`)
  if (p.reasoningEffort) out.push(`effort ${p.reasoningEffort}`)
  if (p.think != null) out.push(p.think ? 'thinking on' : 'thinking off')
  if (p.systemPrompt.trim()) out.push('system prompt')
  return out
}
