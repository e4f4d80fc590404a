package stories

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
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

// vector is an article's unit TF-IDF vector, sparse, sorted by term rank.
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
	// seed is the position of its first article.
	seed    int32
	members []int32 // positions in order, ascending, so times ascending
	sims    []float64
	// recent is the index in members of the first member still inside
	// the window of the article being placed.
	recent int
}

// Name returns the term with id, for the engine.
func (c *Clusterer) Name(id int32) string { return c.words[id] }

// Stories clusters the articles added so far and returns the stories,
// sorted by First (undated-only stories last) then Seed. The method is
// described in the package documentation.
func (c *Clusterer) Stories() []Story {
	if len(c.docs) == 0 {
		return nil
	}
	arts := make([]*art, len(c.docs))
	var f Frequencies
	for i := range c.docs {
		d := &c.docs[i]
		p := &Placement{Terms: slices.Clone(d.terms), TF: slices.Clone(d.tf)}
		sortPlacement(p)
		arts[i] = &art{id: d.id, outlet: d.outlet, title: d.title, t: d.t, pl: p, fresh: true}
		f.add(p.Terms, !d.t.IsZero(), 1)
	}
	e := newEngine(c.opt, arts, c)
	e.from, e.fromUndated = 0, e.nDated
	if err := e.run(&f); err != nil {
		// Fresh articles need no stored placement; nothing else fails.
		panic(err)
	}
	return e.outcome().Stories
}

// sortPlacement sorts a placement's terms (and counts) by id.
func sortPlacement(p *Placement) {
	idx := make([]int, len(p.Terms))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(p.Terms[a], p.Terms[b]) })
	terms, tf := make([]int32, len(idx)), make([]int32, len(idx))
	for i, k := range idx {
		terms[i], tf[i] = p.Terms[k], p.TF[k]
	}
	p.Terms, p.TF = terms, tf
}

// placer holds the state of a pass.
type placer struct {
	e        *engine
	clusters []*cluster
	// clusterOf maps a placed or indexed position to its cluster.
	clusterOf map[int32]int32
	// postings[r] lists the articles indexed so far that contain the term
	// of rank r, by ascending position; start[r] is the first one still
	// in use.
	postings [][]posting
	start    []int
	// Per-article scratch: candidate stories, and for each story the
	// position that last touched it and its accumulated dot product.
	cands []int32
	stamp []int32
	acc   []float64
}

func newPlacer(e *engine) *placer {
	return &placer{e: e, clusterOf: map[int32]int32{}, postings: make([][]posting, len(e.rank)), start: make([]int, len(e.rank))}
}

// addCluster appends a story (created in order of its seed's position).
func (p *placer) addCluster(cl *cluster) {
	p.clusters = append(p.clusters, cl)
	p.stamp = append(p.stamp, -1)
	p.acc = append(p.acc, 0)
}

// join records the article at pos as a member of cl with similarity sim.
func (p *placer) join(cl *cluster, pos int32, sim float64) {
	cl.members = append(cl.members, pos)
	cl.sims = append(cl.sims, sim)
	p.clusterOf[pos] = int32(slices.Index(p.clusters, cl))
}

// place puts the article at pos into the most similar story whose group
// average reaches the threshold, or into a new story. With windowed set,
// only members published at or after oldest (Unix seconds) count, and
// since articles come in time order, postings and members before that are
// skipped for good; otherwise every member counts.
//
// The group average over the kept members M of story S,
//
//	sim(d, S) = (1/|M|) Σ_{m∈M} d · m
//
// is accumulated through the postings of d's terms, so the cost is the
// number of kept postings of those terms, whatever the size of S.
func (p *placer) place(pos int32, oldest int64, windowed bool) {
	e := p.e
	v := e.vector(int(pos))
	p.cands = p.cands[:0]
	for k, t := range v.ids {
		list := p.postings[t]
		lo := p.start[t]
		if windowed {
			for lo < len(list) && e.arts[list[lo].pos].unix < oldest {
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
		for _, q := range list[lo:] {
			s := p.clusterOf[q.pos]
			if p.stamp[s] != pos {
				p.stamp[s] = pos
				p.acc[s] = 0
				p.cands = append(p.cands, s)
			}
			p.acc[s] += w * float64(q.w)
		}
	}
	// Ties go to the earlier story: scan candidates in creation order.
	slices.Sort(p.cands)
	best, bestSim := int32(-1), 0.0
	for _, s := range p.cands {
		cl := p.clusters[s]
		if windowed {
			for cl.recent < len(cl.members) && e.arts[cl.members[cl.recent]].unix < oldest {
				cl.recent++
			}
		}
		kept := len(cl.members) - cl.recent
		if sim := p.acc[s] / float64(kept); sim > bestSim {
			best, bestSim = s, sim
		}
	}
	x := e.arts[pos]
	x.placed = true
	if best >= 0 && bestSim >= e.opt.Threshold {
		cl := p.clusters[best]
		p.join(cl, pos, bestSim)
		x.seed, x.sim = cl.seed, bestSim
	} else {
		cl := &cluster{seed: pos}
		p.addCluster(cl)
		p.join(cl, pos, 1)
		x.seed, x.sim = pos, 1
	}
	p.indexVector(pos, v)
}

// index adds the article at pos to the postings of its terms.
func (p *placer) index(pos int32, v vector) { p.indexVector(pos, v) }

// indexVector adds the article at pos, whose vector is v, to the postings
// of its terms.
func (p *placer) indexVector(pos int32, v vector) {
	for k, t := range v.ids {
		p.postings[t] = append(p.postings[t], posting{pos, float32(v.w[k])})
	}
}

// outcome turns the engine's placements into stories.
func (e *engine) outcome() Outcome {
	opt := e.opt
	out := Outcome{Placed: map[string]Placed{}, Labels: map[string][]string{}}
	// Sorted publication times per outlet, for Missing.
	times := make(map[string][]time.Time)
	var outlets []string
	for _, x := range e.arts {
		if _, ok := times[x.outlet]; !ok {
			outlets = append(outlets, x.outlet)
			times[x.outlet] = nil
		}
		if x.dated {
			times[x.outlet] = append(times[x.outlet], x.t) // canonical order: sorted
		}
	}
	slices.Sort(outlets)
	members := map[int32][]int32{}
	var seeds []int32
	for pos, x := range e.arts {
		if _, ok := members[x.seed]; !ok {
			seeds = append(seeds, x.seed)
		}
		members[x.seed] = append(members[x.seed], int32(pos))
		if x.placed {
			out.Placed[x.id] = Placed{Seed: e.arts[x.seed].id, Similarity: x.sim, Placement: *x.pl}
		}
	}
	stories := make([]Story, 0, len(seeds))
	for _, seedPos := range seeds {
		seed := e.arts[seedPos]
		s := Story{Seed: seed.id, ID: storyID(seed.id), Terms: seed.label}
		if seed.relabelled {
			out.Labels[seed.id] = seed.label
		}
		byOutlet := make(map[string]*Coverage)
		for _, pos := range members[seedPos] {
			d := e.arts[pos]
			s.Articles = append(s.Articles, Member{ID: d.id, Outlet: d.outlet, Published: d.t, Similarity: d.sim})
			if s.Title == "" {
				s.Title = d.title
			}
			cv := byOutlet[d.outlet]
			if cv == nil {
				cv = &Coverage{Outlet: d.outlet}
				byOutlet[d.outlet] = cv
			}
			cv.Articles++
			if d.dated {
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
		stories = append(stories, s)
	}
	slices.SortFunc(stories, func(a, b Story) int {
		if a.First.IsZero() != b.First.IsZero() {
			if a.First.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.First.Compare(b.First), strings.Compare(a.Seed, b.Seed))
	})
	out.Stories = stories
	return out
}

// activeBetween reports whether a sorted list of times has one in [lo, hi].
func activeBetween(ts []time.Time, lo, hi time.Time) bool {
	i, _ := slices.BinarySearchFunc(ts, lo, time.Time.Compare)
	return i < len(ts) && !ts[i].After(hi)
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
