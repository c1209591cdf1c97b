import { cn } from '@/lib/utils'

// A stable hue per preset, so each provider is recognisable at a glance.
const hues: Record<string, number> = {
  openai: 160,
  anthropic: 35,
  xai: 260,
  openrouter: 230,
  groq: 20,
  mistral: 55,
  deepseek: 250,
  gemini: 210,
  lmstudio: 280,
  vllm: 300,
  llamacpp: 90,
  custom: 200,
  ollama: 0,
}

// The known kinds' monograms, chosen by hand: initials alone made OpenAI and
// OpenRouter both "Op", LM Studio and llama.cpp server both "LS".
const marks: Record<string, string> = {
  openai: 'OA',
  anthropic: 'An',
  xai: 'xA',
  openrouter: 'OR',
  groq: 'Gq',
  mistral: 'Mi',
  deepseek: 'DS',
  gemini: 'Ge',
  lmstudio: 'LM',
  vllm: 'vL',
  llamacpp: 'Lc',
  custom: 'Cu',
  ollama: 'Ol',
}

function initials(name: string): string {
  const words = name.replace(/[^A-Za-z0-9 .]/g, ' ').split(/\s+/).filter(Boolean)
  if (words.length >= 2) return (words[0][0] + words[1][0]).toUpperCase()
  return (words[0] ?? '?').slice(0, 2).replace(/^./, (c) => c.toUpperCase())
}

/** PresetBadge is a small monogram tile for a provider preset. */
export function PresetBadge({ preset, name, className }: { preset: string; name: string; className?: string }) {
  const style = { '--h': hues[preset] ?? 200, '--c': preset === 'ollama' ? 0 : 0.1 } as React.CSSProperties
  return (
    <span
      aria-hidden="true"
      className={cn(
        'inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-xs font-semibold',
        'bg-[oklch(0.93_calc(var(--c)/2)_var(--h))] text-[oklch(0.4_var(--c)_var(--h))]',
        'dark:bg-[oklch(0.3_calc(var(--c)/2)_var(--h))] dark:text-[oklch(0.85_var(--c)_var(--h))]',
        className,
      )}
      style={style}
    >
      {marks[preset] ?? initials(name)}
    </span>
  )
}
