import { describe, expect, it } from 'vitest'
import { filesFromDrop } from './native'

// Fake FileSystem entries as Chromium hands them to a drop: a directory
// reader returns its entries in batches, then an empty batch.
function fileEntry(name: string) {
  const file = new File([name], name)
  return { name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok(file) }
}
function dirEntry(name: string, children: unknown[], batch = 2) {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let at = 0
      return {
        readEntries(ok: (es: unknown[]) => void) {
          const out = children.slice(at, at + batch)
          at += out.length
          ok(out)
        },
      }
    },
  }
}
function drop(entries: unknown[], files: File[] = []): DataTransfer {
  const items = entries.map((e) => ({ kind: 'file', webkitGetAsEntry: () => e }))
  return { items, files } as unknown as DataTransfer
}

describe('filesFromDrop', () => {
  it('walks a dropped folder and its subfolders, in batches, leaving hidden entries out', async () => {
    const tree = dirEntry('reports', [
      fileEntry('a.pdf'),
      fileEntry('.DS_Store'),
      dirEntry('inner', [fileEntry('b.md'), fileEntry('c.csv'), fileEntry('d.txt')]),
      dirEntry('.git', [fileEntry('config')]),
      fileEntry('e.docx'),
    ])
    const files = await filesFromDrop(drop([tree, fileEntry('loose.html')]))
    expect(files.map((f) => f.name)).toEqual(['a.pdf', 'b.md', 'c.csv', 'd.txt', 'e.docx', 'loose.html'])
  })

  it('takes the dropped files as they are when no folder is among them', async () => {
    const f = new File(['x'], 'x.txt')
    const files = await filesFromDrop(drop([fileEntry('x.txt')], [f]))
    expect(files).toEqual([f])
  })
})
