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
)

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
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
// articles added, not on their order: the dated ones are placed in order
// of publication by a [Placer] with the day frequencies of the whole set,
// the undated ones clustered by [ClusterUndated] in batches of ChunkSize
// in ID order.
type Clusterer struct {
	opt  Options
	docs []doc
}

type doc struct {
	id, outlet, title string
	t                 time.Time
	terms             []string
}

// UndatedBatch is the most undated articles clustered together by
// Clusterer (the command cuts the undated articles into chunks of about
// this size).
const UndatedBatch = 1024

// NewClusterer returns an empty clusterer.
func NewClusterer(opt Options) *Clusterer {
	return &Clusterer{opt: opt.withDefaults()}
}

// Add adds one article. Terms with a count of zero or less are ignored.
func (c *Clusterer) Add(d Doc) {
	x := doc{id: d.ID, outlet: d.Outlet, title: d.Title, t: d.Published}
	keys := make([]string, 0, len(d.Terms))
	for term := range d.Terms {
		keys = append(keys, term)
	}
	slices.Sort(keys)
	for _, term := range keys {
		for range max(d.Terms[term], 0) {
			x.terms = append(x.terms, strings.Clone(term))
		}
	}
	c.docs = append(c.docs, x)
}

// AddTerms adds one article whose terms are given as lists with repeats
// (for example each paragraph's terms.Seq Terms, and the title's).
func (c *Clusterer) AddTerms(d Doc, lists ...[]string) {
	x := doc{id: d.ID, outlet: d.Outlet, title: d.Title, t: d.Published}
	for _, list := range lists {
		for _, term := range list {
			x.terms = append(x.terms, strings.Clone(term))
		}
	}
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

// Stories clusters the articles added so far and returns the stories,
// sorted by First (undated-only stories last) then Seed.
func (c *Clusterer) Stories() []Story {
	if len(c.docs) == 0 {
		return nil
	}
	var dated, undated []Item
	byID := map[string]*doc{}
	days := map[int]*DayDF{}
	for i := range c.docs {
		d := &c.docs[i]
		byID[d.id] = d
		it := Item{ID: d.id, Outlet: d.outlet, Published: d.t, Terms: d.terms}
		if d.t.IsZero() {
			undated = append(undated, it)
			continue
		}
		dated = append(dated, it)
		n := DayNumber(d.t)
		if days[n] == nil {
			days[n] = &DayDF{}
		}
		days[n].AddArticle(d.terms)
	}
	slices.SortFunc(dated, CompareItems)
	p := NewPlacer(c.opt, func(day int) *DayDF { return days[day] })
	type placed struct {
		id  string
		sim float64
	}
	members := map[string][]placed{}
	var order []string
	add := func(id string, dec Decision) {
		if _, ok := members[dec.Story]; !ok {
			order = append(order, dec.Story)
		}
		members[dec.Story] = append(members[dec.Story], placed{id, dec.Similarity})
	}
	for _, it := range dated {
		add(it.ID, p.Place(it))
	}
	slices.SortFunc(undated, CompareItems)
	for start := 0; start < len(undated); start += UndatedBatch {
		batch := undated[start:min(start+UndatedBatch, len(undated))]
		for i, dec := range ClusterUndated(batch, c.opt) {
			add(batch[i].ID, dec)
		}
	}
	// Sorted publication times per outlet, for Missing.
	times := map[string][]time.Time{}
	var outlets []string
	for _, it := range dated {
		if _, ok := times[it.Outlet]; !ok {
			outlets = append(outlets, it.Outlet)
		}
		times[it.Outlet] = append(times[it.Outlet], it.Published)
	}
	for i := range undated {
		if _, ok := times[undated[i].Outlet]; !ok {
			outlets = append(outlets, undated[i].Outlet)
			times[undated[i].Outlet] = nil
		}
	}
	slices.Sort(outlets)
	stories := make([]Story, 0, len(order))
	for _, id := range order {
		ms := members[id]
		seed := byID[ms[0].id]
		s := Story{ID: id, Seed: seed.id, Terms: label(ms, byID, c.opt.LabelTerms, func(p placed) string { return p.id })}
		byOutlet := map[string]*Coverage{}
		for _, m := range ms {
			d := byID[m.id]
			s.Articles = append(s.Articles, Member{ID: d.id, Outlet: d.outlet, Published: d.t, Similarity: m.sim})
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
				if s.First.IsZero() || d.t.Before(s.First) {
					s.First = d.t
				}
				if d.t.After(s.Last) {
					s.Last = d.t
				}
				if cv.First.IsZero() || d.t.Before(cv.First) {
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
			if byOutlet[o] == nil && !s.First.IsZero() && activeBetween(times[o], s.First.Add(-c.opt.Window), s.Last.Add(c.opt.Window)) {
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
	return stories
}

// label returns the n terms that the most members contain (ties by total
// count, then term).
func label[M any](ms []M, byID map[string]*doc, n int, id func(M) string) []string {
	df, tf := map[string]int{}, map[string]int{}
	for _, m := range ms {
		seen := map[string]bool{}
		for _, t := range byID[id(m)].terms {
			tf[t]++
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	terms := make([]string, 0, len(df))
	for t := range df {
		terms = append(terms, t)
	}
	slices.SortFunc(terms, func(a, b string) int {
		return cmp.Or(cmp.Compare(df[b], df[a]), cmp.Compare(tf[b], tf[a]), strings.Compare(a, b))
	})
	return terms[:min(len(terms), n)]
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
