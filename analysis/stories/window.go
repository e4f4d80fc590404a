package stories

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"newsframe/analysis/codec"
)

// # Windowed placement
//
// A [Placer] is the clustering of the package documentation with both of
// its inputs bounded in publication time, so that a nightly run places
// only what it must and memory follows the window, not the corpus:
//
//   - An article's TF-IDF vector takes its document frequencies from the
//     articles of a span of calendar days ending with its own day (its
//     whole day included; see IDFMinDays), given day by day as [DayDF].
//   - It is compared with the articles published within Window before it
//     (the stories' members in that window), in order of publication time
//     then ID.
//
// A decision therefore depends only on the articles of a bounded span of
// days before it, and a change on day d can change decisions only from
// day d on: a run places again from its earliest changed day, with the
// articles of the Window before it as context ([Placer.Seed]), until it is
// past every changed day plus the frequency span and a whole Window of
// decisions came out as they were stored.

// The span of the document frequencies: the whole days ending with the
// article's day, at least IDFMinDays of them and as many more as it takes
// to hold IDFMinArticles articles, but never more than IDFMaxDays. A busy
// corpus gets a week of news; a sparse one (basil-dev: 120 articles over
// three years) reaches back up to a year, which it needs: with 30 days of
// frequencies its stories score an adjusted Rand index of 0.63, with 365
// days 0.97 (TestWindowBasilSweep).
const (
	IDFMinDays     = 7
	IDFMinArticles = 1000
	IDFMaxDays     = 365
)

// Item is one article as a Placer needs it.
type Item struct {
	ID, Outlet string
	Published  time.Time
	// Terms lists the article's content terms with repeats (title and
	// paragraphs); order does not matter.
	Terms []string
}

// Decision is where an article was placed.
type Decision struct {
	// Story is the story ID (see [StoryID]).
	Story string
	// Similarity is the group-average similarity with the story when the
	// article joined it, 1 for an article that starts a story.
	Similarity float64
}

// DayDF holds one day's document frequencies: N articles, and per term
// the number of them that contain it.
type DayDF struct {
	N  int32
	DF map[string]int32
}

// AddArticle counts one article's distinct terms.
func (d *DayDF) AddArticle(terms []string) {
	if d.DF == nil {
		d.DF = map[string]int32{}
	}
	d.N++
	seen := make(map[string]bool, len(terms))
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		if n, ok := d.DF[t]; ok {
			d.DF[t] = n + 1
		} else {
			// A copy: terms point into their paragraphs' text, which a
			// day's frequencies must not keep alive.
			d.DF[strings.Clone(t)] = 1
		}
	}
}

// DFSource returns the document frequencies of a day (see DayNumber); nil
// for a day without articles.
type DFSource func(day int) *DayDF

// Placer places dated articles one at a time in order of publication time
// then ID. It is not safe for concurrent use.
type Placer struct {
	opt   Options
	dayDF DFSource
	// Terms are interned: ids index names and the rolling document
	// frequencies, and postings carry the weights, so that placing an
	// article looks each of its terms up once.
	ids   map[string]int32
	names []string
	// The rolling document frequencies over the days [start, cur].
	started    bool
	start, cur int
	n          int64
	df         []int64
	// window holds the articles placed or seeded within opt.Window of the
	// last one, oldest first.
	window   []*windowed
	postings map[int32][]posting
	live     map[string]int // story → members in window
	// oldest is the start of the current window; evicted counts the
	// articles evicted since postings were last trimmed.
	oldest  time.Time
	evicted int
	// tf and seen are vector's scratch.
	tf map[int32]int32
}

type windowed struct {
	id    string
	t     time.Time
	story string
}

// posting is an article of the window that contains a term, with the
// term's weight in the article's unit vector.
type posting struct {
	doc *windowed
	w   float64
}

// weight is one term of a vector.
type weight struct {
	id int32
	w  float64
}

// NewPlacer returns a placer that reads document frequencies from dayDF.
func NewPlacer(opt Options, dayDF DFSource) *Placer {
	return &Placer{opt: opt.withDefaults(), dayDF: dayDF, ids: map[string]int32{},
		postings: map[int32][]posting{}, live: map[string]int{}, tf: map[int32]int32{}}
}

// id returns the id of term, interning it.
func (p *Placer) id(term string) int32 {
	if id, ok := p.ids[term]; ok {
		return id
	}
	id := int32(len(p.names))
	term = strings.Clone(term)
	p.ids[term] = id
	p.names = append(p.names, term)
	p.df = append(p.df, 0)
	return id
}

// Window returns the comparison window.
func (p *Placer) Window() time.Duration { return p.opt.Window }

// SpanStart returns the first day of the document-frequency span of the
// last day placed or seeded: no later day needs the frequencies of the
// days before it.
func (p *Placer) SpanStart() int { return p.start }

// DayNumber is the number of the UTC calendar day of t: days since
// 1970-01-01.
func DayNumber(t time.Time) int {
	return int(t.UTC().Truncate(24*time.Hour).Unix() / 86400)
}

// DFSpan returns the first day of the document-frequency span that ends
// with day, given each day's article count.
func DFSpan(day int, count func(day int) int32) int {
	start := day
	var n int64 = int64(count(day))
	for start > day-IDFMaxDays+1 && (day-start+1 < IDFMinDays || n < IDFMinArticles) {
		start--
		n += int64(count(start))
	}
	return start
}

func (p *Placer) count(day int) int32 {
	if x := p.dayDF(day); x != nil {
		return x.N
	}
	return 0
}

func (p *Placer) addDay(day int, sign int64) {
	x := p.dayDF(day)
	if x == nil {
		return
	}
	p.n += sign * int64(x.N)
	for t, k := range x.DF {
		p.df[p.id(t)] += sign * int64(k)
	}
}

// advance moves the document frequencies to the span ending with day.
// Days only move forward; the span's start does too.
func (p *Placer) advance(day int) {
	if p.started && day == p.cur {
		return
	}
	if !p.started || day < p.cur {
		clear(p.df)
		p.n = 0
		p.start = DFSpan(day, p.count)
		for d := p.start; d <= day; d++ {
			p.addDay(d, 1)
		}
		p.started, p.cur = true, day
		return
	}
	for d := p.cur + 1; d <= day; d++ {
		p.addDay(d, 1)
	}
	p.cur = day
	for s := DFSpan(day, p.count); p.start < s; p.start++ {
		p.addDay(p.start, -1)
	}
}

// vector returns the unit TF-IDF vector of a over the document
// frequencies of its day's span, in term order. Weights are summed in
// that order, so the vector is the same bit for bit wherever it is
// computed, whatever ids the terms got.
func (p *Placer) vector(a Item) []weight {
	p.advance(DayNumber(a.Published))
	clear(p.tf)
	for _, t := range a.Terms {
		p.tf[p.id(t)]++
	}
	v := make([]weight, 0, len(p.tf))
	for id := range p.tf {
		v = append(v, weight{id: id})
	}
	slices.SortFunc(v, func(x, y weight) int { return strings.Compare(p.names[x.id], p.names[y.id]) })
	var norm2 float64
	k := 0
	for _, x := range v {
		df := p.df[x.id]
		if df <= 0 {
			// Not in the given frequencies (the caller did not count
			// this article): treat it as seen once.
			df = 1
		}
		w := (1 + math.Log(float64(p.tf[x.id]))) * math.Log(float64(p.n+1)/float64(df))
		if w <= 0 {
			continue
		}
		v[k] = weight{x.id, w}
		k++
		norm2 += w * w
	}
	v = v[:k]
	if norm2 > 0 {
		norm := math.Sqrt(norm2)
		for i := range v {
			v[i].w /= norm
		}
	}
	return v
}

// evict drops window articles published more than Window before t.
// Postings are in time order, so their evicted entries are a prefix,
// trimmed when a term is looked up (and all at once every so often, so
// that terms never looked up again do not hold memory).
func (p *Placer) evict(t time.Time) {
	p.oldest = t.Add(-p.opt.Window)
	k := 0
	for k < len(p.window) && p.window[k].t.Before(p.oldest) {
		w := p.window[k]
		if p.live[w.story]--; p.live[w.story] <= 0 {
			delete(p.live, w.story)
		}
		k++
	}
	p.window = slices.Delete(p.window, 0, k)
	p.evicted += k
	if p.evicted > 2*len(p.window)+64 {
		for term := range p.postings {
			p.trimmed(term)
		}
		p.evicted = 0
	}
}

// trimmed returns the postings of term still in the window.
func (p *Placer) trimmed(term int32) []posting {
	list := p.postings[term]
	k := 0
	for k < len(list) && list[k].doc.t.Before(p.oldest) {
		k++
	}
	if k > 0 {
		list = slices.Delete(list, 0, k)
		if len(list) == 0 {
			delete(p.postings, term)
		} else {
			p.postings[term] = list
		}
	}
	return list
}

func (p *Placer) add(a Item, vec []weight, story string) {
	doc := &windowed{id: a.ID, t: a.Published, story: story}
	p.window = append(p.window, doc)
	p.live[story]++
	for _, x := range vec {
		p.postings[x.id] = append(p.postings[x.id], posting{doc, x.w})
	}
}

// Seed adds an article placed earlier (by a previous run) as context for
// the articles after it, without placing it again. Articles must come in
// order of publication time then ID, seeded ones before placed ones.
func (p *Placer) Seed(a Item, story string) {
	p.evict(a.Published)
	p.add(a, p.vector(a), story)
}

// Place places a: it joins the story with the highest group-average
// similarity over the story's members in the window if that reaches the
// threshold (ties go to the story whose ID sorts first), else starts a
// story of its own.
//
//	sim(a, S) = (1/|S ∩ W|) Σ_{m ∈ S ∩ W} a · m
func (p *Placer) Place(a Item) Decision {
	p.evict(a.Published)
	vec := p.vector(a)
	acc := map[string]float64{}
	for _, x := range vec {
		for _, m := range p.trimmed(x.id) {
			acc[m.doc.story] += x.w * m.w
		}
	}
	stories := make([]string, 0, len(acc))
	for s := range acc {
		stories = append(stories, s)
	}
	slices.Sort(stories)
	best, bestSim := "", 0.0
	for _, s := range stories {
		if sim := acc[s] / float64(p.live[s]); sim > bestSim {
			best, bestSim = s, sim
		}
	}
	d := Decision{Story: StoryID(a.ID), Similarity: 1}
	if best != "" && bestSim >= p.opt.Threshold {
		d = Decision{Story: best, Similarity: bestSim}
	}
	p.add(a, vec, d.Story)
	return d
}

// StoryID derives a story's ID from its first article's ID: "s" and 12
// hex digits of the SHA-256 of the ID.
func StoryID(seed string) string { return storyID(seed) }

// ClusterUndated clusters a batch of articles without dates by similarity
// alone, with document frequencies over the batch: in order of ID, each
// joins the story with the highest group average over all its members if
// that reaches the threshold, else starts one. The decisions are in the
// order of arts after sorting by ID.
func ClusterUndated(arts []Item, opt Options) []Decision {
	opt = opt.withDefaults()
	sorted := slices.Clone(arts)
	slices.SortFunc(sorted, func(a, b Item) int { return strings.Compare(a.ID, b.ID) })
	var df DayDF
	for _, a := range sorted {
		df.AddArticle(a.Terms)
	}
	// One synthetic day holds the whole batch; no window.
	p := NewPlacer(Options{Window: 1 << 62, Threshold: opt.Threshold}, func(day int) *DayDF {
		if day == 0 {
			return &df
		}
		return nil
	})
	out := make([]Decision, len(sorted))
	for i, a := range sorted {
		if opt.Undated == Singletons {
			out[i] = Decision{Story: StoryID(a.ID), Similarity: 1}
			continue
		}
		a.Published = time.Unix(0, 0).UTC()
		out[i] = p.Place(a)
	}
	return out
}

// CompareItems orders articles by publication time, then ID.
func CompareItems(a, b Item) int {
	return cmp.Or(a.Published.Compare(b.Published), strings.Compare(a.ID, b.ID))
}

const dayDFVersion = 1

// AppendBinary appends the encoding of d (terms in sorted order).
func (d *DayDF) AppendBinary(b []byte) ([]byte, error) {
	e := codec.Encoder{B: append(b, dayDFVersion)}
	e.Varint(int64(d.N))
	m := make(map[string]int64, len(d.DF))
	for t, n := range d.DF {
		m[t] = int64(n)
	}
	e.IntMap(m)
	return e.B, nil
}

// UnmarshalBinary replaces d with the frequencies encoded in b.
func (d *DayDF) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || b[0] != dayDFVersion {
		return codec.ErrCorrupt
	}
	dec := codec.Decoder{B: b[1:]}
	n := dec.Varint()
	m := dec.IntMap()
	if err := dec.Finish(); err != nil {
		return err
	}
	d.N = int32(n)
	d.DF = make(map[string]int32, len(m))
	for t, k := range m {
		if k <= 0 || k > n {
			return fmt.Errorf("stories: day frequencies: %w", codec.ErrCorrupt)
		}
		d.DF[t] = int32(k)
	}
	return nil
}
