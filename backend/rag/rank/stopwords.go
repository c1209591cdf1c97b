package rank

// stopWords are English function words dropped from keyword queries. They
// carry no topic, and in an OR query over a large index each would pull in
// nearly every chunk (slow) for a BM25 weight close to zero (useless). The
// list is the common one of search engines (Lucene/Snowball-style English
// stop words) plus the stems that contractions leave behind ("doesn't" is "doesn", "t").
var stopWords = toSet(`a about above after again against all am an and any are aren't as at
be because been before being below between both but by can can't cannot could couldn't
did didn't do does doesn't doing don't down during each few for from further had hadn't has
hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my
myself no nor not of off on once only or other ought our ours ourselves out over own same shan't
she she'd she'll she's should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those through to
too under until up very was wasn't we we'd we'll we're we've were weren't what what's when
when's where where's which while who who's whom why why's will with won't would wouldn't you
you'd you'll you're you've your yours yourself yourselves
s t d ll m re ve don doesn didn isn aren wasn weren hasn haven hadn won wouldn shouldn couldn
mustn shan`)

// IsStopWord reports whether a lower-cased word is one of stopWords: no
// topic of its own (a heading that ends in one is a sentence running on).
func IsStopWord(w string) bool { return stopWords[w] }

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	word := []rune{}
	for _, r := range s + " " {
		if r == ' ' || r == '\n' || r == '\t' {
			if len(word) > 0 {
				m[string(word)] = true
				word = word[:0]
			}
			continue
		}
		word = append(word, r)
	}
	return m
}
