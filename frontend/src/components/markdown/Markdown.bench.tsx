import { bench, describe } from 'vitest'
import { renderToString } from 'react-dom/server'
import { Markdown } from './Markdown'

// What one streamed update of an answer costs to render: prose, then a Go
// code block (highlighted), as a chat answer typically has.
const answer = `Here is how to read a file line by line:

\`\`\`go
package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	f, err := os.Open("notes.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fmt.Println(s.Text())
	}
}
\`\`\`

The scanner splits on new lines by default [1].`

const opts = { time: 3000 }

describe('Markdown', () => {
  bench('answer with a code block', () => {
    renderToString(<Markdown text={answer} citations={1} />)
  }, opts)
  bench('prose only', () => {
    renderToString(<Markdown text={'A plain answer with **bold** text and a list:\n\n- one\n- two [1]'} citations={1} />)
  }, opts)
})
