package terms

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func newCooccur(t *testing.T, vocab []string, window int) *Cooccur {
	t.Helper()
	c, err := NewCooccur(vocab, window)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCooccurParagraphs(t *testing.T) {
	vocab := []string{"military", "intervention", "sheinbaum", "military intervention", "threats"}
	c := newCooccur(t, vocab, 0)
	for _, p := range []string{
		"Military intervention, military threats.",
		"Sheinbaum rejected military intervention.",
		"Sheinbaum spoke.",
		"",
	} {
		c.Add(seqOf(p))
	}
	if c.Docs() != 4 {
		t.Errorf("Docs() = %v, want 4", c.Docs())
	}
	// Rows and columns in vocab order; the diagonal is paragraphs
	// containing the term; each paragraph counts once.
	want := mat.NewSymDense(5, []float64{
		2, 2, 1, 2, 1,
		2, 2, 1, 2, 1,
		1, 1, 2, 1, 0,
		2, 2, 1, 2, 1,
		1, 1, 0, 1, 1,
	})
	if got := c.Matrix(); !mat.Equal(got, want) {
		t.Errorf("Matrix() =\n%v\nwant\n%v", mat.Formatted(got), mat.Formatted(want))
	}
	npmi := c.NPMI()
	pairs := c.Pairs(2)
	wantPairs := []CooccurPair{
		{"military", "intervention", 2, 1},
		{"military", "military intervention", 2, 1},
		{"intervention", "military intervention", 2, 1},
	}
	if !slices.Equal(pairs, wantPairs) {
		t.Errorf("Pairs(2) = %v, want %v", pairs, wantPairs)
	}
	if n := len(c.Pairs(0)); n != 9 {
		t.Errorf("Pairs(0): %d pairs, want the 9 seen together", n)
	}
	tests := []struct {
		a, b int
		want float64
	}{
		{0, 1, 1},   // always together: ln(.5/.25)/ln 2
		{0, 2, 0},   // p(ab) = p(a)p(b) = .25
		{0, 4, 0.5}, // ln(.25/(.5·.25)) / −ln .25 = ln 2 / 2 ln 2
		{2, 4, -1},  // never together
		{4, 4, 1},   // diagonal of a seen term
	}
	for _, tt := range tests {
		if got := npmi.At(tt.a, tt.b); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("NPMI(%s, %s) = %v, want %v", vocab[tt.a], vocab[tt.b], got, tt.want)
		}
	}
}

func TestCooccurWindows(t *testing.T) {
	tests := []struct {
		name   string
		paras  []string
		window int
		vocab  []string
		docs   float64
		want   []float64 // upper triangle row by row
	}{
		{
			// Len 5, W 3: windows [0,2] [1,3] [2,4]; alpha in 1, gamma in 3,
			// epsilon in 1, alpha and epsilon never together.
			"three windows", []string{"alpha beta gamma delta epsilon"}, 3,
			[]string{"alpha", "gamma", "epsilon"}, 3,
			[]float64{1, 1, 0, 3, 1, 1},
		},
		{
			"short paragraph is one window", []string{"alpha beta"}, 3,
			[]string{"alpha", "beta"}, 1,
			[]float64{1, 1, 1},
		},
		{
			// A comma adds a break position: Len 4, windows [0,1] [1,2] [2,3].
			"break takes a position", []string{"alpha, beta gamma"}, 2,
			[]string{"alpha", "beta", "gamma"}, 3,
			[]float64{1, 0, 0, 2, 1, 1},
		},
		{
			// A phrase sits at its first word.
			"phrase", []string{"alpha beta gamma delta"}, 2,
			[]string{"alpha beta", "gamma", "delta"}, 3,
			[]float64{1, 0, 0, 2, 1, 1},
		},
		{
			"two paragraphs add up", []string{"alpha beta gamma", "gamma alpha"}, 2,
			[]string{"alpha", "gamma"}, 3,
			[]float64{2, 1, 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCooccur(t, tt.vocab, tt.window)
			for _, p := range tt.paras {
				c.Add(seqOf(p))
			}
			if c.Docs() != tt.docs {
				t.Errorf("Docs() = %v, want %v", c.Docs(), tt.docs)
			}
			k := len(tt.vocab)
			want := mat.NewSymDense(k, nil)
			n := 0
			for i := 0; i < k; i++ {
				for j := i; j < k; j++ {
					want.SetSym(i, j, tt.want[n])
					n++
				}
			}
			if got := c.Matrix(); !mat.Equal(got, want) {
				t.Errorf("Matrix() =\n%v\nwant\n%v", mat.Formatted(got), mat.Formatted(want))
			}
		})
	}
}

// naiveWindows counts windows one by one, as the definition says.
func naiveWindows(vocab []string, window int, seqs []Seq) (*mat.SymDense, float64) {
	idx := make(map[string]int)
	for i, v := range vocab {
		idx[v] = i
	}
	m := mat.NewSymDense(len(vocab), nil)
	docs := 0.0
	for _, s := range seqs {
		type occ struct {
			pos int32
			id  int
		}
		var occs []occ
		for i, t := range s.Terms {
			if id, ok := idx[t]; ok {
				occs = append(occs, occ{s.Pos[i], id})
			}
			if s.Adjacent(i) {
				if id, ok := idx[t+" "+s.Terms[i+1]]; ok {
					occs = append(occs, occ{s.Pos[i], id})
				}
			}
		}
		nw := max(1, int(s.Len)-window+1)
		for w := 0; w < nw; w++ {
			docs++
			var ids []int
			for _, o := range occs {
				if int(o.pos) >= w && (int(o.pos) < w+window || nw == 1) {
					ids = append(ids, o.id)
				}
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
			for x, i := range ids {
				for _, j := range ids[x:] {
					m.SetSym(i, j, m.At(i, j)+1)
				}
			}
		}
	}
	return m, docs
}

func corpusSeqsSmall() []Seq {
	var seqs []Seq
	for _, p := range append(slices.Clone(mergeCorpus), phraseCorpus...) {
		seqs = append(seqs, seqOf(p))
	}
	return seqs
}

func TestCooccurWindowsMatchNaive(t *testing.T) {
	seqs := corpusSeqsSmall()
	all := NewCounts()
	for _, s := range seqs {
		all.Add(s)
	}
	vocab := TermsOf(Top(all, []Phrase{{Pair: Pair{"military", "intervention"}}, {Pair: Pair{"claudia", "sheinbaum"}}}, 25))
	for _, w := range []int{1, 2, 3, 5, 10, 100} {
		c := newCooccur(t, vocab, w)
		for _, s := range seqs {
			c.Add(s)
		}
		want, docs := naiveWindows(vocab, w, seqs)
		if c.Docs() != docs || !mat.Equal(c.Matrix(), want) {
			t.Errorf("window %d: Docs %v, want %v; matrices equal: %v", w, c.Docs(), docs, mat.Equal(c.Matrix(), want))
		}
	}
}

func TestCooccurMergeEqualsWhole(t *testing.T) {
	seqs := corpusSeqsSmall()
	vocab := []string{"military", "intervention", "military intervention", "sheinbaum", "claudia", "talks", "spoke"}
	for _, w := range []int{0, 4} {
		whole := newCooccur(t, vocab, w)
		shards := []*Cooccur{newCooccur(t, vocab, w), newCooccur(t, vocab, w), newCooccur(t, vocab, w)}
		for i, s := range seqs {
			whole.Add(s)
			shards[i%3].Add(s)
		}
		merged := newCooccur(t, vocab, w)
		for _, s := range shards {
			if err := merged.Merge(s); err != nil {
				t.Fatal(err)
			}
		}
		if merged.Docs() != whole.Docs() || !mat.Equal(merged.Matrix(), whole.Matrix()) {
			t.Errorf("window %d: merged shards differ from one accumulator", w)
		}
	}
	a := newCooccur(t, vocab, 0)
	if err := a.Merge(newCooccur(t, vocab, 2)); err == nil {
		t.Errorf("Merge of different windows: error = nil")
	}
	if err := a.Merge(newCooccur(t, vocab[1:], 0)); err == nil {
		t.Errorf("Merge of different vocabularies: error = nil")
	}
}

// TestCooccurSymmetry checks that the counts do not depend on the order of
// the vocabulary: permuting it permutes rows and columns alike.
func TestCooccurSymmetry(t *testing.T) {
	seqs := corpusSeqsSmall()
	vocab := []string{"military", "intervention", "military intervention", "sheinbaum", "claudia", "talks", "spoke"}
	r := rand.New(rand.NewPCG(3, 4))
	for _, w := range []int{0, 3} {
		base := newCooccur(t, vocab, w)
		for _, s := range seqs {
			base.Add(s)
		}
		perm := r.Perm(len(vocab))
		pv := make([]string, len(vocab))
		for i, p := range perm {
			pv[i] = vocab[p]
		}
		c := newCooccur(t, pv, w)
		for _, s := range seqs {
			c.Add(s)
		}
		m, bm := c.Matrix(), base.Matrix()
		for i := range pv {
			for j := range pv {
				if m.At(i, j) != bm.At(perm[i], perm[j]) || m.At(i, j) != m.At(j, i) {
					t.Fatalf("window %d: count(%s, %s) = %v, want %v", w, pv[i], pv[j], m.At(i, j), bm.At(perm[i], perm[j]))
				}
			}
		}
	}
}

func TestNewCooccurErrors(t *testing.T) {
	tests := []struct {
		name   string
		vocab  []string
		window int
	}{
		{"empty", nil, 0},
		{"duplicate word", []string{"a", "b", "a"}, 0},
		{"duplicate phrase", []string{"a b", "a b"}, 0},
		{"negative window", []string{"a"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewCooccur(tt.vocab, tt.window); err == nil {
				t.Errorf("NewCooccur(%q, %d) error = nil", tt.vocab, tt.window)
			}
		})
	}
}

func TestNPMI(t *testing.T) {
	// counts for terms a, b, c, d over n = 8 documents.
	counts := mat.NewSymDense(4, []float64{
		4, 2, 0, 4,
		2, 4, 1, 2,
		0, 1, 4, 0,
		4, 2, 0, 8,
	})
	tests := []struct {
		name string
		i, j int
		want float64
	}{
		{"independent", 0, 1, 0},                                  // p(ab) = .25 = .5·.5
		{"never together", 0, 2, -1},                              //
		{"below independence", 1, 2, math.Log(0.5) / math.Log(8)}, // ln(.125/(.5·.5)) / −ln .125
		{"in every document", 3, 3, 1},                            // p = 1
		{"with an everywhere term", 0, 3, 0},                      // ln(.5/(.5·1)) = 0
		{"diagonal", 2, 2, 1},                                     //
	}
	got := NPMI(nil, counts, 8)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if g := got.At(tt.i, tt.j); math.Abs(g-tt.want) > 1e-12 {
				t.Errorf("NPMI(%d, %d) = %v, want %v", tt.i, tt.j, g, tt.want)
			}
		})
	}
	// A pair seen together in 1 of 4 documents, each term in 1: NPMI 1.
	one := NPMI(nil, mat.NewSymDense(2, []float64{1, 1, 1, 1}), 4)
	if one.At(0, 1) != 1 {
		t.Errorf("NPMI of always-together pair = %v, want 1", one.At(0, 1))
	}
	// ln(.25/(.5·.5))=0 in the 2×2 above would be 0; a hand value off 0:
	// p(ab) = .2, p(a) = .4, p(b) = .25 → ln 2 / −ln .2.
	h := NPMI(nil, mat.NewSymDense(2, []float64{8, 4, 4, 5}), 20)
	if want := math.Ln2 / -math.Log(0.2); math.Abs(h.At(0, 1)-want) > 1e-12 {
		t.Errorf("NPMI hand value = %v, want %v", h.At(0, 1), want)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("NPMI with a wrong-size dst did not panic")
		}
	}()
	NPMI(mat.NewSymDense(3, nil), counts, 8)
}

// TestNPMIRange checks NPMI ∈ [−1, 1] and symmetry on random counts that are
// consistent (a pair never exceeds either term).
func TestNPMIRange(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 200; trial++ {
		k := 1 + r.IntN(6)
		n := float64(1 + r.IntN(50))
		m := mat.NewSymDense(k, nil)
		for i := 0; i < k; i++ {
			m.SetSym(i, i, float64(r.IntN(int(n)+1)))
		}
		for i := 0; i < k; i++ {
			for j := i + 1; j < k; j++ {
				lim := min(m.At(i, i), m.At(j, j))
				m.SetSym(i, j, float64(r.IntN(int(lim)+1)))
			}
		}
		got := NPMI(nil, m, n)
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				v := got.At(i, j)
				if v < -1 || v > 1 || math.IsNaN(v) || v != got.At(j, i) {
					t.Fatalf("trial %d: NPMI(%d,%d) = %v, counts\n%v\nn = %v", trial, i, j, v, mat.Formatted(m), n)
				}
			}
		}
	}
}

// TestCooccurCandidates counts a large candidate vocabulary, takes some
// paragraphs out again, and checks that restricting it to a top-K list
// gives the counts of that list counted directly; then round-trips it
// through AppendBinary.
func TestCooccurCandidates(t *testing.T) {
	seqs := corpusSeqsSmall()
	all := NewCounts()
	for _, s := range seqs {
		all.Add(s)
	}
	phrases := []Phrase{{Pair: Pair{"military", "intervention"}}, {Pair: Pair{"claudia", "sheinbaum"}}}
	cands := TermsOf(Top(all, phrases, 0))
	top := TermsOf(Top(all, phrases, 12))
	for _, w := range []int{0, 3} {
		cand := newCooccur(t, cands, w)
		for i, s := range seqs {
			cand.Add(s)
			if i%3 == 0 {
				cand.Add(s) // added twice, removed once below
			}
		}
		for i, s := range seqs {
			if i%3 == 0 {
				cand.Remove(s)
			}
		}
		got, err := cand.Restrict(top)
		if err != nil {
			t.Fatal(err)
		}
		want := newCooccur(t, top, w)
		for _, s := range seqs {
			want.Add(s)
		}
		if got.Docs() != want.Docs() || !mat.Equal(got.Matrix(), want.Matrix()) {
			t.Errorf("window %d: restricted candidates differ from counting the top terms", w)
		}
		for _, term := range top {
			if !cand.Has(term) {
				t.Errorf("Has(%q) = false", term)
			}
		}
		if cand.Has("no such term") || cand.Has("no such") {
			t.Error("Has of an unknown term = true")
		}
		if _, err := cand.Restrict([]string{"no such term"}); err == nil {
			t.Error("Restrict to an unknown term: error = nil")
		}

		b, err := cand.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		var back Cooccur
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if back.Docs() != cand.Docs() || back.Window() != w || !slices.Equal(back.Vocab(), cand.Vocab()) || !mat.Equal(back.Matrix(), cand.Matrix()) {
			t.Errorf("window %d: AppendBinary/UnmarshalBinary changed the accumulator", w)
		}
		for cut := 0; cut < len(b); cut += 7 {
			if err := back.UnmarshalBinary(b[:cut]); err == nil {
				t.Errorf("UnmarshalBinary accepted %d of %d bytes", cut, len(b))
			}
		}
	}
}
