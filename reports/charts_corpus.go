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

var noLegend = charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)})

// grid places the plot: ContainLabel keeps long category labels inside
// the chart, but not axis names, so a chart with a named vertical value
// axis needs a wider left margin (gridNamedY).
func grid(top, bottom string) charts.GlobalOpts {
	return charts.WithGridOpts(opts.Grid{Left: "12", Right: "28", Top: top, Bottom: bottom, ContainLabel: opts.Bool(true)})
}

func gridNamedY(top, bottom string) charts.GlobalOpts {
	return charts.WithGridOpts(opts.Grid{Left: "36", Right: "28", Top: top, Bottom: bottom, ContainLabel: opts.Bool(true)})
}

// histogramChart draws the sentiment distribution, each bin coloured by
// its centre on the diverging scale. Bars sit on a value axis at their
// bin centres, so the ticks are round scores (−1, −0.5, 0, …) rather
// than bin centres.
func histogramChart(h Histogram) (echart, *table) {
	t := &table{Header: []string{"bin_lo", "bin_hi", "paragraphs"}}
	data := make([]item, len(h.Counts))
	total := 0
	for _, c := range h.Counts {
		total += c
	}
	lo, hi := -1.0, 1.0
	if len(h.Edges) > 0 {
		lo, hi = min(lo, h.Edges[0]), max(hi, h.Edges[len(h.Edges)-1])
	}
	for i, c := range h.Counts {
		a, b := h.Edges[i], h.Edges[i+1]
		share := 0.0
		if total > 0 {
			share = float64(c) / float64(total)
		}
		data[i] = item{
			Value:     []any{num((a + b) / 2), c},
			Tip:       fmt.Sprintf("score in [%s, %s): %d paragraphs (%s)", signed(a), signed(b), c, percent(share)),
			ItemStyle: &itemStyle{Color: barColour((a + b) / 2)},
		}
		t.add(csvFloat(a), csvFloat(b), csvInt(c))
	}
	c := charts.NewBar()
	x := valueAxisX("paragraph sentiment (−1 negative … +1 positive)", num(lo), num(hi))
	// Counts run to six digits: the axis name stands clear of them.
	y := valueAxisY("paragraphs", nil, nil)
	y.NameGap = 56
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, gridNamedY("16", "40"),
		charts.WithXAxisOpts(x),
		charts.WithYAxisOpts(y),
	)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Type: "bar", Name: "paragraphs", Data: data, BarWidth: "88%"})
	return c, t
}

// boxChart draws one horizontal box per compared key (quantiles of
// paragraph sentiment) with the mean article sentiment and its 95%
// interval on top; keyColumn names the CSV's first column.
func boxChart(outlets []Outlet, keyColumn string) (echart, *table) {
	t := &table{Header: append([]string{keyColumn, "min", "q1", "median", "q3", "max"}, intervalHeader("")...)}
	names := make([]string, len(outlets))
	boxes := make([]item, len(outlets))
	means := make([]item, len(outlets))
	for i, o := range outlets {
		names[i] = o.Name
		b := o.Box
		boxes[i] = item{
			Name:  o.Name,
			Value: []any{num(b.Min), num(b.Q1), num(b.Median), num(b.Q3), num(b.Max)},
			Tip: fmt.Sprintf("%s\nmedian %s, quartiles [%s, %s], range [%s, %s]\nmean %s",
				o.Name, signed(b.Median), signed(b.Q1), signed(b.Q3), signed(b.Min), signed(b.Max),
				intervalText(o.Sentiment, "articles", "paragraphs")),
		}
		means[i] = ciItem(i, o.Sentiment, 0, 1, true, fmt.Sprintf("%s\nmean %s", o.Name, intervalText(o.Sentiment, "articles", "paragraphs")))
		t.add(append([]string{o.Name, csvFloat(b.Min), csvFloat(b.Q1), csvFloat(b.Median), csvFloat(b.Q3), csvFloat(b.Max)}, intervalFields(o.Sentiment)...)...)
	}
	c := charts.NewBoxPlot()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		grid("30", "40"),
		charts.WithXAxisOpts(valueAxisX("paragraph sentiment (−1 negative … +1 positive)", -1, 1)),
		charts.WithYAxisOpts(categoryAxisY(names, "")),
	)
	c.MultiSeries = append(c.MultiSeries,
		charts.SingleSeries{
			Type: "boxplot", Name: "quartiles and range", Data: boxes, BarMaxWidth: "26",
			ItemStyle: &opts.ItemStyle{Color: "#e8eef5", BorderColor: "#4e79a7"},
		},
		ciSeries("article mean, 95% t-interval", means, true, "#e15759"),
	)
	return c, t
}

// termBars draws terms as horizontal bars, most frequent on top.
func termBars(terms []TermCount, n int, colour string) echart {
	terms = terms[:min(n, len(terms))]
	names := make([]string, len(terms))
	counts := make([]int, len(terms))
	for i, tc := range terms {
		names[i], counts[i] = tc.Term, tc.Count
	}
	return countBars(names, counts, "occurrences", colour)
}

// countBars draws one horizontal bar per name, the first on top, with its
// count in unit ("occurrences", "quotes") on the axis and in the tooltip.
func countBars(names []string, counts []int, unit, colour string) echart {
	data := make([]item, len(names))
	for i, name := range names {
		data[i] = item{Value: counts[i], Tip: fmt.Sprintf("%s: %d %s", name, counts[i], unit)}
	}
	// Panels are narrow: few ticks, and labels that would overlap
	// (counts in the thousands) hide.
	x := valueAxisX(unit, nil, nil)
	x.SplitNumber = 3
	x.AxisLabel = &opts.AxisLabel{HideOverlap: opts.Bool(true)}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("8", "36"),
		charts.WithXAxisOpts(x),
		charts.WithYAxisOpts(categoryAxisY(names, "")),
	)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{
		Type: "bar", Name: unit, Data: data, BarMaxWidth: "18",
		ItemStyle: &opts.ItemStyle{Color: colour},
	})
	return c
}

// barsHeight is the height of a horizontal bar chart with n rows.
func barsHeight(n int) int {
	return max(180, 60+n*24)
}

// coocChart draws NPMI between the first n terms as a heat map; the
// count of paragraphs holding both terms is in the tooltip. Pairs never
// seen together (count 0, NPMI −1 by definition) are drawn light grey in
// a series of their own, named in the legend: coloured as −1 they would
// fill most of the map with the darkest red and drown the pairs that do
// occur. The colour scale is symmetric around 0 and ends at the 95th
// percentile of |NPMI| among observed pairs (rounded up to 0.1, at least
// 0.1), so weak associations, the common case for frequent terms, stay
// visible; the few stronger pairs (often a word and a phrase holding it)
// take the end colour. The returned note states the range.
func coocChart(co Cooccurrence, n int) (echart, map[string]any, *table, string) {
	n = min(n, len(co.Terms))
	terms := co.Terms[:n]
	t := &table{Header: []string{"term_a", "term_b", "count", "npmi"}}
	var seen, never []item
	var strengths []float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			count, npmi := -1, math.NaN()
			if len(co.Counts) > 0 {
				count = co.Counts[i][j]
			}
			if len(co.NPMI) > 0 {
				npmi = co.NPMI[i][j]
			}
			if i < j {
				t.add(terms[i], terms[j], csvInt(max(count, 0)), csvFloat(npmi))
			}
			// Without counts, NPMI −1 is the mark of a pair never seen.
			if count == 0 || count < 0 && (npmi <= -1 || math.IsNaN(npmi)) {
				never = append(never, item{
					Value: []any{j, i, 0},
					Tip:   fmt.Sprintf("%s & %s\nnever in the same paragraph", terms[i], terms[j]),
				})
				continue
			}
			if !math.IsNaN(npmi) {
				strengths = append(strengths, math.Abs(npmi))
			}
			tip := fmt.Sprintf("%s & %s\nNPMI %s", terms[i], terms[j], signed(npmi))
			if count > 0 {
				tip += fmt.Sprintf(", together in %d paragraphs", count)
			}
			seen = append(seen, item{Value: []any{j, i, npmi}, Tip: tip})
		}
	}
	extent := 0.1
	if len(strengths) > 0 {
		slices.Sort(strengths)
		p95 := strengths[min(len(strengths)-1, int(math.Ceil(0.95*float64(len(strengths))))-1)]
		extent = math.Min(1, math.Max(0.1, math.Ceil(p95*10-1e-9)/10))
	}
	// The colour value is clamped to the scale (the tooltip keeps the
	// true value): ECharts would draw values past the end as out of
	// range.
	for k := range seen {
		v := seen[k].Value.([]any)
		v[2] = num(math.Max(-extent, math.Min(extent, v[2].(float64))))
	}
	label := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	neverName := "never together (count 0)"
	c := charts.NewHeatMap()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("28", "52"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: terms, AxisLabel: &opts.AxisLabel{Rotate: 60, Interval: "0", Width: 110, Overflow: "truncate"}, SplitArea: &opts.SplitArea{Show: opts.Bool(false)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: terms, Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0", Width: 120, Overflow: "truncate"}, SplitArea: &opts.SplitArea{Show: opts.Bool(false)}}),
	)
	c.MultiSeries = append(c.MultiSeries,
		charts.SingleSeries{Type: "heatmap", Name: "NPMI", Data: seen,
			ItemStyle: &opts.ItemStyle{BorderColor: "#ffffff", BorderWidth: 0.5}},
		charts.SingleSeries{Type: "heatmap", Name: neverName, Data: never,
			ItemStyle: &opts.ItemStyle{Color: colourNoData, BorderColor: "#ffffff", BorderWidth: 0.5}},
	)
	extra := map[string]any{
		"visualMap": []map[string]any{{
			"type": "continuous", "min": -extent, "max": extent, "calculable": false, "seriesIndex": 0,
			"orient": "horizontal", "left": "center", "bottom": 0, "itemHeight": 120,
			"text":    []string{"+" + label(extent) + " together more than by chance", "−" + label(extent) + " less"},
			"inRange": map[string]any{"color": diverging},
		}},
		"legend": noDataLegend(neverName),
	}
	note := fmt.Sprintf("Colour: NPMI (Bouma 2009) of two terms in the same paragraph, 0 meaning independent. The scale ends at ±%s, which covers 95%% of the pairs that occur together; stronger pairs take the end colour (exact values in the tooltips and the CSV). Light grey: pairs never in the same paragraph (NPMI −1 by definition).",
		label(extent))
	return c, extra, t, note
}

// colourNoData is the light grey of heat-map cells without data.
const colourNoData = "#e6e6e6"

// noDataLegend is a legend naming only the grey no-data series of a heat
// map, at the top right (the colour scale is at the bottom), so the two
// never collide in a narrow container.
func noDataLegend(name string) map[string]any {
	return map[string]any{
		"show": true, "right": 0, "top": 0, "itemWidth": 14, "itemHeight": 14,
		"data":      []map[string]any{{"name": name, "icon": "rect", "itemStyle": map[string]any{"color": colourNoData}}},
		"textStyle": map[string]any{"color": "#59636e"}, "selectedMode": false,
	}
}

// networkAspect is the width-to-height ratio the term network is laid
// out at: its chart spans the page width at about 640 px high. ECharts
// keeps the ratio of the node positions when it fits them to the chart.
const networkAspect = 1.8

// networkChart draws the strongest NPMI edges; node size grows with the
// square root of the term's frequency, colour is its term community. Positions
// come from [springLayout], so the graph fits its box on load (ECharts
// scales fixed positions to the series box; its own force layout starts
// zoomed in with nodes off the canvas) and is the same on every load.
// Labels that would overlap a larger node's label are hidden until the
// reader zooms in.
func networkChart(nw Network, communities []Community, maxEdges int) (echart, *table, *table) {
	edges := slices.Clone(nw.Edges)
	slices.SortStableFunc(edges, func(a, b Edge) int {
		if c := cmp.Compare(b.NPMI, a.NPMI); c != 0 {
			return c
		}
		if c := cmp.Compare(a.A, b.A); c != 0 {
			return c
		}
		return cmp.Compare(a.B, b.B)
	})
	edges = edges[:min(maxEdges, len(edges))]
	// Lay out only the nodes that have an edge, in node order.
	compact := make([]int, len(nw.Nodes))
	for i := range compact {
		compact[i] = -1
	}
	used := 0
	for i := range nw.Nodes {
		for _, e := range edges {
			if e.A == i || e.B == i {
				compact[i] = used
				used++
				break
			}
		}
	}
	springs := make([]spring, len(edges))
	for i, e := range edges {
		springs[i] = spring{A: compact[e.A], B: compact[e.B], Weight: math.Max(0.05, e.NPMI)}
	}
	pos := springLayout(used, springs)

	maxCount := 1
	for _, n := range nw.Nodes {
		maxCount = max(maxCount, n.Count)
	}
	cats := make([]map[string]any, 0, len(communities)+1)
	for i, c := range communities {
		cats = append(cats, map[string]any{"name": fmt.Sprintf("%d: %s", i, c.Label)})
	}
	other := len(cats)
	cats = append(cats, map[string]any{"name": "no community", "itemStyle": map[string]any{"color": "#bab0ac"}})

	// Communities are numbered from 0, as Model.Communities.
	nodeTable := &table{Header: []string{"term", "count", "community", "community_label"}}
	type node struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		Value      int    `json:"value"`
		X          any    `json:"x"`
		Y          any    `json:"y"`
		SymbolSize int    `json:"symbolSize"`
		Category   int    `json:"category"`
		Tip        string `json:"tip"`
	}
	var nodes []node
	for i, n := range nw.Nodes {
		cat, community, index, label := other, "", "", ""
		if n.Community >= 0 && n.Community < len(communities) {
			label = communities[n.Community].Label
			cat, community, index = n.Community, fmt.Sprintf("%d: %s", n.Community, label), csvInt(n.Community)
		}
		nodeTable.add(n.Term, csvInt(n.Count), index, label)
		if compact[i] < 0 {
			continue
		}
		p := pos[compact[i]]
		size := 6 + 26*math.Sqrt(float64(n.Count)/float64(maxCount))
		tip := fmt.Sprintf("%s: %d occurrences", n.Term, n.Count)
		if community != "" {
			tip += "\nterm community: " + community
		}
		nodes = append(nodes, node{ID: strconv.Itoa(i), Name: n.Term, Value: n.Count,
			X: num(1000 * networkAspect * p[0]), Y: num(1000 * p[1]),
			SymbolSize: int(math.Round(size)), Category: cat, Tip: tip})
	}
	edgeTable := &table{Header: []string{"term_a", "term_b", "npmi", "count"}}
	type link struct {
		Source    string         `json:"source"`
		Target    string         `json:"target"`
		Value     any            `json:"value"`
		Tip       string         `json:"tip"`
		LineStyle map[string]any `json:"lineStyle"`
	}
	links := make([]link, len(edges))
	for i, e := range edges {
		a, b := nw.Nodes[e.A].Term, nw.Nodes[e.B].Term
		links[i] = link{
			Source: strconv.Itoa(e.A), Target: strconv.Itoa(e.B), Value: num(e.NPMI),
			Tip:       fmt.Sprintf("%s – %s\nNPMI %s, together in %d paragraphs", a, b, signed(e.NPMI), e.Count),
			LineStyle: map[string]any{"width": num(0.6 + 2.4*math.Max(0, e.NPMI))},
		}
		edgeTable.add(a, b, csvFloat(e.NPMI), csvInt(e.Count))
	}
	c := charts.NewGraph()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
	)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{
		Type: "graph", Name: "terms", Layout: "none", Data: nodes, Links: links, Categories: cats,
		Roam: opts.Bool(true),
		// The box the positions are fitted to: room for the labels right
		// of the nodes and for the legend below.
		Left: "16", Right: "96", Top: "16", Bottom: "48",
		Label:       &opts.Label{Show: opts.Bool(true), Position: "right", FontSize: 11, Color: "#1f2328"},
		LabelLayout: &opts.LabelLayout{HideOverlap: opts.Bool(true)},
		LineStyle:   &opts.LineStyle{Color: "source", Opacity: opts.Float(0.5), Curveness: 0.08},
		Emphasis:    &opts.Emphasis{Focus: "adjacency"},
	})
	return c, nodeTable, edgeTable
}
