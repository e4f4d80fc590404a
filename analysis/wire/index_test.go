package wire

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// fakeCatalog is a Catalog over a map of live paragraphs.
type fakeCatalog struct {
	live    map[uint32]Signed
	fetched int
}

func (c *fakeCatalog) Ref(pn uint32) (Ref, bool) {
	s, ok := c.live[pn]
	return s.Ref, ok
}

func (c *fakeCatalog) Signatures(pns []uint32) ([]Signature, error) {
	out := make([]Signature, len(pns))
	for i, pn := range pns {
		s, ok := c.live[pn]
		if !ok {
			return nil, fmt.Errorf("paragraph %d is gone", pn)
		}
		out[i] = s.Signature
	}
	c.fetched += len(pns)
	return out, nil
}

// corpusOfNearDuplicates returns paragraph texts (as word lists): some
// distinct, some copied with a word or two changed, some identical
// boilerplate, so that groups of every kind form.
func corpusOfNearDuplicates(rng *rand.Rand, n int) [][]string {
	vocab := make([]string, 400)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	randomPara := func() []string {
		words := make([]string, 20+rng.IntN(30))
		for i := range words {
			words[i] = vocab[rng.IntN(len(vocab))]
		}
		return words
	}
	boiler := randomPara()
	var out [][]string
	for len(out) < n {
		switch r := rng.IntN(10); {
		case r < 5 || len(out) == 0:
			out = append(out, randomPara())
		case r < 8:
			c := slices.Clone(out[rng.IntN(len(out))])
			if rng.IntN(2) == 0 {
				c[rng.IntN(len(c))] = vocab[rng.IntN(len(vocab))]
			}
			out = append(out, c)
		case r < 9:
			out = append(out, slices.Clone(boiler))
		default:
			out = append(out, randomPara()[:5]) // too short to sign
		}
	}
	return out
}

// TestIndexMatchesGroup applies random batches of added and removed
// paragraphs to an Index and checks after each that its groups are those
// Group finds over the live paragraphs, through a round trip of its parts
// every other batch.
func TestIndexMatchesGroup(t *testing.T) {
	p := DefaultParams()
	for seed := uint64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		texts := corpusOfNearDuplicates(rng, 600)
		cat := &fakeCatalog{live: map[uint32]Signed{}}
		ix, err := p.NewIndex()
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string][]byte{}
		next := uint32(0)
		pending := texts
		for round := 0; len(pending) > 0 || round < 12; round++ {
			// Add a batch.
			k := min(len(pending), 1+rng.IntN(120))
			var added []Signed
			for _, words := range pending[:k] {
				sig := p.SignWords(words)
				art := fmt.Sprintf("a%04d", next)
				s := Signed{PN: next, Ref: Ref{Article: art, Index: int(next % 3), Outlet: fmt.Sprint("o", rng.IntN(3))}, Signature: sig}
				next++
				if sig == nil {
					continue
				}
				cat.live[s.PN] = s
				added = append(added, s)
			}
			pending = pending[k:]
			// Remove some live ones (as a changed article's old
			// version is), and re-add a few of them under new numbers.
			for pn, s := range cat.live {
				if rng.IntN(12) == 0 {
					delete(cat.live, pn)
					if rng.IntN(2) == 0 {
						s.PN = next
						next++
						cat.live[s.PN] = s
						added = append(added, s)
					}
				}
			}
			// Paragraphs added and removed in the same batch never
			// reach the index.
			added = slices.DeleteFunc(added, func(s Signed) bool { _, ok := cat.live[s.PN]; return !ok })
			if err := ix.Update(added, cat); err != nil {
				t.Fatal(err)
			}
			if round%2 == 1 {
				for name, b := range ix.Parts(cat) {
					stored[name] = b
				}
				if ix, err = p.LoadIndex(func(name string) ([]byte, error) { return stored[name], nil }); err != nil {
					t.Fatalf("seed %d round %d: %v", seed, round, err)
				}
			}
			var paras []Paragraph
			for _, s := range cat.live {
				paras = append(paras, Paragraph{Article: s.Article, Index: s.Index, Outlet: s.Outlet, Signature: s.Signature})
			}
			want, err := p.Group(paras)
			if err != nil {
				t.Fatal(err)
			}
			if got := ix.Groups(); !reflect.DeepEqual(got, want.Groups) && !(len(got) == 0 && len(want.Groups) == 0) {
				t.Fatalf("seed %d round %d: index has %d groups, Group finds %d:\n%v\n%v", seed, round, len(got), len(want.Groups), got, want.Groups)
			}
			// Marks agree with Group's.
			markOf := map[Ref]Mark{}
			for _, g := range ix.Groups() {
				for i, m := range g.Marks() {
					markOf[g.Paragraphs[i]] = m
				}
			}
			for i, x := range paras {
				if got := markOf[Ref{x.Article, x.Index, x.Outlet}]; got != want.Marks[i] {
					t.Fatalf("seed %d round %d: %s#%d marked %v, Group marks %v", seed, round, x.Article, x.Index, got, want.Marks[i])
				}
			}
		}
	}
}

// TestIndexFetchesLittle checks that adding a few paragraphs to a large
// index reads the signatures of their candidates only.
func TestIndexFetchesLittle(t *testing.T) {
	p := DefaultParams()
	rng := rand.New(rand.NewPCG(5, 5))
	texts := corpusOfNearDuplicates(rng, 2000)
	cat := &fakeCatalog{live: map[uint32]Signed{}}
	ix, _ := p.NewIndex()
	var added []Signed
	for i, words := range texts[:1990] {
		if sig := p.SignWords(words); sig != nil {
			s := Signed{PN: uint32(i), Ref: Ref{Article: fmt.Sprintf("a%04d", i), Outlet: "o"}, Signature: sig}
			cat.live[s.PN] = s
			added = append(added, s)
		}
	}
	if err := ix.Update(added, cat); err != nil {
		t.Fatal(err)
	}
	ix.Parts(cat)
	cat.fetched = 0
	added = nil
	for i, words := range texts[1990:] {
		if sig := p.SignWords(words); sig != nil {
			s := Signed{PN: uint32(1990 + i), Ref: Ref{Article: fmt.Sprintf("a%04d", 1990+i), Outlet: "p"}, Signature: sig}
			cat.live[s.PN] = s
			added = append(added, s)
		}
	}
	if err := ix.Update(added, cat); err != nil {
		t.Fatal(err)
	}
	if cat.fetched > 400 {
		t.Errorf("adding %d paragraphs fetched %d signatures", len(added), cat.fetched)
	}
	t.Logf("adding %d paragraphs to %d fetched %d signatures", len(added), len(cat.live)-len(added), cat.fetched)
}

// TestIndexChunkedUpdates checks that feeding paragraphs to Update in
// chunks, as a rebuild does, stores the same parts as one Update with all
// of them.
func TestIndexChunkedUpdates(t *testing.T) {
	p := DefaultParams()
	rng := rand.New(rand.NewPCG(7, 3))
	texts := corpusOfNearDuplicates(rng, 1500)
	cat := &fakeCatalog{live: map[uint32]Signed{}}
	var all []Signed
	for i, words := range texts {
		if sig := p.SignWords(words); sig != nil {
			s := Signed{PN: uint32(i), Ref: Ref{Article: fmt.Sprintf("a%04d", i/3), Index: i % 3, Outlet: fmt.Sprint("o", i%4)}, Signature: sig}
			cat.live[s.PN] = s
			all = append(all, s)
		}
	}
	whole, _ := p.NewIndex()
	if err := whole.Update(slices.Clone(all), cat); err != nil {
		t.Fatal(err)
	}
	want := whole.Parts(cat)
	for _, chunk := range []int{1, 7, 100, 499, len(all)} {
		t.Run(fmt.Sprint("chunk ", chunk), func(t *testing.T) {
			ix, _ := p.NewIndex()
			ix.Reserve(len(all))
			for lo := 0; lo < len(all); lo += chunk {
				if err := ix.Update(slices.Clone(all[lo:min(lo+chunk, len(all))]), cat); err != nil {
					t.Fatal(err)
				}
			}
			got := ix.Parts(cat)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %d parts differing from the single update's %d", len(got), len(want))
			}
			if !reflect.DeepEqual(ix.Groups(), whole.Groups()) {
				t.Errorf("got %d groups, want %d", len(ix.Groups()), len(whole.Groups()))
			}
		})
	}
}

func TestMergeSorted(t *testing.T) {
	for _, c := range []struct {
		name     string
		dst, add []uint64
		want     []uint64
	}{
		{"both empty", nil, nil, []uint64{}},
		{"into empty", nil, []uint64{1, 3}, []uint64{1, 3}},
		{"nothing added", []uint64{2, 4}, nil, []uint64{2, 4}},
		{"interleaved", []uint64{1, 4, 9}, []uint64{0, 4, 5, 10}, []uint64{0, 1, 4, 4, 5, 9, 10}},
		{"all before", []uint64{5, 6}, []uint64{1, 2}, []uint64{1, 2, 5, 6}},
		{"all after", []uint64{1, 2}, []uint64{5, 6}, []uint64{1, 2, 5, 6}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := mergeSorted(slices.Clone(c.dst), c.add); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}
