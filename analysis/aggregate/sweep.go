package aggregate

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
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
	// UndatedChunks returns the stored chunks of the undated partition
	// with their first article, in (file, line, ID) order of those.
	UndatedChunks() ([]UndatedChunk, error)
}

// UndatedChunk is a stored chunk of the undated partition and the place
// of its first article in (file, line, ID) order.
type UndatedChunk struct {
	Name string
	File string
	Line int
	ID   string
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
// into chunks, writes the chunks that changed (see emitChunk), and deletes
// the stored chunks left without articles.
func (s *Sweep) emitChunks(day string, docs []*Doc, oldChunks []string, oldCount map[string]int, order func([]*Doc)) error {
	if err := s.setTopics(docs); err != nil {
		return err
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
		if err := s.emitChunk(day, name, members, oldCount[name], slices.Contains(oldChunks, name)); err != nil {
			return err
		}
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

// setTopics gives the docs whose topics are to be set (new ones, or every
// one when the change is All) to s.Topics.
func (s *Sweep) setTopics(docs []*Doc) error {
	if s.Topics == nil {
		return nil
	}
	for _, d := range docs {
		if d.Old == nil || s.change.All {
			if err := s.Topics(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// emitChunk writes chunk name of day with its members, in that order, and
// their articles' contributions, when it changed: a new or changed
// article, one moved in or out, one gone. oldCount is the number of
// articles the stored chunk had (those gone included); stored reports
// whether the chunk is stored and was loaded.
func (s *Sweep) emitChunk(day, name string, members []*Doc, oldCount int, stored bool) error {
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
	if !dirty && stay == oldCount && stored {
		return nil
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

// undated applies the changes to the undated partition in one pass in
// (file, line, ID) order that holds one chunk group at a time: the stored
// chunks the changes reach are read one at a time, merged with the new
// articles of their range, cut into chunks again at the cut articles, and
// each chunk clustered, checked for wire copy and written on its own.
//
// A stored chunk is reached when one of its articles is gone, when a new
// article falls in its range (after its first article, up to the next
// chunk's first), when the next chunk's first article is a gone cut (a
// removed cut merges its chunk into the one before), or by a change that
// is All. New articles before every stored one fall in the range of chunk
// "0". Consecutive reached chunks form a run: a chunk group can span the
// chunks of a run, never two runs, since a run starts at a cut or at the
// partition's start.
func (s *Sweep) undated() error {
	var goneCuts []string
	reached := map[string]bool{}
	for id, l := range s.change.Gone {
		if l.Day != "" {
			continue
		}
		reached[l.Chunk] = true
		if isCut(id) {
			goneCuts = append(goneCuts, id)
		}
	}
	if len(reached) == 0 && s.next == nil && !s.change.All {
		return nil
	}
	chunks, err := s.Src.UndatedChunks()
	if err != nil {
		return err
	}
	for _, id := range goneCuts {
		l := s.change.Gone[id]
		reached[chunkBefore(chunks, undatedKey{l.File, l.Line, id})] = true
	}
	p := &undatedPass{s: s, oldCount: map[string]int{}, deferred: map[string]int{}, named: map[string]bool{}}
	// Unit j = -1 is the range before every stored chunk; unit j >= 0 is
	// stored chunk j with the new articles after its first article, up to
	// and including the next chunk's first (whose stored copy, if any, is
	// gone: an ID is stored once).
	for j := -1; j < len(chunks); j++ {
		var end *undatedKey
		if j+1 < len(chunks) {
			end = &undatedKey{chunks[j+1].File, chunks[j+1].Line, chunks[j+1].ID}
		}
		hasNew, err := p.hasNew(end)
		if err != nil {
			return err
		}
		var stored []*Doc
		if j < 0 {
			if hasNew {
				reached["0"] = true
			}
		} else {
			c := chunks[j]
			if !s.change.All && !reached[c.Name] && !hasNew {
				if err := p.endRun(); err != nil {
					return err
				}
				continue
			}
			// A chunk that still starts with its cut ends the group before
			// it: emit that first, to hold one of them at a time.
			if _, gone := s.change.Gone[c.ID]; isCut(c.ID) && !gone {
				if err := p.flush(); err != nil {
					return err
				}
			}
			if stored, err = p.load(c); err != nil {
				return err
			}
		}
		// Merge the chunk's articles with the new ones of its range.
		for i := 0; ; {
			nd, err := p.peekNew(end)
			if err != nil {
				return err
			}
			var d *Doc
			switch {
			case i < len(stored) && (nd == nil || compareUndated(stored[i], nd) < 0):
				d, stored[i] = stored[i], nil
				i++
			case nd != nil:
				d = nd
				if s.next, err = s.change.New(); err != nil {
					return err
				}
			}
			if d == nil {
				break
			}
			if err := p.feed(d); err != nil {
				return err
			}
		}
	}
	return p.finish()
}

// undatedKey is an undated article's place in its partition's order.
type undatedKey struct {
	file string
	line int
	id   string
}

func compareKeys(a, b undatedKey) int {
	return cmp.Or(strings.Compare(a.file, b.file), cmp.Compare(a.line, b.line), strings.Compare(a.id, b.id))
}

func keyOf(d *Doc) undatedKey { return undatedKey{d.File, d.Line, d.Article.ArticleID} }

func compareUndated(a, b *Doc) int { return compareKeys(keyOf(a), keyOf(b)) }

// chunkBefore returns the chunk that holds the last stored article before
// k: the last chunk whose first article precedes k, "0" when none does.
func chunkBefore(chunks []UndatedChunk, k undatedKey) string {
	i, _ := slices.BinarySearchFunc(chunks, k, func(c UndatedChunk, k undatedKey) int {
		return compareKeys(undatedKey{c.File, c.Line, c.ID}, k)
	})
	if i == 0 {
		return "0"
	}
	return chunks[i-1].Name
}

// undatedPass is the state of the pass over the undated partition: the
// chunk group being gathered and the loaded chunks whose fate (kept under
// the same name, or deleted) is not known yet.
type undatedPass struct {
	s     *Sweep
	group []*Doc
	// groups counts the groups emitted; last is the last new article taken.
	groups int
	last   *undatedKey
	// pending are the loaded chunks the pass has not gone past, in
	// order; oldCount their stored articles (those gone included).
	pending  []*pendingChunk
	oldCount map[string]int
	// deferred are loaded chunks gone past without a group of their name
	// whose first article is gone: a new version of it further on may
	// still start a group of that name. Deleted at the end unless one
	// does; the values are their oldCount.
	deferred map[string]int
	// named are names of groups emitted before their stored chunk was
	// loaded (a cut article moved back).
	named map[string]bool
}

type pendingChunk struct {
	UndatedChunk
	kept bool
}

// peekNew returns the next new article if it lies at or before end (nil:
// no bound), nil otherwise.
func (p *undatedPass) peekNew(end *undatedKey) (*Doc, error) {
	d := p.s.next
	if d == nil {
		return nil, nil
	}
	if d.Article.Day() != "" {
		return nil, errors.New("aggregate: sweep: new articles out of order (a dated one after the undated)")
	}
	k := keyOf(d)
	if p.last == nil || *p.last != k {
		if p.last != nil && compareKeys(k, *p.last) < 0 {
			return nil, fmt.Errorf("aggregate: sweep: new undated article %q out of (file, line, ID) order", k.id)
		}
		p.last = &k
	}
	if end != nil && compareKeys(k, *end) > 0 {
		return nil, nil
	}
	return d, nil
}

func (p *undatedPass) hasNew(end *undatedKey) (bool, error) {
	d, err := p.peekNew(end)
	return d != nil, err
}

// load reads a stored chunk, counts its articles, and returns those not
// gone in order.
func (p *undatedPass) load(c UndatedChunk) ([]*Doc, error) {
	docs, err := p.s.Src.Load("", []string{c.Name})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(docs, compareUndated)
	kept, err := p.s.dropGone(docs, p.oldCount)
	if err != nil {
		return nil, err
	}
	p.pending = append(p.pending, &pendingChunk{UndatedChunk: c})
	return kept, nil
}

// feed adds the next article in order: a cut starts a new group.
func (p *undatedPass) feed(d *Doc) error {
	if len(p.group) > 0 && isCut(d.Article.ArticleID) {
		if err := p.flush(); err != nil {
			return err
		}
	}
	p.group = append(p.group, d)
	return nil
}

// flush decides the stories and wire copy of the gathered group, writes it
// if it changed, and settles the loaded chunks it goes past.
func (p *undatedPass) flush() error {
	g := p.group
	if len(g) == 0 {
		return nil
	}
	p.group = nil
	first := g[0]
	// The group is named after its first article, a cut; only the
	// partition's first group starts without one (chunk "0"). A group
	// that starts a run does too, and has no cut only if the stored
	// chunks are not cut as the sweep cuts them: it keeps its chunk.
	name := "0"
	switch {
	case isCut(first.Article.ArticleID):
		name = chunkName(first.Article.ArticleID)
	case p.groups > 0 && first.Old != nil:
		name = first.Chunk
	}
	p.s.placeUndated(g)
	if err := p.s.setTopics(g); err != nil {
		return err
	}
	n, stored := p.oldCount[name]
	if !stored {
		n, stored = p.deferred[name]
	}
	if err := p.s.emitChunk("", name, g, n, stored); err != nil {
		return err
	}
	p.groups++
	p.keep(name)
	k := keyOf(first)
	return p.pass(&k)
}

// keep records that a group of that name was emitted.
func (p *undatedPass) keep(name string) {
	for _, c := range p.pending {
		if c.Name == name {
			c.kept = true
			return
		}
	}
	if _, ok := p.deferred[name]; ok {
		delete(p.deferred, name)
		return
	}
	p.named[name] = true
}

// pass settles the pending chunks whose first article is at or before
// upTo (nil: every one): a group of their name, which starts with that
// article, has been emitted or never will be.
func (p *undatedPass) pass(upTo *undatedKey) error {
	for len(p.pending) > 0 {
		c := p.pending[0]
		if upTo != nil && compareKeys(undatedKey{c.File, c.Line, c.ID}, *upTo) > 0 {
			break
		}
		p.pending = p.pending[1:]
		n := p.oldCount[c.Name]
		delete(p.oldCount, c.Name)
		_, firstGone := p.s.change.Gone[c.ID]
		switch {
		case c.kept:
		case p.named[c.Name]:
			delete(p.named, c.Name)
		case c.Name != "0" && firstGone:
			p.deferred[c.Name] = n
		default:
			if err := p.s.Out.DeleteChunk("", c.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// endRun ends a run of loaded chunks: its last group is complete.
func (p *undatedPass) endRun() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.pass(nil)
}

// finish ends the pass and deletes the deferred chunks no group named.
func (p *undatedPass) finish() error {
	if err := p.endRun(); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(p.deferred)) {
		if err := p.s.Out.DeleteChunk("", name); err != nil {
			return err
		}
	}
	return nil
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
