package aggregate

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"weak"

	"newsframe/analysis/article"
	"newsframe/analysis/stories"
	"newsframe/analysis/wire"
)

// The tests of the undated pass compare it with the algorithm it replaced
// (referenceUndated below, which holds every new article and every reached
// chunk at once) on random corpora and changes, over an in-memory store that
// keeps the sink's output as the catalog would.

// fakeArticle is a stored undated article: where it was read, the seed of
// its content, its chunk and its rows as written.
type fakeArticle struct {
	id, outlet string
	file       string
	line       int
	seed       uint64
	chunk      string
	row        article.ArticleRow
	paras      []article.ParagraphRow
}

func (a *fakeArticle) key() undatedKey { return undatedKey{a.file, a.line, a.id} }

// fakeStore is an undated partition in memory. It is a Source and a Sink;
// the sink's calls are recorded, and applied to the store by apply.
type fakeStore struct {
	arts   map[string]*fakeArticle
	order  []*fakeArticle // arts in order, nil when not known
	chunks map[string]bool
	wire   wire.Params
	// live tracks the docs the store handed out (Load and New), to count
	// those still reachable.
	live []weak.Pointer[Doc]
	// probe makes Load (once it made its docs), WriteChunk and every
	// 2048th new article count the reachable docs into maxHeld.
	probe   bool
	maxHeld int
	// light makes articles of one paragraph without signatures, and
	// keeps no text record of the chunks written.
	light bool
	// The sink's record.
	writes  []string
	written []fakeArticle
	deleted []string
	removed []string
}

func newFakeStore() *fakeStore {
	return &fakeStore{arts: map[string]*fakeArticle{}, chunks: map[string]bool{}, wire: wire.DefaultParams()}
}

// clone copies the store without its record.
func (st *fakeStore) clone() *fakeStore {
	c := newFakeStore()
	for id, a := range st.arts {
		x := *a
		x.paras = slices.Clone(a.paras)
		c.arts[id] = &x
	}
	maps.Copy(c.chunks, st.chunks)
	return c
}

// sorted returns the stored articles in (file, line, ID) order.
func (st *fakeStore) sorted() []*fakeArticle {
	if st.order == nil {
		st.order = slices.Collect(maps.Values(st.arts))
		slices.SortFunc(st.order, func(a, b *fakeArticle) int { return compareKeys(a.key(), b.key()) })
	}
	return st.order
}

// vocabulary of the fake articles: a few themes of words, and wire copy
// shared between outlets.
var (
	fakeThemes = func() [][]string {
		var th [][]string
		for t := range 6 {
			var ws []string
			for w := range 25 {
				ws = append(ws, fmt.Sprintf("t%dw%d", t, w))
			}
			th = append(th, ws)
		}
		return th
	}()
	fakeWire = func() []string {
		var ps []string
		for i := range 12 {
			var ws []string
			for w := range 14 {
				ws = append(ws, fmt.Sprintf("wire%dx%d", i, w))
			}
			ps = append(ps, strings.Join(ws, " "))
		}
		return ps
	}()
	fakeOutlets = []string{"Alpha", "Beta", "Gamma"}
	// fakeWireSigs are the signatures of the wire copy.
	fakeWireSigs = func() map[string]wire.Signature {
		m := map[string]wire.Signature{}
		for _, p := range fakeWire {
			m[p] = wire.DefaultParams().Sign(p)
		}
		return m
	}()
)

// content returns the paragraphs an article's seed gives: words of one
// theme, and now and then a paragraph of wire copy.
func content(seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 7))
	theme := fakeThemes[rng.IntN(len(fakeThemes))]
	paras := make([]string, 1+rng.IntN(3))
	for i := range paras {
		if rng.IntN(4) == 0 {
			paras[i] = fakeWire[rng.IntN(len(fakeWire))]
			continue
		}
		ws := make([]string, 12)
		for j := range ws {
			ws[j] = theme[rng.IntN(len(theme))]
		}
		paras[i] = strings.Join(ws, " ")
	}
	return paras
}

// derive sets what the store does not keep (terms and signatures) from the
// paragraphs' text, as the updater derives them.
func (st *fakeStore) derive(d *Doc) {
	d.Terms = nil
	d.Sigs = nil
	for _, p := range d.Paragraphs {
		ws := strings.Fields(p.Text)
		d.Terms = append(d.Terms, ws...)
		if st.light {
			continue
		}
		sig, ok := fakeWireSigs[p.Text]
		if !ok {
			sig = st.wire.SignWords(ws)
		}
		d.Sigs = append(d.Sigs, slices.Clone(sig))
	}
	st.live = append(st.live, weak.Make(d))
}

// newDoc returns a new article.
func (st *fakeStore) newDoc(id, outlet, file string, line int, seed uint64) *Doc {
	d := &Doc{Article: article.ArticleRow{ArticleID: id, Outlet: outlet, Title: "title " + id, Hash: fmt.Sprint(seed)},
		File: file, Line: line, Hash: fmt.Sprint(seed), Settings: "s"}
	rng := rand.New(rand.NewPCG(seed, 11))
	paras := content(seed)
	if st.light {
		paras = paras[:1]
	}
	for i, text := range paras {
		d.Paragraphs = append(d.Paragraphs, article.ParagraphRow{ArticleID: id, Outlet: outlet, Paragraph: int32(i), Text: text,
			SentimentScore: article.Round6(2*rng.Float64() - 1), Words: 12, Chars: int32(len(text))})
	}
	d.Article.Paragraphs = int32(len(d.Paragraphs))
	st.derive(d)
	return d
}

func (st *fakeStore) Chunks(day string) ([]string, error) {
	if day != "" {
		return nil, nil
	}
	return slices.Sorted(maps.Keys(st.chunks)), nil
}

func (st *fakeStore) Load(day string, chunks []string) ([]*Doc, error) {
	if day != "" {
		return nil, fmt.Errorf("fake store: load day %q", day)
	}
	var docs []*Doc
	for _, a := range st.sorted() {
		if !slices.Contains(chunks, a.chunk) {
			continue
		}
		d := &Doc{Article: a.row, Paragraphs: slices.Clone(a.paras), File: a.file, Line: a.line,
			Hash: fmt.Sprint(a.seed), Settings: "s", Chunk: a.chunk}
		d.Old = &Stored{Article: a.row, Paragraphs: slices.Clone(a.paras)}
		st.derive(d)
		docs = append(docs, d)
	}
	// In ID order, as the result store returns a chunk.
	slices.SortFunc(docs, func(a, b *Doc) int { return strings.Compare(a.Article.ArticleID, b.Article.ArticleID) })
	st.measure()
	return docs, nil
}

func (st *fakeStore) NextDay(string) (string, bool, error) { return "", false, nil }
func (st *fakeStore) DayDF(int) (*stories.DayDF, error)    { return nil, nil }
func (st *fakeStore) PutDayDF(int, *stories.DayDF) error   { return nil }
func (st *fakeStore) DeleteChunk(day, name string) error {
	st.deleted = append(st.deleted, name)
	return nil
}
func (st *fakeStore) Removed(d *Doc) error {
	st.removed = append(st.removed, d.Article.ArticleID)
	return nil
}
func (st *fakeStore) WriteChunk(day, name string, docs []*Doc) error {
	st.measure()
	if st.light {
		for _, d := range docs {
			st.written = append(st.written, fakeArticle{id: d.Article.ArticleID, file: d.File, line: d.Line, chunk: name, row: d.Article})
		}
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%q %s:", day, name)
	for _, d := range docs {
		fmt.Fprintf(&b, " %s@%s:%d story=%s sim=%v shared=%d topics=%v [", d.Article.ArticleID, d.File, d.Line,
			d.Article.StoryID, d.Article.StorySimilarity, d.Article.SharedParagraphs, d.Article.Topics)
		for _, p := range d.Paragraphs {
			fmt.Fprintf(&b, "%v/%s ", p.Shared, p.StoryID)
		}
		b.WriteString("]")
		seed := uint64(0)
		fmt.Sscan(d.Hash, &seed)
		st.written = append(st.written, fakeArticle{id: d.Article.ArticleID, outlet: d.Article.Outlet, file: d.File, line: d.Line,
			seed: seed, chunk: name, row: d.Article, paras: slices.Clone(d.Paragraphs)})
	}
	st.writes = append(st.writes, b.String())
	return nil
}

// UndatedChunks is computed from the articles, as the catalog does.
func (st *fakeStore) UndatedChunks() ([]UndatedChunk, error) {
	var out []UndatedChunk
	seen := map[string]bool{}
	for _, a := range st.sorted() {
		if !seen[a.chunk] {
			seen[a.chunk] = true
			out = append(out, UndatedChunk{Name: a.chunk, File: a.file, Line: a.line, ID: a.id})
		}
	}
	return out, nil
}

// undatedChunkBefore is the look-up the reference algorithm used.
func (st *fakeStore) undatedChunkBefore(file string, line int, id string) string {
	k := undatedKey{file, line, id}
	arts := st.sorted()
	i, _ := slices.BinarySearchFunc(arts, k, func(a *fakeArticle, k undatedKey) int { return compareKeys(a.key(), k) })
	if i == 0 {
		return ""
	}
	return arts[i-1].chunk
}

// heldDocs returns the number of docs the store handed out that are still
// reachable.
func (st *fakeStore) heldDocs() int {
	runtime.GC()
	st.live = slices.DeleteFunc(st.live, func(p weak.Pointer[Doc]) bool { return p.Value() == nil })
	return len(st.live)
}

// measure counts the reachable docs into maxHeld when probing.
func (st *fakeStore) measure() {
	if st.probe {
		st.maxHeld = max(st.maxHeld, st.heldDocs())
	}
}

// apply makes the recorded output the stored state, as the catalog's
// commit does, and checks that the chunks are the articles' chunks.
func (st *fakeStore) apply(gone map[string]Location) error {
	for id := range gone {
		delete(st.arts, id)
	}
	for _, name := range st.deleted {
		delete(st.chunks, name)
	}
	for i := range st.written {
		a := st.written[i]
		st.arts[a.id] = &a
		st.chunks[a.chunk] = true
	}
	st.writes, st.written, st.deleted, st.removed = nil, nil, nil, nil
	st.order = nil
	used := map[string]bool{}
	for _, a := range st.arts {
		used[a.chunk] = true
	}
	if !maps.Equal(used, st.chunks) {
		return fmt.Errorf("stored chunks %v, articles' chunks %v", slices.Sorted(maps.Keys(st.chunks)), slices.Sorted(maps.Keys(used)))
	}
	return nil
}

// cutIDs are article IDs that are cuts, and plainIDs some that are not:
// corpora of a few hundred articles then have many chunks.
var cutIDs, plainIDs = func() (cuts, plain []string) {
	for i := 0; len(cuts) < 400; i++ {
		if id := fmt.Sprintf("c%07d", i); isCut(id) {
			cuts = append(cuts, id)
		}
	}
	for i := 0; len(plain) < 4000; i++ {
		if id := fmt.Sprintf("p%05d", i); !isCut(id) {
			plain = append(plain, id)
		}
	}
	return cuts, plain
}()

// fakeChange is a change and the new articles it brings, in sweep order.
type fakeChange struct {
	gone map[string]Location
	news []*fakeArticle
	all  bool
}

// changeOf draws a change of st: new articles (some of them cuts), changed
// ones (some moved), removed ones (cuts more often), and All.
func changeOf(st *fakeStore, rng *rand.Rand, ids *idPool, sc scenario) fakeChange {
	c := fakeChange{gone: map[string]Location{}, all: rng.Float64() < sc.all}
	place := func(a *fakeArticle) {
		a.file = fmt.Sprintf("f%d", rng.IntN(3))
		a.line = 1 + rng.IntN(5000)
	}
	for _, a := range st.sorted() {
		r := rng.Float64()
		cut := isCut(a.id)
		switch {
		case r < sc.remove || (cut && r < sc.removeCut):
			c.gone[a.id] = Location{Chunk: a.chunk, File: a.file, Line: a.line}
		case r < sc.remove+sc.change || (cut && r < sc.removeCut+sc.change):
			c.gone[a.id] = Location{Chunk: a.chunk, File: a.file, Line: a.line}
			n := &fakeArticle{id: a.id, outlet: a.outlet, file: a.file, line: a.line, seed: rng.Uint64()}
			if rng.IntN(2) == 0 {
				place(n)
			}
			c.news = append(c.news, n)
		}
	}
	for range rng.IntN(sc.add + 1) {
		n := &fakeArticle{id: ids.next(rng, sc.cutShare), outlet: fakeOutlets[rng.IntN(len(fakeOutlets))], seed: rng.Uint64()}
		place(n)
		c.news = append(c.news, n)
	}
	slices.SortFunc(c.news, func(a, b *fakeArticle) int { return compareKeys(a.key(), b.key()) })
	return c
}

// firstRun returns n new articles.
func firstRun(rng *rand.Rand, ids *idPool, n int, cutShare float64) fakeChange {
	c := fakeChange{gone: map[string]Location{}}
	for range n {
		c.news = append(c.news, &fakeArticle{id: ids.next(rng, cutShare), outlet: fakeOutlets[rng.IntN(len(fakeOutlets))],
			file: fmt.Sprintf("f%d", rng.IntN(3)), line: 1 + rng.IntN(5000), seed: rng.Uint64()})
	}
	slices.SortFunc(c.news, func(a, b *fakeArticle) int { return compareKeys(a.key(), b.key()) })
	return c
}

// idPool hands out unused IDs, a share of them cuts.
type idPool struct{ cut, plain int }

func (p *idPool) next(rng *rand.Rand, cutShare float64) string {
	if rng.Float64() < cutShare && p.cut < len(cutIDs) {
		p.cut++
		return cutIDs[p.cut-1]
	}
	p.plain++
	if p.plain <= len(plainIDs) {
		return plainIDs[p.plain-1]
	}
	return fmt.Sprintf("q%07d", p.plain)
}

// sweepOf returns the sweep of a change over st, and the Change.
func sweepOf(st *fakeStore, c fakeChange, topicsVersion int) (*Sweep, Change) {
	s := &Sweep{Src: st, Out: st, Delta: NewDelta(&Settings{}), WireParams: wire.DefaultParams()}
	s.Topics = func(d *Doc) error {
		h := fnv.New64a()
		fmt.Fprintf(h, "%s/%d", d.Article.ArticleID, topicsVersion)
		x := float64(h.Sum64()%1000) / 1000
		d.Article.SetTopics([]float64{x, 1 - x})
		return nil
	}
	i := 0
	ch := Change{Gone: c.gone, NewDays: map[string]bool{}, All: c.all, New: func() (*Doc, error) {
		if i == len(c.news) {
			return nil, nil
		}
		a := c.news[i]
		i++
		if i%2048 == 0 {
			st.measure()
		}
		return st.newDoc(a.id, a.outlet, a.file, a.line, a.seed), nil
	}}
	if len(c.news) > 0 {
		ch.NewDays[""] = true
	}
	return s, ch
}

// scenario is what random changes draw from.
type scenario struct {
	name      string
	initial   int     // articles of the first run
	rounds    int     // changes after it
	add       int     // at most this many new articles per change
	cutShare  float64 // share of cuts among new IDs
	remove    float64 // probability that a stored article is removed
	removeCut float64 // ... that a stored cut is (removed or changed: +change)
	change    float64 // ... that a stored article changes
	all       float64 // probability that a change is All
}

func TestUndatedMatchesReference(t *testing.T) {
	scenarios := []scenario{
		{name: "first run only", initial: 400, cutShare: 0.05},
		{name: "first run without cuts", initial: 150, cutShare: 0},
		{name: "additions", initial: 300, rounds: 4, add: 60, cutShare: 0.05},
		{name: "removals", initial: 400, rounds: 4, cutShare: 0.05, remove: 0.05, removeCut: 0.3},
		{name: "changes and moves", initial: 300, rounds: 4, add: 20, cutShare: 0.05, change: 0.05, removeCut: 0.2},
		{name: "all", initial: 300, rounds: 3, add: 20, cutShare: 0.05, change: 0.02, all: 1},
		{name: "mixed", initial: 400, rounds: 6, add: 80, cutShare: 0.04, remove: 0.03, removeCut: 0.15, change: 0.03, all: 0.25},
		{name: "many cuts", initial: 200, rounds: 5, add: 50, cutShare: 0.3, remove: 0.05, removeCut: 0.25, change: 0.05, all: 0.2},
		{name: "from empty", initial: 0, rounds: 3, add: 200, cutShare: 0.05, remove: 0.05, removeCut: 0.3},
		{name: "everything removed", initial: 200, rounds: 2, cutShare: 0.05, remove: 1},
	}
	for k, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			for seed := range uint64(3) {
				rng := rand.New(rand.NewPCG(uint64(k), seed))
				st := newFakeStore()
				ids := &idPool{}
				steps := []fakeChange{firstRun(rng, ids, sc.initial, sc.cutShare)}
				for r := 0; r <= sc.rounds; r++ {
					if r > 0 {
						steps = append(steps, changeOf(st, rng, ids, sc))
					}
					c := steps[len(steps)-1]
					if err := compareWithReference(st, c, r); err != nil {
						t.Fatalf("seed %d, change %d (%d new, %d gone, all %v): %v", seed, r, len(c.news), len(c.gone), c.all, err)
					}
				}
			}
		})
	}
}

// compareWithReference runs the change over a copy of st with the reference
// algorithm and over st with the sweep, compares what they output, and
// applies the sweep's output to st.
func compareWithReference(st *fakeStore, c fakeChange, round int) error {
	ref := st.clone()
	rs, rc := sweepOf(ref, c, round)
	if err := rs.referenceRun(rc, ref); err != nil {
		return fmt.Errorf("reference: %w", err)
	}
	s, ch := sweepOf(st, c, round)
	if err := s.Run(ch); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	if !slices.Equal(st.writes, ref.writes) {
		return fmt.Errorf("chunks written:\n%s\nwant\n%s", strings.Join(st.writes, "\n"), strings.Join(ref.writes, "\n"))
	}
	for _, x := range [][]string{st.deleted, st.removed, ref.deleted, ref.removed} {
		slices.Sort(x)
	}
	if !slices.Equal(st.deleted, ref.deleted) {
		return fmt.Errorf("chunks deleted %v, want %v", st.deleted, ref.deleted)
	}
	if !slices.Equal(st.removed, ref.removed) {
		return fmt.Errorf("articles removed %v, want %v", st.removed, ref.removed)
	}
	if !reflect.DeepEqual(s.Delta, rs.Delta) {
		return errors.New("deltas differ")
	}
	if s.Loaded != rs.Loaded || s.Written != rs.Written {
		return fmt.Errorf("loaded %d, wrote %d chunks; want %d, %d", s.Loaded, s.Written, rs.Loaded, rs.Written)
	}
	if err := ref.apply(c.gone); err != nil {
		return fmt.Errorf("reference: %w", err)
	}
	if err := st.apply(c.gone); err != nil {
		return err
	}
	return nil
}

// referenceRun is Sweep.Run with the undated partition handled by the
// algorithm the pass replaced.
func (s *Sweep) referenceRun(c Change, st *fakeStore) error {
	s.change = c
	if s.WireDays <= 0 {
		s.WireDays = wire.DefaultWindowDays
	}
	var err error
	if s.next, err = c.New(); err != nil {
		return err
	}
	if err := s.dated(); err != nil {
		return err
	}
	return s.referenceUndated(st)
}

// referenceUndated is the undated sweep before the streaming pass: it reads
// every new article and every chunk the changes reach at once.
func (s *Sweep) referenceUndated(st *fakeStore) error {
	var newDocs []*Doc
	for s.next != nil {
		if s.next.Article.Day() != "" {
			return errors.New("aggregate: sweep: new articles out of order (a dated one after the undated)")
		}
		newDocs = append(newDocs, s.next)
		var err error
		if s.next, err = s.change.New(); err != nil {
			return err
		}
	}
	touched := map[string]bool{}
	for id, l := range s.change.Gone {
		if l.Day != "" {
			continue
		}
		touched[l.Chunk] = true
		if isCut(id) {
			touched[cmp.Or(st.undatedChunkBefore(l.File, l.Line, id), "0")] = true
		}
	}
	for _, d := range newDocs {
		touched[cmp.Or(st.undatedChunkBefore(d.File, d.Line, d.Article.ArticleID), "0")] = true
	}
	stored, err := s.Src.Chunks("")
	if err != nil {
		return err
	}
	if s.change.All {
		for _, c := range stored {
			touched[c] = true
		}
	}
	if len(touched) == 0 {
		return nil
	}
	var load []string
	for _, c := range stored {
		if touched[c] {
			load = append(load, c)
		}
	}
	var docs []*Doc
	if len(load) > 0 {
		if docs, err = s.Src.Load("", load); err != nil {
			return err
		}
	}
	oldCount := map[string]int{}
	kept, err := s.dropGone(docs, oldCount)
	if err != nil {
		return err
	}
	docs = append(kept, newDocs...)
	slices.SortFunc(docs, compareUndated)
	var groups [][]*Doc
	for i, d := range docs {
		if i == 0 || isCut(d.Article.ArticleID) {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], d)
	}
	for _, g := range groups {
		s.placeUndated(g)
	}
	return s.referenceEmitChunks("", docs, load, oldCount, func(ds []*Doc) { slices.SortFunc(ds, compareUndated) })
}

// referenceEmitChunks is emitChunks as it was.
func (s *Sweep) referenceEmitChunks(day string, docs []*Doc, oldChunks []string, oldCount map[string]int, order func([]*Doc)) error {
	if s.Topics != nil {
		for _, d := range docs {
			if d.Old == nil || s.change.All {
				if err := s.Topics(d); err != nil {
					return err
				}
			}
		}
	}
	order(docs)
	var chunks [][]*Doc
	var names []string
	for i, d := range docs {
		if cut := isCut(d.Article.ArticleID); i == 0 || cut {
			name := "0"
			if cut {
				name = chunkName(d.Article.ArticleID)
			}
			chunks = append(chunks, nil)
			names = append(names, name)
		}
		chunks[len(chunks)-1] = append(chunks[len(chunks)-1], d)
	}
	kept := map[string]bool{}
	for k, members := range chunks {
		name := names[k]
		kept[name] = true
		stay := 0
		dirty := false
		for _, d := range members {
			if d.Old != nil && d.Chunk == name {
				stay++
			}
			if d.Chunk != name || d.changed() {
				dirty = true
			}
		}
		if !dirty && stay == oldCount[name] && slices.Contains(oldChunks, name) {
			continue
		}
		for _, d := range members {
			if d.changed() {
				if d.Old != nil {
					s.Delta.Add(d.Old, -1)
				}
				s.Delta.Add(d.stored(), 1)
			}
			d.Chunk = name
		}
		if err := s.Out.WriteChunk(day, name, members); err != nil {
			return err
		}
		s.Written++
	}
	for _, name := range oldChunks {
		if !kept[name] {
			if err := s.Out.DeleteChunk(day, name); err != nil {
				return err
			}
		}
	}
	return nil
}

// TestUndatedBound checks that the pass holds a bounded number of docs (the
// docs the fake store handed out that are still reachable) on an undated
// corpus of 50 × ChunkSize articles with cuts as IDs hash: its first run,
// and a change that is All (every chunk read again); the reference
// algorithm, which holds them all, shows that the count sees them.
func TestUndatedBound(t *testing.T) {
	if testing.Short() {
		t.Skip("50 × ChunkSize articles")
	}
	corpus := func(n int) fakeChange {
		rng := rand.New(rand.NewPCG(3, 4))
		c := fakeChange{gone: map[string]Location{}}
		for i := range n {
			c.news = append(c.news, &fakeArticle{id: fmt.Sprintf("b%06d", i), outlet: fakeOutlets[rng.IntN(len(fakeOutlets))],
				file: fmt.Sprintf("f%d", rng.IntN(3)), line: 1 + rng.IntN(1<<20), seed: rng.Uint64()})
		}
		slices.SortFunc(c.news, func(a, b *fakeArticle) int { return compareKeys(a.key(), b.key()) })
		return c
	}

	// The count sees what the reference algorithm holds: everything.
	small := corpus(8 * ChunkSize)
	ref := newFakeStore()
	ref.probe = true
	rs, rc := sweepOf(ref, small, 0)
	if err := rs.referenceRun(rc, ref); err != nil {
		t.Fatal(err)
	}
	if ref.maxHeld < len(small.news) {
		t.Fatalf("reference first run: held %d docs at most, want all %d (the count misses docs)", ref.maxHeld, len(small.news))
	}

	const n = 50 * ChunkSize
	st := newFakeStore()
	st.light = true
	for _, step := range []struct {
		name   string
		change fakeChange
		topics int
	}{
		{"first run", corpus(n), 0},
		// Every article's topics change: every chunk is written again.
		{"all", fakeChange{gone: map[string]Location{}, all: true}, 1},
	} {
		st.probe, st.maxHeld = true, 0
		s, c := sweepOf(st, step.change, step.topics)
		if err := s.Run(c); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		st.probe = false
		written := len(st.written)
		if err := st.apply(step.change.gone); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		sizes := map[string]int{}
		largest := 0
		for _, a := range st.arts {
			sizes[a.chunk]++
			largest = max(largest, sizes[a.chunk])
		}
		t.Logf("%s: %d articles written; %d in %d chunks (largest %d); at most %d docs held at once",
			step.name, written, len(st.arts), len(st.chunks), largest, st.maxHeld)
		if written != n || len(st.arts) != n || len(st.chunks) < 30 {
			t.Fatalf("%s: %d articles written, %d stored in %d chunks; want %d, %d in about 50", step.name, written, len(st.arts), len(st.chunks), n, n)
		}
		// One group, or the chunk being read and what is left of the group
		// before it (of a removed cut); the new articles are read one at a
		// time.
		if st.maxHeld > largest+ChunkSize || st.maxHeld > 6*ChunkSize {
			t.Errorf("%s: held %d docs at once, want at most %d (the largest chunk + ChunkSize) and %d (6 × ChunkSize)",
				step.name, st.maxHeld, largest+ChunkSize, 6*ChunkSize)
		}
	}
}
