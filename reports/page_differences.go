package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Colours of the differences chart: significant tests stand out, the
// rest are grey.
const (
	colourSignificant = "#2f5d8a"
	colourNotSig      = "#9a9a9a"
)

// diffRow is one row of the differences table.
type diffRow struct {
	Measure, OutletA, OutletB string
	A, B                      Interval
	Diff, Lo, Hi              float64
	P, PAdjusted              string
	Significant, Tested       bool
	TooFew                    bool
}

// diffSection is the compare page's section on pairwise tests.
type diffSection struct {
	Chart *chartBlock
	Rows  []diffRow
	CSV   string
	// Tested of Total rows were tested, Significant of them are
	// significant; Shown are drawn.
	Significant, Tested, Total, Shown int
}

// measureName is how a difference's measure reads on the page.
func measureName(d Difference) string {
	if d.Measure == "stance" {
		return "stance on " + d.Target
	}
	return d.Measure
}

// shortMeasure names a measure in the chart's row labels, where room is
// short: "sentiment", "on <target>".
func shortMeasure(d Difference) string {
	if d.Measure == "stance" {
		return "on " + d.Target
	}
	return d.Measure
}

// pValue formats a p-value: "<0.001", "0.034", "n/a" for NaN.
func pValue(p float64) string {
	switch {
	case math.IsNaN(p):
		return "n/a"
	case p < 0.001:
		return "<0.001"
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}

// orderDifferences sorts differences by measure (sentiment first, then
// stance in Model.Targets order, then any other measure by name), keeping
// the given order of outlet pairs within a measure.
func (s *site) orderDifferences() []Difference {
	rank := map[string]int{}
	for i, t := range s.m.Targets {
		rank[t] = i
	}
	key := func(d Difference) (int, int, string) {
		switch d.Measure {
		case "sentiment":
			return 0, 0, ""
		case "stance":
			r, ok := rank[d.Target]
			if !ok {
				r = len(rank)
			}
			return 1, r, d.Target
		}
		return 2, 0, d.Measure
	}
	out := slices.Clone(s.m.Differences)
	slices.SortStableFunc(out, func(a, b Difference) int {
		ka, ra, na := key(a)
		kb, rb, nb := key(b)
		if c := cmp.Compare(ka, kb); c != 0 {
			return c
		}
		if c := cmp.Compare(ra, rb); c != 0 {
			return c
		}
		return cmp.Compare(na, nb)
	})
	return out
}

// niceExtent rounds a half-range up to one that splits into round ticks
// (0.1, 0.2, 0.4, 0.5, 0.6, 0.8, 1, 1.5 or 2), so ECharts labels the axis
// at steps of 0.05, 0.1, 0.2 or 0.5 instead of picking odd ones.
func niceExtent(v float64) float64 {
	for _, e := range []float64{0.1, 0.2, 0.4, 0.5, 0.6, 0.8, 1, 1.5} {
		if v <= e+1e-9 {
			return e
		}
	}
	return 2
}

// compareDifferences builds the table of every pairwise test, its CSV
// and a forest plot of the tests with the smallest adjusted p-values.
func (s *site) compareDifferences(p *pageBuilder) *diffSection {
	if len(s.m.Differences) == 0 {
		return nil
	}
	diffs := s.orderDifferences()
	sec := &diffSection{Total: len(diffs)}
	key := s.noun()
	t := &table{Header: []string{"measure", "target", key + "_a", key + "_b"}}
	t.Header = append(t.Header, intervalHeader("a_")...)
	t.Header = append(t.Header, intervalHeader("b_")...)
	t.Header = append(t.Header, "difference", "difference_lo", "difference_hi", "p", "p_adjusted_bh", "tested", "significant", "too_few")
	for _, d := range diffs {
		tested := d.Tested
		if tested {
			sec.Tested++
		}
		if d.Significant {
			sec.Significant++
		}
		sec.Rows = append(sec.Rows, diffRow{
			Measure: measureName(d), OutletA: d.OutletA, OutletB: d.OutletB, A: d.A, B: d.B,
			Diff: d.Diff, Lo: d.Lo, Hi: d.Hi, P: pValue(d.P), PAdjusted: pValue(d.PAdjusted),
			Significant: d.Significant, Tested: tested, TooFew: d.TooFew,
		})
		row := []string{d.Measure, d.Target, d.OutletA, d.OutletB}
		row = append(row, intervalFields(d.A)...)
		row = append(row, intervalFields(d.B)...)
		row = append(row, csvFloat(d.Diff), csvFloat(d.Lo), csvFloat(d.Hi), csvFloat(d.P), csvFloat(d.PAdjusted), csvBool(tested), csvBool(d.Significant), csvBool(d.TooFew))
		t.add(row...)
	}
	sec.CSV = p.csv("differences", t)

	// The chart draws the tests with the smallest adjusted p (untested
	// ones last), back in measure order.
	idx := make([]int, 0, len(diffs))
	for i, d := range diffs {
		if !math.IsNaN(d.Diff) {
			idx = append(idx, i)
		}
	}
	padj := func(i int) float64 {
		if v := diffs[i].PAdjusted; !math.IsNaN(v) {
			return v
		}
		return 2
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(padj(a), padj(b)) })
	idx = idx[:min(len(idx), s.lim.Differences)]
	slices.Sort(idx)
	sec.Shown = len(idx)
	if len(idx) == 0 {
		return sec
	}
	cats := make([]string, len(idx))
	data := make([]item, len(idx))
	extent := 0.1
	for k, i := range idx {
		d := diffs[i]
		cats[k] = fmt.Sprintf("%s: %s − %s", shortMeasure(d), d.OutletA, d.OutletB)
		v := Interval{Mean: d.Diff, Lo: d.Lo, Hi: d.Hi, N: min(d.A.N, d.B.N), Sparse: !d.Tested}
		verdict := "not significant"
		if d.Significant {
			verdict = "significant"
		}
		tip := fmt.Sprintf("%s\n%s %s vs %s %s\ndifference %s [%s, %s]\np = %s, adjusted p = %s: %s",
			measureName(d), d.OutletA, plus(d.A.Mean), d.OutletB, plus(d.B.Mean),
			plus(d.Diff), signed(d.Lo), signed(d.Hi), pValue(d.P), pValue(d.PAdjusted), verdict)
		switch {
		case d.TooFew:
			tip += fmt.Sprintf("\nnot tested: fewer than %d articles on a side", s.cmp.MinArticles)
		case !d.Tested:
			tip += "\nnot tested"
		}
		data[k] = ciItem(k, v, 0, 1, true, tip)
		data[k].ItemStyle = &itemStyle{Color: colourNotSig}
		if d.Significant {
			data[k].ItemStyle.Color = colourSignificant
		}
		for _, x := range []float64{d.Lo, d.Hi, d.Diff} {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				extent = math.Max(extent, math.Abs(x))
			}
		}
	}
	extent = niceExtent(extent)
	c := charts.NewCustom()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("12", "40"),
		charts.WithXAxisOpts(valueAxisX("difference of article means, first "+key+" minus second (95% Welch interval)", num(-extent), num(extent))),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: cats, Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0", Width: 300, Overflow: "truncate"}}),
	)
	series := ciSeries("difference", data, true, "")
	series.MarkLines = &opts.MarkLines{
		Data: []interface{}{map[string]any{"xAxis": 0, "name": "no difference"}},
		MarkLineStyle: opts.MarkLineStyle{Symbol: []string{"none", "none"}, Label: &opts.Label{Show: opts.Bool(false)},
			LineStyle: &opts.LineStyle{Color: "#59636e", Type: "dashed"}},
	}
	c.MultiSeries = append(c.MultiSeries, series)
	note := "Rows: sentiment, or stance on a target (\"on …\"), first " + key + " minus second, with the 95% Welch t-interval. Dark blue: significant after the Benjamini–Hochberg adjustment (adjusted p ≤ 0.05); grey: not; hollow and dashed: too few articles, not tested."
	if sec.Shown < sec.Total {
		note = fmt.Sprintf("The %d tests with the smallest adjusted p-values; all %d are in the table below and the CSV. ", sec.Shown, sec.Total) + note
	}
	sec.Chart = p.chart("Differences between "+s.cmp.Unit, note, max(200, 80+len(cats)*26), c, nil, sec.CSV)
	return sec
}
