package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/terms"
	"newsframe/cmd/internal/results"
	"newsframe/cmd/newsframe/internal/catalog"
	"newsframe/reports"
)

// writeExports writes the data beside the report: the result store's
// Parquet datasets (linked, not copied), the CSV files from the summaries,
// and with --jsonl the JSON-lines files of every article and paragraph.
func (w *reportWriter) writeExports(ctx context.Context, ov *aggregate.Overview, s *aggregate.Summaries, tv *topicView) ([]reports.Export, error) {
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

	var rels []string
	hasTopics := false
	if err := w.cat.Read(ctx).Chunks(func(c catalog.Chunk) error {
		rels = append(rels, c.Files()...)
		hasTopics = hasTopics || c.Topics != ""
		return nil
	}); err != nil {
		return nil, err
	}
	copied, err := w.store.Link(w.run.Dir(), rels)
	if err != nil {
		return nil, err
	}
	if copied > 0 {
		w.log.Warn("the result store and the report are on different file systems: Parquet files were copied, not linked", "files", copied)
	}
	exports = append(exports,
		reports.Export{Path: results.Articles + "/", Description: "every article (Parquet, one partition per publication day): metadata, mean sentiment, stance per target, quotes, story"},
		reports.Export{Path: results.Paragraphs + "/", Description: "every paragraph (Parquet, one partition per publication day): text, sentiment with cues, stance per target, quotes, wire flag, story; offsets in code points"})
	if hasTopics {
		exports = append(exports, reports.Export{Path: results.Topics + "/", Description: "every article's topic shares (Parquet, long form, one partition per publication day): article_id, outlet, published, topic (from 0), rank (0 = its largest), weight (its proportion of the topic; an article's weights sum to 1)"})
	}

	if w.opt.jsonl {
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
		ew := reports.NewExportWriter(pf, af)
		if err := w.chunkRows(ctx, ew.Add); err != nil {
			return nil, fmt.Errorf("export JSON lines: %w", err)
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
			reports.Export{Path: "paragraphs.jsonl", Description: "every paragraph as JSON lines (the paragraphs dataset)"},
			reports.Export{Path: "articles.jsonl", Description: "every article as JSON lines (the articles dataset)"})
	}

	outlets := make([]string, len(ov.All))
	for i, k := range ov.All {
		outlets[i] = k.Name
	}
	outletTerms := func(outlet string) (*terms.Counts, error) {
		var total *terms.Counts
		for c := range s.Cells {
			if c.Outlet != outlet {
				continue
			}
			ct, err := s.Terms(c)
			if err != nil {
				return nil, err
			}
			if ct == nil {
				continue
			}
			if total == nil {
				total = terms.NewCounts()
			}
			total.Merge(ct.Compared)
			total.Merge(ct.Shared)
		}
		return total, nil
	}
	steps := []struct {
		name, desc string
		fn         func(io.Writer) error
	}{
		{"outlets.csv", "every outlet: articles, paragraphs, wire copy, mean sentiment (all, own voice, quoted) and quoted share with 95% t-intervals over articles",
			func(x io.Writer) error { return writeOutletsCSV(x, ov) }},
		{"outlet_stance.csv", "every outlet's stance toward each target: articles, mentions, mean with 95% t-interval (all, own voice, quoted)",
			func(x io.Writer) error { return writeOutletStanceCSV(x, ov) }},
		{"terms.csv", fmt.Sprintf("term frequencies (tf, paragraph df) of the %d most frequent terms, for the corpus (outlet \"(all)\") and per outlet, long form", reports.TermsCSVLimit),
			func(x io.Writer) error { return reports.WriteTermsCSV(x, ov.Totals, ov.Phrases, outlets, outletTerms) }},
		{"cooccurrence.csv", "co-occurrence counts and NPMI of the top terms",
			func(x io.Writer) error { return writeCooccurrence(x, w.u, ov) }},
		{"distinctive_terms.csv", "log-odds z-scores of terms: each compared outlet against the rest and against each other",
			func(x io.Writer) error { return reports.WriteDistinctiveCSV(x, ov.Distinctive) }},
		{"stories.csv", "every story: first and last day, articles, outlets",
			func(x io.Writer) error { return w.writeStories(ctx, x) }},
		{"outlet_differences.csv", "differences between the compared outlets: Welch t-tests on article means with Benjamini-Hochberg adjusted p-values",
			func(x io.Writer) error { return reports.WriteDifferencesCSV(x, ov.Differences) }},
		{"label_preferences.csv", "competing labels for the same referent, per compared outlet, whole period (period empty) and per time bucket",
			func(x io.Writer) error { return reports.WriteLabelPreferencesCSV(x, ov.Preferences) }},
	}
	if tv.k() > 0 {
		steps = append(steps, []struct {
			name, desc string
			fn         func(io.Writer) error
		}{
			{"topics.csv", "every topic of the topic model: label, most probable and FREX terms (separated by \"; \"), corpus share with 95% t-interval over articles, NPMI coherence, the topic of the previous model it continues",
				func(x io.Writer) error { return writeTopicsCSV(x, tv, ov) }},
			{"topic_terms.csv", "each topic's most probable and FREX terms by rank, long form, with the term's probability in the topic",
				func(x io.Writer) error { return writeTopicTermsCSV(x, tv) }},
			{"topic_prevalence.csv", "every outlet's and compared key's share of every topic (mean of its articles' proportions, 95% t-interval), compared keys against the rest of the corpus with Welch t-tests, Benjamini-Hochberg adjusted",
				func(x io.Writer) error { return writeTopicPrevalenceCSV(x, tv, ov) }},
			{"topic_series.csv", "the corpus's and each compared key's share of every topic per time bucket, long form",
				func(x io.Writer) error { return writeTopicSeriesCSV(x, tv, ov) }},
			{"topic_articles.csv", "each topic's most representative articles (largest weight on the topic)",
				func(x io.Writer) error { return writeTopicRepresentativesCSV(x, tv) }},
		}...)
	}
	for _, st := range steps {
		if err := file(st.name, st.desc, st.fn); err != nil {
			return nil, err
		}
	}
	exports = append(exports, reports.Export{Path: "manifest.json", Description: "run manifest: settings, input counts, bad inputs, timings"})
	return exports, nil
}

func writeCooccurrence(x io.Writer, u *updater, ov *aggregate.Overview) error {
	if u.cooc == nil || u.cooc.cooc == nil || len(ov.Top) == 0 {
		return reports.WriteCooccurrenceCSV(x, nil, nil)
	}
	vocab := terms.TermsOf(ov.Top)
	c, err := u.cooc.cooc.Restrict(vocab)
	if err != nil {
		return err
	}
	var win *terms.Cooccur
	if u.cooc.window != nil {
		if win, err = u.cooc.window.Restrict(vocab); err != nil {
			return err
		}
	}
	return reports.WriteCooccurrenceCSV(x, c, win)
}

// writeStories writes stories.csv from the catalog, largest first.
func (w *reportWriter) writeStories(ctx context.Context, x io.Writer) error {
	return reports.WriteStoriesCSV(x, func(yield func(reports.StoryRow) error) error {
		return w.cat.Read(ctx).Stories(0, func(s catalog.Story) error {
			row := reports.StoryRow{ID: s.ID, Title: s.Title, Label: s.Label, Articles: s.Articles, Outlets: s.Outlets}
			if !s.First.IsZero() {
				row.First, row.Last = s.First.Format("2006-01-02"), s.Last.Format("2006-01-02")
			}
			return yield(row)
		})
	})
}

func f6(x float64) string {
	return strconv.FormatFloat(article.Round6(x), 'g', -1, 64)
}

func ivFields(iv aggregate.Interval) []string {
	return []string{nanEmpty(iv.Mean), nanEmpty(iv.Lo), nanEmpty(iv.Hi), strconv.Itoa(iv.N)}
}

func nanEmpty(x float64) string {
	if x != x {
		return ""
	}
	return f6(x)
}

// writeOutletsCSV writes outlets.csv: every outlet's figures.
func writeOutletsCSV(x io.Writer, ov *aggregate.Overview) error {
	header := []string{"outlet", "articles", "undated", "paragraphs", "shared_paragraphs", "compared_paragraphs"}
	for _, p := range []string{"sentiment_", "own_voice_", "quoted_", "quoted_share_"} {
		header = append(header, p+"mean", p+"lo", p+"hi", p+"n")
	}
	return writeCSV(x, header, func(emit func([]string) error) error {
		for _, k := range ov.All {
			s := k.Summary
			rec := []string{k.Name, strconv.FormatInt(s.Articles, 10), strconv.FormatInt(s.Undated, 10), strconv.FormatInt(s.Paragraphs, 10),
				strconv.FormatInt(s.Shared, 10), strconv.FormatInt(s.Compared, 10)}
			for _, iv := range []aggregate.Interval{k.Sentiment(&ov.Opt), k.OwnVoice(&ov.Opt), k.Quoted(&ov.Opt), k.QuoteShare(&ov.Opt)} {
				rec = append(rec, ivFields(iv)...)
			}
			if err := emit(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeOutletStanceCSV writes outlet_stance.csv: every outlet × shown
// target it mentions.
func writeOutletStanceCSV(x io.Writer, ov *aggregate.Overview) error {
	header := []string{"outlet", "target", "articles", "mentions"}
	for _, p := range []string{"", "own_voice_", "quoted_"} {
		header = append(header, p+"mean", p+"lo", p+"hi", p+"n")
	}
	return writeCSV(x, header, func(emit func([]string) error) error {
		for _, k := range ov.All {
			for _, t := range ov.Targets {
				st := k.Summary.Stance[t]
				if st == nil {
					continue
				}
				rec := []string{k.Name, t, strconv.FormatInt(st.Articles, 10), strconv.FormatInt(st.Mentions, 10)}
				for _, m := range []aggregate.Moments{st.All, st.OwnVoice, st.Quoted} {
					rec = append(rec, ivFields(ov.Interval(m))...)
				}
				if err := emit(rec); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// writeCSV writes a header and the rows emit is called with.
func writeCSV(w io.Writer, header []string, rows func(emit func([]string) error) error) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := rows(cw.Write); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
