// Checks of a table made to fit its box (components/ui/fit): jsdom applies no
// container queries, so the tests hold the classes and the narrow lines to
// what they promise.
import { expect } from 'vitest'

// Written out, not imported from fit: the test holds the design (one 42rem
// breakpoint, the narrow line shown exactly where the wide cells are not).
const wideOnly = '@max-2xl:hidden'
const narrowOnly = 'hidden @max-2xl:block'

const has = (el: Element, classes: string) => classes.split(' ').every((c) => el.classList.contains(c))

/** wideColumns names the columns that leave a narrow box. */
export function wideColumns(table: HTMLElement): string[] {
  return [...table.querySelectorAll('thead th')].filter((th) => has(th, wideOnly)).map((th) => th.textContent ?? '')
}

/**
 * expectFits checks that the table sits in a query container, that each row's
 * cells leave with their header, and that the row's narrow line shows every
 * value they held.
 */
export function expectFits(table: HTMLElement) {
  expect(table.parentElement).toHaveClass('@container')
  const heads = [...table.querySelectorAll('thead th')].map((th) => has(th, wideOnly))
  const rows = [...table.querySelectorAll('tbody tr')]
  expect(rows.length).toBeGreaterThan(0)
  for (const row of rows) {
    const cells = [...row.querySelectorAll('td')]
    expect(cells.map((td) => has(td, wideOnly))).toEqual(heads)
    const line = row.querySelector('[data-testid="narrow-line"]')
    expect(line).not.toBeNull()
    expect(has(line!, narrowOnly)).toBe(true)
    for (const td of cells.filter((c) => has(c, wideOnly))) expect(line!.textContent).toContain(td.textContent)
  }
}
