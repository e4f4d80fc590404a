package stories

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"strings"
	"time"
)

// Doc is one article as the clusterer needs it.
type Doc struct {
	ID     string
	Outlet string
	// Published is the zero time when the date is unknown.
	Published time.Time
	Title     string
	// Terms holds the article's content-term counts (words and, if the
	// caller wishes, phrases), for example summed from the paragraphs'
	// terms.Seq. The clusterer copies what it needs: the map may be reused
	// after Add returns.
	Terms map[string]int
}

// Options set the clustering. The zero value of a field means its default.
type Options struct {
	// Window is how far apart two articles' publication times may be for
	// them to be compared: an article joins a story only if some member
	// published within Window before it. Default 72h.
	Window time.Duration
	// Threshold is the minimum group-average similarity (mean cosine with
	// the story's members) for an article to join a story. Default 0.15.
	Threshold float64
	// Undated says what happens to articles without a date.
	Undated UndatedPolicy
	// MaxUndated bounds the undated articles clustered by similarity
	// alone, whose cost grows with the square of their number: with more
	// than MaxUndated undated articles, each stays a story of its own (as
	// with Singletons). Default 5000.
	MaxUndated int
	// LabelTerms is the number of top terms in a story's label. Default 5.
	LabelTerms int
}

// UndatedPolicy says how articles without a publication date are
// clustered.
type UndatedPolicy uint8

const (
	// JoinBySimilarity (the default) clusters undated articles after the
	// dated ones, by similarity alone: each joins the story of any date
	// whose group average over all its members is highest, if it reaches
	// the threshold, else starts a story of its own that later undated
	// articles may join. Undated-only corpora (such as BBC's) are thus
	// clustered without dates, at a cost per undated article that grows
	// with the whole corpus rather than with a window.
	JoinBySimilarity UndatedPolicy = iota
	// Singletons makes every undated article a story of its own.
	Singletons
)

// Defaults of [Options].
const (
	DefaultWindow     = 72 * time.Hour
	DefaultThreshold  = 0.15
	DefaultLabelTerms = 5
	DefaultMaxUndated = 5000
)

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.MaxUndated <= 0 {
		o.MaxUndated = DefaultMaxUndated
	}
	if o.LabelTerms <= 0 {
		o.LabelTerms = DefaultLabelTerms
	}
	return o
}

// Story is a cluster of articles about one event.
type Story struct {
	// ID is "s" followed by 12 hex digits of the SHA-256 of Seed: stable
	// while the story's earliest article stays the same, and safe in file
	// names.
	ID string
	// Seed is the ID of the story's earliest article (by date, then ID;
	// dated before undated).
	Seed string
	// Title is the earliest article's title (the first non-empty one).
	Title string
	// Terms are the LabelTerms terms with the highest summed TF-IDF weight
	// over the members, ties broken by term.
	Terms []string
	// First and Last are the earliest and latest publication times; zero
	// when no member has a date.
	First, Last time.Time
	// Articles are the members, dated by time then ID, then undated by ID.
	Articles []Member
	// Coverage has one entry per outlet that covered the story, sorted by
	// outlet.
	Coverage []Coverage
	// Missing lists, sorted, the outlets that left the story out although
	// they published something (on any subject) between First − Window
	// and Last + Window. A story without dates has none: there is no
	// telling whether another outlet was publishing at the time.
	Missing []string
}

// Member is one article of a story.
type Member struct {
	ID, Outlet string
	Published  time.Time
	// Similarity is the article's group-average similarity with the
	// story's members when it joined (1 for the seed).
	Similarity float64
}

// Coverage is one outlet's part in a story.
type Coverage struct {
	Outlet   string
	Articles int
	// First is the outlet's earliest dated article in the story; zero if
	// all its articles are undated.
	First time.Time
	// Lag is First minus the story's First: how long after the first
	// report the outlet ran the story (0 for the first outlet). It is
	// meaningful only when HasLag is set.
	Lag    time.Duration
	HasLag bool
}

// Clusterer groups articles into stories. Add articles one at a time (in
// any order), then call Stories. The result depends only on the set of
// articles added, not on their order.
type Clusterer struct {
	opt   Options
	vocab map[string]int32
	words []string
	docs  []doc
	// tf and touched are AddTerms's scratch: counts by term id, and the
	// ids counted.
	tf      []int32
	touched []int32
}

type doc struct {
	id, outlet, title string
	t                 time.Time
	// terms and tf are parallel; ids index Clusterer.words.
	terms []int32
	tf    []int32
}

// NewClusterer returns an empty clusterer.
func NewClusterer(opt Options) *Clusterer {
	return &Clusterer{opt: opt.withDefaults(), vocab: make(map[string]int32)}
}

// Add adds one article. Terms with a count of zero or less are ignored.
func (c *Clusterer) Add(d Doc) {
	x := doc{id: d.ID, outlet: d.Outlet, title: d.Title, t: d.Published}
	for term, n := range d.Terms {
		if n <= 0 {
			continue
		}
		id, ok := c.vocab[term]
		if !ok {
			id = int32(len(c.words))
			c.vocab[term] = id
			c.words = append(c.words, strings.Clone(term))
		}
		x.terms = append(x.terms, id)
		x.tf = append(x.tf, int32(n))
	}
	c.docs = append(c.docs, x)
}

// AddTerms adds one article whose terms are given as lists with repeats
// (for example each paragraph's terms.Seq Terms, and the title's): the
// same as [Clusterer.Add] with d.Terms counting every occurrence, which
// AddTerms ignores, without building that map.
func (c *Clusterer) AddTerms(d Doc, lists ...[]string) {
	x := doc{id: d.ID, outlet: d.Outlet, title: d.Title, t: d.Published}
	for _, list := range lists {
		for _, term := range list {
			id, ok := c.vocab[term]
			if !ok {
				id = int32(len(c.words))
				term = strings.Clone(term)
				c.vocab[term] = id
				c.words = append(c.words, term)
			}
			if int(id) >= len(c.tf) {
				c.tf = append(c.tf, make([]int32, len(c.words)-len(c.tf))...)
			}
			if c.tf[id] == 0 {
				c.touched = append(c.touched, id)
			}
			c.tf[id]++
		}
	}
	x.terms = make([]int32, len(c.touched))
	x.tf = make([]int32, len(c.touched))
	for i, id := range c.touched {
		x.terms[i], x.tf[i] = id, c.tf[id]
		c.tf[id] = 0
	}
	c.touched = c.touched[:0]
	c.docs = append(c.docs, x)
}

// Cluster groups docs into stories: a shorthand for a [Clusterer].
func Cluster(docs []Doc, opt Options) []Story {
	c := NewClusterer(opt)
	for _, d := range docs {
		c.Add(d)
	}
	return c.Stories()
}

// vector is an article's unit TF-IDF vector, sparse, sorted by term id.
type vector struct {
	ids []int32
	w   []float64
}

// posting is one article containing a term, with the term's weight in
// the article's unit vector.
type posting struct {
	pos int32
	w   float32
}

// cluster is a story being built.
type cluster struct {
	members []int32 // positions in order, ascending, so times ascending
	sims    []float64
	// recent is the index in members of the first member still inside
	// the window of the article being placed.
	recent int
}

// Stories clusters the articles added so far and returns the stories,
// sorted by First (undated-only stories last) then Seed. The method is
// described in the package documentation.
func (c *Clusterer) Stories() []Story {
	opt := c.opt
	n := len(c.docs)
	if n == 0 {
		return nil
	}
	order := c.canonicalOrder()
	remap := c.sortedVocabulary()
	vecs := c.vectorizer(order, remap)
	undated := n // first position of an undated article
	for undated > 0 && c.docs[order[undated-1]].t.IsZero() {
		undated--
	}
	p := placer{
		clusters: make([]*cluster, 0, n/2+1),
		storyOf:  make([]int32, n),
		postings: make([][]posting, len(c.words)),
		start:    make([]int, len(c.words)),
		vecs:     vecs,
	}

	// Dated articles, in time order: compare with the members published
	// within the window, whose postings are kept; older ones are dropped.
	p.unix = make([]int64, undated)
	for pos := range p.unix {
		p.unix[pos] = c.docs[order[pos]].t.Unix()
	}
	window := int64(opt.Window / time.Second)
	for pos := range undated {
		p.place(int32(pos), p.unix[pos]-window, opt.Threshold, true)
	}
	if undated == n || opt.Undated == Singletons || n-undated > opt.MaxUndated {
		for pos := undated; pos < n; pos++ {
			p.open(int32(pos))
		}
		return c.describe(order, remap, vecs, p.clusters)
	}

	// Undated articles: by similarity alone, against every member of
	// every story, so the index is rebuilt with all dated articles.
	for t := range p.postings {
		p.postings[t] = p.postings[t][:0]
		p.start[t] = 0
	}
	for pos := range undated {
		p.index(int32(pos))
	}
	for _, cl := range p.clusters {
		cl.recent = 0
	}
	for pos := undated; pos < n; pos++ {
		p.place(int32(pos), 0, opt.Threshold, false)
	}
	return c.describe(order, remap, vecs, p.clusters)
}

// placer holds the state of the single pass.
type placer struct {
	clusters []*cluster
	storyOf  []int32 // by position
	// postings[t] lists the articles placed so far that contain term t,
	// by ascending position; start[t] is the first one still in use.
	postings [][]posting
	start    []int
	vecs     *vectorizer
	// unix holds the publication times of the dated articles (the first
	// positions), in Unix seconds.
	unix []int64
	// Per-article scratch: candidate stories, and for each story the
	// position that last touched it and its accumulated dot product.
	cands []int32
	stamp []int32
	acc   []float64
}

// place puts the article at pos into the most similar story whose group
// average reaches threshold, or into a new story. With windowed set, only
// members published at or after oldest (Unix seconds) count, and since
// articles come in time order, postings and members before that are
// skipped for good; otherwise every member counts.
//
// The group average over the kept members M of story S,
//
//	sim(d, S) = (1/|M|) Σ_{m∈M} d · m
//
// is accumulated through the postings of d's terms, so the cost is the
// number of kept postings of those terms, whatever the size of S.
func (p *placer) place(pos int32, oldest int64, threshold float64, windowed bool) {
	v := p.vecs.vector(pos)
	p.cands = p.cands[:0]
	for k, t := range v.ids {
		list := p.postings[t]
		lo := p.start[t]
		if windowed {
			for lo < len(list) && p.unix[list[lo].pos] < oldest {
				lo++
			}
			// Compact when the dropped head outgrows the live tail, so
			// memory follows the window, not the corpus.
			if lo > 64 && lo > len(list)-lo {
				list = append(list[:0], list[lo:]...)
				p.postings[t] = list
				lo = 0
			}
			p.start[t] = lo
		}
		w := v.w[k]
		for _, e := range list[lo:] {
			s := p.storyOf[e.pos]
			if p.stamp[s] != pos {
				p.stamp[s] = pos
				p.acc[s] = 0
				p.cands = append(p.cands, s)
			}
			p.acc[s] += w * float64(e.w)
		}
	}
	// Ties go to the earlier story: scan candidates in creation order.
	slices.Sort(p.cands)
	best, bestSim := int32(-1), 0.0
	for _, s := range p.cands {
		cl := p.clusters[s]
		if windowed {
			for cl.recent < len(cl.members) && p.unix[cl.members[cl.recent]] < oldest {
				cl.recent++
			}
		}
		kept := len(cl.members) - cl.recent
		if sim := p.acc[s] / float64(kept); sim > bestSim {
			best, bestSim = s, sim
		}
	}
	if best >= 0 && bestSim >= threshold {
		cl := p.clusters[best]
		cl.members = append(cl.members, pos)
		cl.sims = append(cl.sims, bestSim)
		p.storyOf[pos] = best
	} else {
		p.open(pos)
	}
	p.indexVector(pos, v)
}

// open starts a story with the article at pos.
func (p *placer) open(pos int32) {
	p.storyOf[pos] = int32(len(p.clusters))
	p.clusters = append(p.clusters, &cluster{members: []int32{pos}, sims: []float64{1}})
	p.stamp = append(p.stamp, -1)
	p.acc = append(p.acc, 0)
}

// index adds the article at pos to the postings of its terms.
func (p *placer) index(pos int32) {
	p.indexVector(pos, p.vecs.vector(pos))
}

// indexVector is index with the article's vector v at hand.
func (p *placer) indexVector(pos int32, v vector) {
	for k, t := range v.ids {
		p.postings[t] = append(p.postings[t], posting{pos, float32(v.w[k])})
	}
}

// canonicalOrder returns the doc indices sorted: dated articles by time
// then ID, then undated ones by ID (outlet and title break ties between
// duplicate IDs).
func (c *Clusterer) canonicalOrder() []int32 {
	order := make([]int32, len(c.docs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &c.docs[a], &c.docs[b]
		if x.t.IsZero() != y.t.IsZero() {
			if x.t.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(x.t.Compare(y.t), strings.Compare(x.id, y.id),
			strings.Compare(x.outlet, y.outlet), strings.Compare(x.title, y.title))
	})
	return order
}

// sortedVocabulary returns remap[id] = rank of the term in sorted order,
// so that vectors and sums are built in an order that does not depend on
// the order of Add calls (floating-point sums are order-sensitive).
func (c *Clusterer) sortedVocabulary() []int32 {
	byName := make([]int32, len(c.words))
	for i := range byName {
		byName[i] = int32(i)
	}
	slices.SortFunc(byName, func(a, b int32) int { return strings.Compare(c.words[a], c.words[b]) })
	remap := make([]int32, len(c.words))
	for rank, id := range byName {
		remap[id] = int32(rank)
	}
	return remap
}

// vectorizer computes articles' unit TF-IDF vectors over remapped term
// ids, by position in the canonical order, on demand: holding every
// article's vector at once took more memory than the articles' terms.
type vectorizer struct {
	c     *Clusterer
	order []int32
	remap []int32
	// idf[t] = ln(n / df(t)), and logTF[k] = 1 + ln(k) for small k:
	// computed once instead of for every occurrence (the same values).
	idf   []float64
	logTF []float64
	buf   []termWeight
}

type termWeight struct {
	id int32 // remapped
	w  float64
}

func (c *Clusterer) vectorizer(order, remap []int32) *vectorizer {
	df := make([]int32, len(c.words))
	for i := range c.docs {
		for _, t := range c.docs[i].terms {
			df[t]++
		}
	}
	n := float64(len(c.docs))
	idf := make([]float64, len(df))
	for t, d := range df {
		if d > 0 {
			idf[t] = math.Log(n / float64(d))
		}
	}
	logTF := make([]float64, 64)
	for k := 1; k < len(logTF); k++ {
		logTF[k] = 1 + math.Log(float64(k))
	}
	return &vectorizer{c: c, order: order, remap: remap, idf: idf, logTF: logTF}
}

// vector returns the vector of the article at pos; the same position
// always gives the same values.
func (z *vectorizer) vector(pos int32) vector {
	d := &z.c.docs[z.order[pos]]
	buf := z.buf[:0]
	for k, t := range d.terms {
		var ltf float64
		if tf := d.tf[k]; int(tf) < len(z.logTF) {
			ltf = z.logTF[tf]
		} else {
			ltf = 1 + math.Log(float64(tf))
		}
		w := ltf * z.idf[t]
		if w <= 0 {
			continue // a term in every article tells nothing
		}
		buf = append(buf, termWeight{z.remap[t], w})
	}
	// Sum in term order: Add stored the terms in map order, and
	// floating-point sums depend on order.
	slices.SortFunc(buf, func(a, b termWeight) int { return cmp.Compare(a.id, b.id) })
	var norm2 float64
	for _, x := range buf {
		norm2 += x.w * x.w
	}
	norm := math.Sqrt(norm2)
	v := vector{ids: make([]int32, len(buf)), w: make([]float64, len(buf))}
	for k, x := range buf {
		v.ids[k], v.w[k] = x.id, x.w/norm
	}
	z.buf = buf
	return v
}

// describe turns clusters into stories.
func (c *Clusterer) describe(order, remap []int32, vecs *vectorizer, clusters []*cluster) []Story {
	opt := c.opt
	// Sorted publication times per outlet, for Missing.
	times := make(map[string][]time.Time)
	var outlets []string
	for i := range c.docs {
		d := &c.docs[i]
		if _, ok := times[d.outlet]; !ok {
			outlets = append(outlets, d.outlet)
			times[d.outlet] = nil
		}
		if !d.t.IsZero() {
			times[d.outlet] = append(times[d.outlet], d.t)
		}
	}
	slices.Sort(outlets)
	for _, o := range outlets {
		slices.SortFunc(times[o], time.Time.Compare)
	}
	// Term names by remapped id.
	names := make([]string, len(c.words))
	for id, r := range remap {
		names[r] = c.words[id]
	}

	// Summed member weights for the label, accumulated densely.
	dense := make([]float64, len(c.words))
	var touched []int32

	out := make([]Story, 0, len(clusters))
	for _, cl := range clusters {
		seed := &c.docs[order[cl.members[0]]]
		s := Story{Seed: seed.id, ID: storyID(seed.id)}
		byOutlet := make(map[string]*Coverage)
		for k, pos := range cl.members {
			d := &c.docs[order[pos]]
			s.Articles = append(s.Articles, Member{ID: d.id, Outlet: d.outlet, Published: d.t, Similarity: cl.sims[k]})
			if s.Title == "" {
				s.Title = d.title
			}
			cv := byOutlet[d.outlet]
			if cv == nil {
				cv = &Coverage{Outlet: d.outlet}
				byOutlet[d.outlet] = cv
			}
			cv.Articles++
			if !d.t.IsZero() {
				if s.First.IsZero() {
					s.First = d.t
				}
				s.Last = d.t
				if cv.First.IsZero() {
					cv.First = d.t
				}
			}
		}
		for _, cv := range byOutlet {
			if !cv.First.IsZero() {
				cv.Lag, cv.HasLag = cv.First.Sub(s.First), true
			}
			s.Coverage = append(s.Coverage, *cv)
		}
		slices.SortFunc(s.Coverage, func(a, b Coverage) int { return strings.Compare(a.Outlet, b.Outlet) })
		for _, o := range outlets {
			if byOutlet[o] != nil {
				continue
			}
			if !s.First.IsZero() && activeBetween(times[o], s.First.Add(-opt.Window), s.Last.Add(opt.Window)) {
				s.Missing = append(s.Missing, o)
			}
		}
		touched = touched[:0]
		for _, pos := range cl.members {
			v := vecs.vector(pos)
			for k, t := range v.ids {
				if dense[t] == 0 {
					touched = append(touched, t)
				}
				dense[t] += v.w[k]
			}
		}
		slices.Sort(touched) // member order must not matter below
		s.Terms = topTerms(touched, dense, names, opt.LabelTerms)
		for _, t := range touched {
			dense[t] = 0
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Story) int {
		if a.First.IsZero() != b.First.IsZero() {
			if a.First.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.First.Compare(b.First), strings.Compare(a.Seed, b.Seed))
	})
	return out
}

// activeBetween reports whether a sorted list of times has one in [lo, hi].
func activeBetween(ts []time.Time, lo, hi time.Time) bool {
	i, _ := slices.BinarySearchFunc(ts, lo, time.Time.Compare)
	return i < len(ts) && !ts[i].After(hi)
}

// topTerms returns the k terms of ids with the highest weight, ties
// broken by term (ids are ranks in sorted order, so by id).
func topTerms(ids []int32, weight []float64, names []string, k int) []string {
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

// storyID derives a story's ID from its seed article's ID.
func storyID(seed string) string {
	h := sha256.Sum256([]byte(seed))
	return "s" + hex.EncodeToString(h[:6])
}

// Assignments maps each article ID to its story's ID.
func Assignments(stories []Story) map[string]string {
	m := make(map[string]string)
	for _, s := range stories {
		for _, a := range s.Articles {
			m[a.ID] = s.ID
		}
	}
	return m
}
