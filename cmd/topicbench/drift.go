package main

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"

	"newsframe/analysis/topics"
)

// drift measures what the held-out residual of new documents looks like
// with and without a change of subject, to set topics.DriftThreshold. It
// fits a model on a training set and prints the training residual and the
// mean residual (± standard error) of test sets:
//
//   - "held-out": a fifth of the documents (by a hash of the id) that the
//     fit did not see, from the same subjects and period: no drift;
//   - with -by label: for each label L, a model fitted without L's
//     documents, tested on held-out documents of the other labels and on
//     L's documents (a subject the model has never seen);
//   - with -by day=YYYY-MM-DD: a model fitted on documents dated before
//     the day, tested on held-out ones before it and on those after it
//     (later news), by year.
func drift(dir, by string, opt topics.FitOptions) error {
	vocab, docs, metas, err := readDocsMeta(dir)
	if err != nil {
		return err
	}
	heldOut := func(i int) bool {
		h := fnv.New32a()
		h.Write([]byte(metas[i].id))
		return h.Sum32()%5 == 0
	}
	type test struct {
		name string
		in   func(i int) bool
	}
	run := func(title string, train func(i int) bool, tests []test) error {
		var tr []topics.Doc
		for i, d := range docs {
			if train(i) {
				tr = append(tr, d)
			}
		}
		m, err := topics.Fit(topics.DocsSource(tr), vocab, opt)
		if err != nil {
			return err
		}
		info := m.Info()
		fmt.Printf("%s: K=%d, %d training documents, training residual %.4f, held out in the fit %d, baseline %.4f\n",
			title, m.K(), len(tr), info.Residual, info.HeldOut, m.Baseline())
		in := m.NewInferrer()
		var inf topics.Inference
		for _, t := range tests {
			var d topics.Drift
			for i, doc := range docs {
				if t.in(i) {
					in.Infer(&inf, doc)
					d.Add(&inf)
				}
			}
			loss, drifted := m.Drifted(d)
			fmt.Printf("  %-28s n=%5d  mean residual %.4f ± %.4f  loss %+.3f  drifted %v\n",
				t.name, d.Docs, d.Mean(), d.StdErr(), loss, drifted)
		}
		return nil
	}
	if err := run("random split", func(i int) bool { return !heldOut(i) },
		[]test{{"held-out", heldOut}}); err != nil {
		return err
	}
	switch {
	case by == "label":
		labels := map[string]bool{}
		for _, m := range metas {
			labels[m.label] = true
		}
		for l := range labels {
			not := func(i int) bool { return metas[i].label != l }
			if err := run("without "+l, func(i int) bool { return not(i) && !heldOut(i) }, []test{
				{"held-out, other labels", func(i int) bool { return not(i) && heldOut(i) }},
				{"label " + l, func(i int) bool { return !not(i) }},
			}); err != nil {
				return err
			}
		}
	case strings.HasPrefix(by, "day="):
		day := strings.TrimPrefix(by, "day=")
		before := func(i int) bool { return metas[i].day != "" && metas[i].day < day }
		tests := []test{{"held-out, before " + day, func(i int) bool { return before(i) && heldOut(i) }}}
		// Months of the first year after the day, then years.
		periods := map[string]bool{}
		period := func(d string) string {
			if d < day || d == "" {
				return ""
			}
			if d[:4] == day[:4] {
				return d[:7]
			}
			return d[:4]
		}
		for _, m := range metas {
			if p := period(m.day); p != "" {
				periods[p] = true
			}
		}
		names := slices.Sorted(maps.Keys(periods))
		for _, p := range names {
			tests = append(tests, test{"in " + p, func(i int) bool { return period(metas[i].day) == p }})
		}
		if err := run("before "+day, func(i int) bool { return before(i) && !heldOut(i) }, tests); err != nil {
			return err
		}
	}
	return nil
}
