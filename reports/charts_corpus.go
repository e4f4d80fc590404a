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
// its centre on the diverging scale.
func histogramChart(h Histogram) (echart, *table) {
	t := &table{Header: []string{"bin_lo", "bin_hi", "paragraphs"}}
	labels := make([]string, len(h.Counts))
	data := make([]item, len(h.Counts))
	total := 0
	for _, c := range h.Counts {
		total += c
	}
	for i, c := range h.Counts {
		lo, hi := h.Edges[i], h.Edges[i+1]
		labels[i] = strconv.FormatFloat((lo+hi)/2, 'f', 2, 64)
		share := 0.0
		if total > 0 {
			share = float64(c) / float64(total)
		}
		data[i] = item{
			Value:     c,
			Tip:       fmt.Sprintf("score in [%s, %s): %d paragraphs (%s)", signed(lo), signed(hi), c, percent(share)),
			ItemStyle: &itemStyle{Color: barColour((lo + hi) / 2)},
		}
		t.add(csvFloat(lo), csvFloat(hi), csvInt(c))
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, gridNamedY("16", "40"),
		charts.WithXAxisOpts(opts.XAxis{Name: "paragraph sentiment (bin centre)", NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(valueAxisY("paragraphs", nil, nil)),
	)
	c.SetXAxis(labels)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Type: "bar", Name: "paragraphs", Data: data, BarCategoryGap: "8%"})
	return c, t
}

// boxChart draws one horizontal box per outlet (quantiles of paragraph
// sentiment) with the mean and its 95% interval on top.
func boxChart(outlets []Outlet) (echart, *table) {
	t := &table{Header: append([]string{"outlet", "min", "q1", "median", "q3", "max"}, intervalHeader("")...)}
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
		ciSeries("mean, 95% interval", means, true, "#e15759"),
	)
	return c, t
}

// termBars draws terms as horizontal bars, most frequent on top.
func termBars(terms []TermCount, n int, colour string) echart {
	terms = terms[:min(n, len(terms))]
	names := make([]string, len(terms))
	data := make([]item, len(terms))
	for i, tc := range terms {
		names[i] = tc.Term
		data[i] = item{Value: tc.Count, Tip: fmt.Sprintf("%s: %d", tc.Term, tc.Count)}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("8", "36"),
		charts.WithXAxisOpts(valueAxisX("occurrences", nil, nil)),
		charts.WithYAxisOpts(categoryAxisY(names, "")),
	)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{
		Type: "bar", Name: "occurrences", Data: data, BarMaxWidth: "18",
		ItemStyle: &opts.ItemStyle{Color: colour},
	})
	return c
}

// barsHeight is the height of a horizontal bar chart with n rows.
func barsHeight(n int) int {
	return max(180, 60+n*24)
}

// coocChart draws NPMI between the first n terms as a heat map; the
// count of paragraphs holding both terms is in the tooltip.
func coocChart(co Cooccurrence, n int) (echart, *table) {
	n = min(n, len(co.Terms))
	terms := co.Terms[:n]
	t := &table{Header: []string{"term_a", "term_b", "count", "npmi"}}
	var data []item
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			count, npmi := 0, math.NaN()
			if len(co.Counts) > 0 {
				count = co.Counts[i][j]
			}
			if len(co.NPMI) > 0 {
				npmi = co.NPMI[i][j]
			}
			if i < j {
				t.add(terms[i], terms[j], csvInt(count), csvFloat(npmi))
			}
			data = append(data, item{
				Value: []any{j, i, num(npmi)},
				Tip:   fmt.Sprintf("%s & %s\nNPMI %s, together in %d paragraphs", terms[i], terms[j], signed(npmi), count),
			})
		}
	}
	c := charts.NewHeatMap()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("8", "64"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: terms, AxisLabel: &opts.AxisLabel{Rotate: 60, Interval: "0"}, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: terms, Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"}, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithVisualMapOpts(opts.VisualMap{
			Type: "continuous", Min: -1, Max: 1, Calculable: opts.Bool(false),
			Orient: "horizontal", Left: "center", Bottom: "0",
			Text:    []string{"+1 always together", "−1 never together"},
			InRange: &opts.VisualMapInRange{Color: diverging},
		}),
	)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Type: "heatmap", Name: "NPMI", Data: data})
	return c, t
}

// networkChart draws the strongest NPMI edges; node size grows with the
// square root of the term's frequency, colour is its topic.
func networkChart(nw Network, topics []Topic, maxEdges int) (echart, *table, *table) {
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
	used := make([]bool, len(nw.Nodes))
	for _, e := range edges {
		used[e.A], used[e.B] = true, true
	}
	maxCount := 1
	for _, n := range nw.Nodes {
		maxCount = max(maxCount, n.Count)
	}
	cats := make([]map[string]any, 0, len(topics)+1)
	for i, tp := range topics {
		cats = append(cats, map[string]any{"name": fmt.Sprintf("%d. %s", i+1, tp.Label)})
	}
	other := len(cats)
	cats = append(cats, map[string]any{"name": "no topic", "itemStyle": map[string]any{"color": "#bab0ac"}})

	nodeTable := &table{Header: []string{"term", "count", "topic"}}
	type node struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		Value      int    `json:"value"`
		SymbolSize int    `json:"symbolSize"`
		Category   int    `json:"category"`
		Tip        string `json:"tip"`
	}
	var nodes []node
	for i, n := range nw.Nodes {
		cat, topic := other, ""
		if n.Topic >= 0 && n.Topic < len(topics) {
			cat, topic = n.Topic, topics[n.Topic].Label
		}
		nodeTable.add(n.Term, csvInt(n.Count), topic)
		if !used[i] {
			continue
		}
		size := 6 + 30*math.Sqrt(float64(n.Count)/float64(maxCount))
		tip := fmt.Sprintf("%s: %d occurrences", n.Term, n.Count)
		if topic != "" {
			tip += "\ntopic: " + topic
		}
		nodes = append(nodes, node{ID: strconv.Itoa(i), Name: n.Term, Value: n.Count, SymbolSize: int(math.Round(size)), Category: cat, Tip: tip})
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
			LineStyle: map[string]any{"width": num(0.5 + 3*math.Max(0, e.NPMI))},
		}
		edgeTable.add(a, b, csvFloat(e.NPMI), csvInt(e.Count))
	}
	c := charts.NewGraph()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
	)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{
		Type: "graph", Name: "terms", Layout: "force", Data: nodes, Links: links, Categories: cats,
		Roam: opts.Bool(true), Draggable: opts.Bool(true),
		// A circular start makes the layout the same on every load.
		Force:     map[string]any{"initLayout": "circular", "repulsion": 320, "edgeLength": []int{50, 170}, "gravity": 0.06},
		Label:     &opts.Label{Show: opts.Bool(true), Position: "right", FontSize: 11},
		LineStyle: &opts.LineStyle{Color: "source", Opacity: opts.Float(0.55), Curveness: 0.1},
		Emphasis:  &opts.Emphasis{Focus: "adjacency"},
	})
	return c, nodeTable, edgeTable
}
