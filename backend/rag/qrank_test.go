package rag

import (
	"context"
	"testing"
)

// Two ways a question's wording differs from the passage that answers it,
// both bridged by the keyword ranking itself: a question for a date is
// answered by a date ("Release 3.1, March 2019" has no word "date"), and a
// word can be another form of the one the passage uses ("email" for
// "mailing list", a word commoner than "email" here). In each pair the wrong passage has more of the
// question's words, so without the bridge it ranks first. (The wrong
// passages avoid the question words' related words, "must" for "carry",
// "message" for "email": those are another bridge, TestRelatedWords….)
func TestQuestionFormAndCompoundsRank(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	texts := map[string]string{
		"release.txt": "Orchard Toolkit\n\nRelease 3.1, March 2019\n\nThe toolkit plans orchards: rows, rootstocks and pollinators.",
		"labels.txt":  "Each crate label should carry a date, and the packer should carry the date of picking onto the toolkit sheet.",
		"club.txt":    "Questions about the orchard club go to our electronic mailing list, which the secretary reads weekly.",
		"alerts.txt":  "The orchard club server shows a banner for every alert; the club server logs each alert banner.",
		"soil.txt":    "Loam drains well, e.g. after rain. Clay holds water. Sandy soil warms early in spring and needs compost every year.",
		"pests.txt":   "Codling moth larvae tunnel into apples; pheromone traps in May show when to act against them, and the warden posts mail to members.",
	}
	e.index(t, texts)
	for _, c := range []struct{ q, want string }{
		{"Which release and date does the toolkit carry?", "release.txt"},
		{"Where should I send an email about the orchard club?", "club.txt"},
	} {
		res, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: c.q, Limit: 3})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %+v %v", c.q, res, err)
		}
		if got := res.Hits[0].DocumentName; got != c.want {
			for _, h := range res.Hits {
				t.Logf("%s %.3f %q", h.DocumentName, h.BM25, h.Text)
			}
			t.Errorf("%q: first hit from %s, want %s", c.q, got, c.want)
		}
	}
}
