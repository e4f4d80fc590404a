package aggregate

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"time"

	"newsframe/analysis/article"
	"newsframe/analysis/stories"
	"newsframe/analysis/terms"
	"newsframe/analysis/wire"
)

// # The sweep
//
// What cannot be a sum is decided within windows of publication time: the
// story an article joins (the articles of the Window before it, document
// frequencies over a bounded span of days) and whether a paragraph is wire
// copy (near-duplicates within wire.DefaultWindowDays either side). A
// [Sweep] applies a run's changes in order of days: it loads each day the
// changes can reach, decides stories and wire copy again there, and emits
// the chunks whose rows changed, with the summaries' [Delta]. Undated
// articles are handled in bounded batches: the chunks of the undated
// partition, ordered by file and line, each clustered and checked for wire
// copy on its own.
//
// A partition (a day, or the undated articles) is cut into chunks at the
// articles whose ID hashes to 0 modulo ChunkSize, in ID order for a day
// and in (file, line, ID) order for the undated: about ChunkSize articles
// each, and adding or removing an article changes only its own chunk
// (unless it is itself a cut).

// ChunkSize is the expected number of articles per chunk.
const ChunkSize = 1024

// storyContextDays is how many days before the first changed day are
// read as context for the story window (72 hours reach into three).
const storyContextDays = 3

// Doc is one article in the sweep.
type Doc struct {
	// Article and Paragraphs are its rows; the sweep sets their story
	// and shared fields.
	Article    article.ArticleRow
	Paragraphs []article.ParagraphRow
	// Seqs and Sigs are its paragraphs' content terms and wire-copy
	// signatures; Terms its story terms (title and paragraphs, with
	// repeats).
	Seqs  []terms.Seq
	Sigs  []wire.Signature
	Terms []string
	// File and Line are where it was read; Hash and Settings what the
	// catalog records.
	File           string
	Line           int
	Hash, Settings string
	// Chunk is its chunk: as stored on input, as written on output.
	Chunk string
	// Old is its rows as the stored summaries count them; nil for an
	// article new to the store.
	Old *Stored

	// sigIDs are the wire window's entries of its paragraphs (-1 for an
	// unsigned one).
	sigIDs []int32
}

func (d *Doc) stored() *Stored {
	return &Stored{Article: d.Article, Paragraphs: d.Paragraphs, Seqs: d.Seqs}
}

// changed reports whether d's rows differ from those stored.
func (d *Doc) changed() bool {
	if d.Old == nil {
		return true
	}
	o := d.Old
	if o.Article.StoryID != d.Article.StoryID || o.Article.StorySimilarity != d.Article.StorySimilarity || o.Article.Source != d.Article.Source ||
		o.Article.SharedParagraphs != d.Article.SharedParagraphs || len(o.Paragraphs) != len(d.Paragraphs) {
		return true
	}
	for i := range d.Paragraphs {
		if o.Paragraphs[i].Shared != d.Paragraphs[i].Shared || o.Paragraphs[i].StoryID != d.Paragraphs[i].StoryID {
			return true
		}
	}
	return !slices.Equal(o.Article.Topics, d.Article.Topics)
}

// Source is what the sweep reads of what is stored.
type Source interface {
	// Chunks returns the stored chunk names of a partition (day "" for
	// the undated).
	Chunks(day string) ([]string, error)
	// Load returns the stored articles of a partition's chunks, with
	// Old set to a copy of their rows and Seqs, Sigs and Terms derived
	// from the text.
	Load(day string, chunks []string) ([]*Doc, error)
	// NextDay returns the first dated day after day that has stored
	// articles, false when there is none.
	NextDay(day string) (string, bool, error)
	// DayDF returns the stored document frequencies of a day number, nil
	// when it has no articles.
	DayDF(day int) (*stories.DayDF, error)
	// UndatedChunkBefore returns the chunk of the last stored undated
	// article before (file, line, id) in that order, "" when none.
	UndatedChunkBefore(file string, line int, id string) (string, error)
}

// Sink receives what the sweep decides.
type Sink interface {
	// WriteChunk stores a chunk's articles (sorted by ID) as final.
	WriteChunk(day, name string, docs []*Doc) error
	// DeleteChunk removes a chunk that has no article left.
	DeleteChunk(day, name string) error
	// PutDayDF replaces a day's document frequencies (N = 0: none).
	PutDayDF(day int, df *stories.DayDF) error
	// Removed reports an article gone from the store.
	Removed(doc *Doc) error
}

// Change lists what a run changes: the stored articles it takes out
// (removed, or replaced by a new version) and the new articles.
type Change struct {
	// Gone are the IDs of the stored articles taken out, with the day and
	// chunk where they are stored.
	Gone map[string]Location
	// NewDays lists the days (YYYY-MM-DD, "" for undated) of New.
	NewDays map[string]bool
	// New returns the new articles in order: dated ones by day then ID,
	// then the undated by file, line, ID; nil at the end.
	New func() (*Doc, error)
	// All sweeps every stored day and the whole undated partition, and
	// gives every article to Sweep.Topics: after a refit of the topic
	// model every article's topics change.
	All bool
}

// Location is where a stored article's rows are.
type Location struct {
	Day, Chunk string
	File       string
	Line       int
}

// Sweep applies a Change.
type Sweep struct {
	Src   Source
	Out   Sink
	Delta *Delta
	// Stories sets the clustering; WireParams and WireDays the wire-copy
	// detection.
	Stories    stories.Options
	WireParams wire.Params
	WireDays   int
	// Topics, when not nil, sets an article's topics (Article.Topics)
	// from its Seqs: called for every new article, and for every article
	// when the change is All, before its chunk is written.
	Topics func(*Doc) error

	change Change
	// next is the first new article not yet taken from change.New.
	next *Doc
	// Loaded counts the stored articles read; Written the chunks
	// written.
	Loaded, Written int
}

// Run applies the change: the dated partitions in order of days, then the
// undated.
func (s *Sweep) Run(c Change) error {
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
	return s.undated()
}

// takeNew returns the new articles of day, in ID order.
func (s *Sweep) takeNew(day string) ([]*Doc, error) {
	var out []*Doc
	for s.next != nil && s.next.Article.Day() == day {
		out = append(out, s.next)
		var err error
		if s.next, err = s.change.New(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// dayState is a loaded day.
type dayState struct {
	day  string
	num  int
	docs []*Doc // by publication time, then ID
	// oldChunks are the stored chunks of the day; dirty marks that some
	// doc may change (the day is within reach of a change).
	oldChunks []string
	// oldCount counts the stored articles per stored chunk (those gone
	// included), to tell a chunk that lost articles.
	oldCount map[string]int
	// place is set for a day whose stories are decided again, final for
	// one whose rows may change (within reach of a change).
	place, final bool
}

func parseDay(day string) int {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return 0
	}
	return stories.DayNumber(t)
}

func dayString(n int) string {
	return time.Unix(int64(n)*86400, 0).UTC().Format(time.DateOnly)
}

// dated sweeps the dated days from the first changed one, with context
// before it, until the changes can reach no further.
func (s *Sweep) dated() error {
	var touched []int
	for _, l := range s.change.Gone {
		if l.Day != "" {
			touched = append(touched, parseDay(l.Day))
		}
	}
	for d := range s.change.NewDays {
		if d != "" {
			touched = append(touched, parseDay(d))
		}
	}
	if s.change.All {
		// Every stored day from the first: the first stored or new day
		// starts the sweep, and none is past the changes' reach.
		nd, ok, err := s.Src.NextDay("0000-00-00")
		if err != nil {
			return err
		}
		if ok {
			touched = append(touched, parseDay(nd))
		}
	}
	if len(touched) == 0 {
		return nil
	}
	slices.Sort(touched)
	touched = slices.Compact(touched)
	isTouched := func(n int) bool {
		_, ok := slices.BinarySearch(touched, n)
		return ok || s.change.All
	}
	first, last := touched[0], touched[len(touched)-1]
	if s.change.All {
		last = math.MaxInt32
	}
	wd := s.WireDays

	// The document frequencies: stored for days not touched, counted
	// anew for touched days as they are loaded.
	fresh := map[int]*stories.DayDF{}
	cache := map[int]*stories.DayDF{}
	var dfErr error
	dayDF := func(n int) *stories.DayDF {
		if df, ok := fresh[n]; ok {
			return df
		}
		if df, ok := cache[n]; ok {
			return df
		}
		df, err := s.Src.DayDF(n)
		if err != nil && dfErr == nil {
			dfErr = err
		}
		cache[n] = df
		return df
	}
	count := func(n int) int32 {
		if df := dayDF(n); df != nil {
			return df.N
		}
		return 0
	}
	placer := stories.NewPlacer(s.Stories, dayDF)
	win := s.WireParams.NewWindow()

	var loaded []*dayState // loaded, not yet finalized
	finalize := func(upTo int) error {
		for len(loaded) > 0 && loaded[0].num <= upTo {
			ds := loaded[0]
			loaded = loaded[1:]
			if !ds.final {
				continue
			}
			for _, doc := range ds.docs {
				setShared(doc, win, wd)
			}
			if err := s.emitDay(ds); err != nil {
				return err
			}
		}
		return nil
	}

	// Context starts where the first changed day's wire window and story
	// window begin; lastChange is the last day whose stories changed;
	// tail, once set, is the last day to load as wire context only.
	start := first - max(storyContextDays, 2*wd)
	lastChange := first
	tail := -1
	day := dayString(start - 1)
	for {
		nd, ok, err := s.Src.NextDay(day)
		if err != nil {
			return err
		}
		if s.next != nil && s.next.Article.Day() != "" && (!ok || s.next.Article.Day() < nd) {
			nd, ok = s.next.Article.Day(), true
		}
		if !ok {
			break
		}
		n := parseDay(nd)
		if tail < 0 && n > last+wd && n > lastChange+storyContextDays && stories.DFSpan(n, count) > last {
			// Past every change's reach: wire copy reaches WireDays from a
			// changed day, stories a window after the last changed
			// decision and as long as a day's frequency span holds a
			// changed day. What is loaded still needs WireDays of wire
			// context after it.
			tail = loadedLast(loaded, n) + wd
		}
		if tail >= 0 && n > tail {
			break
		}
		day = nd
		ds := &dayState{day: nd, num: n, oldCount: map[string]int{}}
		ds.place = tail < 0 && n >= first
		ds.final = tail < 0 && n >= first-wd
		if ds.oldChunks, err = s.Src.Chunks(nd); err != nil {
			return err
		}
		if err := s.loadDay(ds); err != nil {
			return err
		}
		if isTouched(n) {
			df := &stories.DayDF{}
			for _, doc := range ds.docs {
				df.AddArticle(doc.Terms)
			}
			fresh[n] = df
			if err := s.Out.PutDayDF(n, df); err != nil {
				return err
			}
		}
		for _, doc := range ds.docs {
			doc.sigIDs = doc.sigIDs[:0]
			for _, sig := range doc.Sigs {
				doc.sigIDs = append(doc.sigIDs, win.Add(n, doc.Article.Outlet, doc.Article.ArticleID, sig))
			}
		}
		if tail < 0 {
			for _, doc := range ds.docs {
				it := stories.Item{ID: doc.Article.ArticleID, Outlet: doc.Article.Outlet, Published: *doc.Article.Published, Terms: doc.Terms}
				if !ds.place {
					placer.Seed(it, doc.Article.StoryID)
					continue
				}
				dec := placer.Place(it)
				if doc.Old == nil || doc.Article.StoryID != dec.Story || doc.Article.StorySimilarity != article.Round6(dec.Similarity) {
					lastChange = n
				}
				setStory(doc, dec.Story, dec.Similarity)
			}
		}
		if dfErr != nil {
			return dfErr
		}
		loaded = append(loaded, ds)
		// A day WireDays before this one has its whole wire window.
		if err := finalize(n - wd); err != nil {
			return err
		}
		win.Evict(loadedFirst(loaded, n) - wd)
		// Frequencies of days before the current span are needed no more:
		// spans only move forward.
		horizon := placer.SpanStart()
		if tail >= 0 {
			horizon = n - stories.IDFMaxDays - 1
		}
		for _, m := range []map[int]*stories.DayDF{fresh, cache} {
			for d := range m {
				if d < horizon {
					delete(m, d)
				}
			}
		}
	}
	return finalize(1 << 40)
}

func loadedFirst(loaded []*dayState, n int) int {
	if len(loaded) > 0 {
		return loaded[0].num
	}
	return n
}

func loadedLast(loaded []*dayState, n int) int {
	if len(loaded) > 0 {
		return loaded[len(loaded)-1].num
	}
	return n - 1
}

// loadDay reads a day's stored articles, drops those gone (counting them
// out), and adds the day's new ones, sorted by publication time then ID.
func (s *Sweep) loadDay(ds *dayState) error {
	var stored []*Doc
	if len(ds.oldChunks) > 0 {
		var err error
		if stored, err = s.Src.Load(ds.day, ds.oldChunks); err != nil {
			return err
		}
	}
	kept, err := s.dropGone(stored, ds.oldCount)
	if err != nil {
		return err
	}
	fresh, err := s.takeNew(ds.day)
	if err != nil {
		return err
	}
	docs := append(kept, fresh...)
	slices.SortFunc(docs, func(a, b *Doc) int {
		return cmp.Or(compareTime(a.Article.Published, b.Article.Published), strings.Compare(a.Article.ArticleID, b.Article.ArticleID))
	})
	ds.docs = docs
	return nil
}

// dropGone counts the stored docs per chunk, takes out those gone and
// returns the others.
func (s *Sweep) dropGone(stored []*Doc, oldCount map[string]int) ([]*Doc, error) {
	s.Loaded += len(stored)
	var kept []*Doc
	for _, d := range stored {
		oldCount[d.Chunk]++
		if _, gone := s.change.Gone[d.Article.ArticleID]; gone {
			s.Delta.Add(d.Old, -1)
			if err := s.Out.Removed(d); err != nil {
				return nil, err
			}
			continue
		}
		kept = append(kept, d)
	}
	return kept, nil
}

func compareTime(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

// setShared marks doc's paragraphs from the wire window.
func setShared(doc *Doc, win *wire.Window, days int) {
	var shared int32
	for i := range doc.Paragraphs {
		var m wire.Mark
		if i < len(doc.sigIDs) {
			m = win.Mark(doc.sigIDs[i], days)
		}
		doc.Paragraphs[i].Shared = m&wire.Shared != 0
		if doc.Paragraphs[i].Shared {
			shared++
		}
	}
	doc.Article.SharedParagraphs = shared
}

// setStory sets doc's story in its rows.
func setStory(doc *Doc, story string, sim float64) {
	doc.Article.StoryID = story
	doc.Article.StorySimilarity = article.Round6(sim)
	for i := range doc.Paragraphs {
		doc.Paragraphs[i].StoryID = story
	}
}

// emitDay writes the chunks of a finalized day whose rows changed.
func (s *Sweep) emitDay(ds *dayState) error {
	return s.emitChunks(ds.day, ds.docs, ds.oldChunks, ds.oldCount, func(docs []*Doc) {
		slices.SortFunc(docs, func(a, b *Doc) int { return strings.Compare(a.Article.ArticleID, b.Article.ArticleID) })
	})
}

// emitChunks cuts a partition's docs, in the order that order puts them,
// into chunks, writes the chunks that changed (a new or changed article,
// one moved in or out, one gone) with their articles' contributions, and
// deletes the stored chunks left without articles.
func (s *Sweep) emitChunks(day string, docs []*Doc, oldChunks []string, oldCount map[string]int, order func([]*Doc)) error {
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

// isCut reports whether an article starts a new chunk.
func isCut(id string) bool {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()%ChunkSize == 0
}

// chunkName names the chunk that starts with article id.
func chunkName(id string) string {
	h := fnv.New64a()
	h.Write([]byte(id))
	return fmt.Sprintf("%016x", h.Sum64())
}

// undated applies the changes to the undated partition: the chunks the
// changes reach are read, their articles cut into chunks again, and each
// chunk clustered and checked for wire copy on its own.
func (s *Sweep) undated() error {
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
		// A removed cut merges its chunk into the one before.
		if isCut(id) {
			prev, err := s.Src.UndatedChunkBefore(l.File, l.Line, id)
			if err != nil {
				return err
			}
			touched[cmp.Or(prev, "0")] = true
		}
	}
	for _, d := range newDocs {
		prev, err := s.Src.UndatedChunkBefore(d.File, d.Line, d.Article.ArticleID)
		if err != nil {
			return err
		}
		touched[cmp.Or(prev, "0")] = true
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
	// Cut into chunks, then decide stories and wire copy within each.
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
	return s.emitChunks("", docs, load, oldCount, func(ds []*Doc) { slices.SortFunc(ds, compareUndated) })
}

func compareUndated(a, b *Doc) int {
	return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), strings.Compare(a.Article.ArticleID, b.Article.ArticleID))
}

// placeUndated clusters one chunk of undated articles and marks its wire
// copy.
func (s *Sweep) placeUndated(docs []*Doc) {
	items := make([]stories.Item, len(docs))
	byID := make(map[string]*Doc, len(docs))
	for i, d := range docs {
		items[i] = stories.Item{ID: d.Article.ArticleID, Outlet: d.Article.Outlet, Terms: d.Terms}
		byID[d.Article.ArticleID] = d
	}
	decisions := stories.ClusterUndated(items, s.Stories)
	slices.SortFunc(items, func(a, b stories.Item) int { return strings.Compare(a.ID, b.ID) })
	for i, it := range items {
		setStory(byID[it.ID], decisions[i].Story, decisions[i].Similarity)
	}
	win := s.WireParams.NewWindow()
	for _, d := range docs {
		d.sigIDs = d.sigIDs[:0]
		for _, sig := range d.Sigs {
			d.sigIDs = append(d.sigIDs, win.Add(0, d.Article.Outlet, d.Article.ArticleID, sig))
		}
	}
	for _, d := range docs {
		setShared(d, win, 0)
	}
}
