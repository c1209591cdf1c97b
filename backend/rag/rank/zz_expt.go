package rank

import (
	"os"
	"strconv"
	"strings"
)

func init() {
	if v := os.Getenv("X_STOP"); v != "" {
		for _, w := range strings.Fields(v) {
			stopWords[w] = true
		}
	}
}

func (c Config) expt() Config {
	f := func(k string, p *float64) {
		if v := os.Getenv(k); v != "" {
			*p, _ = strconv.ParseFloat(v, 64)
		}
	}
	i := func(k string, p *int) {
		if v := os.Getenv(k); v != "" {
			*p, _ = strconv.Atoi(v)
		}
	}
	f("X_PROX", &c.ProximityWeight)
	f("X_NB", &c.NeighbourWeight)
	i("X_FBD", &c.FeedbackDocs)
	i("X_FBT", &c.FeedbackTerms)
	f("X_FBL", &c.FeedbackLambda)
	f("X_K1", &c.K1)
	f("X_B", &c.B)
	f("X_CW", &c.ContextWeight)
	f("X_PW", &c.PhraseWeight)
	f("X_BW", &c.BackoffWeight)
	return c
}
