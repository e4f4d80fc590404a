package main

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/stories"
)

// The story pass. Which story an article joins depends on the articles
// placed before it (the 72-hour window, document frequencies over a span
// of days): a chain through the corpus in publication order, which no
// runner can split. It runs in one DoFn as `newsframe run` runs it, with
// aggregate.Sweep over an empty store, so the decisions are the same by
// construction: the sweep is handed each article's id, outlet, time and
// story terms (no text, no rows, no signatures: wire copy is decided per
// window afterwards), reads the days in order through a multimap side
// input keyed by day, and emits every article's chunk and story.

// sweepFn is the story pass. Its one element lists the days (a single-key
// group of the distinct days); lookup returns a day's light records.
type sweepFn struct {
	Cfg Config
}

func (f *sweepFn) ProcessElement(ctx context.Context, _ int, days func(*string) bool,
	lookup func(string) func(*[]byte) bool, emit func(string, []byte)) error {
	e, err := f.Cfg.env(ctx)
	if err != nil {
		return err
	}
	var list []string
	var d string
	for days(&d) {
		list = append(list, d)
	}
	// Dated days in order, then the undated ("" sorts first: move it last).
	slices.Sort(list)
	list = slices.Compact(list)
	if len(list) > 0 && list[0] == "" {
		list = append(list[1:], "")
	}
	newDays := map[string]bool{}
	for _, d := range list {
		newDays[d] = true
	}
	var buf []*aggregate.Doc
	next := func() (*aggregate.Doc, error) {
		for len(buf) == 0 {
			if len(list) == 0 {
				return nil, nil
			}
			day := list[0]
			list = list[1:]
			it := lookup(day)
			var b []byte
			for it(&b) {
				l, err := decodeLight(b)
				if err != nil {
					return nil, err
				}
				buf = append(buf, &aggregate.Doc{
					Article: article.ArticleRow{ArticleID: l.id, Outlet: l.outlet, Published: l.published},
					Terms:   l.terms, File: l.file, Line: l.line})
			}
			// The order the sweep expects: a day's articles by id, the
			// undated by file, line, id.
			slices.SortFunc(buf, func(a, b *aggregate.Doc) int {
				return cmp.Or(strings.Compare(a.File, b.File)*boolInt(day == ""), cmp.Compare(a.Line, b.Line)*boolInt(day == ""),
					strings.Compare(a.Article.ArticleID, b.Article.ArticleID))
			})
		}
		d := buf[0]
		buf[0] = nil
		buf = buf[1:]
		return d, nil
	}
	delta := aggregate.NewDelta(e.agg)
	sink := &decisionSink{emit: emit, delta: delta, agg: e.agg}
	sw := &aggregate.Sweep{Src: emptyStore{}, Out: sink, Delta: delta, Stories: stories.Options{}, WireParams: e.wire}
	return sw.Run(aggregate.Change{NewDays: newDays, New: next})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// emptyStore is the aggregate.Source of a first run: nothing stored.
type emptyStore struct{}

func (emptyStore) Chunks(string) ([]string, error)                  { return nil, nil }
func (emptyStore) Load(string, []string) ([]*aggregate.Doc, error)  { return nil, nil }
func (emptyStore) NextDay(string) (string, bool, error)             { return "", false, nil }
func (emptyStore) DayDF(int) (*stories.DayDF, error)                { return nil, nil }
func (emptyStore) UndatedChunks() ([]aggregate.UndatedChunk, error) { return nil, nil }

// decisionSink emits the sweep's chunks as decisions per article. The
// sweep's own delta counts the light records, which carry nothing worth
// counting: it is emptied after every chunk so that it holds no memory.
type decisionSink struct {
	emit  func(string, []byte)
	delta *aggregate.Delta
	agg   *aggregate.Settings
}

func (s *decisionSink) WriteChunk(day, name string, docs []*aggregate.Doc) error {
	for _, d := range docs {
		s.emit(d.Article.ArticleID, appendDecision(nil, &decision{day: day, chunk: name,
			story: d.Article.StoryID, similarity: d.Article.StorySimilarity}))
	}
	*s.delta = *aggregate.NewDelta(s.agg)
	return nil
}

func (s *decisionSink) DeleteChunk(string, string) error   { return nil }
func (s *decisionSink) PutDayDF(int, *stories.DayDF) error { return nil }
func (s *decisionSink) Removed(*aggregate.Doc) error       { return nil }
