package rank

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseRerankReadsTheModelsOrder(t *testing.T) {
	cases := []struct {
		name  string
		reply string
		want  []int
	}{
		{"plain", "[3, 1, 2]", []int{2, 0, 1}},
		{"fenced with prose", "Sure! Here is the ranking:\n```json\n[2,5]\n```\nHope it helps.", []int{1, 4}},
		{"numeric strings", `["4", "1"]`, []int{3, 0}},
		{"unknown and repeated numbers dropped", "[9, 0, 2, 2, -1, 1]", []int{1, 0}},
		{"a quoted passage marker before the list", "Passage [1] mentions it. [1, 3]", []int{0, 2}},
		{"prose in brackets first", "[see below] [3]", []int{2}},
	}
	for _, c := range cases {
		got, err := ParseRerank(c.reply, 5)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: ParseRerank(%q) = %v, %v; want %v", c.name, c.reply, got, err, c.want)
		}
	}
}

func TestParseRerankRefusesBadReplies(t *testing.T) {
	for _, reply := range []string{
		"",
		"The third passage is best.",
		"[3, 1, 2", // cut off by the token limit
		"[]",
		"[7, 8]", // only unknown numbers
		`{"ranking": "first"}`,
		"[1.5, 2.5]",
	} {
		if got, err := ParseRerank(reply, 5); !errors.Is(err, ErrRerankReply) {
			t.Errorf("ParseRerank(%q) = %v, %v; want ErrRerankReply", reply, got, err)
		}
	}
}

func TestRerankOrderFillsWithTheRestInOldOrder(t *testing.T) {
	got := RerankOrder(5, []int{3, 1, 3, 9})
	if want := []int{3, 1, 0, 2, 4}; !slices.Equal(got, want) {
		t.Fatalf("RerankOrder = %v, want %v", got, want)
	}
	if got := RerankOrder(3, nil); !slices.Equal(got, []int{0, 1, 2}) {
		t.Fatalf("RerankOrder with nothing ranked = %v", got)
	}
}

func TestRerankPromptNumbersAndClipsPassages(t *testing.T) {
	long := strings.Repeat("word ", 200)
	p := RerankPrompt("  what   is\nit? ", []string{"first\n\npassage", long})
	if !strings.Contains(p, "Question: what is it?") || !strings.Contains(p, "[1] first passage\n") {
		t.Fatalf("prompt does not hold the question and passage 1:\n%s", p)
	}
	i := strings.Index(p, "[2] ")
	line := p[i+4 : i+4+strings.IndexByte(p[i+4:], '\n')]
	if n := len([]rune(line)); n != RerankClip+1 || !strings.HasSuffix(line, "…") {
		t.Fatalf("passage 2 is %d characters (%q…), want clipped to %d and an ellipsis", n, line[:20], RerankClip)
	}
}
