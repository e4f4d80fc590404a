package stories

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// names is a test dictionary of term ids.
type names struct {
	ids  map[string]int32
	list []string
}

func (n *names) Name(id int32) string { return n.list[id] }

func (n *names) id(s string) int32 {
	if id, ok := n.ids[s]; ok {
		return id
	}
	n.ids[s] = int32(len(n.list))
	n.list = append(n.list, s)
	return n.ids[s]
}

// store is what a caller of Update keeps between runs.
type store struct {
	dict   *names
	freq   []byte
	arts   map[string]Article
	placed map[string][]byte
	docs   map[string]Doc
	calls  int // Load calls' articles
}

func newStore() *store {
	return &store{dict: &names{ids: map[string]int32{}}, arts: map[string]Article{}, placed: map[string][]byte{}, docs: map[string]Doc{}}
}

func (s *store) terms(d Doc) Placement {
	var p Placement
	for term, n := range d.Terms {
		if n > 0 {
			p.Terms = append(p.Terms, s.dict.id(term))
			p.TF = append(p.TF, int32(n))
		}
	}
	sortPlacement(&p)
	return p
}

// apply makes the stored corpus docs (by ID), through Update.
func (s *store) apply(t *testing.T, opt Options, docs []Doc) Outcome {
	t.Helper()
	want := map[string]Doc{}
	for _, d := range docs {
		want[d.ID] = d
	}
	ch := Change{Fresh: map[string]Placement{}, Names: s.dict}
	for id, old := range s.docs {
		if d, ok := want[id]; ok && reflect.DeepEqual(d, old) {
			continue
		}
		var p Placement
		if err := p.UnmarshalBinary(s.placed[id]); err != nil {
			t.Fatal(err)
		}
		ch.Retired = append(ch.Retired, Retired{ID: id, Published: old.Published, Seed: s.arts[id].Seed, Terms: p.Terms})
		delete(s.arts, id)
		delete(s.placed, id)
		delete(s.docs, id)
	}
	for id, d := range want {
		if _, ok := s.docs[id]; ok {
			continue
		}
		ch.Fresh[id] = s.terms(d)
		s.arts[id] = Article{ID: id, Outlet: d.Outlet, Title: d.Title, Published: d.Published}
		s.docs[id] = d
	}
	for _, a := range s.arts {
		ch.Articles = append(ch.Articles, a)
	}
	ch.Load = func(ids []string) (map[string]Placement, error) {
		out := map[string]Placement{}
		for _, id := range ids {
			var p Placement
			if err := p.UnmarshalBinary(s.placed[id]); err != nil {
				return nil, err
			}
			out[id] = p
			s.calls++
		}
		return out, nil
	}
	var f Frequencies
	if s.freq != nil {
		if err := f.UnmarshalBinary(s.freq); err != nil {
			t.Fatal(err)
		}
	}
	out, err := opt.Update(&f, ch)
	if err != nil {
		t.Fatal(err)
	}
	s.freq, _ = f.AppendBinary(nil)
	for id, p := range out.Placed {
		a := s.arts[id]
		a.Seed, a.Similarity = p.Seed, p.Similarity
		s.arts[id] = a
		s.placed[id], _ = p.Placement.AppendBinary(nil)
	}
	for seed, label := range out.Labels {
		a := s.arts[seed]
		a.Label = label
		s.arts[seed] = a
	}
	return out
}

// TestUpdateMatchesCluster changes a corpus in random steps (articles
// added, edited, redated, removed) and checks after each step that Update
// gives the stories of clustering the current articles from scratch.
func TestUpdateMatchesCluster(t *testing.T) {
	basil := loadCorpus(t, basilPath)
	var base []Doc
	for _, d := range basil {
		base = append(base, d.Doc)
	}
	undated := func(docs []Doc, every int) []Doc {
		out := slices.Clone(docs)
		for i := range out {
			if i%every == 0 {
				out[i].Published = time.Time{}
			}
		}
		return out
	}
	tests := []struct {
		name string
		docs []Doc
		opt  Options
	}{
		{"dated", base, Options{}},
		{"undated by similarity", undated(base, 1), Options{}},
		{"mixed", undated(base, 4), Options{}},
		{"undated singletons", undated(base, 3), Options{MaxUndated: 10}},
		{"narrow window", base, Options{Window: 24 * time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(len(tt.name))))
			s := newStore()
			var current []Doc
			pool := slices.Clone(tt.docs)
			rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
			for step := 0; len(pool) > 0 || step < 14; step++ {
				// Add a batch, then edit, redate or remove a few.
				k := min(len(pool), 1+rng.IntN(25))
				current = append(current, pool[:k]...)
				pool = pool[k:]
				for i := range current {
					switch rng.IntN(30) {
					case 0:
						current[i].Terms = bag(fmt.Sprintf("edited%d storm council", step))
					case 1:
						if !current[i].Published.IsZero() {
							current[i].Published = current[i].Published.Add(time.Duration(rng.IntN(96)-48) * time.Hour)
						}
					}
				}
				if rng.IntN(3) == 0 && len(current) > 5 {
					j := rng.IntN(len(current))
					current = slices.Delete(current, j, j+1)
				}
				got := s.apply(t, tt.opt, current).Stories
				want := Cluster(current, tt.opt)
				if !reflect.DeepEqual(got, want) {
					for i := range min(len(got), len(want)) {
						if !reflect.DeepEqual(got[i], want[i]) {
							t.Fatalf("step %d: story %d differs:\n got %+v\nwant %+v", step, i, got[i], want[i])
						}
					}
					t.Fatalf("step %d: %d stories, want %d", step, len(got), len(want))
				}
			}
		})
	}
}

// TestUpdateLoadsLittle adds one dated article at the end of a dated
// corpus and checks that Update reads the placements of the window before
// it, not of the whole corpus.
func TestUpdateLoadsLittle(t *testing.T) {
	docs := syntheticCorpus(t, 3000)
	s := newStore()
	s.apply(t, Options{}, docs)
	s.calls = 0
	last := docs[0].Published
	for _, d := range docs {
		if d.Published.After(last) {
			last = d.Published
		}
	}
	more := append(slices.Clone(docs), Doc{ID: "new/1", Outlet: "ap", Published: last.Add(time.Hour), Title: "New", Terms: bag("storm council vote")})
	got := s.apply(t, Options{}, more)
	if !reflect.DeepEqual(got.Stories, Cluster(more, Options{})) {
		t.Fatal("stories differ from clustering from scratch")
	}
	if s.calls > 200 {
		t.Errorf("adding one article loaded %d placements of %d", s.calls, len(docs))
	}
	t.Logf("adding one article to %d loaded %d placements; %d placed again", len(docs), s.calls, len(got.Placed))
}

func TestPlacementBinary(t *testing.T) {
	p := Placement{Terms: []int32{0, 4, 9}, TF: []int32{1, 3, 2}, N: 12, DF: []int32{5, 1, 12}}
	b, err := p.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	var back Placement
	if err := back.UnmarshalBinary(b); err != nil || !reflect.DeepEqual(back, p) {
		t.Errorf("round trip: %+v, %v, want %+v", back, err, p)
	}
	for cut := range len(b) {
		if err := back.UnmarshalBinary(b[:cut]); err == nil {
			t.Errorf("accepted %d of %d bytes", cut, len(b))
		}
	}
	f := Frequencies{Dated: []int32{1, 0, 3}, Undated: []int32{2}, NDated: 3, NUndated: 2, BySimilarity: true}
	b, _ = f.AppendBinary(nil)
	var fb Frequencies
	if err := fb.UnmarshalBinary(b); err != nil || !reflect.DeepEqual(fb, f) {
		t.Errorf("frequencies round trip: %+v, %v, want %+v", fb, err, f)
	}
}
