package rank

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Re-ranking by a chat model: the keyword (or hybrid) top RerankCandidates
// go to the model as numbered passages clipped to RerankClip characters,
// and it answers with a JSON list of passage numbers, best first. This file
// builds that prompt and reads the answer; asking the model is rag's.
const (
	RerankCandidates = 30
	RerankClip       = 400
)

// RerankSystem is the instruction the model gets with RerankPrompt.
const RerankSystem = "You rank passages by how well they answer a question. " +
	"Reply with only a JSON array of passage numbers, the most relevant first, for example [3, 1, 7]. " +
	"Leave out passages that do not help answer it."

// RerankPrompt numbers the passages under the question, each clipped to
// RerankClip characters with its whitespace collapsed.
func RerankPrompt(question string, passages []string) string {
	var b strings.Builder
	b.WriteString("Question: ")
	b.WriteString(strings.Join(strings.Fields(question), " "))
	b.WriteString("\n\nPassages:\n")
	for i, p := range passages {
		fmt.Fprintf(&b, "\n[%d] %s\n", i+1, clipRunes(strings.Join(strings.Fields(p), " "), RerankClip))
	}
	b.WriteString("\nReply with the JSON array of the relevant passage numbers, best first.")
	return b.String()
}

func clipRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ErrRerankReply is a reply that holds no usable ranking.
var ErrRerankReply = errors.New("no list of passage numbers in the reply")

// ParseRerank reads a model's ranking of n passages: the longest JSON array
// in the reply whose elements are all numbers (or numeric strings), so that
// a passage marker quoted in prose ("[2] says…") does not pass for the list,
// as 0-based indexes in the model's order. Numbers outside 1..n and repeats
// are dropped; a reply with no such array, or none left, is ErrRerankReply
// (a reply cut off before its closing bracket is one).
func ParseRerank(reply string, n int) ([]int, error) {
	var best []json.Number
	for i := 0; i < len(reply); i++ {
		if reply[i] != '[' {
			continue
		}
		end := strings.IndexByte(reply[i:], ']')
		if end < 0 {
			break
		}
		var raw []json.Number
		dec := json.NewDecoder(strings.NewReader(reply[i : i+end+1]))
		dec.UseNumber()
		if err := dec.Decode(&raw); err == nil && len(raw) > len(best) {
			best = raw
		}
	}
	seen := make(map[int]bool, len(best))
	out := make([]int, 0, len(best))
	for _, num := range best {
		v, err := num.Int64()
		if err != nil || v < 1 || int(v) > n || seen[int(v)] {
			continue
		}
		seen[int(v)] = true
		out = append(out, int(v)-1)
	}
	if len(out) == 0 {
		return nil, ErrRerankReply
	}
	return out, nil
}

// RerankOrder is the full new order of n passages: those the model ranked,
// in its order, then the rest in their old order (the model may leave out
// passages it judged useless; they still fill the top k when it named
// fewer).
func RerankOrder(n int, ranked []int) []int {
	out := make([]int, 0, n)
	seen := make([]bool, n)
	for _, i := range ranked {
		if i >= 0 && i < n && !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	for i := 0; i < n; i++ {
		if !seen[i] {
			out = append(out, i)
		}
	}
	return out
}
