package topics

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestECDF(t *testing.T) {
	x := []float64{0.5, 0.1, 0.5, 0.9}
	got := make([]float64, 4)
	ecdf(got, x, make([]int, 4))
	// Ranks: 0.1 → 1, the two 0.5 → (2+3)/2, 0.9 → 4; divided by 4.
	want := []float64{2.5 / 4, 1.0 / 4, 2.5 / 4, 4.0 / 4}
	if !slices.Equal(got, want) {
		t.Errorf("ecdf(%v) = %v, want %v", x, got, want)
	}
}

// handModel builds a model from explicit topic columns (scaled to unit
// length).
func handModel(t *testing.T, terms []string, topics ...[]float64) *DocModel {
	t.Helper()
	k, v := len(topics), len(terms)
	w := make([]float64, v*k)
	for j, col := range topics {
		for i, x := range col {
			w[i*k+j] = x
		}
	}
	normalizeColumns(w, k)
	w32 := make([]float32, len(w))
	for i, x := range w {
		w32[i] = float32(x)
	}
	idf := make([]float32, v)
	for i := range idf {
		idf[i] = 1
	}
	m, err := newModel(terms, idf, w32, k, FitInfo{Prevalence: make([]float64, k)})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLabels(t *testing.T) {
	// "people" is the most frequent term of both topics; "tariffs" and
	// "ballot" are each exclusive to one topic.
	terms := []string{"people", "tariffs", "trade", "ballot", "vote"}
	m := handModel(t, terms,
		[]float64{0.5, 0.3, 0.2, 0, 0},
		[]float64{0.5, 0, 0, 0.3, 0.2})
	labels := m.Labels(3, 0)
	// Topic 0 by hand: β = (.5 .3 .2 0 0), frequency ECDF (1 .8 .6 .3 .3),
	// exclusivity (.5 1 1 0 0) with ECDF (.6 .9 .9 .3 .3); FREX =
	// 1/(.5/F + .5/E) = (.75 .847 .72 .3 .3): "tariffs" passes "people".
	tests := []struct {
		topic     int
		top, frex []string
	}{
		{0, []string{"people", "tariffs", "trade"}, []string{"tariffs", "people", "trade"}},
		{1, []string{"people", "ballot", "vote"}, []string{"ballot", "people", "vote"}},
	}
	for _, tt := range tests {
		if got := labels[tt.topic]; !slices.Equal(got.Top, tt.top) || !slices.Equal(got.FREX, tt.frex) {
			t.Errorf("Labels topic %d = %+v, want Top %q FREX %q", tt.topic, got, tt.top, tt.frex)
		}
	}
	// All weight on frequency: FREX is the frequency order.
	if got := m.Labels(3, 0.999999)[0].FREX; !slices.Equal(got, []string{"people", "tariffs", "trade"}) {
		t.Errorf("Labels(w≈1) FREX = %q, want the most probable terms", got)
	}
}

func TestRepresentatives(t *testing.T) {
	type art struct {
		id string
		w  []float64
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var arts []art
	for i := range 200 {
		arts = append(arts, art{fmt.Sprintf("a%03d", i), []float64{
			float64(rng.IntN(10)) / 10, float64(rng.IntN(10)) / 10, 0}})
	}
	// Expected: the 5 largest weights per topic, ties by id.
	want := func(t int) []Scored {
		var all []Scored
		for _, a := range arts {
			if a.w[t] > 0 {
				all = append(all, Scored{a.id, a.w[t]})
			}
		}
		slices.SortFunc(all, better)
		return all[:min(5, len(all))]
	}
	one := NewRepresentatives(3, 5)
	for _, a := range arts {
		one.Add(a.id, a.w)
	}
	// The same in two shards, added in reverse order, merged.
	s1, s2 := NewRepresentatives(3, 5), NewRepresentatives(3, 5)
	for i := len(arts) - 1; i >= 0; i-- {
		if i%3 == 0 {
			s1.Add(arts[i].id, arts[i].w)
		} else {
			s2.Add(arts[i].id, arts[i].w)
		}
	}
	if err := s2.Merge(s1); err != nil {
		t.Fatal(err)
	}
	for topic := range 3 {
		w := want(topic)
		if got := one.Top(topic); !slices.Equal(got, w) {
			t.Errorf("Top(%d) = %v, want %v", topic, got, w)
		}
		if got := s2.Top(topic); !slices.Equal(got, w) {
			t.Errorf("merged Top(%d) = %v, want %v", topic, got, w)
		}
	}
	first := one.Top(0)[0].ID
	one.Remove(first)
	if got := one.Top(0); len(got) != 4 || got[0].ID == first {
		t.Errorf("after Remove(%s) Top(0) = %v, want the other 4", first, got)
	}
	if err := one.Merge(NewRepresentatives(2, 5)); err == nil {
		t.Error("Merge of another K: no error")
	}
}

func TestDrift(t *testing.T) {
	var d, a, b Drift
	for i, r := range []float64{0.90, 0.92, 0.94, 0.96} {
		inf := &Inference{Residual: r}
		d.Add(inf)
		if i < 2 {
			a.Add(inf)
		} else {
			b.Add(inf)
		}
	}
	d.Add(&Inference{Residual: 1, Empty: true}) // not counted
	if d.Docs != 4 || math.Abs(d.Mean()-0.93) > 1e-12 {
		t.Errorf("Drift = %+v (mean %v), want 4 documents, mean 0.93", d, d.Mean())
	}
	// Sample sd of .90 .92 .94 .96 is 0.0258; its standard error /2.
	if se := d.StdErr(); math.Abs(se-0.025819888974716/2) > 1e-9 {
		t.Errorf("StdErr = %v, want 0.01291", se)
	}
	a.Merge(b)
	if a != d {
		t.Errorf("merged = %+v, want %+v", a, d)
	}
	a.Sub(b)
	if a.Docs != 2 {
		t.Errorf("after Sub Docs = %d, want 2", a.Docs)
	}

	m := &DocModel{info: FitInfo{Residual: 0.85, HeldOut: 100, HeldOutResidual: 0.90}}
	tests := []struct {
		name  string
		docs  int64
		mean  float64
		loss  float64
		drift bool
	}{
		{"as held out", 500, 0.90, 0, false},
		{"a third lost", 500, 0.9333333333, 1.0 / 3, true},
		{"a third lost, too few", 100, 0.9333333333, 1.0 / 3, false},
		{"better", 500, 0.88, -0.2, false},
	}
	for _, tt := range tests {
		d := Drift{Docs: tt.docs, Sum: tt.mean * float64(tt.docs)}
		loss, drifted := m.Drifted(d)
		if math.Abs(loss-tt.loss) > 1e-6 || drifted != tt.drift {
			t.Errorf("Drifted(%s) = %v, %v, want %v, %v", tt.name, loss, drifted, tt.loss, tt.drift)
		}
	}
	if got := (&DocModel{info: FitInfo{Residual: 0.85}}).Baseline(); got != 0.85 {
		t.Errorf("Baseline() without held-out documents = %v, want the training residual 0.85", got)
	}
}

func TestCoherence(t *testing.T) {
	docs := []Doc{
		{IDs: []int32{0, 1, 2}, Counts: []float32{1, 1, 1}},
		{IDs: []int32{0, 1}, Counts: []float32{2, 1}},
		{IDs: []int32{2, 3}, Counts: []float32{1, 1}},
		{IDs: []int32{3}, Counts: []float32{1}},
	}
	top := [][]int32{{0, 1, 3}, {2, 0}}
	c := NewCoherence(top)
	for _, d := range docs {
		c.Add(d)
	}
	npmi := func(nab, na, nb, n float64) float64 {
		if nab == 0 {
			return -1
		}
		pab, pa, pb := nab/n, na/n, nb/n
		return math.Log(pab/(pa*pb)) / -math.Log(pab)
	}
	// Topic 0: pairs (0,1) in 2 docs, (0,3) in 0, (1,3) in 0; df 2, 2, 2.
	want0 := (npmi(2, 2, 2, 4) + -1 + -1) / 3
	// Topic 1: (2,0) in 1 doc; df 2 and 2.
	want1 := npmi(1, 2, 2, 4)
	got := c.NPMI()
	if math.Abs(got[0]-want0) > 1e-12 || math.Abs(got[1]-want1) > 1e-12 {
		t.Errorf("NPMI() = %v, want [%v %v]", got, want0, want1)
	}
	// Merge of two halves equals the whole; Sub takes a half back out.
	a, b := NewCoherence(top), NewCoherence(top)
	a.Add(docs[0])
	a.Add(docs[1])
	b.Add(docs[2])
	b.Add(docs[3])
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if g := a.NPMI(); !slices.Equal(g, got) {
		t.Errorf("merged NPMI() = %v, want %v", g, got)
	}
	if err := a.Sub(b); err != nil || a.docs != 2 {
		t.Errorf("Sub: %v, %d documents, want 2", err, a.docs)
	}
	if err := a.Merge(NewCoherence([][]int32{{0, 1, 2}, {2, 0}})); err == nil {
		t.Error("Merge of other top terms: no error")
	}
}

func TestCodecRoundTrip(t *testing.T) {
	vocab, docs, _ := planted(3, 6, 300, 8)
	m, err := Fit(DocsSource(docs), vocab, FitOptions{K: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var d DocModel
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	b2, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Error("MarshalBinary of the decoded model differs")
	}
	if fmt.Sprint(d.Info()) != fmt.Sprint(m.Info()) {
		t.Errorf("decoded Info() = %+v, want %+v", d.Info(), m.Info())
	}
	// The decoded model infers exactly as the original.
	in1, in2 := m.NewInferrer(), d.NewInferrer()
	var r1, r2 Inference
	for _, doc := range docs[:50] {
		in1.Infer(&r1, doc)
		in2.Infer(&r2, doc)
		if !slices.Equal(r1.Weights, r2.Weights) || r1.Residual != r2.Residual {
			t.Fatalf("decoded model infers %v, original %v", r2, r1)
		}
	}

	reseal := func(body []byte) []byte { return appendCRC(slices.Clone(body)) } // a valid checksum
	body := b[:len(b)-4]
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"magic", append([]byte("xxxx"), b[4:]...)},
		{"version", reseal(append(append([]byte("nftm"), 9), body[5:]...))},
		{"checksum", append(slices.Clone(body), 0, 0, 0, 0)},
		{"truncated", reseal(body[:len(body)-9])},
		{"trailing", reseal(append(slices.Clone(body), 0))},
		{"negative weight", reseal(setWeight(body, m, -0.5))},
		{"weight not unit", reseal(setWeight(body, m, 7))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d DocModel
			if err := d.UnmarshalBinary(tt.in); !errors.Is(err, ErrCorrupt) {
				t.Errorf("UnmarshalBinary(%s) = %v, want ErrCorrupt", tt.name, err)
			}
		})
	}
}

// setWeight returns a copy of an encoded body with topic 0's weight of
// term 0 set to x.
func setWeight(body []byte, m *DocModel, x float32) []byte {
	out := slices.Clone(body)
	// Header: magic, version, uvarint K and V (one byte each here), then
	// the terms, then V idf values.
	off := 4 + 1 + 1 + 1
	for _, t := range m.terms {
		off += 1 + len(t)
	}
	off += 4 * m.V()
	bits := math.Float32bits(x)
	out[off], out[off+1], out[off+2], out[off+3] = byte(bits), byte(bits>>8), byte(bits>>16), byte(bits>>24)
	return out
}

func FuzzDocModel(f *testing.F) {
	vocab, docs, _ := planted(2, 3, 40, 1)
	m, err := Fit(DocsSource(docs), vocab, FitOptions{K: 2})
	if err != nil {
		f.Fatal(err)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte("nftm\x01"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var d DocModel
		if err := d.UnmarshalBinary(in); err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("UnmarshalBinary error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		out, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, in) {
			t.Fatalf("decoded model re-encodes to other bytes")
		}
		// A decoded model must infer without panicking.
		in2 := d.NewInferrer()
		var r Inference
		in2.Infer(&r, Doc{IDs: []int32{0}, Counts: []float32{1}})
	})
}

func TestRepresentativesBinary(t *testing.T) {
	r := NewRepresentatives(3, 2)
	r.Add("a", []float64{0.9, 0, 0.1})
	r.Add("b", []float64{0.5, 0.2, 0})
	r.Add("c", []float64{0.7, 0, 0.3})
	b, err := r.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got Representatives
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for k := range 3 {
		if !slices.Equal(got.Top(k), r.Top(k)) {
			t.Errorf("topic %d: decoded %v, want %v", k, got.Top(k), r.Top(k))
		}
	}
	again, _ := got.AppendBinary(nil)
	if !bytes.Equal(again, b) {
		t.Errorf("re-encoding differs")
	}
	for i := range b {
		if err := new(Representatives).UnmarshalBinary(b[:i]); err == nil {
			t.Errorf("UnmarshalBinary(first %d bytes) = nil, want an error", i)
		}
	}
}

// FuzzRepresentativesBinary checks that the codec rejects or round-trips
// what it reads.
func FuzzRepresentativesBinary(f *testing.F) {
	r := NewRepresentatives(2, 3)
	r.Add("a", []float64{0.5, 0.25})
	r.Add("b", []float64{0.5, 0})
	seed, _ := r.AppendBinary(nil)
	f.Add(seed)
	f.Add([]byte{1, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var got Representatives
		if err := got.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := got.AppendBinary(nil)
		if err != nil || !bytes.Equal(again, b) {
			t.Errorf("UnmarshalBinary(%x) accepted input that encodes to %x", b, again)
		}
	})
}
