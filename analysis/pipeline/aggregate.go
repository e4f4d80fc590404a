package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"

	"newsframe/analysis/entities"
	"newsframe/analysis/stats"
	"newsframe/analysis/stories"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/topics"
	"newsframe/analysis/wire"
)

// Fields selects the paragraph fields a Source fills in; the others are
// left empty. Article-level fields are always filled.
type Fields uint8

// The paragraph fields; FieldsAll selects them all.
const (
	// FieldText is Paragraph.Text.
	FieldText Fields = 1 << iota
	// FieldResults are the scores: Sentiment, Stance, Quotes, Words,
	// Chars, QuotedChars.
	FieldResults
	// FieldTerms is Paragraph.Seq.
	FieldTerms
	// FieldSignatures is Paragraph.Signature.
	FieldSignatures
	FieldsAll = FieldText | FieldResults | FieldTerms | FieldSignatures
)

// Source is the stored state the aggregation reads: the articles, the
// aggregates and records the last aggregation left (see doc.go), and the
// articles changed since.
type Source interface {
	// Blob returns the aggregate stored under name, nil when there is
	// none.
	Blob(ctx context.Context, name string) ([]byte, error)
	// Records calls fn for every stored record, in ID order.
	Records(ctx context.Context, fn func(id string, record []byte) error) error
	// Pending calls fn, in ID order, for each article added, changed or
	// removed since the last aggregation, with its retired form ([Retire])
	// when the last aggregation counted it, else nil.
	Pending(ctx context.Context, fn func(id string, retired []byte) error) error
	// Articles calls fn for each article of ids that exists, in the order
	// given, with the paragraph fields in need. It may be called from
	// within Each's fn (a rebuild's wire pass reads candidates back so).
	Articles(ctx context.Context, ids []string, need Fields, fn func(*Article) error) error
	// Each calls fn for every article in ID order, with the paragraph
	// fields in need.
	Each(ctx context.Context, need Fields, fn func(*Article) error) error
	// Placements calls fn for the stored story placement of each article
	// of ids that has one.
	Placements(ctx context.Context, ids []string, fn func(id string, placement []byte) error) error
}

// Update is what an aggregation changes in the state, to be written in one
// transaction with the consumption of the pending articles.
type Update struct {
	// Rebuild says that every aggregate, record and placement was
	// recomputed: the stored ones are to be cleared first.
	Rebuild bool
	// Blobs are the aggregates to store by name; a nil value deletes one.
	Blobs map[string][]byte
	// Placements are the articles' story placements to store, by
	// article ID; EachRecord gives the records.
	Placements map[string][]byte
	// records calls fn for each record to store (see EachRecord).
	records func(fn func(id string, record []byte) error) error
	// Deleted are the articles gone: their records and placements go.
	Deleted []string
	// Done are the pending articles handled.
	Done []string
}

// EachRecord calls fn, in ID order, for each article record to store (the
// new and changed ones), and stops at fn's first error. The records are
// encoded one at a time as fn asks for them: a rebuild of a 100 MB corpus
// would otherwise hold some 40 MB of them at once on top of the
// aggregation. fn may keep the slice.
func (u *Update) EachRecord(fn func(id string, record []byte) error) error {
	if u.records == nil {
		return nil
	}
	return u.records(fn)
}

// Options are the settings of Aggregate. Zero fields take the defaults.
type Options struct {
	// TopTerms is K, the number of terms (words and phrases) in the
	// co-occurrence matrix (default 200).
	TopTerms int
	// Window is the sliding co-occurrence window in term positions; 0
	// counts paragraphs only.
	Window int
	// Phrases are the collocation thresholds.
	Phrases terms.PhraseOptions
	// Targets are the configured target names; empty means propose
	// MaxProposed named entities.
	Targets     []string
	MaxProposed int
	// IncludeShared keeps wire copy in outlet comparisons (default: left
	// out, and the reports say so).
	IncludeShared bool
	// Stopwords are dropped from titles when titles join the story terms.
	Stopwords text.Stopwords
	Stories   stories.Options
	Topics    topics.Options
	Wire      wire.Params
	Bootstrap stats.Bootstrap
	// Keyness bounds the distinctive-term rows (Limit per comparison,
	// default 50).
	Keyness    terms.KeynessOptions
	LabelPairs []terms.LabelPair
	// Settings fingerprints what the caller loaded and the options cannot
	// show (the stopword list, say): a change rebuilds the aggregates.
	Settings string
	// Pages is the number of articles whose full results Aggregate keeps
	// for article pages (most recent first, then by ID).
	Pages int
	// StoryPages bounds the stories given per-outlet details (largest
	// first; default 200).
	StoryPages int
	// Progress, when set, is called after each article read in full.
	Progress func(pass int, done int)
	// Partials, when set, returns the term counts per (outlet, day) of
	// every stored article (as the state keeps them): a rebuild takes the
	// corpus totals from them instead of reading the articles twice.
	Partials func() (terms.Partials, error)
}

func (o *Options) defaults() {
	if o.TopTerms <= 0 {
		o.TopTerms = 200
	}
	if o.MaxProposed <= 0 {
		o.MaxProposed = 10
	}
	if o.Keyness.Limit <= 0 {
		o.Keyness.Limit = 50
	}
	if o.StoryPages <= 0 {
		o.StoryPages = 200
	}
}

// candidates returns C, the size of the co-occurrence candidate
// vocabulary: the top C terms are counted so that the top K stay inside
// them as the corpus grows.
func (o *Options) candidates() int { return max(4*o.TopTerms, 500) }

// aggregatesVersion changes when the layout or meaning of the stored
// aggregates or records changes: a different version rebuilds them.
const aggregatesVersion = "aggregates/1"

// params fingerprints the options the stored aggregates depend on.
func (o *Options) params() string {
	var variants []string
	for _, lp := range o.LabelPairs {
		variants = append(variants, strings.Join(lp.A.Variants, ","), strings.Join(lp.B.Variants, ","))
	}
	s := fmt.Sprintf("%s|%d|%d|%+v|%q|%d|%v|%+v|%+v|%+v|%+v|%+v|%q|%q",
		aggregatesVersion, o.TopTerms, o.Window, o.Phrases, o.Targets, o.MaxProposed, o.IncludeShared,
		o.Stories, o.Topics, o.Wire, o.Bootstrap, o.Keyness, variants, o.Settings)
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:12])
}

// QuotedVoiceShare is the share of a paragraph's characters that must lie
// inside quotation marks for the paragraph to count as a source's voice
// rather than the outlet's own.
const QuotedVoiceShare = 0.5

// Aggregate computes the corpus-level Overview from the state, returns it
// with the articles chosen for pages and the Update to store. It reads the
// records of every article but the paragraphs only of the articles changed
// since the last aggregation (and of the few others a change touches: the
// candidates of new wire copy, the members of changed stories), unless the
// stored aggregates are missing or were built with other options, in which
// case it rebuilds them from every article (Update.Rebuild). doc.go
// describes what is kept.
func Aggregate(ctx context.Context, src Source, opt Options) (*Overview, []*Article, *Update, error) {
	opt.defaults()
	ag, err := load(ctx, src, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := ag.apply(); err != nil {
		return nil, nil, nil, err
	}
	ov, err := ag.assemble()
	if err != nil {
		return nil, nil, nil, err
	}
	var pages []*Article
	if err := src.Articles(ctx, ag.pageIDs(), FieldsAll, func(a *Article) error {
		pages = append(pages, a)
		return nil
	}); err != nil {
		return nil, nil, nil, fmt.Errorf("aggregate: pages: %w", err)
	}
	up, err := ag.update()
	if err != nil {
		return nil, nil, nil, err
	}
	return ov, pages, up, nil
}

// aggregator holds the aggregates during one run.
type aggregator struct {
	ctx     context.Context
	src     Source
	opt     Options
	rebuild bool
	params  string

	// stored are the SHA-256 digests (first 16 bytes) of the records as
	// stored, recs the records as they are now: a run writes back only
	// the records whose encoding changed, and a digest costs 16 bytes
	// where holding the stored blobs cost 40 MB on a 100 MB corpus.
	stored map[string]recordDigest
	recs   map[string]*record
	// names interns the outlets, stance targets and speakers of recs.
	names map[string]string

	dict *terms.Dict
	// outletTerms are each outlet's term counts (wire copy included);
	// sharedTerms those of its paragraphs left out as wire copy.
	outletTerms, sharedTerms map[string]*terms.Counts
	// cooc and window count the candidate terms; candIndex and
	// candPhrase index them for the records' candidate counts.
	cooc, window *terms.Cooccur
	candIndex    map[string]uint32
	candPhrase   map[terms.Pair]uint32
	// candScratch, candBuf and candEnds are reused by countCandidates.
	candScratch map[uint32]uint32
	candBuf     []candCount
	candEnds    []uint32
	ents        entities.Counter
	// labels indexes the label variants, built on first use.
	labels *labelIndex
	// termsFromPartials is set when a rebuild took outletTerms from
	// Options.Partials: the articles it reads are in them already.
	termsFromPartials bool
	// entOutlets counts, per (entity, outlet), the articles naming it.
	entOutlets map[[2]string]int
	// labelTF counts the label variants per (outlet, day, variant).
	labelTF map[labelKey]int64
	freq    stories.Frequencies
	wix     *wire.Index
	nextPN  uint32

	// This run.
	pending  []string
	retired  map[string]*retired
	fresh    map[string]*freshArticle
	interner *terms.Interner
	extract  *terms.Extractor
	// oldShared are the paragraph numbers marked shared before the wire
	// update; shared after it.
	oldShared, shared map[uint32]bool
	groups            []wire.Group
	// storyFresh are the story terms of the articles read in full.
	storyFresh map[string]stories.Placement
	// deleted are the pending articles that are gone.
	deleted []string
	// oldOutlets are the outlets whose term counts were stored;
	// dirtyOutlets those whose counts (or shared counts) changed.
	oldOutlets   []string
	dirtyOutlets map[string]bool
	// termBlobs are the outlets' term counts encoded for the state
	// (Counts.AppendIDs) once final, before freezeTerms drops their
	// pairs other than phrases.
	termBlobs map[string][]byte
	// storyList are the stories, as the story clustering returns them;
	// storyPos indexes Overview.Stories by story ID.
	storyList []stories.Story
	storyPos  map[string]int
	// topicErr is the error of finding the topics.
	topicErr error
	// placed are the story placements to store.
	placed map[string][]byte
	blobs  map[string][]byte
	cells  *cells
	ov     *Overview
	// totals are the corpus's term counts; top the top K terms.
	totals  *terms.Counts
	phrases []terms.Phrase
	top     []terms.TermCount
}

// freshArticle is what a run keeps of a pending article read in full.
type freshArticle struct {
	seqs []terms.Seq
	sigs []wire.Signature
}

type labelKey struct {
	outlet, day, variant string
}

// load reads the stored aggregates and records, or decides to rebuild.
func load(ctx context.Context, src Source, opt Options) (*aggregator, error) {
	ag := &aggregator{ctx: ctx, src: src, opt: opt, params: opt.params(),
		stored: map[string]recordDigest{}, recs: map[string]*record{},
		outletTerms: map[string]*terms.Counts{}, sharedTerms: map[string]*terms.Counts{},
		ents: entities.Counter{}, entOutlets: map[[2]string]int{}, labelTF: map[labelKey]int64{},
		names: map[string]string{}, retired: map[string]*retired{}, fresh: map[string]*freshArticle{}, interner: terms.NewInterner(), dirtyOutlets: map[string]bool{},
		extract: terms.NewExtractor(opt.Stopwords), placed: map[string][]byte{}, blobs: map[string][]byte{}}
	stored, err := src.Blob(ctx, "params")
	if err != nil {
		return nil, err
	}
	ag.rebuild = string(stored) != ag.params
	if ag.rebuild {
		ag.dict = terms.NewDict()
		if ag.wix, err = opt.Wire.NewIndex(); err != nil {
			return nil, fmt.Errorf("aggregate: %w", err)
		}
	} else if err := ag.loadAggregates(); err != nil {
		return nil, err
	}
	if ag.cells, err = newCells(ctx, src, opt.Bootstrap, ag.rebuild); err != nil {
		return nil, err
	}
	if !ag.rebuild {
		names, scratch := ag.names, &recordScratch{}
		err := src.Records(ctx, func(id string, b []byte) error {
			r, err := decodeRecord(id, b, names, scratch)
			if err != nil {
				return fmt.Errorf("aggregate: %w", err)
			}
			ag.stored[id] = digestRecord(b)
			ag.recs[id] = r
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = src.Pending(ctx, func(id string, b []byte) error {
			ag.pending = append(ag.pending, id)
			if b == nil {
				return nil
			}
			r, err := decodeRetired(id, b, ag.interner)
			if err != nil {
				return fmt.Errorf("aggregate: %w", err)
			}
			ag.retired[id] = r
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return ag, nil
}

// loadAggregates reads the stored aggregates.
func (ag *aggregator) loadAggregates() error {
	get := func(name string) ([]byte, error) { return ag.src.Blob(ag.ctx, name) }
	b, err := get("dict")
	if err != nil {
		return err
	}
	ag.dict = terms.NewDict()
	if b != nil {
		if err := ag.dict.UnmarshalBinary(b); err != nil {
			return fmt.Errorf("aggregate: %w", err)
		}
	}
	b, err = get("outlets")
	if err != nil {
		return err
	}
	d := decoder{b: b}
	for n := d.count(); n > 0 && d.err == nil; n-- {
		name := d.str()
		ag.oldOutlets = append(ag.oldOutlets, name)
		for _, kind := range []string{"terms/", "shared/"} {
			blob, err := get(kind + name)
			if err != nil {
				return err
			}
			if blob == nil {
				continue
			}
			c := terms.NewCountsIn(ag.dict)
			if err := c.UnmarshalIDs(ag.dict, blob); err != nil {
				return fmt.Errorf("aggregate: %s%s: %w", kind, name, err)
			}
			if kind == "terms/" {
				ag.outletTerms[name] = c
			} else {
				ag.sharedTerms[name] = c
			}
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return fmt.Errorf("aggregate: outlets: %w", errCodec)
	}
	for _, x := range []struct {
		name string
		dst  **terms.Cooccur
	}{{"cooc", &ag.cooc}, {"cooc/window", &ag.window}} {
		if b, err = get(x.name); err != nil {
			return err
		}
		if b != nil {
			c := new(terms.Cooccur)
			if err := c.UnmarshalBinary(b); err != nil {
				return fmt.Errorf("aggregate: %s: %w", x.name, err)
			}
			*x.dst = c
		}
	}
	ag.indexCandidates()
	if b, err = get("entities"); err != nil {
		return err
	}
	if b != nil {
		if err := ag.decodeEntities(b); err != nil {
			return err
		}
	}
	if b, err = get("labels"); err != nil {
		return err
	}
	if b != nil {
		d := decoder{b: b}
		for n := d.count(); n > 0 && d.err == nil; n-- {
			k := labelKey{d.str(), d.str(), d.str()}
			ag.labelTF[k] = int64(d.varint())
		}
		if d.err != nil || len(d.b) != 0 {
			return fmt.Errorf("aggregate: labels: %w", errCodec)
		}
	}
	if b, err = get("stories"); err != nil {
		return err
	}
	if b != nil {
		if err := ag.freq.UnmarshalBinary(b); err != nil {
			return fmt.Errorf("aggregate: stories: %w", err)
		}
	}
	if b, err = get("wire/next"); err != nil {
		return err
	}
	if len(b) == 4 {
		ag.nextPN = binary.LittleEndian.Uint32(b)
	}
	ag.wix, err = ag.opt.Wire.LoadIndex(func(name string) ([]byte, error) { return get("wire/" + name) })
	if err != nil {
		return fmt.Errorf("aggregate: %w", err)
	}
	return nil
}

// indexCandidates indexes the candidate vocabulary for counting.
func (ag *aggregator) indexCandidates() {
	ag.candIndex, ag.candPhrase = map[string]uint32{}, map[terms.Pair]uint32{}
	if ag.cooc == nil {
		return
	}
	for i, t := range ag.cooc.Vocab() {
		ag.candIndex[t] = uint32(i)
		if p, ok := terms.SplitPhrase(t); ok {
			ag.candPhrase[p] = uint32(i)
		}
	}
}

// appendCandCounts appends the counts of the candidate terms of a
// paragraph, by term index, to dst: each word's occurrences, and each
// phrase where its words are adjacent, as the topic shares count top
// terms.
func (ag *aggregator) appendCandCounts(dst []candCount, s terms.Seq) []candCount {
	if len(ag.candIndex) == 0 {
		return dst
	}
	if ag.candScratch == nil {
		ag.candScratch = map[uint32]uint32{}
	}
	counts := ag.candScratch
	clear(counts)
	for i, t := range s.Terms {
		if k, ok := ag.candIndex[t]; ok { // words only: terms hold no space
			counts[k]++
		}
		if s.Adjacent(i) && len(ag.candPhrase) > 0 {
			if k, ok := ag.candPhrase[terms.Pair{A: t, B: s.Terms[i+1]}]; ok {
				counts[k]++
			}
		}
	}
	start := len(dst)
	for k, n := range counts {
		dst = append(dst, candCount{k, n})
	}
	slices.SortFunc(dst[start:], func(a, b candCount) int { return int(a.term) - int(b.term) })
	return dst
}

// countCandidates sets the candidate counts of rec's paragraphs from their
// term sequences; paragraphs past the end of seqs get none.
func (ag *aggregator) countCandidates(rec *record, seqs func(i int) (terms.Seq, bool)) {
	buf, ends := ag.candBuf[:0], ag.candEnds[:0]
	for i := range rec.paras {
		if s, ok := seqs(i); ok {
			buf = ag.appendCandCounts(buf, s)
		}
		ends = append(ends, uint32(len(buf)))
	}
	rec.setCand(buf, ends)
	ag.candBuf, ag.candEnds = buf, ends
}

// apply brings the aggregates up to date with the pending articles.
func (ag *aggregator) apply() error {
	if ag.rebuild {
		if err := ag.chooseCandidates(nil); err != nil {
			return err
		}
	}
	// Take the retired versions out.
	var storiesRetired []stories.Retired
	for _, id := range ag.pending {
		r := ag.retired[id]
		if r == nil {
			continue
		}
		ents, err := r.rec.entities()
		if err != nil {
			return fmt.Errorf("aggregate: retiring %s: %w", id, err)
		}
		if err := ag.count(r.rec, ents, r.seqs, -1); err != nil {
			return fmt.Errorf("aggregate: retiring %s: %w", id, err)
		}
		var pl stories.Placement
		if len(r.placement) > 0 {
			if err := pl.UnmarshalBinary(r.placement); err != nil {
				return fmt.Errorf("aggregate: retiring %s: %w", id, err)
			}
		}
		storiesRetired = append(storiesRetired, stories.Retired{ID: id, Published: r.rec.published, Seed: r.rec.seed, Terms: pl.Terms})
	}
	for _, id := range ag.pending {
		delete(ag.recs, id)
	}
	// Add the current versions. A rebuild reads the signatures in a pass
	// of their own (updateWire), after the story terms of every article
	// are gone: on a 100 MB corpus each set takes some 70-85 MB, and
	// holding both at once pushed the heap past its limit.
	need := FieldResults | FieldTerms | FieldSignatures
	if ag.rebuild {
		need &^= FieldSignatures
	}
	fresh := func(a *Article) error {
		rec := newRecord(a, ag.names)
		rec.pnBase = ag.nextPN
		ag.nextPN += uint32(len(a.Paragraphs))
		seqs := make([]terms.Seq, len(a.Paragraphs))
		for i := range a.Paragraphs {
			seqs[i] = a.Paragraphs[i].Seq
		}
		ag.countCandidates(rec, func(i int) (terms.Seq, bool) { return seqs[i], true })
		if err := ag.count(rec, a.Entities, seqs, 1); err != nil {
			return fmt.Errorf("aggregate: %s: %w", a.ID, err)
		}
		ag.recs[a.ID] = rec
		f := &freshArticle{}
		ag.fresh[a.ID] = f
		if !ag.rebuild {
			// Kept for the wire copy and story figures; a rebuild reads
			// what it needs again rather than hold the corpus.
			f.seqs = seqs
			f.sigs = make([]wire.Signature, len(a.Paragraphs))
			for i := range a.Paragraphs {
				f.sigs[i] = a.Paragraphs[i].Signature
			}
		}
		ag.storyTerms(a.ID, rec.title, seqs)
		if ag.opt.Progress != nil {
			ag.opt.Progress(1, len(ag.fresh))
		}
		return nil
	}
	var err error
	if ag.rebuild {
		err = ag.src.Each(ag.ctx, need, fresh)
	} else {
		err = ag.src.Articles(ag.ctx, ag.pending, need, fresh)
	}
	if err != nil {
		return fmt.Errorf("aggregate: %w", err)
	}
	for _, id := range ag.pending {
		if ag.recs[id] == nil {
			ag.deleted = append(ag.deleted, id)
		}
	}
	if err := ag.settleTerms(); err != nil {
		return err
	}
	ag.freezeTerms()
	if err := ag.updateStories(storiesRetired); err != nil {
		return err
	}
	return ag.updateWire()
}

// count adds (sign 1) or takes out (sign −1) an article's contribution to
// the mergeable aggregates: term counts, candidate co-occurrence, label
// variants, entities and story frequencies.
func (ag *aggregator) count(rec *record, ents entities.Counter, seqs []terms.Seq, sign int) error {
	ot := ag.outletTerms[rec.outlet]
	if ot == nil {
		ot = terms.NewCountsIn(ag.dict)
		ag.outletTerms[rec.outlet] = ot
	}
	ag.dirtyOutlets[rec.outlet] = true
	// Additions go straight into the outlet's counts; a subtraction
	// needs the article's own counts (with a dictionary of their own: a
	// small Counts in the corpus dictionary would be as long as it).
	var c *terms.Counts
	if sign < 0 {
		c = terms.NewCounts()
	}
	for _, s := range seqs {
		if sign > 0 {
			if !ag.termsFromPartials {
				ot.Add(s)
			}
		} else {
			c.Add(s)
		}
		if ag.cooc != nil {
			if sign > 0 {
				ag.cooc.Add(s)
				if ag.window != nil {
					ag.window.Add(s)
				}
			} else {
				ag.cooc.Remove(s)
				if ag.window != nil {
					ag.window.Remove(s)
				}
			}
		}
		ag.countLabels(rec, s, int64(sign))
	}
	if sign < 0 {
		if err := ot.Sub(c); err != nil {
			return err
		}
	}
	for name, t := range ents {
		ag.entOutlets[[2]string{name, rec.outlet}] += sign
		if ag.entOutlets[[2]string{name, rec.outlet}] == 0 {
			delete(ag.entOutlets, [2]string{name, rec.outlet})
		}
		if sign > 0 {
			ag.ents.Merge(entities.Counter{name: t})
		} else {
			subEntity(ag.ents, name, t)
		}
	}
	return nil
}

// subEntity takes a tally out of a counter, deleting what reaches zero,
// so that the counter equals one merged from the remaining articles.
func subEntity(c entities.Counter, name string, t entities.Tally) {
	x := c[name]
	x.Mentions -= t.Mentions
	x.Articles -= t.Articles
	x.Person -= t.Person
	for a, n := range t.Aliases {
		x.Aliases[a] -= n
		if x.Aliases[a] == 0 {
			delete(x.Aliases, a)
		}
	}
	if len(x.Aliases) == 0 {
		x.Aliases = nil
	}
	if x.Mentions == 0 && x.Articles == 0 && x.Person == 0 && x.Aliases == nil {
		delete(c, name)
		return
	}
	c[name] = x
}

// countLabels counts a paragraph's label variants: one look-up per term
// in an index of the variants (labelIndex) rather than a pass over the
// paragraph per variant.
func (ag *aggregator) countLabels(rec *record, s terms.Seq, sign int64) {
	if len(ag.opt.LabelPairs) == 0 {
		return
	}
	if ag.labels == nil {
		ag.labels = newLabelIndex(ag.opt.LabelPairs)
	}
	day, dated := "", false
	add := func(v string, times int64) {
		if !dated {
			day, dated = rec.day(), true
		}
		k := labelKey{rec.outlet, day, v}
		ag.labelTF[k] += sign * times
		if ag.labelTF[k] == 0 {
			delete(ag.labelTF, k)
		}
	}
	for i, t := range s.Terms {
		if n := ag.labels.words[t]; n > 0 {
			add(t, n)
		}
		if len(ag.labels.phrases) > 0 && s.Adjacent(i) {
			for _, ph := range ag.labels.phrases[terms.Pair{A: t, B: s.Terms[i+1]}] {
				add(ph.variant, ph.times)
			}
		}
	}
}

// labelIndex indexes the label variants: a variant listed k times (in
// several labels) counts k times, as it would counted label by label.
type labelIndex struct {
	words   map[string]int64
	phrases map[terms.Pair][]labelPhrase
}

type labelPhrase struct {
	variant string
	times   int64
}

func newLabelIndex(pairs []terms.LabelPair) *labelIndex {
	ix := &labelIndex{words: map[string]int64{}, phrases: map[terms.Pair][]labelPhrase{}}
	for _, lp := range pairs {
		for _, l := range []terms.Label{lp.A, lp.B} {
			for _, v := range l.Variants {
				if p, ok := terms.SplitPhrase(v); ok {
					list := ix.phrases[p]
					i := slices.IndexFunc(list, func(ph labelPhrase) bool { return ph.variant == v })
					if i < 0 {
						i, list = len(list), append(list, labelPhrase{variant: v})
					}
					list[i].times++
					ix.phrases[p] = list
				} else {
					ix.words[v]++
				}
			}
		}
	}
	return ix
}

// storyTerms records an article's story terms: its paragraphs' terms and
// its title's, as dictionary ids with counts.
func (ag *aggregator) storyTerms(id, title string, seqs []terms.Seq) {
	tf := map[int32]int32{}
	for _, s := range seqs {
		for _, t := range s.Terms {
			tf[ag.dict.ID(t)]++
		}
	}
	for _, t := range ag.extract.Extract(title).Terms {
		tf[ag.dict.ID(t)]++
	}
	p := stories.Placement{Terms: make([]int32, 0, len(tf)), TF: make([]int32, 0, len(tf))}
	for t := range tf {
		p.Terms = append(p.Terms, t)
	}
	slices.Sort(p.Terms)
	for _, t := range p.Terms {
		p.TF = append(p.TF, tf[t])
	}
	if ag.storyFresh == nil {
		ag.storyFresh = map[string]stories.Placement{}
	}
	ag.storyFresh[id] = p
}

// sortedIDs returns the current articles' IDs in order.
func (ag *aggregator) sortedIDs() []string {
	ids := make([]string, 0, len(ag.recs))
	for id := range ag.recs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
