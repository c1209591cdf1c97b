// The import rules of DESIGN.md (frontend/src layout), checked on the source
// text: components/ stays generic (no feature stores or hooks), and only api/
// talks to the generated Wails bindings. A plain scan is enough because every
// import here is a static string.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = dirname(fileURLToPath(import.meta.url))
const wailsjs = resolve(src, '../wailsjs')

/** importsOf lists the module specifiers a source file names (import, export from, import(), vi.mock()). */
function importsOf(code: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*|\b(?:vi\.mock|vi\.importActual|require)\(\s*)['"]([^'"]+)['"]/g
  return [...code.matchAll(re)].map((m) => m[1])
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(p)
    return /\.(ts|tsx|js|jsx|mjs)$/.test(e.name) ? [p] : []
  })
}

/** target resolves a specifier to an absolute path; bare package names stay as they are. */
function target(file: string, spec: string): string {
  if (spec.startsWith('@/')) return join(src, spec.slice(2))
  if (spec.startsWith('.')) return resolve(dirname(file), spec)
  return spec
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep)

/** offenders lists "file -> specifier" for the imports of files that point into the forbidden folder. */
function offenders(files: string[], forbidden: string): string[] {
  return files.flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .filter((spec) => inside(target(file, spec), forbidden) || (forbidden === wailsjs && spec.includes('wailsjs')))
      .map((spec) => `${relative(src, file)} -> ${spec}`),
  )
}

describe('import boundaries', () => {
  it('reads every kind of import the scan relies on', () => {
    const code = [
      "import { a } from '@/features/x/store'",
      "import type { B } from '../../features/y'",
      "export { c } from './c'",
      "import './side-effect.css'",
      "const L = lazy(() => import('@/features/z/Page'))",
      "vi.mock('@/features/w/store', () => ({}))",
    ].join('\n')
    expect(importsOf(code)).toEqual(['@/features/x/store', '../../features/y', './c', './side-effect.css', '@/features/z/Page', '@/features/w/store'])
    // The scan sees the real tree: components/ does import its own ui/ pieces.
    expect(offenders(sourceFiles(join(src, 'components')), join(src, 'components', 'ui'))).not.toEqual([])
  })

  it('components/ imports nothing from features/ (pass store data in as props)', () => {
    expect(offenders(sourceFiles(join(src, 'components')), join(src, 'features'))).toEqual([])
  })

  it('only api/ imports the generated wailsjs bindings', () => {
    const outside = sourceFiles(src).filter((f) => !inside(f, join(src, 'api')))
    expect(offenders(outside, wailsjs)).toEqual([])
  })
})
