package reports

import (
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// ciGroup is one series of a [ciChart]: an estimate per category.
type ciGroup struct {
	Name   string
	Colour string
	Values []Interval
	// Tips are the tooltips, one per category.
	Tips []string
}

// ciChart draws means with 95% interval whiskers, categories on the y
// axis (horizontal) or the x axis, one slot per group within each
// category. Sparse estimates are hollow and dashed.
// share labels the value axis in percent.
func ciChart(cats []string, groups []ciGroup, horizontal bool, axis string, lo, hi any, share bool) echart {
	c := charts.NewCustom()
	legend := opts.Legend{Show: opts.Bool(len(groups) > 1), Top: "0"}
	top := "12"
	if len(groups) > 1 {
		top = "34"
	}
	if horizontal {
		c.SetGlobalOptions(
			charts.WithTooltipOpts(tooltipItem), charts.WithLegendOpts(legend), grid(top, "40"),
			charts.WithXAxisOpts(valueAxisX(axis, lo, hi)),
			charts.WithYAxisOpts(categoryAxisY(cats, "")),
		)
		if share {
			c.XAxisList[0].AxisLabel = &opts.AxisLabel{Formatter: "nf:pct"}
		}
	} else {
		c.SetGlobalOptions(
			charts.WithTooltipOpts(tooltipItem), charts.WithLegendOpts(legend), gridNamedY(top, "40"),
			charts.WithYAxisOpts(valueAxisY(axis, lo, hi)),
		)
		c.SetXAxis(cats)
		c.XAxisList[0].Type = "category"
		if share {
			c.YAxisList[0].AxisLabel = &opts.AxisLabel{Formatter: "nf:pct"}
		}
	}
	for gi, g := range groups {
		data := make([]item, len(g.Values))
		for i, v := range g.Values {
			data[i] = ciItem(i, v, gi, len(groups), horizontal, g.Tips[i])
			if v.N == 0 && v.Obs == 0 {
				// No data at all: nothing to draw, but keep the slot.
				data[i].Value = []any{i, nil, nil, nil, gi, len(groups), 0, 0}
			}
		}
		c.MultiSeries = append(c.MultiSeries, ciSeries(g.Name, data, horizontal, g.Colour))
	}
	return c
}

// ciHeight is the height of a horizontal ciChart with n categories and g
// groups.
func ciHeight(n, g int) int {
	return max(200, 80+n*(18+10*g))
}

// heatCell is one cell of a [heatChart].
type heatCell struct {
	X, Y int
	// Value is drawn as colour on [-1, 1]; Missing cells have no data
	// and are drawn grey.
	Value   Interval
	Missing bool
	Tip     string
}

// heatRowHeight is the height in pixels of one row of a [heatChart]:
// three lines of cell label (mean, interval, n).
const heatRowHeight = 62

// heatChart draws a diverging heat map on [-1, 1], xs (targets) along
// the top, ys (outlets) down the side; each cell's label is
// its mean, 95% interval and n (the units behind it). Sparse cells have
// their mean in parentheses and a dashed border; missing cells are light
// grey with "n=0", a series of their own named by missing in the legend.
// The returned option patch holds the visual map (restricted to the
// first series, which go-echarts's VisualMap cannot express) and the
// legend.
func heatChart(xs, ys []string, cells []heatCell, missing string) (echart, map[string]any) {
	var data, empty []item
	for _, cl := range cells {
		if cl.Missing {
			empty = append(empty, item{Value: []any{cl.X, cl.Y, 0}, Tip: cl.Tip, Label: "n=0"})
			continue
		}
		v := cl.Value
		mean := plus(v.Mean)
		if v.Sparse {
			mean = "(" + mean + ")"
		}
		it := item{Value: []any{cl.X, cl.Y, num(v.Mean)}, Tip: cl.Tip,
			Label: fmt.Sprintf("%s\n[%s, %s]\nn=%d", mean, signed(v.Lo), signed(v.Hi), v.N)}
		if v.Sparse {
			it.ItemStyle = &itemStyle{BorderColor: "#555555", BorderWidth: 1.5, BorderType: "dashed", Opacity: 0.75}
		}
		data = append(data, it)
	}
	c := charts.NewHeatMap()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("28", "56"),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys, Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0", Width: 140, Overflow: "truncate"}, SplitArea: &opts.SplitArea{Show: opts.Bool(false)}}),
	)
	cellLabel := &opts.Label{Show: opts.Bool(true), Formatter: "nf:label", FontSize: 12, LineHeight: 15, Color: "#1f2328"}
	c.MultiSeries = append(c.MultiSeries,
		charts.SingleSeries{Type: "heatmap", Name: "stance", Data: data, Label: cellLabel,
			ItemStyle: &opts.ItemStyle{BorderColor: "#ffffff", BorderWidth: 2}},
		charts.SingleSeries{Type: "heatmap", Name: missing, Data: empty,
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "nf:label", FontSize: 11, Color: "#8c8c8c"},
			ItemStyle: &opts.ItemStyle{Color: colourNoData, BorderColor: "#ffffff", BorderWidth: 2}},
	)
	extra := map[string]any{
		// The target axis is written here: go-echarts's axis label has
		// no numeric line height, which wrapped labels need.
		"xAxis": []map[string]any{{
			"type": "category", "data": xs, "position": "top", "axisLabel": categoryLabels(len(xs)),
		}},
		"visualMap": []map[string]any{{
			"type": "continuous", "min": -1, "max": 1, "calculable": false, "seriesIndex": 0,
			"orient": "horizontal", "left": "center", "bottom": 0, "itemHeight": 120,
			"text":    []string{"+1 favour", "−1 against"},
			"inRange": map[string]any{"color": diverging},
		}},
	}
	if len(empty) > 0 {
		extra["legend"] = noDataLegend(missing)
	}
	if len(xs) <= maxWideCells {
		// A few targets would stretch each cell across a wide page: on
		// a page-wide chart (about 1170 px) keep cells near 160 px, the
		// grid at the left. A share, not pixels, so a narrow screen
		// still fits the grid.
		share := min(100, (160*len(xs)+160)*100/1170)
		extra["grid"] = map[string]any{"left": 12, "top": 28, "bottom": 56, "containLabel": true, "width": fmt.Sprintf("%d%%", share)}
		extra["visualMap"].([]map[string]any)[0]["left"] = 12
	}
	return c, extra
}

// maxWideCells is the number of heat-map columns up to which the grid is
// given a fixed width (see heatChart).
const maxWideCells = 6

// categoryLabels lays out the labels of a horizontal category axis with
// n categories across a chart about 1000 px wide: long names wrap onto
// more lines when there are few categories, and are turned 30° and
// shortened when there are many, so they never overlap.
func categoryLabels(n int) map[string]any {
	if n <= 12 {
		return map[string]any{"interval": 0, "width": max(60, min(150, 1000/max(n, 1)-12)), "overflow": "break", "lineHeight": 14}
	}
	return map[string]any{"interval": 0, "rotate": 30, "width": 130, "overflow": "truncate"}
}

// timeChart draws one line per series over the model's buckets; a gap
// is a bucket without data, a hollow point an estimate with too little
// data. The tooltip lists every series at the hovered bucket.
func timeChart(buckets []string, series []Series, yName string, lo, hi any, colours []string, format func(Interval) string) *charts.Line {
	index := make(map[string]int, len(buckets))
	for i, b := range buckets {
		index[b] = i
	}
	c := charts.NewLine()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipAxis),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(series) > 1), Type: "scroll", Top: "0"}),
		gridNamedY("36", "48"),
		charts.WithYAxisOpts(valueAxisY(yName, lo, hi)),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithDataZoomOpts(opts.DataZoom{Type: "inside"}),
	)
	c.SetXAxis(buckets)
	for si, s := range series {
		// A bucket without data is null (a gap; newsframe.js's tooltip
		// says "no data"): a long axis of empty buckets costs 5 bytes each.
		data := make([]any, len(buckets))
		for _, p := range s.Points {
			i, ok := index[p.Bucket]
			if !ok {
				continue
			}
			it := item{Value: num(p.Value.Mean), Tip: s.Name + ": " + format(p.Value), Symbol: "circle"}
			if p.Value.Sparse {
				it.Symbol = "emptyCircle"
			}
			data[i] = it
		}
		ls := charts.SingleSeries{Type: "line", Name: s.Name, Data: data, ShowSymbol: opts.Bool(true), SymbolSize: 6}
		if colours != nil {
			ls.Color = colours[si%len(colours)]
		}
		c.MultiSeries = append(c.MultiSeries, ls)
	}
	return c
}
