package topics

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// planted returns a corpus drawn from k planted topics, each owning
// perTopic words of its own ("t2w07"), plus shared words ("common03")
// that every document uses a little. Each document mixes one or two
// topics. It returns the vocabulary, the documents and each document's
// main planted topic.
func planted(k, perTopic, docs int, seed uint64) (*Vocab, []Doc, []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	var list []string
	for t := range k {
		for w := range perTopic {
			list = append(list, fmt.Sprintf("t%dw%02d", t, w))
		}
	}
	const shared = 5
	for w := range shared {
		list = append(list, fmt.Sprintf("common%02d", w))
	}
	vocab, err := NewVocab(list, nil)
	if err != nil {
		panic(err)
	}
	out := make([]Doc, docs)
	main := make([]int, docs)
	for i := range out {
		counts := make(map[int32]float32)
		t := rng.IntN(k)
		main[i] = t
		for range 20 + rng.IntN(20) {
			// Zipf-like within the topic: low word numbers more often.
			w := int(float64(perTopic) * rng.Float64() * rng.Float64())
			counts[int32(t*perTopic+w)]++
		}
		if rng.IntN(3) == 0 {
			u := (t + 1 + rng.IntN(k-1)) % k
			for range 5 {
				counts[int32(u*perTopic+rng.IntN(perTopic))]++
			}
		}
		for range 3 {
			counts[int32(k*perTopic+rng.IntN(shared))]++
		}
		var d Doc
		for id, c := range counts {
			d.IDs = append(d.IDs, id)
			d.Counts = append(d.Counts, c)
		}
		out[i] = sortDoc(d)
	}
	return vocab, out, main
}

func sortDoc(d Doc) Doc {
	idx := make([]int, len(d.IDs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return int(d.IDs[a] - d.IDs[b]) })
	out := Doc{}
	for _, i := range idx {
		out.IDs = append(out.IDs, d.IDs[i])
		out.Counts = append(out.Counts, d.Counts[i])
	}
	return out
}

func TestFitRecoversPlantedTopics(t *testing.T) {
	vocab, docs, main := planted(4, 12, 400, 7)
	m, err := Fit(DocsSource(docs), vocab, FitOptions{K: 4})
	if err != nil {
		t.Fatal(err)
	}
	// Each fitted topic's top five terms come from one planted topic,
	// and the four fitted topics cover the four planted ones.
	covered := map[string]bool{}
	for k := range m.K() {
		top := m.Top(k, 5)
		owner := top[0].Term[:2]
		for _, tw := range top {
			if tw.Term[:2] != owner {
				t.Errorf("topic %d mixes planted topics: %v", k, top)
				break
			}
		}
		covered[owner] = true
	}
	if len(covered) != 4 {
		t.Errorf("fitted topics cover planted topics %v, want all 4", covered)
	}
	// Documents' main topics agree with the planted ones (up to the
	// numbering): every fitted topic maps to one planted topic for at
	// least 95% of its documents.
	in := m.NewInferrer()
	var inf Inference
	agree := map[[2]int]int{}
	for i, d := range docs {
		in.Infer(&inf, d)
		agree[[2]int{argmax(inf.Proportions), main[i]}]++
	}
	for k := range m.K() {
		total, best := 0, 0
		for p := range 4 {
			n := agree[[2]int{k, p}]
			total += n
			best = max(best, n)
		}
		if total > 0 && float64(best) < 0.95*float64(total) {
			t.Errorf("fitted topic %d: %d of its %d documents share a planted topic, want ≥ 95%%", k, best, total)
		}
	}
	info := m.Info()
	if info.Docs != 400 || info.HeldOut != 20 || info.Empty != 0 {
		t.Errorf("Info() = %+v, want 400 documents, 20 held out, none empty", info)
	}
	var sum float64
	for k, p := range info.Prevalence {
		sum += p
		if k > 0 && p > info.Prevalence[k-1] {
			t.Errorf("prevalence %v not in decreasing order", info.Prevalence)
		}
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("prevalences sum to %v, want 1", sum)
	}
}

func argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

func TestFitDeterministic(t *testing.T) {
	vocab, docs, _ := planted(5, 10, 700, 3)
	var first []byte
	for _, workers := range []int{1, 2, 3, 8} {
		m, err := Fit(DocsSource(docs), vocab, FitOptions{K: 5, Seed: 11, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Errorf("Fit with %d workers gives other bytes than with 1", workers)
		}
	}
}

func TestFitErrors(t *testing.T) {
	vocab, docs, _ := planted(3, 5, 50, 1)
	boom := errors.New("disk on fire")
	failing := func(yield func(Doc) bool) error {
		for i, d := range docs {
			if i == 30 {
				return boom
			}
			if !yield(d) {
				return nil
			}
		}
		return nil
	}
	bad := slices.Clone(docs)
	bad[7] = Doc{IDs: []int32{3, 2}, Counts: []float32{1, 1}}
	tests := []struct {
		name  string
		src   Source
		vocab *Vocab
		opt   FitOptions
		want  string
		is    error
	}{
		{"source error", failing, vocab, FitOptions{K: 3}, "disk on fire", boom},
		{"unsorted ids", DocsSource(bad), vocab, FitOptions{K: 3}, "document 7", nil},
		{"no terms", DocsSource([]Doc{{}, {}}), vocab, FitOptions{K: 3}, "no document", ErrNoDocuments},
		{"K above V", DocsSource(docs), vocab, FitOptions{K: 100}, "100 topics but 20 terms", nil},
		{"no vocabulary", DocsSource(docs), nil, FitOptions{K: 3}, "empty vocabulary", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Fit(tt.src, tt.vocab, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Fit() error = %v, want one containing %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Fit() error = %v, want errors.Is %v", err, tt.is)
			}
		})
	}
}

func TestFitDefaultK(t *testing.T) {
	vocab, docs, _ := planted(3, 10, 300, 2)
	m, err := Fit(DocsSource(docs), vocab, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.K(), DefaultK(300); got != want {
		t.Errorf("K() = %d, want DefaultK(300) = %d", got, want)
	}
}

func TestDefaultK(t *testing.T) {
	tests := []struct {
		n    int64
		want int
	}{{0, 5}, {120, 5}, {2225, 17}, {18661, 48}, {37554, 69}, {80000, 100}, {1e7, 100}}
	for _, tt := range tests {
		if got := DefaultK(tt.n); got != tt.want {
			t.Errorf("DefaultK(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

// TestStatsUpdate checks that an Update from merged stats is the same as
// from stats summed in one go, and that it lowers the residual.
func TestStatsUpdate(t *testing.T) {
	vocab, docs, _ := planted(4, 10, 300, 5)
	m, err := Fit(DocsSource(docs), vocab, FitOptions{K: 4, MaxPasses: 1})
	if err != nil {
		t.Fatal(err)
	}
	in := m.NewInferrer()
	all, a, b := m.NewStats(), m.NewStats(), m.NewStats()
	for i, d := range docs {
		all.Add(in, d)
		if i%2 == 0 {
			a.Add(in, d)
		} else {
			b.Add(in, d)
		}
	}
	all.Add(in, Doc{}) // an empty document counts, and adds nothing else
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if all.Docs != 301 || all.Empty != 1 || a.Docs != 300 {
		t.Errorf("Docs, Empty = %d, %d and %d, want 301, 1 and 300", all.Docs, all.Empty, a.Docs)
	}
	if d := math.Abs(all.Residual - a.Residual); d > 1e-9 {
		t.Errorf("merged residual differs by %v", d)
	}
	m1, err := m.Update(all)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := m.Update(a)
	if err != nil {
		t.Fatal(err)
	}
	for k := range m.K() {
		for v := range m.V() {
			if d := math.Abs(m1.Weight(k, v) - m2.Weight(k, v)); d > 1e-6 {
				t.Fatalf("Update of merged stats differs at topic %d term %d by %v", k, v, d)
			}
		}
	}
	after := m1.NewStats()
	in1 := m1.NewInferrer()
	for _, d := range docs {
		after.Add(in1, d)
	}
	if after.Residual > all.Residual+1e-9 {
		t.Errorf("residual after Update = %v, before %v: want no rise", after.Residual, all.Residual)
	}
	// Sub takes b back out.
	if err := a.Sub(b); err != nil {
		t.Fatal(err)
	}
	if a.Docs != 150 {
		t.Errorf("after Sub Docs = %d, want 150", a.Docs)
	}
	if err := b.Sub(all); err == nil {
		t.Error("Sub of larger stats: no error")
	}
	other := newStats(3, m.V())
	if err := a.Merge(other); err == nil {
		t.Error("Merge of stats of another K: no error")
	}
	if _, err := m.Update(other); err == nil {
		t.Error("Update with stats of another K: no error")
	}
}

func TestSolveNNLS(t *testing.T) {
	// G = I: the solution is max(0, b).
	tests := []struct {
		name    string
		g, b    []float64
		want    []float64
		wantRes float64
	}{
		{"identity", []float64{1, 0, 0, 1}, []float64{0.6, -0.2}, []float64{0.6, 0}, 1 - 0.36},
		{"coupled", []float64{2, 1, 1, 2}, []float64{1, 1}, []float64{1.0 / 3, 1.0 / 3}, 1 - 2.0/3 + 2.0/3*1.0/3*3/2*2/3*3/2},
		{"all negative", []float64{1, 0.5, 0.5, 1}, []float64{-1, -0.5}, []float64{0, 0}, 1},
	}
	// Coupled: h = G⁻¹b = (1/3, 1/3); residual 1 − 2bᵀh + hᵀGh = 1 − 4/3 + 2/3.
	tests[1].wantRes = 1 - 4.0/3 + 2.0/3
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := make([]float64, 2)
			res := solveNNLS(h, tt.g, tt.b, make([]float64, 2))
			for i := range h {
				if math.Abs(h[i]-tt.want[i]) > 1e-4 {
					t.Errorf("solveNNLS h = %v, want %v", h, tt.want)
				}
			}
			if math.Abs(res-max(0, min(1, tt.wantRes))) > 1e-4 {
				t.Errorf("solveNNLS residual = %v, want %v", res, tt.wantRes)
			}
		})
	}
}

func TestInfer(t *testing.T) {
	vocab, docs, _ := planted(3, 8, 200, 4)
	m, err := Fit(DocsSource(docs), vocab, FitOptions{K: 3})
	if err != nil {
		t.Fatal(err)
	}
	in := m.NewInferrer()
	var inf Inference
	for _, d := range docs[:20] {
		in.Infer(&inf, d)
		var sum float64
		for _, p := range inf.Proportions {
			sum += p
		}
		if math.Abs(sum-1) > 1e-9 || inf.Empty {
			t.Fatalf("Infer: proportions sum to %v (empty %v), want 1", sum, inf.Empty)
		}
		// The residual is ‖x − Wh‖², computed here directly.
		x := docWeights(nil, d, m.idf)
		full := make([]float64, m.V())
		for i, id := range d.IDs {
			full[id] = x[i]
		}
		var r float64
		for v := range full {
			rec := 0.0
			for k, h := range inf.Weights {
				rec += m.Weight(k, v) * h
			}
			r += (full[v] - rec) * (full[v] - rec)
		}
		if math.Abs(r-inf.Residual) > 1e-6 {
			t.Fatalf("Infer residual = %v, direct ‖x − Wh‖² = %v", inf.Residual, r)
		}
	}
	in.Infer(&inf, Doc{})
	if !inf.Empty || inf.Residual != 1 || slices.Max(inf.Proportions) != 0 {
		t.Errorf("Infer(empty) = %+v, want Empty, residual 1, zero proportions", inf)
	}
}
