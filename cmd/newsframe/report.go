package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"time"

	"newsframe/analysis/pipeline"
	"newsframe/analysis/stats"
	"newsframe/analysis/terms"
	"newsframe/analysis/topics"
	"newsframe/cmd/newsframe/internal/manifest"
	"newsframe/cmd/newsframe/internal/progress"
	"newsframe/cmd/newsframe/internal/publish"
	"newsframe/cmd/newsframe/internal/state"
	"newsframe/reports"
)

// reportWriter aggregates the state and writes the report, the exports and
// the manifest into a run directory.
type reportWriter struct {
	store    *state.Store
	l        *loaded
	opt      *runOptions
	log      *slog.Logger
	progress progress.Reporter
	build    *manifest.Builder
	run      *publish.Run
	ing      *ingestResult
	bad      int
	started  time.Time
}

// runSummary is the JSON summary of a run kept in the state's runs table
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

func (w *reportWriter) write(ctx context.Context) error {
	stop := w.build.Stage("aggregate")
	targets := make([]string, 0, len(w.l.targets))
	for _, t := range w.l.targets {
		targets = append(targets, t.Name)
	}
	src := storeSource{store: w.store}
	ov, pages, up, err := pipeline.Aggregate(ctx, src, pipeline.Options{
		// Only a rebuild of the aggregates reads the partials.
		Partials:      func() (terms.Partials, error) { return w.ing.parts.complete(ctx) },
		TopTerms:      w.opt.topTerms,
		Window:        w.opt.window,
		Targets:       targets,
		IncludeShared: w.opt.includeShared,
		Stopwords:     w.l.stopwords,
		Settings:      w.l.stopwordsHash,
		Wire:          w.l.wire,
		LabelPairs:    w.l.labelPairs,
		Pages:         w.opt.pages,
		StoryPages:    w.opt.storyPages,
	})
	if err == nil {
		err = commitAggregation(ctx, w.store, up)
	}
	stop()
	if err != nil {
		return err
	}

	stop = w.build.Stage("exports")
	exports, err := w.writeExports(ctx, ov)
	stop()
	if err != nil {
		return err
	}

	stop = w.build.Stage("report")
	summary := summarise(ov)
	history, err := w.history(ctx, summary)
	if err != nil {
		return err
	}
	m := buildModel(ov, pages, w.opt, w.ing, w.bad, w.l.levels, w.l.levelsSource)
	m.RunTime = w.started.Format(time.RFC3339)
	m.Version = buildVersion()
	m.History = history
	m.Exports = exports
	err = reports.Write(w.create, m)
	stop()
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}

	// The run is recorded in the state before it is published: a crash in
	// between leaves a history entry for a report that the next run
	// replaces, never a published report missing from the history.
	sj, err := json.Marshal(summary)
	if err != nil {
		return err
	}
	mf := w.build.Build()
	tx, err := w.store.Begin(ctx)
	if err != nil {
		return err
	}
	status := "ok"
	if w.bad > 0 {
		status = "partial"
	}
	c := w.ing.counts
	if _, err := tx.AddRun(state.Run{Started: w.started, Finished: time.Now().UTC(), Status: status,
		Seen: mf.Inputs.Seen, New: c.New, Changed: c.Changed, Unchanged: c.Unchanged + c.Rescored,
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

// create opens a file of the run directory for the report writer.
func (w *reportWriter) create(name string) (io.WriteCloser, error) {
	return w.run.Create(name)
}

// summarise computes the corpus-level figures kept per run.
func summarise(ov *pipeline.Overview) runSummary {
	s := runSummary{Articles: ov.Articles}
	if ov.Histogram != nil && ov.Histogram.N() > 0 {
		s.Sentiment = round(ov.Histogram.Mean(), 4)
	}
	for _, t := range ov.Targets {
		var sum float64
		var n, mentions int
		for _, o := range ov.Outlets {
			for _, ts := range o.Stance {
				if ts.Target == t && ts.All.Obs > 0 {
					sum += ts.All.Mean * float64(ts.All.Obs)
					n += ts.All.Obs
					mentions += ts.Mentions
				}
			}
		}
		if n > 0 {
			s.Stance = append(s.Stance, runStanceJSON{t, round(sum/float64(n), 4), mentions})
		}
	}
	return s
}

// history returns the run history with this run last.
func (w *reportWriter) history(ctx context.Context, this runSummary) ([]reports.Run, error) {
	runs, err := w.store.Runs(ctx)
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
	c := w.ing.counts
	out = append(out, historyRun(fmt.Sprint(len(runs)+1), w.started, this, c.New, c.Changed, c.Removed, w.bad))
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

// interval converts a stats interval for the report.
func interval(iv stats.Interval) reports.Interval {
	return reports.Interval{Mean: iv.Mean, Lo: iv.Lo, Hi: iv.Hi, N: iv.Units, Obs: iv.Obs, Sparse: iv.TooFew}
}

var _ = topics.DefaultMinNPMI
