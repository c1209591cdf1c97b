import type { Model } from '@/api'

/**
 * A model ref's parts: "ollama@gpu-box:llama3.2:3b" is preset ollama, via
 * gpu-box (the provider it names when two of the preset list the model),
 * model llama3.2:3b. An embedding ref's "@dims" stays on the model.
 */
export interface RefParts {
  preset: string
  via: string
  model: string
}

export function parseRef(ref: string): RefParts | null {
  const colon = ref.indexOf(':')
  if (colon <= 0 || colon === ref.length - 1) return null
  const head = ref.slice(0, colon)
  const at = head.indexOf('@')
  return {
    preset: at < 0 ? head : head.slice(0, at),
    via: at < 0 ? '' : head.slice(at + 1),
    model: ref.slice(colon + 1),
  }
}

/**
 * findModel is the entry of a list a ref runs on, as the backend resolves
 * it: the entry with that ref; for a ref naming a provider ("…@gpu-box:…")
 * whose entry now has another ref, or a provider this computer lacks (a
 * chat from another device), the entry of that provider, else the one the
 * plain ref goes to.
 */
export function findModel<M extends Pick<Model, 'ref' | 'providerSlug'>>(models: M[], ref: string): M | undefined {
  const exact = models.find((m) => m.ref === ref)
  const p = exact ? null : parseRef(ref)
  if (exact || !p?.via) return exact
  const same = models.filter((m) => {
    const q = parseRef(m.ref)
    return q?.preset === p.preset && q.model === p.model
  })
  return same.find((m) => m.providerSlug === p.via) ?? same.find((m) => !parseRef(m.ref)?.via)
}
