package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strings"
	"time"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/terms"
	"newsframe/analysis/topics"
	"newsframe/cmd/internal/results"
	"newsframe/cmd/newsframe/internal/catalog"
	"newsframe/cmd/newsframe/internal/manifest"
	"newsframe/cmd/newsframe/internal/progress"
	"newsframe/cmd/newsframe/internal/publish"
	"newsframe/reports"
)

// reportWriter renders the report and the exports of the catalog's
// summaries and the result store into a run directory.
type reportWriter struct {
	cat      *catalog.Store
	store    *results.Store
	u        *updater
	l        *loaded
	opt      *runOptions
	log      *slog.Logger
	progress progress.Reporter
	build    *manifest.Builder
	run      *publish.Run
	bad      int
	started  time.Time
}

// runSummary is the JSON summary of a run kept in the catalog's runs table
// for the history page.
type runSummary struct {
	Articles  int             `json:"articles"`
	Sentiment float64         `json:"sentiment"`
	Stance    []runStanceJSON `json:"stance,omitempty"`
}

type runStanceJSON struct {
	Target   string  `json:"target"`
	Mean     float64 `json:"mean"`
	Mentions int     `json:"mentions"`
}

// summaries loads the stored summaries for the overview.
func (w *reportWriter) summaries(ctx context.Context) (*aggregate.Summaries, error) {
	r := w.cat.Read(ctx)
	s := &aggregate.Summaries{Cells: map[aggregate.Cell]*aggregate.CellSummary{}, Totals: w.u.totals}
	err := r.Summaries(cellPrefix, func(name string, data []byte) error {
		cs := aggregate.NewCellSummary()
		if err := cs.UnmarshalBinary(data); err != nil {
			return fmt.Errorf("summary %q: %w", name, err)
		}
		s.Cells[aggregate.CellOf(strings.TrimPrefix(name, cellPrefix))] = cs
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.Terms = func(c aggregate.Cell) (*aggregate.CellTerms, error) {
		ct := aggregate.NewCellTerms()
		b, err := r.Summary(termsPrefix + c.Key())
		if err != nil || b == nil {
			return nil, err
		}
		if err := ct.UnmarshalBinary(b); err != nil {
			return nil, fmt.Errorf("summary terms of %s: %w", c.Outlet, err)
		}
		return ct, nil
	}
	s.Shared = terms.NewCounts()
	if b, err := r.Summary(summaryShared); err != nil {
		return nil, err
	} else if b != nil {
		if err := s.Shared.UnmarshalBinary(b); err != nil {
			return nil, fmt.Errorf("summary %s: %w", summaryShared, err)
		}
	}
	if w.u.cooc != nil {
		s.Cooc, s.Window = w.u.cooc.cooc, w.u.cooc.window
	}
	ents, err := loadEntities(r)
	if err != nil {
		return nil, err
	}
	s.Entities = ents
	s.Days = func(fn func(day string, c aggregate.Cell, d *aggregate.DaySummary) error) error {
		return r.Days(func(day, cell string, data []byte) error {
			d := aggregate.NewDaySummary()
			if err := d.UnmarshalBinary(data); err != nil {
				return fmt.Errorf("day summary %s: %w", day, err)
			}
			return fn(day, aggregate.CellOf(cell), d)
		})
	}
	return s, nil
}

func (w *reportWriter) write(ctx context.Context) error {
	stop := w.build.Stage("aggregate")
	s, err := w.summaries(ctx)
	if err != nil {
		stop()
		return err
	}
	tv, err := w.topicView(ctx)
	if err != nil {
		stop()
		return err
	}
	oo := w.overviewOptions()
	oo.Topics = tv.k()
	ov, err := aggregate.Build(s, oo)
	stop()
	if err != nil {
		return err
	}

	stop = w.build.Stage("exports")
	exports, err := w.writeExports(ctx, ov, s, tv)
	stop()
	if err != nil {
		return err
	}

	stop = w.build.Stage("report")
	in, err := w.modelInputs(ctx, ov)
	if err != nil {
		stop()
		return err
	}
	in.topics = tv
	if tv.k() > 0 {
		if in.topicArticles, err = w.representatives(ctx, tv); err != nil {
			stop()
			return err
		}
	}
	summary := summarise(ov)
	history, err := w.history(ctx, summary)
	if err != nil {
		stop()
		return err
	}
	m := buildModel(ov, in)
	m.RunTime = w.started.Format(time.RFC3339)
	m.Version = buildVersion()
	m.History = history
	m.Exports = exports
	err = reports.Write(w.create, m)
	stop()
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}

	sj, err := json.Marshal(summary)
	if err != nil {
		return err
	}
	mf := w.build.Build()
	tx, err := w.cat.Begin(ctx)
	if err != nil {
		return err
	}
	status := "ok"
	if w.bad > 0 {
		status = "partial"
	}
	c := w.u.counts
	if err := tx.AddRun(catalog.Run{ID: w.u.run, Started: w.started, Finished: time.Now().UTC(), Status: status,
		Seen: c.New + c.Changed + c.Unchanged + c.Rescored, New: c.New, Changed: c.Changed, Unchanged: c.Unchanged + c.Rescored,
		Removed: c.Removed, Bad: w.bad, Summary: sj}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	f, err := w.run.Create("manifest.json")
	if err != nil {
		return err
	}
	if _, err := mf.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// overviewOptions are the run's comparison settings.
func (w *reportWriter) overviewOptions() aggregate.OverviewOptions {
	targets := make([]string, 0, len(w.l.targets))
	for _, t := range w.l.targets {
		targets = append(targets, t.Name)
	}
	return aggregate.OverviewOptions{CompareOutlets: w.opt.compareOutlets, ByGroup: w.opt.compareBy != "" || w.l.groups != nil,
		Groups: w.l.groups, MinArticles: w.opt.minArticles, TopTerms: w.opt.topTerms, Targets: targets,
		LabelPairs: w.l.labelPairs}
}

// create opens a file of the run directory for the report writer.
func (w *reportWriter) create(name string) (io.WriteCloser, error) {
	return w.run.Create(name)
}

// modelInputs reads what the pages need besides the overview: the term
// network, the stories given pages and the articles given pages.
func (w *reportWriter) modelInputs(ctx context.Context, ov *aggregate.Overview) (modelInputs, error) {
	in := modelInputs{opt: w.opt, bad: w.bad, levels: w.l.levels, levelsSource: w.l.levelsSource}
	for _, p := range w.u.problems {
		if !p.Warning {
			in.problems = append(in.problems, reportProblem{Path: p.Path, Line: p.Line, Kind: p.Kind, Reason: p.Reason})
		}
	}
	if w.u.cooc != nil && w.u.cooc.cooc != nil && len(ov.Top) > 0 {
		r, err := w.u.cooc.cooc.Restrict(terms.TermsOf(ov.Top))
		if err == nil {
			in.cooc = w.u.cooc.cooc
			if net, err := topics.Find(r, ov.Totals, topics.Options{}); err == nil {
				in.network = net
			}
		}
	}
	r := w.cat.Read(ctx)
	var err error
	if in.stories, err = r.StoryCount(); err != nil {
		return in, err
	}
	err = r.Stories(w.opt.storyPages, func(s catalog.Story) error {
		if s.Articles < 2 {
			return nil
		}
		members, err := r.StoryArticles(s.ID)
		if err != nil {
			return err
		}
		in.story = append(in.story, storyPage{Story: s, Members: members})
		return nil
	})
	if err != nil {
		return in, err
	}
	recent, err := r.Recent(w.opt.pages)
	if err != nil {
		return in, err
	}
	pages, err := w.readArticles(ctx, recent)
	if err != nil {
		return in, err
	}
	in.pages = pages
	return in, nil
}

// readArticles reads the stored rows of the given articles, in the order
// given.
func (w *reportWriter) readArticles(ctx context.Context, arts []catalog.Article) ([]pageArticle, error) {
	type loc struct{ day, chunk string }
	want := map[loc]map[string]bool{}
	for _, a := range arts {
		k := loc{a.Day, a.Chunk}
		if want[k] == nil {
			want[k] = map[string]bool{}
		}
		want[k][a.ID] = true
	}
	got := map[string]*pageArticle{}
	r := w.cat.Read(ctx)
	keys := slices.SortedFunc(func(yield func(loc) bool) {
		for k := range want {
			if !yield(k) {
				return
			}
		}
	}, func(a, b loc) int { return cmp.Or(strings.Compare(a.day, b.day), strings.Compare(a.chunk, b.chunk)) })
	for _, k := range keys {
		c, err := r.Chunk(k.day, k.chunk)
		if err != nil {
			return nil, err
		}
		if c == nil {
			continue
		}
		ars, err := w.store.ReadArticles(c.Articles)
		if err != nil {
			return nil, err
		}
		prs, err := w.store.ReadParagraphs(c.Paragraphs)
		if err != nil {
			return nil, err
		}
		for _, a := range ars {
			if want[k][a.ArticleID] {
				got[a.ArticleID] = &pageArticle{Article: a}
			}
		}
		for _, p := range prs {
			if pa := got[p.ArticleID]; pa != nil && want[k][p.ArticleID] {
				pa.Paragraphs = append(pa.Paragraphs, p)
			}
		}
	}
	out := make([]pageArticle, 0, len(arts))
	for _, a := range arts {
		if pa := got[a.ID]; pa != nil {
			out = append(out, *pa)
		}
	}
	return out, nil
}

// summarise computes the corpus-level figures kept per run.
func summarise(ov *aggregate.Overview) runSummary {
	s := runSummary{Articles: ov.Articles}
	if ov.Histogram != nil && ov.Histogram.N() > 0 {
		s.Sentiment = round(ov.Histogram.Mean(), 4)
	}
	for _, t := range ov.Targets {
		var m aggregate.Moments
		var mentions int
		for _, k := range ov.Keys {
			if st := k.Summary.Stance[t]; st != nil {
				m.Merge(st.All)
				mentions += int(st.Mentions)
			}
		}
		if m.N() > 0 {
			s.Stance = append(s.Stance, runStanceJSON{t, round(m.Mean(), 4), mentions})
		}
	}
	return s
}

// history returns the run history with this run last.
func (w *reportWriter) history(ctx context.Context, this runSummary) ([]reports.Run, error) {
	runs, err := w.cat.Read(ctx).Runs()
	if err != nil {
		return nil, err
	}
	var out []reports.Run
	for _, r := range runs {
		var s runSummary
		if len(r.Summary) > 0 {
			if err := json.Unmarshal(r.Summary, &s); err != nil {
				w.log.Warn("run history: unreadable summary", "run", r.ID, "err", err)
			}
		}
		out = append(out, historyRun(fmt.Sprint(r.ID), r.Started, s, r.New, r.Changed, r.Removed, r.Bad))
	}
	c := w.u.counts
	out = append(out, historyRun(fmt.Sprint(w.u.run), w.started, this, c.New, c.Changed, c.Removed, w.bad))
	return out, nil
}

func historyRun(id string, t time.Time, s runSummary, n, changed, removed, bad int) reports.Run {
	r := reports.Run{ID: id, Time: t.UTC().Format(time.RFC3339), Articles: s.Articles, New: n,
		Changed: changed, Removed: removed, Skipped: bad, Sentiment: s.Sentiment}
	for _, st := range s.Stance {
		r.Stance = append(r.Stance, reports.RunStance{Target: st.Target, Mean: st.Mean, Mentions: st.Mentions})
	}
	return r
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// chunkRows reads every chunk of the store in day order, calling fn for
// each article with its paragraphs.
func (w *reportWriter) chunkRows(ctx context.Context, fn func(a *article.ArticleRow, ps []article.ParagraphRow) error) error {
	var chunks []catalog.Chunk
	if err := w.cat.Read(ctx).Chunks(func(c catalog.Chunk) error { chunks = append(chunks, c); return nil }); err != nil {
		return err
	}
	for _, c := range chunks {
		ars, err := w.store.ReadArticles(c.Articles)
		if err != nil {
			return err
		}
		prs, err := w.store.ReadParagraphs(c.Paragraphs)
		if err != nil {
			return err
		}
		pi := 0
		for i := range ars {
			a := &ars[i]
			start := pi
			for pi < len(prs) && prs[pi].ArticleID == a.ArticleID {
				pi++
			}
			if err := fn(a, prs[start:pi]); err != nil {
				return err
			}
		}
	}
	return nil
}
