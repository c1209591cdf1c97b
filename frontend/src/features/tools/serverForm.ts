import type { ToolServer, ToolServerInput, ToolServerUpdate } from '@/api'

export type Transport = 'stdio' | 'http' | 'sse'

/** One env variable or header row. stored: the backend holds a value for this name (it never sends it back). */
export interface SecretRow {
  name: string
  value: string
  stored: boolean
}

/** ServerForm is the Add/Edit dialog's state, as the user types it. */
export interface ServerForm {
  name: string
  transport: Transport
  command: string
  /** One argument per line: arguments may hold spaces. */
  args: string
  dir: string
  url: string
  env: SecretRow[]
  headers: SecretRow[]
  /** Seconds; '' is the backend's default. */
  initTimeout: string
  callTimeout: string
  enabled: boolean
}

export function blankForm(): ServerForm {
  return { name: '', transport: 'stdio', command: '', args: '', dir: '', url: '', env: [], headers: [], initTimeout: '', callTimeout: '', enabled: true }
}

const seconds = (ms: number) => (ms > 0 ? String(ms / 1000) : '')

/** formOf fills the form from a configured server: secret names only, their values stay in the keychain. */
export function formOf(sv: ToolServer): ServerForm {
  const t = sv.transport === 'http' || sv.transport === 'sse' ? sv.transport : 'stdio'
  return {
    name: sv.name,
    transport: t,
    command: sv.command,
    args: sv.args.join('\n'),
    dir: sv.dir,
    url: sv.url,
    env: sv.envNames.map((name) => ({ name, value: '', stored: true })),
    headers: sv.headerNames.map((name) => ({ name, value: '', stored: true })),
    initTimeout: seconds(sv.initTimeoutMs),
    callTimeout: seconds(sv.callTimeoutMs),
    enabled: sv.enabled,
  }
}

/** toMs reads a seconds field; NaN for what is not a number of seconds. */
function toMs(s: string): number {
  if (s.trim() === '') return 0
  const n = Number(s)
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1000) : NaN
}

function rows(list: SecretRow[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const r of list) if (r.name.trim()) out[r.name.trim()] = r.value
  return out
}

/**
 * inputOf turns the form into what AddServer/UpdateServer take, or the first
 * problem in words. Env goes only with stdio and headers only with http/sse:
 * the other kind is dropped with the transport. A stored secret left empty is
 * sent empty, which the backend reads as "keep the stored value".
 */
export function inputOf(f: ServerForm): ToolServerInput | string {
  if (!f.name.trim()) return 'Give the server a name.'
  if (f.transport === 'stdio' && !f.command.trim()) return 'Give the command that starts the server.'
  if (f.transport !== 'stdio' && !f.url.trim()) return "Give the server's URL."
  const initTimeoutMs = toMs(f.initTimeout)
  const callTimeoutMs = toMs(f.callTimeout)
  if (Number.isNaN(initTimeoutMs) || Number.isNaN(callTimeoutMs)) return 'Timeouts are a number of seconds (empty for the default).'
  const names = (list: SecretRow[]) => list.map((r) => r.name.trim()).filter(Boolean)
  for (const list of [f.transport === 'stdio' ? f.env : f.headers]) {
    const n = names(list)
    const dup = n.find((x, i) => n.indexOf(x) !== i)
    if (dup) return `${dup} is listed twice.`
    if (list.some((r) => !r.name.trim() && r.value)) return 'A value needs a name.'
  }
  const stdio = f.transport === 'stdio'
  return {
    name: f.name.trim(),
    transport: f.transport,
    command: stdio ? f.command.trim() : '',
    args: stdio ? f.args.split('\n').map((a) => a.trim()).filter((a) => a !== '') : [],
    dir: stdio ? f.dir.trim() : '',
    url: stdio ? '' : f.url.trim(),
    env: stdio ? rows(f.env) : {},
    headers: stdio ? {} : rows(f.headers),
    initTimeoutMs,
    callTimeoutMs,
    enabled: f.enabled,
  }
}

// What a secret typed into the command line or the URL tends to look like.
const SECRET_PARAM = /(^|[-_.])(api[-_]?key|key|token|secret|password|passwd|pwd|auth|access[-_]?token|sig|signature)$/i
const SECRET_FLAG = /^--?(api[-_]?key|token|secret|password|passwd|auth[-_]?token|access[-_]?token)(=(.+))?$/i
const KEY_PREFIX = /^(sk-|sk_|ghp_|gho_|github_pat_|glpat-|xox[abp]-|AIza|hf_|pplx-|gsk_)[A-Za-z0-9_-]{8,}/

/** urlSecret says whether a URL holds a password or a key-like query value. */
function urlSecret(raw: string): boolean {
  let u: URL
  try {
    u = new URL(raw.trim())
  } catch {
    return false
  }
  if (u.password) return true
  for (const [k, v] of u.searchParams) if (v && SECRET_PARAM.test(k)) return true
  return u.pathname.split('/').some((part) => KEY_PREFIX.test(part))
}

/**
 * secretWarning says where the form holds what looks like a secret outside
 * the keychain: arguments and URLs are stored as typed (and shown, logged in
 * the server's status); env variables and headers go to the keychain. ''
 * when nothing looks like one. It warns and does not refuse: a look-alike
 * may be no secret at all.
 */
export function secretWarning(f: ServerForm): string {
  if (f.transport === 'stdio') {
    // An argument naming an env variable (${env:NAME}) holds no secret itself.
    const args = f.args.split('\n').map((a) => (a.includes('${env:') ? '' : a.trim()))
    const found = args.some((a, i) => {
      const flag = SECRET_FLAG.exec(a)
      if (flag) return !!flag[3] || (i + 1 < args.length && args[i + 1] !== '' && !args[i + 1].startsWith('-'))
      return KEY_PREFIX.test(a) || (a.includes('://') && urlSecret(a))
    })
    return found
      ? 'An argument looks like a password or key. Arguments are stored as typed; put the secret in an environment variable below (kept in the keychain) and write ${env:NAME} in the argument in its place.'
      : ''
  }
  return urlSecret(f.url)
    ? 'The URL looks like it holds a password or key. URLs are stored as typed; send it as a header below (kept in the keychain) if the server accepts one.'
    : ''
}

/** revokedMessage tells the user which standing approvals an edit removed, and why ("2 standing approvals were removed because the command changed…"). */
export function revokedMessage(up: ToolServerUpdate): string {
  const n = up.revokedApprovals
  const what = n === 1 ? '1 standing approval was' : `${n} standing approvals were`
  return `${what} removed because the ${up.changed} of ${up.server.name} changed: its tools ask again before they run.`
}
