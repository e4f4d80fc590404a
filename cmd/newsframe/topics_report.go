package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/stats"
	"newsframe/analysis/topics"
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
	// refit says why this run fitted the model ("" when it did not);
	// note why there is none.
	refit, note string
}

// topicView returns the model the run's articles have shares of: the
// run's, or the stored one (report --from has none).
func (w *reportWriter) topicView(ctx context.Context) (*topicView, error) {
	tv := &topicView{}
	if tr := w.u.topics; tr != nil {
		tv.model, tv.state, tv.reps, tv.note = tr.model, tr.state, tr.reps, tr.note
		if tr.fitted {
			tv.refit = tr.state.Reason
		}
	} else {
		r := w.cat.Read(ctx)
		mb, err := r.Summary(summaryTopicModel)
		if err != nil {
			return nil, err
		}
		if mb == nil {
			tv.note = "no topic model was fitted"
			return tv, nil
		}
		tv.model = &topics.DocModel{}
		if err := tv.model.UnmarshalBinary(mb); err != nil {
			return nil, fmt.Errorf("summary %s: %w", summaryTopicModel, err)
		}
		sb, err := r.Summary(summaryTopicState)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(sb, &tv.state); err != nil {
			return nil, fmt.Errorf("summary %s: %w", summaryTopicState, err)
		}
		tv.reps = topics.NewRepresentatives(tv.model.K(), representativesPerTopic)
		if rb, err := r.Summary(summaryTopicReps); err != nil {
			return nil, err
		} else if rb != nil {
			if err := tv.reps.UnmarshalBinary(rb); err != nil {
				return nil, fmt.Errorf("summary %s: %w", summaryTopicReps, err)
			}
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
// bucket: the mean proportion with a 95% t-interval, and the share of
// articles about the topic with a 95% Wilson interval.
func writeTopicSeriesCSV(x io.Writer, tv *topicView, ov *aggregate.Overview) error {
	header := []string{"name", "period", "topic", "articles", "mean", "lo", "hi", "about", "about_lo", "about_hi", "about_n"}
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
			for t := range min(tv.k(), len(ks.Topics)) {
				for _, b := range ov.Buckets {
					m, c := ks.Topics[t][b], ks.About[t][b]
					if m == nil || c == nil {
						continue
					}
					iv, ab := ov.Interval(*m), ov.Proportion(*c)
					rec := []string{name, b, strconv.Itoa(t), strconv.Itoa(c.N), nanEmpty(iv.Mean), nanEmpty(iv.Lo), nanEmpty(iv.Hi),
						nanEmpty(ab.Share), nanEmpty(ab.Lo), nanEmpty(ab.Hi), strconv.Itoa(ab.Hits)}
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
