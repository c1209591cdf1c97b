import { Fragment } from 'react'

// Tables that fit the width they are given (a page beside the open sidebar in
// a 760 px window leaves a card about 400 px) rather than scroll sideways.
// Wrap the table in `fitBox`; columns of less use carry `wideOnly` and drop
// out when the box is narrower than 42rem, and their values move to a line
// under the row's name carrying `narrowOnly`, so every value stays on screen.
// Container queries, not the window's width: the same table sits in a full
// page, a half-width card or beside a collapsed or open sidebar.

/** fitBox: the table's wrapper; the query container (and no sideways scroll of the page if a value is still too long). */
export const fitBox = '@container min-w-0 overflow-x-auto'

/** wideOnly: a cell shown only when the box is at least 42rem wide. */
export const wideOnly = '@max-2xl:hidden'

/** narrowOnly: what stands in for wideOnly cells below 42rem (a line under the row's name). */
export const narrowOnly = 'hidden @max-2xl:block'

/** cellGap: space between cells, so numbers in neighbouring columns never touch. */
export const cellGap = '[&_td:not(:first-child)]:pl-3 [&_th:not(:first-child)]:pl-3'

/**
 * Breakable lets a long identifier (a model ref like openrouter:anthropic/claude-3.7-sonnet)
 * wrap after its ':' and '/' before it has to break inside a word.
 */
export function Breakable({ text }: { text: string }) {
  // Text nodes beside <wbr>, no wrappers: the parent's text stays one string for queries.
  const parts = text.split(/(?<=[:/])/)
  return parts.map((p, i) => (
    <Fragment key={i}>
      {p}
      {i < parts.length - 1 && <wbr />}
    </Fragment>
  ))
}
