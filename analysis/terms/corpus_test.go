package terms_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/data"
)

// testArticle is the part of a development-corpus JSON line the tests use.
type testArticle struct {
	ID        string  `json:"id"`
	Outlet    string  `json:"outlet"`
	Published *string `json:"published"`
	Text      string  `json:"text"`
}

// readCorpus reads a JSON-lines corpus from path, skipping the test when it
// is missing (the development corpora live outside the repository).
func readCorpus(tb testing.TB, path string) []testArticle {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	var out []testArticle
	r := bufio.NewReader(f)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var a testArticle
			if jerr := json.Unmarshal(line, &a); jerr != nil {
				tb.Fatalf("%s:%d: %v", path, n, jerr)
			}
			out = append(out, a)
		}
		if err != nil {
			break
		}
	}
	return out
}

// paragraphs splits an article text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func day(a testArticle) string {
	if a.Published == nil || len(*a.Published) < 10 {
		return ""
	}
	return (*a.Published)[:10]
}

// stopwords parses the embedded default list.
func stopwords(tb testing.TB) text.Stopwords {
	tb.Helper()
	b, err := data.FS.ReadFile("lists/stopwords.txt")
	if err != nil {
		tb.Fatal(err)
	}
	s, err := text.ParseStopwords(b)
	if err != nil {
		tb.Fatalf("lists/stopwords.txt: %v", err)
	}
	return s
}

// corpusSeqs extracts the sequences of every paragraph of a corpus,
// grouped by key, in input order.
type keyedSeq struct {
	key terms.Key
	seq terms.Seq
}

func corpusSeqs(tb testing.TB, path string) []keyedSeq {
	arts := readCorpus(tb, path)
	ex := terms.NewExtractor(stopwords(tb))
	var out []keyedSeq
	for _, a := range arts {
		for _, p := range paragraphs(a.Text) {
			out = append(out, keyedSeq{terms.Key{Outlet: a.Outlet, Day: day(a)}, ex.Extract(p)})
		}
	}
	return out
}

const (
	basilPath = "/work/shared/corpus/basil-dev/articles.jsonl"
	bbcPath   = "/work/shared/corpus/bbc/articles.jsonl"
)

func TestCorpusTFSumsEqualTokens(t *testing.T) {
	ks := corpusSeqs(t, basilPath)
	parts := make(terms.Partials)
	var tokens int64
	for _, k := range ks {
		parts.Add(k.key, k.seq)
		tokens += int64(len(k.seq.Terms))
	}
	for _, key := range parts.Keys() {
		c := parts[key]
		var sum, dfMax int64
		for _, w := range c.Words() {
			sum += w.TF
			dfMax = max(dfMax, w.DF)
			if w.DF > w.TF || w.DF < 1 {
				t.Errorf("%v: %q has DF %d, TF %d", key, w.Term, w.DF, w.TF)
			}
		}
		if sum != c.Tokens {
			t.Errorf("%v: sum of TF %d, want Tokens %d", key, sum, c.Tokens)
		}
		if dfMax > c.Paragraphs {
			t.Errorf("%v: DF %d exceeds %d paragraphs", key, dfMax, c.Paragraphs)
		}
	}
	tot := parts.Total()
	if tot.Tokens != tokens || tot.Paragraphs != int64(len(ks)) {
		t.Errorf("Total: %d tokens, %d paragraphs, want %d, %d", tot.Tokens, tot.Paragraphs, tokens, len(ks))
	}
}

// derived is everything the reports take from counts, serialised so that
// two ways of building it can be compared byte for byte.
func derived(t *testing.T, parts terms.Partials, seqs []terms.Seq) string {
	t.Helper()
	var b strings.Builder
	for _, k := range parts.Keys() {
		enc, err := parts[k].MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s|%s|%x\n", k.Outlet, k.Day, enc)
	}
	tot := parts.Total()
	phrases := terms.Phrases(tot, terms.PhraseOptions{})
	top := terms.Top(tot, phrases, 100)
	fmt.Fprintf(&b, "%v\n%v\n", phrases, top)
	for _, w := range []int{0, 10} {
		co, err := terms.NewCooccur(terms.TermsOf(top), w)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range seqs {
			co.Add(s)
		}
		fmt.Fprintf(&b, "%v %v\n", co.Docs(), co.Matrix().RawSymmetric().Data)
		fmt.Fprintf(&b, "%v\n", co.NPMI().RawSymmetric().Data)
	}
	fmt.Fprintf(&b, "%v\n", terms.Distinctive(parts.Group(terms.ByOutlet), tot, phrases, terms.KeynessOptions{Limit: 20}))
	return b.String()
}

// TestIncrementalEqualsBatch builds counts the way nightly runs do — a
// first run over part of the corpus, a second that adds the rest, edits
// some articles (old counts out, new in) and drops others — and checks
// that everything derived is byte-identical to one batch run over the
// final corpus.
func TestIncrementalEqualsBatch(t *testing.T) {
	arts := readCorpus(t, basilPath)
	ex := terms.NewExtractor(stopwords(t))
	type article struct {
		key  terms.Key
		seqs []terms.Seq
	}
	extract := func(a testArticle, text string) article {
		out := article{key: terms.Key{Outlet: a.Outlet, Day: day(a)}}
		for _, p := range paragraphs(text) {
			s := ex.Extract(p)
			b, _ := s.MarshalBinary() // stored form: detached from the text
			var d terms.Seq
			if err := d.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			out.seqs = append(out.seqs, d)
		}
		return out
	}
	countsOf := func(a article) terms.Partials {
		p := make(terms.Partials)
		for _, s := range a.seqs {
			p.Add(a.key, s)
		}
		return p
	}

	// Run 1: the first 80 articles.
	state := make(terms.Partials)
	stored := map[string]article{}
	for _, a := range arts[:80] {
		x := extract(a, a.Text)
		stored[a.ID] = x
		state.Merge(countsOf(x))
	}
	// Run 2: add the rest; articles 10–19 changed (last paragraph dropped,
	// a sentence added); articles 20–24 removed from the input.
	final := map[string]article{}
	for i, a := range arts {
		switch {
		case i >= 20 && i < 25:
			continue
		case i >= 10 && i < 20:
			ps := paragraphs(a.Text)
			a.Text = strings.Join(ps[:len(ps)-1], "\n\n") + "\n\nUndocumented immigrants rallied at the White House."
		}
		final[a.ID] = extract(a, a.Text)
	}
	for id, old := range stored {
		if nw, ok := final[id]; ok && slices.EqualFunc(nw.seqs, old.seqs, func(x, y terms.Seq) bool {
			return slices.Equal(x.Terms, y.Terms) && slices.Equal(x.Pos, y.Pos) && x.Len == y.Len
		}) {
			continue // unchanged
		}
		if err := state.Sub(countsOf(old)); err != nil {
			t.Fatalf("remove %s: %v", id, err)
		}
		delete(stored, id)
	}
	for id, x := range final {
		if _, ok := stored[id]; !ok {
			state.Merge(countsOf(x))
			stored[id] = x
		}
	}

	// Batch over the final corpus, in input order; seqs for co-occurrence
	// in id order in both cases (any fixed order gives the same counts).
	batch := make(terms.Partials)
	var batchSeqs, incrSeqs []terms.Seq
	ids := make([]string, 0, len(final))
	for id := range final {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, a := range arts {
		if x, ok := final[a.ID]; ok {
			for _, s := range x.seqs {
				batch.Add(x.key, s)
			}
		}
	}
	for _, id := range ids {
		batchSeqs = append(batchSeqs, final[id].seqs...)
	}
	// The incremental side re-counts co-occurrence from its stored seqs in
	// reverse order: addition order must not matter.
	for i := len(ids) - 1; i >= 0; i-- {
		incrSeqs = append(incrSeqs, stored[ids[i]].seqs...)
	}
	got, want := derived(t, state, incrSeqs), derived(t, batch, batchSeqs)
	if got != want {
		t.Errorf("incremental and batch results differ (%d vs %d bytes)", len(got), len(want))
	}
}

func TestCorpusCooccur(t *testing.T) {
	ks := corpusSeqs(t, basilPath)
	tot := terms.NewCounts()
	for _, k := range ks {
		tot.Add(k.seq)
	}
	top := terms.Top(tot, terms.Phrases(tot, terms.PhraseOptions{}), 200)
	for _, w := range []int{0, 10} {
		co, err := terms.NewCooccur(terms.TermsOf(top), w)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range ks {
			co.Add(k.seq)
		}
		m, npmi := co.Matrix(), co.NPMI()
		for i := range top {
			// The paragraph diagonal is the DF of the term.
			if w == 0 && m.At(i, i) != float64(top[i].DF) {
				t.Errorf("window 0: diagonal of %q = %v, want DF %d", top[i].Term, m.At(i, i), top[i].DF)
			}
			for j := range top {
				v := npmi.At(i, j)
				if v < -1 || v > 1 || math.IsNaN(v) || v != npmi.At(j, i) {
					t.Fatalf("window %d: NPMI(%q, %q) = %v (transposed %v)", w, top[i].Term, top[j].Term, v, npmi.At(j, i))
				}
				if m.At(i, j) > min(m.At(i, i), m.At(j, j)) {
					t.Fatalf("window %d: pair count exceeds a term's count for %q, %q", w, top[i].Term, top[j].Term)
				}
			}
		}
		if w == 0 && co.Docs() != float64(len(ks)) {
			t.Errorf("window 0: Docs = %v, want %d paragraphs", co.Docs(), len(ks))
		}
	}
}

// TestMemoryGrowsWithVocabulary counts basil-dev three times into the same
// Counts: the second and third passes bring no new word or pair, so the
// retained heap must not grow with them.
func TestMemoryGrowsWithVocabulary(t *testing.T) {
	ks := corpusSeqs(t, basilPath)
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	c := terms.NewCounts()
	h0 := heap()
	for _, k := range ks {
		c.Add(k.seq)
	}
	h1 := heap()
	words, pairs := c.NumWords(), c.NumPairs()
	for pass := 0; pass < 2; pass++ {
		for _, k := range ks {
			c.Add(k.seq)
		}
	}
	h3 := heap()
	if c.NumWords() != words || c.NumPairs() != pairs {
		t.Errorf("vocabulary changed on re-adding: %d/%d → %d/%d", words, pairs, c.NumWords(), c.NumPairs())
	}
	first := int64(h1) - int64(h0)
	more := int64(h3) - int64(h1)
	t.Logf("first pass retained %d bytes (%d words, %d pairs); two more passes %d bytes", first, words, pairs, more)
	if more > first/10 {
		t.Errorf("two more passes over the same paragraphs retained %d bytes, want next to nothing (first pass %d)", more, first)
	}
	if c.Paragraphs != 3*int64(len(ks)) {
		t.Errorf("Paragraphs = %d, want %d", c.Paragraphs, 3*len(ks))
	}
}
