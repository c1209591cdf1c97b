import { memo, type ComponentProps } from 'react'
import ReactMarkdown from 'react-markdown'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import rehypeKatex from 'rehype-katex'
import rehypeHighlight from 'rehype-highlight'
import { Check, Copy } from 'lucide-react'
import 'katex/dist/katex.min.css'
import './markdown.css'
import { closeUnfinished, linkCitations, splitBlocks } from './blocks'
import { useCopy } from '@/components/ui/copy'

export interface MarkdownProps {
  text: string
  streaming?: boolean
  citations?: number // how many numbered sources the answer had
  onCite?: (n: number) => void
}

/** Markdown renders an answer: GFM tables, highlighted code with a copy button, KaTeX math, citation chips. */
export function Markdown({ text, streaming, citations = 0, onCite }: MarkdownProps) {
  const blocks = splitBlocks(text)
  return (
    <div className="markdown" dir="auto">
      {blocks.map((b, i) => (
        <Block
          key={i}
          text={streaming && i === blocks.length - 1 ? closeUnfinished(b) : b}
          citations={citations}
          onCite={onCite}
        />
      ))}
    </div>
  )
}

// rehype-highlight builds a highlighter with every common grammar each time
// a processor uses it, and react-markdown makes a processor per render: one
// transformer, built once, keeps the grammars (and their compiled rules).
const highlight = rehypeHighlight({ detect: false })
const rehypePlugins = [rehypeKatex, () => highlight]
const remarkPlugins = [remarkGfm, remarkMath]

const Block = memo(function Block({ text, citations, onCite }: { text: string; citations: number; onCite?: (n: number) => void }) {
  return (
    <ReactMarkdown
      remarkPlugins={remarkPlugins}
      rehypePlugins={rehypePlugins}
      components={{
        pre: (props) => <CodeBlock {...props} />,
        a: ({ href, children, ...rest }) => {
          const m = href?.match(/^#cite-(\d+)$/)
          if (m) {
            const n = Number(m[1])
            return (
              <button type="button" className="cite-chip" aria-label={`Source ${n}`} onClick={() => onCite?.(n)}>
                {n}
              </button>
            )
          }
          return (
            <a href={href} target="_blank" rel="noreferrer noopener" {...rest}>
              {children}
            </a>
          )
        },
        table: (props) => (
          <div className="table-wrap">
            <table {...props} />
          </div>
        ),
      }}
    >
      {linkCitations(text, citations)}
    </ReactMarkdown>
  )
})

function textOf(node: unknown): string {
  if (typeof node === 'string') return node
  if (Array.isArray(node)) return node.map(textOf).join('')
  if (node && typeof node === 'object' && 'props' in node) {
    return textOf((node as { props: { children?: unknown } }).props.children)
  }
  return ''
}

function CodeBlock({ children, ...props }: ComponentProps<'pre'>) {
  const { copied, copy } = useCopy()
  return (
    <div className="code-block">
      <button type="button" className="code-copy" onClick={() => void copy(textOf(children).replace(/\n$/, ''))} aria-label={copied ? 'Copied' : 'Copy code'}>
        {copied ? <Check className="size-3.5" /> : <Copy className="size-3.5" />}
      </button>
      <pre {...props}>{children}</pre>
    </div>
  )
}

export default Markdown
