package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"newsframe/analysis/aggregate"
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
// outlet's share of every topic (unit "outlet"), and each compared key's
// (unit "compared": an outlet, a group or the pool) with the rest of the
// corpus and Welch's test of the difference, Benjamini–Hochberg adjusted
// over the compared keys' tests.
func writeTopicPrevalenceCSV(x io.Writer, tv *topicView, ov *aggregate.Overview) error {
	header := []string{"unit", "name", "topic", "mean", "lo", "hi", "n", "too_few",
		"rest_mean", "rest_lo", "rest_hi", "rest_n", "diff", "diff_lo", "diff_hi", "p", "p_adjusted", "tested", "significant"}
	return writeCSV(x, header, func(emit func([]string) error) error {
		for _, k := range ov.Keys {
			for _, ts := range k.Topics {
				d := ts.Test
				rec := []string{"compared", k.Name, strconv.Itoa(ts.Topic)}
				rec = append(rec, ivFields(ts.Share)...)
				rec = append(rec, strconv.FormatBool(ts.Share.TooFew))
				rec = append(rec, ivFields(ts.Rest)...)
				rec = append(rec, nanEmpty(d.Diff), nanEmpty(d.Lo), nanEmpty(d.Hi), nanEmpty(d.P), nanEmpty(d.PAdjusted),
					strconv.FormatBool(d.Tested), strconv.FormatBool(d.Significant))
				if err := emit(rec); err != nil {
					return err
				}
			}
		}
		for _, k := range ov.All {
			for t := range tv.k() {
				iv := ov.Interval(k.Summary.Topic(t))
				rec := []string{"outlet", k.Name, strconv.Itoa(t)}
				rec = append(rec, ivFields(iv)...)
				rec = append(rec, strconv.FormatBool(iv.TooFew), "", "", "", "", "", "", "", "", "", "", "")
				if err := emit(rec); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// writeTopicSeriesCSV writes topic_series.csv in long form: the corpus's
// ("(all)") and each compared key's mean share of each topic per time
// bucket, with 95% t-intervals over articles.
func writeTopicSeriesCSV(x io.Writer, tv *topicView, ov *aggregate.Overview) error {
	return writeCSV(x, []string{"name", "period", "topic", "mean", "lo", "hi", "n"}, func(emit func([]string) error) error {
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
					m := ks.Topics[t][b]
					if m == nil {
						continue
					}
					rec := append([]string{name, b, strconv.Itoa(t)}, ivFields(ov.Interval(*m))...)
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
