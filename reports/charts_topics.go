package reports

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Colours of a topic share against the rest of the corpus: significantly
// above (blue), below (red), or neither (colourNotSig, grey), as the
// diverging scale; whiskers are drawn in colourCorpus, a topic's own
// prevalence in colourPrevalence.
const (
	colourOver       = "#2166ac"
	colourUnder      = "#b2182b"
	colourCorpus     = "#1f2328"
	colourPrevalence = "#4e79a7"
)

// topicName is a topic as charts and tables name it: "12: fed · rate ·
// inflation". Pages number topics from 0, as Model.Topics and the
// exports.
func topicName(t Topic) string {
	return fmt.Sprintf("%d: %s", t.ID, t.Label)
}

// topicMark is "▲" when a key's share of a topic is significantly above
// the rest of the corpus, "▼" when below, "" otherwise.
func topicMark(ts TopicShare) string {
	switch {
	case !ts.Significant:
		return ""
	case ts.Diff > 0:
		return "▲"
	}
	return "▼"
}

// topicColour is the colour of a key's share by its test against the rest.
func topicColour(ts TopicShare) string {
	switch topicMark(ts) {
	case "▲":
		return colourOver
	case "▼":
		return colourUnder
	}
	return colourNotSig
}

// shareText describes a share with its interval: "12.3% [10.1%, 14.5%],
// n=120 articles (too few articles)".
func shareText(v Interval) string {
	if v.N == 0 {
		return "no data"
	}
	return fmt.Sprintf("%s [%s, %s], n=%d articles%s", percent(v.Mean), percent(v.Lo), percent(v.Hi), v.N, sparseNote(v))
}

// testText describes a key's test against the rest of the corpus on one
// topic, for tooltips and tables.
func testText(ts TopicShare) string {
	if !ts.Tested {
		return "not tested (too few articles)"
	}
	s := fmt.Sprintf("difference %s points [%s, %s], adjusted p = %s", pointsText(ts.Diff), pointsText(ts.Lo), pointsText(ts.Hi), pValue(ts.PAdjusted))
	switch topicMark(ts) {
	case "▲":
		s += ": significantly more than the rest"
	case "▼":
		s += ": significantly less than the rest"
	default:
		s += ": not significant"
	}
	return s
}

// pointsText formats a difference of shares in percentage points with
// its sign: "+4.3", "-0.8".
func pointsText(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := fmt.Sprintf("%.1f", v*100)
	if v > 0 && s != "0.0" {
		s = "+" + s
	}
	if s == "-0.0" {
		s = "0.0"
	}
	return s
}

// shareBar is one category of a [shareBars] chart.
type shareBar struct {
	Name  string
	Value Interval
	// Colour fills the bar; Tip is its tooltip.
	Colour, Tip string
	// Marker is drawn as a diamond on the bar's row (NaN: none).
	Marker float64
}

// shareBarHeight is the height of a [shareBars] chart with n rows.
func shareBarHeight(n int) int {
	return max(160, 76+n*24)
}

// shareBars draws shares as horizontal bars with their 95% interval
// whiskers, the first on top; a sparse estimate's bar is pale with a
// dashed outline and a hollow mean. markerName names the diamonds (e.g.
// the corpus prevalence) in the legend; "" when there are none.
func shareBars(bars []shareBar, markerName, axisName string, labelWidth int) echart {
	cats := make([]string, len(bars))
	data := make([]item, len(bars))
	whiskers := make([]item, len(bars))
	var markers []item
	for i, b := range bars {
		cats[i] = b.Name
		data[i] = item{Value: num(b.Value.Mean), Tip: b.Tip, ItemStyle: &itemStyle{Color: b.Colour}}
		if b.Value.Sparse {
			data[i].ItemStyle = &itemStyle{Color: b.Colour, Opacity: 0.35, BorderColor: "#555555", BorderWidth: 1, BorderType: "dashed"}
		}
		whiskers[i] = ciItem(i, b.Value, 0, 1, true, b.Tip)
		if b.Value.N == 0 {
			data[i].Value = nil
			whiskers[i].Value = []any{i, nil, nil, nil, 0, 1, 1, 0}
		}
		if !math.IsNaN(b.Marker) && markerName != "" {
			markers = append(markers, item{Value: []any{num(b.Marker), i}, Tip: fmt.Sprintf("%s: %s", markerName, percent(b.Marker))})
		}
	}
	c := charts.NewCustom()
	// Only the markers need a legend: the bars' colours are explained in
	// the caption.
	legend := opts.Legend{Show: opts.Bool(len(markers) > 0), Top: "0", Data: []string{markerName}}
	top := "12"
	if len(markers) > 0 {
		top = "30"
	}
	y := categoryAxisY(cats, "")
	y.AxisLabel.Width = labelWidth
	y.AxisLabel.Interval = "0"
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), charts.WithLegendOpts(legend), grid(top, "40"),
		charts.WithXAxisOpts(shareAxisX(axisName, 0)),
		charts.WithYAxisOpts(y),
	)
	c.XAxisList[0].Max = nil
	c.MultiSeries = append(c.MultiSeries,
		charts.SingleSeries{Type: "bar", Name: "share", Data: data, BarMaxWidth: "16"},
		ciSeries("95% t-interval", whiskers, true, colourCorpus),
	)
	if len(markers) > 0 {
		c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{
			Type: "scatter", Name: markerName, Data: markers, Symbol: "diamond", SymbolSize: 11,
			ItemStyle: &opts.ItemStyle{Color: "#f28e2b", BorderColor: "#ffffff", BorderWidth: 1},
		})
	}
	return c
}

// shareMax returns an axis maximum above every value: the largest rounded
// up to a step of 1% (below 10%) or 5%, at most 1; nil when there is no
// value.
func shareMax(values []float64) any {
	top := math.Inf(-1)
	for _, v := range values {
		if !math.IsNaN(v) {
			top = math.Max(top, v)
		}
	}
	if math.IsInf(top, -1) || top <= 0 {
		return nil
	}
	step := 0.05
	if top < 0.1 {
		step = 0.01
	}
	return num(math.Min(1, math.Ceil(top/step-1e-9)*step))
}

// multipleGrid is the grid of a small multiple: the plot fills the
// panel, leaving room for the legend above and the axis labels.
var multipleGrid = map[string]any{"grid": map[string]any{"left": 36, "right": 28, "top": 36, "bottom": 8, "containLabel": true}}

// multipleHeight is the height in pixels of a small multiple.
const multipleHeight = 200

// shareTime draws shares per bucket, one line per series with gaps where a
// bucket has no data, the y axis in percent up to ymax (nil: ECharts
// chooses). Dashed names the series drawn dashed (a reference line).
func shareTime(buckets []string, series []Series, colours []string, ymax any, dashed string) echart {
	c := timeChart(buckets, series, "share", 0, ymax, colours, shareText)
	c.YAxisList[0].AxisLabel = &opts.AxisLabel{Formatter: "nf:pct"}
	for i := range c.MultiSeries {
		if c.MultiSeries[i].Name == dashed {
			c.MultiSeries[i].LineStyle = &opts.LineStyle{Type: "dashed", Width: 1.5}
			c.MultiSeries[i].SymbolSize = 3
		}
	}
	return c
}

// agendaCell is one key × topic cell of [agendaHeat].
type agendaCell struct {
	X, Y  int
	Share TopicShare
	// Missing: the key has no article with topics.
	Missing bool
	Tip     string
}

// agendaRowHeight is the height in pixels of one key's row in
// [agendaHeat].
const agendaRowHeight = 30

// agendaHeat draws keys (ys) × topics (xs) coloured by the key's share of
// each topic, on a sequential scale from 0 to the largest share. A cell's
// label is the share in percent, "▲" or "▼" when it is significantly
// above or below the rest of the corpus (also drawn as a dark blue or red
// border); sparse cells have the share in parentheses and a dashed
// border; missing cells are light grey, a series of their own named in
// the legend.
func agendaHeat(xs, ys []string, cells []agendaCell) (echart, map[string]any) {
	var data, empty []item
	top := 0.0
	for _, cl := range cells {
		if cl.Missing || cl.Share.Share.N == 0 || math.IsNaN(cl.Share.Share.Mean) {
			empty = append(empty, item{Value: []any{cl.X, cl.Y, 0}, Tip: cl.Tip, Label: "n=0"})
			continue
		}
		v := cl.Share.Share
		top = math.Max(top, v.Mean)
		label := fmt.Sprintf("%.1f", v.Mean*100)
		if v.Sparse {
			label = "(" + label + ")"
		}
		label += topicMark(cl.Share)
		it := item{Value: []any{cl.X, cl.Y, num(v.Mean)}, Tip: cl.Tip, Label: label}
		switch {
		case v.Sparse:
			it.ItemStyle = &itemStyle{BorderColor: "#555555", BorderWidth: 1.5, BorderType: "dashed", Opacity: 0.75}
		case topicMark(cl.Share) != "":
			it.ItemStyle = &itemStyle{BorderColor: topicColour(cl.Share), BorderWidth: 2}
		}
		data = append(data, it)
	}
	scaleMax := shareMax([]float64{top})
	if scaleMax == nil {
		scaleMax = 0.1
	}
	c := charts.NewHeatMap()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("28", "56"),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys, Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0", Width: 140, Overflow: "truncate"}, SplitArea: &opts.SplitArea{Show: opts.Bool(false)}}),
	)
	c.MultiSeries = append(c.MultiSeries,
		charts.SingleSeries{Type: "heatmap", Name: "share", Data: data,
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "nf:label", FontSize: 11, Color: "#1f2328"},
			ItemStyle: &opts.ItemStyle{BorderColor: "#ffffff", BorderWidth: 1}},
		charts.SingleSeries{Type: "heatmap", Name: "no articles (n=0)", Data: empty,
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "nf:label", FontSize: 10, Color: "#8c8c8c"},
			ItemStyle: &opts.ItemStyle{Color: colourNoData, BorderColor: "#ffffff", BorderWidth: 1}},
	)
	labels := categoryLabels(len(xs))
	extra := map[string]any{
		"xAxis": []map[string]any{{
			"type": "category", "data": xs, "position": "top", "axisLabel": labels,
		}},
		"visualMap": []map[string]any{{
			"type": "continuous", "min": 0, "max": scaleMax, "calculable": false, "seriesIndex": 0,
			"orient": "horizontal", "left": "center", "bottom": 0, "itemHeight": 160,
			"text":      []string{percent(scaleMax.(float64)), "0%"},
			"formatter": "nf:pct",
			"inRange":   map[string]any{"color": []string{"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6"}},
		}},
	}
	if len(empty) > 0 {
		extra["legend"] = noDataLegend("no articles (n=0)")
	}
	if len(xs) <= agendaNarrow {
		// A few topics would stretch each cell across the page: keep
		// cells near 110 px, the grid at the left (a share of the
		// width, as in heatChart).
		share := min(100, (110*len(xs)+160)*100/1170)
		extra["grid"] = map[string]any{"left": 12, "top": 28, "bottom": 56, "containLabel": true, "width": fmt.Sprintf("%d%%", share)}
		extra["visualMap"].([]map[string]any)[0]["left"] = 12
	}
	return c, extra
}

// agendaNarrow is the number of topics up to which [agendaHeat] gives the
// grid a fixed width.
const agendaNarrow = 8
