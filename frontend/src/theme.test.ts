// The theme's colours meet WCAG AA in both themes: 4.5:1 for text, 3:1 for the
// focus ring. Computed from index.css itself, so a colour changed there is checked.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'index.css'), 'utf8')

type RGB = [number, number, number]

function themeVars(selector: RegExp): Record<string, RGB> {
  const block = css.match(selector)?.[1] ?? ''
  const out: Record<string, RGB> = {}
  for (const m of block.matchAll(/--([\w-]+):\s*oklch\(([^)]+)\)/g)) out[m[1]] = srgb(m[2].trim().split(/\s+/).map(Number))
  return out
}

// oklch to gamma-encoded sRGB (Björn Ottosson's matrices), clipped to the gamut.
function srgb([L, C, H]: number[]): RGB {
  const h = (H * Math.PI) / 180
  const a = C * Math.cos(h)
  const b = C * Math.sin(h)
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3
  const lin = [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ]
  return lin.map((x) => {
    const v = Math.min(1, Math.max(0, x))
    return v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055
  }) as RGB
}

/** over lays fg at alpha over bg, as bg-x/10 does. */
const over = (fg: RGB, bg: RGB, alpha: number): RGB => fg.map((v, i) => v * alpha + bg[i] * (1 - alpha)) as RGB

function luminance(c: RGB): number {
  const [r, g, b] = c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrast(a: RGB, b: RGB): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x + 0.05) / (y + 0.05)
}

const themes = { light: themeVars(/:root\s*{([^}]*)}/), dark: themeVars(/\.dark\s*{([^}]*)}/) }

describe.each(Object.entries(themes))('the %s theme', (_, t) => {
  // [what, text, background]: the pairs the components draw.
  const text: [string, RGB, RGB][] = [
    ['muted text on the page', t['muted-foreground'], t.background],
    ['muted text on a card', t['muted-foreground'], t.card],
    ['muted text on a muted box (inactive tabs)', t['muted-foreground'], t.muted],
    ['muted text in the sidebar', t['muted-foreground'], t.sidebar],
    ['muted text on a hovered row', t['muted-foreground'], t.accent],
    ['a link on a card', t.primary, t.card],
    ['a default badge', t.primary, over(t.primary, t.card, 0.1)],
    ['a success badge or line', t.success, over(t.success, t.card, 0.1)],
    ['a destructive badge ("Failed")', t.destructive, over(t.destructive, t.card, 0.1)],
    ['an error line on the page', t.destructive, t.background],
    ['an error toast', t.destructive, t.popover],
    ['a warning badge ("no price")', t.foreground, over(t.warning, t.card, 0.2)],
    ['a primary button', t['primary-foreground'], t.primary],
    ['a destructive button', t['destructive-foreground'], t.destructive],
    ['a secondary badge', t['secondary-foreground'], t.secondary],
  ]
  it.each(text)('%s reads at 4.5:1', (_, fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5)
  })

  it('the focus ring stands out from the page and cards at 3:1', () => {
    expect(contrast(t.ring, t.background)).toBeGreaterThanOrEqual(3)
    expect(contrast(t.ring, t.card)).toBeGreaterThanOrEqual(3)
  })
})

describe('motion', () => {
  it('spinners and pulses calm down when the system asks for reduced motion', () => {
    const block = css.match(/@media\s*\(prefers-reduced-motion:\s*reduce\)\s*{([\s\S]*?)\n}/)?.[1] ?? ''
    expect(block).toMatch(/animate-spin/)
    expect(block).toMatch(/animate-pulse/)
  })
})
