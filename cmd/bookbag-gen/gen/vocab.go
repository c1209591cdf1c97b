package gen

import (
	"math"
	"math/rand/v2"
	"strings"
)

// functionWords are the most frequent ranks of the vocabulary, as in real
// text: they appear in nearly every message and people rarely search them.
var functionWords = strings.Fields(`the of and to a in is it you that for on with as
	this be are was not or at by have from but can if your an what will so all my
	do how one there we they which about more when use would like just out also
	then them some could into only other than now here should its most need may
	because these very make any where get each over after through first same both
	why while those without between under before again our does`)

// syllables make the content words: pronounceable, lower-case, stable for a seed.
var onsets = strings.Fields("b c d f g h j k l m n p r s t v w z br cr dr fl gr kl pr st tr sh ch th")
var nuclei = strings.Fields("a e i o u ai ea io ou")
var codas = []string{"", "", "", "n", "r", "l", "s", "t", "m", "x", "nd", "rk"}

// Vocab is a vocabulary ranked by frequency with a Zipfian sampler.
type Vocab struct {
	Words []string // rank order: Words[0] is the most frequent
	// Content is the first rank that is not a function word.
	Content int
}

// NewVocab builds n words (at least the function words) from seed.
func NewVocab(seed uint64, n int) *Vocab {
	n = max(n, len(functionWords)+100)
	r := rand.New(rand.NewPCG(seed, 0x766f636162))
	words := append([]string{}, functionWords...)
	seen := map[string]bool{}
	for _, w := range words {
		seen[w] = true
	}
	for len(words) < n {
		var b strings.Builder
		syl := 1 + r.IntN(2)
		if r.IntN(8) == 0 {
			syl = 3
		}
		for s := syl; s > 0; s-- {
			b.WriteString(onsets[r.IntN(len(onsets))])
			b.WriteString(nuclei[r.IntN(len(nuclei))])
			b.WriteString(codas[r.IntN(len(codas))])
		}
		w := b.String()
		if len(w) < 3 || seen[w] {
			continue
		}
		seen[w] = true
		words = append(words, w)
	}
	return &Vocab{Words: words, Content: len(functionWords)}
}

// Text draws words for messages: from the whole vocabulary by Zipf's law
// (s = 1.05), with a chance of a topic word, in sentences.
type Text struct {
	v       *Vocab
	r       *rand.Rand
	all     *rand.Zipf
	content *rand.Zipf
}

// NewText returns a text source on v with its own random stream.
func NewText(v *Vocab, seed uint64) *Text {
	r := rand.New(rand.NewPCG(seed, 0x74657874))
	return &Text{v: v, r: r,
		all:     rand.NewZipf(r, 1.05, 1, uint64(len(v.Words)-1)),
		content: rand.NewZipf(r, 1.01, 1, uint64(len(v.Words)-v.Content-1))}
}

// ContentWord draws one content word by its Zipfian frequency.
func (t *Text) ContentWord() string { return t.v.Words[t.v.Content+int(t.content.Uint64())] }

// Topic draws k distinct content words: what one conversation is about.
func (t *Text) Topic(k int) []string {
	out := make([]string, 0, k)
	seen := map[string]bool{}
	for len(out) < k {
		w := t.ContentWord()
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Message writes about n words in sentences, mixing in topic words.
func (t *Text) Message(n int, topic []string) string {
	var b strings.Builder
	b.Grow(n * 7)
	sentence := 0
	for i := 0; i < n; i++ {
		var w string
		if len(topic) > 0 && t.r.Float64() < 0.12 {
			w = topic[t.r.IntN(len(topic))]
		} else {
			w = t.v.Words[t.all.Uint64()]
		}
		if sentence == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		sentence++
		if sentence >= 6 && (t.r.IntN(10) == 0 || sentence > 22) || i == n-1 {
			if t.r.IntN(6) == 0 {
				b.WriteByte('?')
			} else {
				b.WriteByte('.')
			}
			sentence = 0
			if i < n-1 && t.r.IntN(5) == 0 {
				b.WriteString("\n")
			}
		}
	}
	return b.String()
}

// Length draws a message length in words: log-normal around median words,
// at least 1, at most 40× the median.
func (t *Text) Length(median float64) int {
	n := int(median * math.Exp(t.r.NormFloat64()*0.8))
	return min(max(n, 1), int(median*40))
}

// Title is a short chat title.
func (t *Text) Title(topic []string) string {
	words := []string{}
	for i := 0; i < 2+t.r.IntN(3); i++ {
		if i%2 == 0 && len(topic) > 0 {
			words = append(words, topic[t.r.IntN(len(topic))])
		} else {
			words = append(words, t.ContentWord())
		}
	}
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// Queries draws n search queries of 2 or 3 content words, the way people
// search their chats: half name words of one conversation's topic (they
// co-occur), half are independent draws; both follow the Zipfian word
// frequencies of the text, so common words are searched more often. Function
// words are not searched.
func Queries(v *Vocab, seed uint64, n int) []string {
	t := NewText(v, seed^0x717565727973)
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		k := 2 + t.r.IntN(2)
		var words []string
		if i%2 == 0 {
			topic := t.Topic(8)
			t.r.Shuffle(len(topic), func(a, b int) { topic[a], topic[b] = topic[b], topic[a] })
			words = topic[:k]
		} else {
			words = t.Topic(k)
		}
		out = append(out, strings.Join(words, " "))
	}
	return out
}
