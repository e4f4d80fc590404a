package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/stats"
	"newsframe/analysis/topics"
	"newsframe/reports"
)

// topicLabelTerms is the number of terms in each of a topic's labels
// (most probable and FREX) in the exports and pages.
const topicLabelTerms = 10

// topicView is the topic model as the report and the exports show it.
type topicView struct {
	model  *topics.DocModel
	state  topicState
	reps   *topics.Representatives
	labels []topics.Label
	// note says why there is no model.
	note string
}

// topicView returns the model the run's articles have shares of: the
// run's, or the stored one (report --from has none).
func (w *reportWriter) topicView(ctx context.Context) (*topicView, error) {
	tv := &topicView{}
	if tr := w.u.topics; tr != nil {
		tv.model, tv.state, tv.reps, tv.note = tr.model, tr.state, tr.reps, tr.note
	} else {
		var err error
		if tv.model, tv.state, tv.reps, err = loadTopics(w.cat.Read(ctx)); err != nil {
			return nil, err
		}
		if tv.model == nil {
			tv.note = "no topic model was fitted"
		}
	}
	if tv.model != nil {
		tv.labels = tv.model.Labels(topicLabelTerms, 0)
	}
	return tv, nil
}

// k returns the number of topics, 0 without a model.
func (tv *topicView) k() int {
	if tv == nil || tv.model == nil {
		return 0
	}
	return tv.model.K()
}

// label is topic t's short name: its first three FREX terms.
func (tv *topicView) label(t int) string {
	l := tv.labels[t].FREX
	return strings.Join(l[:min(3, len(l))], ", ")
}

// writeTopicsCSV writes topics.csv: one row per topic with its labels
// (terms separated by "; "), its corpus share with a 95% t-interval over
// articles, its coherence and what it continues.
func writeTopicsCSV(x io.Writer, tv *topicView, ov *aggregate.Overview) error {
	header := []string{"topic", "label", "top_terms", "frex_terms", "mean", "lo", "hi", "n", "coherence_npmi", "continues", "similarity"}
	return writeCSV(x, header, func(emit func([]string) error) error {
		for t := range tv.k() {
			rec := []string{strconv.Itoa(t), tv.label(t), strings.Join(tv.labels[t].Top, "; "), strings.Join(tv.labels[t].FREX, "; ")}
			rec = append(rec, ivFields(ov.Topics[t])...)
			coh, cont, sim := "", "", ""
			if t < len(tv.state.Coherence) {
				coh = f6(tv.state.Coherence[t])
			}
			if t < len(tv.state.Continuity) {
				if c := tv.state.Continuity[t]; c.Old >= 0 {
					cont, sim = strconv.Itoa(c.Old), f6(c.Similarity)
				}
			}
			if err := emit(append(rec, coh, cont, sim)); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeTopicTermsCSV writes topic_terms.csv in long form: each topic's
// most probable terms and FREX terms by rank (from 0), with the term's
// probability in the topic.
func writeTopicTermsCSV(x io.Writer, tv *topicView) error {
	return writeCSV(x, []string{"topic", "kind", "rank", "term", "probability"}, func(emit func([]string) error) error {
		var beta []float64
		for t := range tv.k() {
			beta = tv.model.TopicTerms(beta, t)
			vocab := tv.model.Vocab()
			for _, kind := range []struct {
				name  string
				terms []string
			}{{"top", tv.labels[t].Top}, {"frex", tv.labels[t].FREX}} {
				for r, term := range kind.terms {
					p := ""
					if id, ok := vocab.ID(term); ok {
						p = f6(beta[id])
					}
					if err := emit([]string{strconv.Itoa(t), kind.name, strconv.Itoa(r), term, p}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// writeTopicPrevalenceCSV writes topic_prevalence.csv in long form: every
// outlet's coverage of every topic (unit "outlet"), and each compared
// key's (unit "compared": an outlet, a group or the pool) against the rest
// of the corpus. mean/lo/hi is the mean proportion of the topic in its
// articles with a 95% t-interval; about/about_lo/about_hi the share of its
// articles about the topic (a proportion of at least 0.2) with a 95% Wilson
// interval; for compared keys, rest_about the same over all other
// articles, diff/diff_lo/diff_hi the difference of the shares (Newcombe's
// interval) and p Fisher's exact test, p_adjusted Benjamini-Hochberg over
// the compared keys' tests.
func writeTopicPrevalenceCSV(x io.Writer, tv *topicView, ov *aggregate.Overview) error {
	header := []string{"unit", "name", "topic", "articles", "mean", "lo", "hi", "about", "about_lo", "about_hi", "about_n", "too_few",
		"rest_about", "rest_about_lo", "rest_about_hi", "rest_n", "diff", "diff_lo", "diff_hi", "p", "p_adjusted", "tested", "significant"}
	prop := func(p stats.Proportion) []string {
		return []string{strconv.Itoa(p.Hits), nanEmpty(p.Share), nanEmpty(p.Lo), nanEmpty(p.Hi)}
	}
	return writeCSV(x, header, func(emit func([]string) error) error {
		for _, k := range ov.Keys {
			for _, ts := range k.Topics {
				d := ts.Test
				rec := []string{"compared", k.Name, strconv.Itoa(ts.Topic), strconv.Itoa(ts.About.N),
					nanEmpty(ts.Share.Mean), nanEmpty(ts.Share.Lo), nanEmpty(ts.Share.Hi)}
				rec = append(rec, prop(ts.About)[1:]...)
				rec = append(rec, strconv.Itoa(ts.About.Hits), strconv.FormatBool(ts.About.TooFew))
				rec = append(rec, prop(ts.RestAbout)[1:]...)
				rec = append(rec, strconv.Itoa(ts.RestAbout.N), nanEmpty(d.Diff), nanEmpty(d.Lo), nanEmpty(d.Hi), nanEmpty(d.P), nanEmpty(d.PAdjusted),
					strconv.FormatBool(d.Tested), strconv.FormatBool(d.Significant))
				if err := emit(rec); err != nil {
					return err
				}
			}
		}
		for _, k := range ov.All {
			n := int(k.Summary.TopicDocs)
			for t := range tv.k() {
				iv := ov.Interval(k.Summary.Topic(t))
				ab := ov.Proportion(aggregate.Count{Hits: int(k.Summary.About(t)), N: n})
				rec := []string{"outlet", k.Name, strconv.Itoa(t), strconv.Itoa(n), nanEmpty(iv.Mean), nanEmpty(iv.Lo), nanEmpty(iv.Hi)}
				rec = append(rec, prop(ab)[1:]...)
				rec = append(rec, strconv.Itoa(ab.Hits), strconv.FormatBool(ab.TooFew), "", "", "", "", "", "", "", "", "", "", "")
				if err := emit(rec); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// writeTopicSeriesCSV writes topic_series.csv in long form: the corpus's
// ("(all)") and each compared key's coverage of each topic per time
// bucket: the share of its articles about the topic with a 95% Wilson
// interval.
func writeTopicSeriesCSV(x io.Writer, tv *topicView, ov *aggregate.Overview) error {
	header := []string{"name", "period", "topic", "articles", "about", "about_lo", "about_hi", "about_n"}
	return writeCSV(x, header, func(emit func([]string) error) error {
		names := []string{aggregate.CorpusKey}
		for _, k := range ov.Keys {
			names = append(names, k.Name)
		}
		for _, name := range names {
			ks := ov.Series[name]
			if ks == nil {
				continue
			}
			for t := range min(tv.k(), len(ks.About)) {
				for _, b := range ov.Buckets {
					c := ks.About[t][b]
					if c == nil {
						continue
					}
					ab := ov.Proportion(*c)
					rec := []string{name, b, strconv.Itoa(t), strconv.Itoa(c.N), nanEmpty(ab.Share), nanEmpty(ab.Lo), nanEmpty(ab.Hi), strconv.Itoa(ab.Hits)}
					if err := emit(rec); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// writeTopicRepresentativesCSV writes topic_articles.csv: each topic's
// most representative articles by rank, with their weight on the topic.
func writeTopicRepresentativesCSV(x io.Writer, tv *topicView) error {
	return writeCSV(x, []string{"topic", "rank", "article_id", "weight"}, func(emit func([]string) error) error {
		for t := range tv.k() {
			for r, s := range tv.reps.Top(t) {
				if err := emit([]string{strconv.Itoa(t), strconv.Itoa(r), s.ID, f6(s.Weight)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// topicSeriesKeys is the number of topics an outlet page charts over time.
const topicSeriesKeys = 6

// topicArticle is what a topic page shows of a representative article.
type topicArticle struct {
	id, title, outlet, published string
}

// representatives looks up the representative articles' titles.
func (w *reportWriter) representatives(ctx context.Context, tv *topicView) (map[string]topicArticle, error) {
	out := map[string]topicArticle{}
	r := w.cat.Read(ctx)
	for t := range tv.k() {
		for _, s := range tv.reps.Top(t) {
			if _, ok := out[s.ID]; ok {
				continue
			}
			a, err := r.Article(s.ID)
			if err != nil {
				return nil, err
			}
			if a == nil {
				continue
			}
			ta := topicArticle{id: a.ID, title: a.Title, outlet: a.Outlet}
			if !a.Published.IsZero() {
				ta.published = a.Published.UTC().Format(time.DateOnly)
			}
			out[s.ID] = ta
		}
	}
	return out, nil
}

// fillTopics sets the report model's topic model, topics, the compared
// keys' topic shares and the articles' topics.
func fillTopics(m *reports.Model, ov *aggregate.Overview, tv *topicView, arts map[string]topicArticle) {
	if tv.k() == 0 {
		m.TopicNote = tv.note
		if m.TopicNote == "" {
			m.TopicNote = "no topic model was fitted"
		}
		return
	}
	info := tv.model.Info()
	docs := 0
	for _, k := range ov.All {
		docs += int(k.Summary.TopicDocs)
	}
	// The run that fitted it is left out of the pages (it is in the
	// state): a store built over many runs renders as one built at once.
	tm := &reports.TopicModel{K: tv.k(), Vocabulary: tv.model.V(),
		FittedDocs: int(tv.state.FittedDocs), Articles: docs, DriftThreshold: topics.DriftThreshold,
		DriftDocs: int(tv.state.Drift.Docs), MinDriftDocs: topics.MinDriftDocs, Refit: tv.state.Reason, Drift: math.NaN(),
		AboutShare: aggregate.AboutShare}
	if tv.state.Drift.Docs > 0 {
		tm.Drift, _ = tv.model.Drifted(tv.state.Drift)
	}
	tm.Method = fmt.Sprintf("Non-negative matrix factorisation of the articles' √TF-IDF vectors (%d topics over %d words and phrases), "+
		"fitted on %d articles in %d passes; every article's topic proportions come from it, those of articles added since by inference. "+
		"An article is about a topic when the topic is at least %.0f%% of its mixture.",
		tv.k(), tv.model.V(), tv.state.FittedDocs, info.Passes, 100*aggregate.AboutShare)
	m.TopicModel = tm
	m.Comparison.TopicTests = ov.TopicTests
	pages := map[string]bool{}
	for _, a := range m.Articles {
		pages[a.ID] = true
	}
	all := ov.Series[aggregate.CorpusKey]
	for t := range tv.k() {
		rt := reports.Topic{ID: t, Top: tv.labels[t].Top, FREX: tv.labels[t].FREX, Label: tv.label(t),
			Coherence: math.NaN(), Continues: -1, Prevalence: interval(ov.Topics[t]), About: proportion(ov.TopicAbout[t])}
		if t < len(tv.state.Coherence) {
			rt.Coherence = tv.state.Coherence[t]
		}
		if t < len(tv.state.Continuity) {
			rt.Continues, rt.Similarity = tv.state.Continuity[t].Old, tv.state.Continuity[t].Similarity
		}
		if all != nil && t < len(all.About) {
			rt.Series = countPoints(ov, all.About[t])
		}
		for _, s := range tv.reps.Top(t) {
			a, ok := arts[s.ID]
			if !ok {
				continue
			}
			rt.Representatives = append(rt.Representatives, reports.TopicArticle{ID: a.id, Title: a.title, Outlet: a.outlet,
				Published: a.published, Weight: article.Round6(s.Weight), HasPage: pages[a.id]})
		}
		m.Topics = append(m.Topics, rt)
	}
	for i, k := range ov.Keys {
		if i >= len(m.Outlets) || len(k.Topics) == 0 {
			continue
		}
		o := &m.Outlets[i]
		for _, ts := range k.Topics {
			d := ts.Test
			o.Topics = append(o.Topics, reports.TopicShare{Topic: ts.Topic, Share: proportion(ts.About), Rest: proportion(ts.RestAbout),
				Diff: d.Diff, Lo: d.Lo, Hi: d.Hi, P: d.P, PAdjusted: d.PAdjusted, Tested: d.Tested, Significant: d.Significant})
		}
		// Its most covered topics over time: the share of its articles
		// about each.
		order := make([]int, len(k.Topics))
		for t := range order {
			order[t] = t
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(k.Topics[b].About.Hits, k.Topics[a].About.Hits) })
		ks := ov.Series[k.Name]
		for _, t := range order[:min(topicSeriesKeys, len(order))] {
			if ks == nil || t >= len(ks.About) || k.Topics[t].About.Hits == 0 {
				continue
			}
			o.TopicTime = append(o.TopicTime, reports.TopicSeries{Topic: t, Points: countPoints(ov, ks.About[t])})
		}
	}
}

// proportion converts a share of articles to the pages' interval.
func proportion(p stats.Proportion) reports.Interval {
	return reports.Interval{Mean: p.Share, Lo: p.Lo, Hi: p.Hi, N: p.N, Sparse: p.TooFew}
}

// countPoints is seriesPoints for shares of articles.
func countPoints(ov *aggregate.Overview, m map[string]*aggregate.Count) []reports.Point {
	var out []reports.Point
	for _, b := range ov.Buckets {
		if c := m[b]; c != nil && c.N > 0 {
			out = append(out, reports.Point{Bucket: b, Value: proportion(ov.Proportion(*c))})
		}
	}
	return out
}
