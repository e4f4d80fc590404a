package main

import (
	"context"
	"fmt"
	"io"

	"newsframe/analysis/pipeline"
	"newsframe/reports"
)

// writeExports writes the data files beside the report: the two JSON-lines
// files stream every stored article once more; the CSV files come from the
// aggregation.
func (w *reportWriter) writeExports(ctx context.Context, ov *pipeline.Overview) ([]reports.Export, error) {
	var exports []reports.Export
	file := func(name, desc string, fn func(io.Writer) error) error {
		f, err := w.run.Create(name)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return fmt.Errorf("export %s: %w", name, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("export %s: %w", name, err)
		}
		exports = append(exports, reports.Export{Path: name, Description: desc})
		return nil
	}

	pf, err := w.run.Create("paragraphs.jsonl")
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	af, err := w.run.Create("articles.jsonl")
	if err != nil {
		return nil, err
	}
	defer af.Close()
	ew := reports.NewExportWriter(pf, af, ov)
	src := storeSource{store: w.store}
	if err := src.Each(ctx, pipeline.FieldText|pipeline.FieldResults, ew.Add); err != nil {
		return nil, fmt.Errorf("export paragraphs: %w", err)
	}
	if err := ew.Flush(); err != nil {
		return nil, err
	}
	for _, f := range []interface{ Close() error }{pf, af} {
		if err := f.Close(); err != nil {
			return nil, err
		}
	}
	exports = append(exports,
		reports.Export{Path: "paragraphs.jsonl", Description: "every paragraph: text, sentiment with cues, stance per target, quotes, wire flag, story"},
		reports.Export{Path: "articles.jsonl", Description: "every article: metadata, mean sentiment, stance per target, quotes, story"})

	outlets := make([]string, len(ov.Outlets))
	for i, o := range ov.Outlets {
		outlets[i] = o.Name
	}
	per := ov.OutletTotals
	steps := []struct {
		name, desc string
		fn         func(io.Writer) error
	}{
		{"terms.csv", "term frequencies (tf, paragraph df) overall and per outlet, words and phrases",
			func(x io.Writer) error { return reports.WriteTermsCSV(x, ov.Totals, outlets, per, ov.Phrases) }},
		{"cooccurrence.csv", "co-occurrence counts and NPMI of the top terms",
			func(x io.Writer) error { return reports.WriteCooccurrenceCSV(x, ov.Cooccur, ov.Window) }},
		{"distinctive_terms.csv", "log-odds z-scores of terms per outlet vs the rest and vs each other outlet",
			func(x io.Writer) error { return reports.WriteDistinctiveCSV(x, ov.Distinctive) }},
		{"stories.csv", "story clusters: coverage, lags, outlets that left a story out",
			func(x io.Writer) error { return reports.WriteStoriesCSV(x, ov.Stories) }},
		{"topics.csv", "topics (term communities) and their terms",
			func(x io.Writer) error { return reports.WriteTopicsCSV(x, ov) }},
		{"outlet_differences.csv", "pairwise outlet differences with bootstrap intervals and Benjamini-Hochberg adjusted p-values",
			func(x io.Writer) error { return reports.WriteDifferencesCSV(x, ov.Differences) }},
		{"label_preferences.csv", "competing labels for the same referent, per outlet and period",
			func(x io.Writer) error { return reports.WriteLabelPreferencesCSV(x, ov.Preferences) }},
	}
	for _, s := range steps {
		if err := file(s.name, s.desc, s.fn); err != nil {
			return nil, err
		}
	}
	exports = append(exports, reports.Export{Path: "manifest.json", Description: "run manifest: settings, input counts, bad inputs, timings"})
	return exports, nil
}
