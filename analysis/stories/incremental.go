package stories

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Placement is what the clusterer keeps of an article between runs: its
// terms (ids of the caller's dictionary, ascending) with their counts, and
// the article count N and document frequencies DF (parallel to Terms) its
// vector was computed with when it was placed. From these its vector can
// be computed again, bit for bit, without the articles before it.
type Placement struct {
	Terms, TF []int32
	N         int32
	DF        []int32
}

// Article is an article as the caller keeps it between runs, for
// [Options.Update]: its identity and date, and where the last run placed
// it.
type Article struct {
	ID, Outlet, Title string
	// Published is the zero time when the date is unknown.
	Published time.Time
	// Seed is the ID of the first article of its story and Similarity its
	// group-average similarity when it joined (1 for a seed); "" for an
	// article not placed yet.
	Seed       string
	Similarity float64
	// Label is the story's label (Story.Terms) when the article is its
	// seed, as the last run that changed the story computed it.
	Label []string
}

// Retired is the old version of an article that changed or is gone: where
// it was in the order, its story, and its terms.
type Retired struct {
	ID        string
	Published time.Time
	Seed      string
	Terms     []int32
}

// Frequencies are the document frequencies of terms (by id) over the
// dated and over the undated articles, with the two article counts, and
// how the undated articles were last clustered: the state [Options.Update]
// keeps between runs besides the articles'.
type Frequencies struct {
	Dated, Undated   []int32
	NDated, NUndated int32
	// BySimilarity is set when the last run clustered the undated
	// articles by similarity rather than as singletons.
	BySimilarity bool
}

func (f *Frequencies) add(terms []int32, dated bool, sign int32) error {
	df, n := &f.Undated, &f.NUndated
	if dated {
		df, n = &f.Dated, &f.NDated
	}
	*n += sign
	for _, t := range terms {
		if int(t) >= len(*df) {
			*df = append(*df, make([]int32, int(t)+1-len(*df))...)
		}
		(*df)[t] += sign
		if (*df)[t] < 0 {
			return fmt.Errorf("stories: term %d: document frequency below zero", t)
		}
	}
	if *n < 0 {
		return errors.New("stories: article count below zero")
	}
	return nil
}

func (f *Frequencies) get(dated bool, t int32) int32 {
	df := f.Undated
	if dated {
		df = f.Dated
	}
	if int(t) < len(df) {
		return df[t]
	}
	return 0
}

// Change is the input of [Options.Update].
type Change struct {
	// Articles are all current articles, in any order, with unique IDs.
	Articles []Article
	// Fresh holds the terms (Terms and TF; N and DF are ignored) of the
	// articles added or changed since the last run, by ID. Every article
	// without a Seed must be in it.
	Fresh map[string]Placement
	// Retired are the old versions of the articles changed or removed
	// since the last run.
	Retired []Retired
	// Load returns the stored placements of articles that are not fresh.
	Load func(ids []string) (map[string]Placement, error)
	// Names gives the terms' strings: labels and the order in which
	// weights are summed follow them.
	Names interface{ Name(id int32) string }
}

// Placed is an article's new placement, for the caller to keep.
type Placed struct {
	Seed       string
	Similarity float64
	Placement
}

// Outcome is the result of [Options.Update].
type Outcome struct {
	// Stories are all the stories, as [Clusterer.Stories] returns them.
	Stories []Story
	// Placed holds the articles placed again (the fresh ones and those
	// whose vectors or stories depend on them), by ID.
	Placed map[string]Placed
	// Labels holds the labels of the stories whose members changed, by
	// seed ID: the caller keeps them with the seeds' articles.
	Labels map[string][]string
}

// Update clusters the articles incrementally: the result equals
// clustering all of them from scratch ([Clusterer]), at a cost that
// follows what changed. f holds the frequencies of the last run and is
// brought up to date.
//
// Dated articles are weighed with IDF computed causally, from the articles
// up to each one in the canonical order (see the package documentation),
// so an article's vector and placement depend only on the articles before
// it: Update places again only the dated articles from the earliest change
// on, against the members of the window before it. Undated articles are
// placed after them: as singletons, with IDF over the undated articles up
// to each (again from the earliest change on), or, when they are clustered
// by similarity, all again with IDF over all articles whenever anything
// changed.
func (o Options) Update(f *Frequencies, ch Change) (Outcome, error) {
	opt := o.withDefaults()
	arts := make([]*art, len(ch.Articles))
	for i := range ch.Articles {
		a := &ch.Articles[i]
		x := &art{id: a.ID, outlet: a.Outlet, title: a.Title, t: a.Published, seedID: a.Seed, oldSim: a.Similarity, label: a.Label}
		if p, ok := ch.Fresh[a.ID]; ok {
			x.pl, x.fresh = &Placement{Terms: p.Terms, TF: p.TF}, true
		} else if a.Seed == "" {
			return Outcome{}, fmt.Errorf("stories: article %s was never placed and is not fresh", a.ID)
		}
		arts[i] = x
	}
	for _, r := range ch.Retired {
		if err := f.add(r.Terms, !r.Published.IsZero(), -1); err != nil {
			return Outcome{}, fmt.Errorf("%w (retiring %s)", err, r.ID)
		}
	}
	for _, x := range arts {
		if x.fresh {
			if err := f.add(x.pl.Terms, !x.t.IsZero(), 1); err != nil {
				return Outcome{}, err
			}
		}
	}
	e := newEngine(opt, arts, ch.Names)
	// The earliest changed positions among the dated and the undated
	// articles: a fresh article's, or where a retired one was.
	e.from, e.fromUndated = e.nDated, len(arts)
	for pos, x := range e.arts {
		if x.fresh {
			if x.dated {
				e.from = min(e.from, pos)
			} else {
				e.fromUndated = min(e.fromUndated, pos)
			}
		}
	}
	for _, r := range ch.Retired {
		pos := e.insertion(r.ID, r.Published)
		if !r.Published.IsZero() {
			e.from = min(e.from, pos)
		} else {
			e.fromUndated = min(e.fromUndated, pos)
		}
		e.retiredSeeds = append(e.retiredSeeds, r.Seed)
	}
	e.load = ch.Load
	if err := e.run(f); err != nil {
		return Outcome{}, err
	}
	return e.outcome(), nil
}

// art is an article during one run.
type art struct {
	id, outlet, title string
	t                 time.Time
	unix              int64
	dated             bool
	fresh             bool
	// pl is the placement: terms and counts, and N and DF once the
	// article is placed (or as stored).
	pl *Placement
	// seedID, oldSim and label are as stored; seed and sim as placed in
	// this run (seed is a position) when placed is set.
	seedID string
	oldSim float64
	label  []string
	placed bool
	seed   int32
	sim    float64
	// relabelled is set on a seed whose label this run computed.
	relabelled bool
}

// engine is one clustering run over the articles in canonical order.
type engine struct {
	opt    Options
	arts   []*art
	byID   map[string]int32
	nDated int
	names  interface{ Name(id int32) string }
	// rank maps a term id to its rank among the terms in use, sorted by
	// name: vectors are summed in that order.
	rank map[int32]int32
	load func(ids []string) (map[string]Placement, error)
	// from and fromUndated are the first dated and undated positions
	// to place again.
	from, fromUndated int
	retiredSeeds      []string
	logTF             []float64
	// relabel marks seeds (positions) whose story changed.
	relabel map[int32]bool
}

func newEngine(opt Options, arts []*art, names interface{ Name(id int32) string }) *engine {
	slices.SortFunc(arts, func(x, y *art) int {
		if x.t.IsZero() != y.t.IsZero() {
			if x.t.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(x.t.Compare(y.t), strings.Compare(x.id, y.id),
			strings.Compare(x.outlet, y.outlet), strings.Compare(x.title, y.title))
	})
	e := &engine{opt: opt, arts: arts, byID: make(map[string]int32, len(arts)), names: names,
		rank: map[int32]int32{}, relabel: map[int32]bool{}}
	for pos, x := range arts {
		x.dated = !x.t.IsZero()
		if x.dated {
			x.unix = x.t.Unix()
			e.nDated = pos + 1
		}
		e.byID[x.id] = int32(pos)
	}
	e.logTF = make([]float64, 64)
	for k := 1; k < len(e.logTF); k++ {
		e.logTF[k] = 1 + math.Log(float64(k))
	}
	return e
}

// insertion returns the position an article with this id and date had
// in the order of the current articles: the first whose key is greater.
func (e *engine) insertion(id string, t time.Time) int {
	less := func(x *art) bool { // x sorts before (id, t)
		if x.t.IsZero() != t.IsZero() {
			return !x.t.IsZero()
		}
		if c := x.t.Compare(t); c != 0 {
			return c < 0
		}
		return x.id < id
	}
	lo, hi := 0, len(e.arts)
	for lo < hi {
		m := (lo + hi) / 2
		if less(e.arts[m]) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// fetch loads the stored placements of the articles at positions that
// have none yet.
func (e *engine) fetch(positions []int) error {
	var ids []string
	for _, pos := range positions {
		if e.arts[pos].pl == nil {
			ids = append(ids, e.arts[pos].id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if e.load == nil {
		return fmt.Errorf("stories: no placement for %s", ids[0])
	}
	got, err := e.load(ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		p, ok := got[id]
		if !ok {
			return fmt.Errorf("stories: no stored placement for article %s", id)
		}
		e.arts[e.byID[id]].pl = &p
	}
	return nil
}

// ranked makes sure every term of the placements at positions has a rank
// (by name among the ranked terms): ranks are only compared, so new terms
// may be merged in as long as the order of the old ones is kept.
func (e *engine) ranked(positions []int) {
	var fresh []int32
	for _, pos := range positions {
		for _, t := range e.arts[pos].pl.Terms {
			if _, ok := e.rank[t]; !ok {
				e.rank[t] = -1
				fresh = append(fresh, t)
			}
		}
	}
	if len(fresh) == 0 {
		return
	}
	all := make([]int32, 0, len(e.rank))
	for t := range e.rank {
		all = append(all, t)
	}
	slices.SortFunc(all, func(a, b int32) int { return strings.Compare(e.names.Name(a), e.names.Name(b)) })
	for r, t := range all {
		e.rank[t] = int32(r)
	}
}

// vectorOf computes the unit vector of a placement (N and DF set) over
// term ranks: w = (1 + ln tf) · ln((N + 1) / df), terms with w <= 0
// dropped, summed in rank order.
func (e *engine) vectorOf(p *Placement) vector {
	type tw struct {
		r int32
		w float64
	}
	buf := make([]tw, 0, len(p.Terms))
	n := float64(p.N)
	for k, t := range p.Terms {
		tf := p.TF[k]
		var ltf float64
		if int(tf) < len(e.logTF) {
			ltf = e.logTF[tf]
		} else {
			ltf = 1 + math.Log(float64(tf))
		}
		df := p.DF[k]
		if df <= 0 || tf <= 0 {
			continue
		}
		// N + 1: causal frequencies are estimated from the articles so
		// far, the article itself included; counting one more keeps the
		// first articles' shared terms from weighing nothing.
		w := ltf * math.Log((n+1)/float64(df))
		if w <= 0 {
			continue
		}
		buf = append(buf, tw{e.rank[t], w})
	}
	slices.SortFunc(buf, func(a, b tw) int { return cmp.Compare(a.r, b.r) })
	var norm2 float64
	for _, x := range buf {
		norm2 += x.w * x.w
	}
	norm := math.Sqrt(norm2)
	v := vector{ids: make([]int32, len(buf)), w: make([]float64, len(buf))}
	for k, x := range buf {
		v.ids[k], v.w[k] = x.r, x.w/norm
	}
	return v
}

// vector returns the vector of the article at pos, computed on demand:
// holding every article's vector took more memory than their terms.
func (e *engine) vector(pos int) vector { return e.vectorOf(e.arts[pos].pl) }

// place sets the placement of the article at pos from its terms and the
// running frequencies df (already counting it) over n articles.
func placeAt(x *art, df func(t int32) int32, n int32) {
	p := &Placement{Terms: x.pl.Terms, TF: x.pl.TF, N: n, DF: make([]int32, len(x.pl.Terms))}
	for k, t := range p.Terms {
		p.DF[k] = df(t)
	}
	x.pl = p
}

// run places what changed.
func (e *engine) run(f *Frequencies) error {
	// Articles keep their stored stories unless placed again.
	for _, x := range e.arts {
		x.seed = -1
		if s, ok := e.byID[x.seedID]; ok && !x.fresh && x.seedID != "" {
			x.seed, x.sim = s, x.oldSim
		}
	}
	if err := e.runDated(f); err != nil {
		return err
	}
	if err := e.runUndated(f); err != nil {
		return err
	}
	for _, x := range e.arts {
		if x.seed < 0 {
			return fmt.Errorf("stories: article %s: its story's seed %q is gone and it was not placed again", x.id, x.seedID)
		}
	}
	return e.labels()
}

// runDated places the dated articles from e.from on.
func (e *engine) runDated(f *Frequencies) error {
	if e.from >= e.nDated {
		return nil
	}
	window := int64(e.opt.Window / time.Second)
	oldest := e.arts[e.from].unix - window
	lo := e.from
	for lo > 0 && e.arts[lo-1].unix >= oldest {
		lo--
	}
	var positions []int
	for pos := lo; pos < e.nDated; pos++ {
		positions = append(positions, pos)
	}
	if err := e.fetch(positions); err != nil {
		return err
	}
	e.ranked(positions)

	// Frequencies over the articles before e.from: all dated ones less
	// those from e.from on.
	prefix := map[int32]int32{}
	for pos := e.from; pos < e.nDated; pos++ {
		for _, t := range e.arts[pos].pl.Terms {
			prefix[t]--
		}
	}
	df := func(t int32) int32 { return f.get(true, t) + prefix[t] }

	p := newPlacer(e)
	// The window before e.from: its articles keep their placements; their
	// stories are rebuilt in order of their seeds' positions.
	seeds := map[int32]*cluster{}
	var order []int32
	for pos := lo; pos < e.from; pos++ {
		x := e.arts[pos]
		s := x.seed
		if s < 0 || int(s) > pos {
			return fmt.Errorf("stories: article %s: its story's seed %q is not before it", x.id, x.seedID)
		}
		if _, ok := seeds[s]; !ok {
			seeds[s] = &cluster{seed: s}
			order = append(order, s)
		}
	}
	slices.Sort(order)
	for _, s := range order {
		p.addCluster(seeds[s])
	}
	for pos := lo; pos < e.from; pos++ {
		x := e.arts[pos]
		cl := seeds[x.seed]
		p.join(cl, int32(pos), x.sim)
		p.index(int32(pos), e.vector(pos))
	}
	n := int32(e.from)
	for pos := e.from; pos < e.nDated; pos++ {
		x := e.arts[pos]
		for _, t := range x.pl.Terms {
			prefix[t]++
		}
		n++
		placeAt(x, df, n)
		p.place(int32(pos), x.unix-window, true)
	}
	return nil
}

// runUndated places the undated articles.
func (e *engine) runUndated(f *Frequencies) error {
	nU := len(e.arts) - e.nDated
	if nU == 0 {
		f.BySimilarity = false
		return nil
	}
	bySim := e.opt.Undated == JoinBySimilarity && nU <= e.opt.MaxUndated
	if bySim != f.BySimilarity {
		e.fromUndated = e.nDated // the other method: all of them again
	}
	f.BySimilarity = bySim
	if !bySim {
		return e.undatedSingletons(f)
	}
	changed := e.fromUndated < len(e.arts) || e.from < e.nDated || len(e.retiredSeeds) > 0
	if !changed {
		return nil
	}
	// By similarity: every undated article again, against every member of
	// every story, with IDF over all articles.
	all := make([]int, len(e.arts))
	for i := range all {
		all[i] = i
	}
	if err := e.fetch(all); err != nil {
		return err
	}
	e.ranked(all)
	p := newPlacer(e)
	// Dated stories, all members, in order of their seeds.
	clusters := map[int32]*cluster{}
	var order []int32
	for pos := 0; pos < e.nDated; pos++ {
		x := e.arts[pos]
		if x.seed < 0 {
			return fmt.Errorf("stories: article %s: unknown seed %q", x.id, x.seedID)
		}
		if _, ok := clusters[x.seed]; !ok {
			clusters[x.seed] = &cluster{seed: x.seed}
			order = append(order, x.seed)
		}
	}
	slices.Sort(order)
	for _, s := range order {
		p.addCluster(clusters[s])
	}
	for pos := 0; pos < e.nDated; pos++ {
		p.join(clusters[e.arts[pos].seed], int32(pos), e.arts[pos].sim)
		p.index(int32(pos), e.vector(pos))
	}
	n := f.NDated + f.NUndated
	df := func(t int32) int32 { return f.get(true, t) + f.get(false, t) }
	for pos := e.nDated; pos < len(e.arts); pos++ {
		placeAt(e.arts[pos], df, n)
		p.place(int32(pos), 0, false)
	}
	return nil
}

// undatedSingletons makes each undated article a story of its own, its
// vector weighed with IDF over the undated articles up to it.
func (e *engine) undatedSingletons(f *Frequencies) error {
	if e.fromUndated >= len(e.arts) {
		return nil
	}
	var positions []int
	for pos := e.fromUndated; pos < len(e.arts); pos++ {
		positions = append(positions, pos)
	}
	if err := e.fetch(positions); err != nil {
		return err
	}
	e.ranked(positions)
	prefix := map[int32]int32{}
	for _, pos := range positions {
		for _, t := range e.arts[pos].pl.Terms {
			prefix[t]--
		}
	}
	df := func(t int32) int32 { return f.get(false, t) + prefix[t] }
	n := int32(e.fromUndated - e.nDated)
	for _, pos := range positions {
		x := e.arts[pos]
		for _, t := range x.pl.Terms {
			prefix[t]++
		}
		n++
		placeAt(x, df, n)
		x.placed, x.seed, x.sim = true, int32(pos), 1
		e.relabel[int32(pos)] = true
	}
	return nil
}

// labels recomputes the labels of the stories that changed.
func (e *engine) labels() error {
	for _, s := range e.retiredSeeds {
		if pos, ok := e.byID[s]; ok {
			e.relabel[pos] = true
		}
	}
	for _, x := range e.arts {
		if x.placed {
			e.relabel[x.seed] = true
			if s, ok := e.byID[x.seedID]; ok && x.seedID != "" {
				e.relabel[s] = true
			}
		}
	}
	if len(e.relabel) == 0 {
		return nil
	}
	members := map[int32][]int{}
	for pos, x := range e.arts {
		if e.relabel[x.seed] {
			members[x.seed] = append(members[x.seed], pos)
		}
	}
	var need []int
	for _, ms := range members {
		need = append(need, ms...)
	}
	slices.Sort(need)
	if err := e.fetch(need); err != nil {
		return err
	}
	e.ranked(need)
	names := make(map[int32]string)
	for t, r := range e.rank {
		names[r] = e.names.Name(t)
	}
	dense := map[int32]float64{}
	for seed, ms := range members {
		clear(dense)
		var touched []int32
		for _, pos := range ms { // positions ascending: member order
			v := e.vector(pos)
			for k, r := range v.ids {
				if _, ok := dense[r]; !ok {
					touched = append(touched, r)
				}
				dense[r] += v.w[k]
			}
		}
		slices.Sort(touched)
		e.arts[seed].label = topTermsBy(touched, dense, names, e.opt.LabelTerms)
		e.arts[seed].relabelled = true
	}
	return nil
}

// topTermsBy is topTerms over a sparse weight map.
func topTermsBy(ids []int32, weight map[int32]float64, names map[int32]string, k int) []string {
	better := func(a, b int32) bool {
		return weight[a] > weight[b] || weight[a] == weight[b] && a < b
	}
	top := make([]int32, 0, k+1)
	for _, id := range ids {
		if len(top) == k && !better(id, top[k-1]) {
			continue
		}
		j := len(top)
		top = append(top, id)
		for j > 0 && better(id, top[j-1]) {
			top[j] = top[j-1]
			j--
		}
		top[j] = id
		if len(top) > k {
			top = top[:k]
		}
	}
	out := make([]string, len(top))
	for i, id := range top {
		out[i] = names[id]
	}
	return out
}

// errCorrupt reports a damaged blob.
var errCorrupt = errors.New("stories: corrupt blob")

// AppendBinary appends p: the number of terms, then per term (ascending)
// the increase of its id, its count, and its document frequency, then N;
// all uvarints.
func (p *Placement) AppendBinary(b []byte) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(len(p.Terms)))
	prev := int32(0)
	for k, t := range p.Terms {
		if t < prev || k > 0 && t == prev {
			return nil, fmt.Errorf("stories: placement terms not ascending")
		}
		b = binary.AppendUvarint(b, uint64(t-prev))
		b = binary.AppendUvarint(b, uint64(p.TF[k]))
		df := int32(0)
		if len(p.DF) > 0 {
			df = p.DF[k]
		}
		b = binary.AppendUvarint(b, uint64(df))
		prev = t
	}
	return binary.AppendUvarint(b, uint64(p.N)), nil
}

// UnmarshalBinary restores p from AppendBinary's output.
func (p *Placement) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	n := r.count()
	np := Placement{Terms: make([]int32, n), TF: make([]int32, n), DF: make([]int32, n)}
	t := uint64(0)
	for k := 0; k < n; k++ {
		step := r.uv()
		if k > 0 && step == 0 {
			r.fail()
		}
		t += step
		np.Terms[k], np.TF[k], np.DF[k] = r.i32(t), r.i32(r.uv()), r.i32(r.uv())
	}
	np.N = r.i32(r.uv())
	if err := r.done(); err != nil {
		return err
	}
	*p = np
	return nil
}

// AppendBinary appends f: the two article counts, whether the undated
// articles were clustered by similarity, then each frequency list (its
// length, then the values), all uvarints.
func (f *Frequencies) AppendBinary(b []byte) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(f.NDated))
	b = binary.AppendUvarint(b, uint64(f.NUndated))
	flag := uint64(0)
	if f.BySimilarity {
		flag = 1
	}
	b = binary.AppendUvarint(b, flag)
	for _, list := range [2][]int32{f.Dated, f.Undated} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, v := range list {
			b = binary.AppendUvarint(b, uint64(v))
		}
	}
	return b, nil
}

// UnmarshalBinary restores f from AppendBinary's output.
func (f *Frequencies) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	var nf Frequencies
	nf.NDated, nf.NUndated = r.i32(r.uv()), r.i32(r.uv())
	switch r.uv() {
	case 0:
	case 1:
		nf.BySimilarity = true
	default:
		r.fail()
	}
	for _, list := range [2]*[]int32{&nf.Dated, &nf.Undated} {
		n := r.count()
		*list = make([]int32, n)
		for i := range *list {
			(*list)[i] = r.i32(r.uv())
		}
	}
	if err := r.done(); err != nil {
		return err
	}
	*f = nf
	return nil
}

// reader reads uvarints, remembering the first error.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) fail() { r.bad, r.b = true, nil }

func (r *reader) uv() uint64 {
	if r.bad {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length, bounded by the bytes left.
func (r *reader) count() int {
	v := r.uv()
	if v > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(v)
}

func (r *reader) i32(v uint64) int32 {
	if v > math.MaxInt32 {
		r.fail()
		return 0
	}
	return int32(v)
}

func (r *reader) done() error {
	if r.bad || len(r.b) != 0 {
		return errCorrupt
	}
	return nil
}
