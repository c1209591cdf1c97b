package rank

import (
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Temporary experiment switches (removed before merge).
func xf(name string, def float64) float64 {
	if v := os.Getenv(name); v != "" {
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	return def
}

func xs(name string) string { return os.Getenv(name) }

// exptDoc fuses a document-level score from the candidates' chunk scores.
func (r *Rescoring) exptDoc(hits []Hit) {
	mode := xs("X_DOC")
	if mode == "" || len(hits) == 0 {
		return
	}
	k := int(xf("X_DOCK", 3))
	lam := xf("X_DOCW", 0.3)
	per := map[string][]float64{}
	docOf := make([]string, len(hits))
	for i, h := range hits {
		c := r.cands[h.ID]
		if c == nil {
			continue
		}
		docOf[i] = c.doc
		per[c.doc] = append(per[c.doc], h.Score)
	}
	ds := map[string]float64{}
	for d, s := range per {
		sort.Sort(sort.Reverse(sort.Float64Slice(s)))
		n := min(k, len(s))
		sum := 0.0
		for _, v := range s[:n] {
			sum += v
		}
		switch mode {
		case "max":
			ds[d] = s[0]
		case "sum":
			ds[d] = sum
		case "mnz":
			ds[d] = sum * float64(n)
		case "mean":
			ds[d] = sum / float64(n)
		case "dec": // decayed sum: s1 + s2/2 + s3/3
			t := 0.0
			for i, v := range s[:n] {
				t += v / float64(i+1)
			}
			ds[d] = t
		}
	}
	smax, dmax := 0.0, 0.0
	for _, h := range hits {
		smax = max(smax, h.Score)
	}
	for _, v := range ds {
		dmax = max(dmax, v)
	}
	if smax <= 0 || dmax <= 0 {
		return
	}
	if xs("X_DOCRRF") != "" {
		// RRF of the chunk list and the doc list (chunk gets its doc's rank).
		type dv struct {
			d string
			v float64
		}
		var dl []dv
		for d, v := range ds {
			dl = append(dl, dv{d, v})
		}
		sort.Slice(dl, func(i, j int) bool { return dl[i].v > dl[j].v })
		drank := map[string]int{}
		for i, x := range dl {
			drank[x.d] = i + 1
		}
		idx := make([]int, len(hits))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return hits[idx[a]].Score > hits[idx[b]].Score })
		crank := make([]int, len(hits))
		for rnk, i := range idx {
			crank[i] = rnk + 1
		}
		kk := xf("X_RRFK", 60)
		for i := range hits {
			f := 1 / (kk + float64(crank[i]))
			if docOf[i] != "" {
				f += lam / (kk + float64(drank[docOf[i]]))
			}
			hits[i].Score = f * 1000
		}
		return
	}
	for i := range hits {
		d := 0.0
		if docOf[i] != "" {
			d = ds[docOf[i]] / dmax
		}
		hits[i].Score = smax * ((1-lam)*hits[i].Score/smax + lam*d)
	}
}

// exptCoord boosts by the IDF share of the query words a chunk covers
// (X_COORD=γ multiplicative 1+γc; X_SOFTAND=θ with X_SOFTP penalty factor).
func (r *Rescoring) exptCoord(hits []Hit) {
	g, th := xf("X_COORD", 0), xf("X_SOFTAND", 0)
	if g == 0 && th == 0 {
		return
	}
	nb := xs("X_COORDNB") != ""
	type key struct {
		doc string
		ord int
	}
	byKey := map[key]*scored{}
	for _, c := range r.cands {
		byKey[key{c.doc, c.ord}] = c
	}
	tot := 0.0
	for i := 0; i < r.q.words; i++ {
		tot += r.weights[i]
	}
	if tot <= 0 {
		return
	}
	for i := range hits {
		c := r.cands[hits[i].ID]
		if c == nil {
			continue
		}
		cov := 0.0
		for t := 0; t < r.q.words; t++ {
			has := c.tfText[t]+c.tfCtx[t] > 0
			if nb && !has {
				for _, o := range []int{-1, 1} {
					if n := byKey[key{c.doc, c.ord + o}]; n != nil && n.tfText[t]+n.tfCtx[t] > 0 {
						has = true
					}
				}
			}
			if has {
				cov += r.weights[t]
			}
		}
		cov /= tot
		if g != 0 {
			hits[i].Score *= 1 + g*cov
		}
		if th != 0 && cov < th {
			hits[i].Score *= xf("X_SOFTP", 0.7)
		}
	}
}

// exptBM25Plus: delta per matched term (text or ctx) times its IDF.
func (r *Rescoring) exptPlus(hits []Hit) {
	d := xf("X_PLUS", 0)
	if d == 0 {
		return
	}
	for i := range hits {
		c := r.cands[hits[i].ID]
		if c == nil {
			continue
		}
		for t := 0; t < r.q.words; t++ {
			if c.tfText[t]+c.tfCtx[t] > 0 {
				hits[i].Score += d * r.weights[t]
			}
		}
	}
}

var _ = math.Log

// exptFrame: interrogative-frame words that are not content.
func exptFrame(toks []queryToken) []queryToken {
	if xs("X_FRAME") == "" {
		return toks
	}
	for i := range toks {
		w := toks[i].word
		if (w == "many" || w == "much") && i > 0 && toks[i-1].word == "how" {
			toks[i].content = false
		}
		if (w == "mean" || w == "means") && i == len(toks)-1 {
			// "what does X mean"
			for j := 0; j < i; j++ {
				if toks[j].word == "what" {
					toks[i].content = false
				}
			}
		}
		if xs("X_FRAME") == "2" && (w == "happen" || w == "happens") {
			for j := 0; j < i; j++ {
				if toks[j].word == "what" {
					toks[i].content = false
				}
			}
		}
	}
	return toks
}

// DerivVariants gives surface words derivationally related to w that
// Porter does not fold into w's stem.
func DerivVariants(w string) []string {
	if xs("X_DERIV") == "" {
		return nil
	}
	s := porterStem(w)
	var out []string
	add := func(v string) {
		if porterStem(v) != s {
			out = append(out, v)
		}
	}
	type rule struct{ from, to string }
	rules := []rule{
		{"rt", "rsion"}, {"rs", "rt"}, // convert/conversion
		{"mit", "mission"}, {"miss", "mit"},
		{"duc", "duction"}, {"duct", "duce"},
		{"scrib", "scription"}, {"script", "scribe"},
		{"ceiv", "ception"}, {"cept", "ceive"},
		{"tain", "tention"}, {"tent", "tain"},
		{"pli", "plication"}, {"plic", "ply"},
		{"ifi", "ification"}, {"if", "ify"},
		{"lys", "lyse"}, {"lyz", "lysis"},
		{"sum", "sumption"}, {"sumpt", "sume"},
		{"solv", "solution"}, {"solut", "solve"},
		{"stroi", "struction"}, {"struct", "stroy"},
		{"ent", "ence"}, {"enc", "ent"},
		{"ant", "ance"}, {"anc", "ant"},
	}
	for _, r := range rules {
		if strings.HasSuffix(s, r.from) && len(s) > len(r.from)+1 {
			add(s[:len(s)-len(r.from)] + r.to)
		}
	}
	return out
}
