package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// echart is what every go-echarts chart type offers: Validate fills
// derived fields (axis data) and JSON returns the ECharts option.
type echart interface {
	Validate()
	JSON() map[string]interface{}
}

// chartBlock is one chart on a page: a heading, the container the
// JavaScript draws into, its option as JSON, a caption and the link to
// the CSV with its data.
type chartBlock struct {
	// ID is unique within the page; the container has this id and the
	// option sits in a JSON script element with id ID+"-option".
	ID     string
	Title  string
	Note   string
	Height int
	// Option is the ECharts option, marshalled by [optionJSON] so it is
	// safe inside a <script type="application/json"> element.
	Option template.JS
	// CSV links the chart's data files, relative to the page.
	CSV []string
}

// palette is the categorical colour list (Tableau 10), used for outlets,
// topics and targets; colour-blind safer than ECharts' default.
var palette = []string{
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
}

// diverging is the red-to-blue scale for values in [-1, 1] (ColorBrewer
// RdBu, 7 classes): red is negative or against, blue positive or favour.
var diverging = []string{
	"#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac",
}

// colourNeutral is the grey of neutral values, as in style.css.
const colourNeutral = "#8c8c8c"

// fontFamily uses fonts installed locally: pages load no web fonts.
const fontFamily = `system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", Arial, sans-serif`

// optionJSON validates c, applies the settings shared by every chart and
// returns the option as JSON. encoding/json escapes <, > and & (and
// U+2028/2029), so no article text inside the option can close the
// <script> element that holds it. Unlike go-echarts's own templates, the
// result is never post-processed into JavaScript: a string such as
// "__f__alert(1)__f__" stays a string. Formatter functions are named
// ("nf:tip") and mapped by newsframe.js.
func optionJSON(c echart, extra map[string]any) (template.JS, error) {
	c.Validate()
	o := c.JSON()
	o["animation"] = false
	o["color"] = palette
	o["textStyle"] = map[string]any{"fontFamily": fontFamily}
	o["aria"] = map[string]any{"enabled": true}
	// go-echarts emits an empty toolbox; ECharts would draw nothing, but
	// leave no doubt.
	delete(o, "toolbox")
	for k, v := range extra {
		o[k] = v
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// SetEscapeHTML(true) is the default: kept on purpose.
	if err := enc.Encode(o); err != nil {
		return "", fmt.Errorf("chart option: %w", err)
	}
	return template.JS(bytes.TrimSpace(buf.Bytes())), nil
}

// item is a data item: ECharts keeps extra fields, so Tip (the tooltip as
// plain text, escaped by newsframe.js) and Label (text drawn on the
// canvas) travel with the value.
type item struct {
	Name      string     `json:"name,omitempty"`
	Value     any        `json:"value"`
	Tip       string     `json:"tip,omitempty"`
	Label     string     `json:"label,omitempty"`
	Symbol    string     `json:"symbol,omitempty"`
	ItemStyle *itemStyle `json:"itemStyle,omitempty"`
}

type itemStyle struct {
	Color       string  `json:"color,omitempty"`
	BorderColor string  `json:"borderColor,omitempty"`
	BorderWidth float64 `json:"borderWidth,omitempty"`
	BorderType  string  `json:"borderType,omitempty"`
	Opacity     float64 `json:"opacity,omitempty"`
}

// num rounds v to 4 decimals for chart data (the CSV keeps full
// precision); NaN and infinities become null, which ECharts skips.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return math.Round(v*1e4) / 1e4
}

// ciItem is a data item of the "nf:ci" custom series drawn by
// newsframe.js: a mean with interval whiskers. cat is the category index
// on the category axis; slot of slots places several series side by side
// within one category; horizontal puts categories on the y axis. A
// sparse estimate is drawn hollow and dashed.
func ciItem(cat int, v Interval, slot, slots int, horizontal bool, tip string) item {
	h, s := 0, 0
	if horizontal {
		h = 1
	}
	if v.Sparse {
		s = 1
	}
	return item{
		Value: []any{cat, num(v.Mean), num(v.Lo), num(v.Hi), slot, slots, h, s},
		Tip:   tip,
	}
}

// ciSeries returns a custom series drawing means with interval whiskers
// through newsframe.js's "nf:ci" renderer. Encode maps the category
// dimension to its axis and the mean and interval bounds to the value
// axis, so the axis range covers the whiskers.
func ciSeries(name string, data []item, horizontal bool, colour string) charts.SingleSeries {
	enc := &opts.Encode{X: 0, Y: []int{1, 2, 3}}
	if horizontal {
		enc = &opts.Encode{X: []int{1, 2, 3}, Y: 0}
	}
	s := charts.SingleSeries{Type: "custom", Name: name, RenderItem: "nf:ci", Encode: enc, Data: data}
	if colour != "" {
		s.ItemStyle = &opts.ItemStyle{Color: colour}
	}
	return s
}

// signed formats a value in [-1, 1] with its sign and 2 decimals; a
// value that rounds to zero is "0.00", never "-0.00".
func signed(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if s == "-0.00" {
		return "0.00"
	}
	return s
}

// intervalText describes an interval for tooltips and tables:
// "+0.12 [−0.03, 0.25], n=14 articles / 80 paragraphs (too few
// articles)"; the observations are left out when v.Obs is 0 (unknown).
func intervalText(v Interval, units, obs string) string {
	if v.N == 0 {
		return "no data"
	}
	s := fmt.Sprintf("%s [%s, %s]", plus(v.Mean), signed(v.Lo), signed(v.Hi))
	s += fmt.Sprintf(", n=%d %s", v.N, units)
	if obs != "" && v.Obs > 0 {
		s += fmt.Sprintf(" / %d %s", v.Obs, obs)
	}
	if v.Sparse {
		s += " (too few " + units + ")"
	}
	return s
}

// plus formats v with an explicit sign: "+0.12", "-0.40", "0.00".
func plus(v float64) string {
	s := signed(v)
	if v > 0 && s != "0.00" {
		return "+" + s
	}
	return s
}

// percent formats a share in [0, 1] as "12.5%".
func percent(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
}

// valueAxisX and valueAxisY return a value axis named in the middle;
// nil bounds let ECharts choose.
func valueAxisX(name string, min, max any) opts.XAxis {
	return opts.XAxis{Type: "value", Name: name, NameLocation: "middle", NameGap: 28, Min: min, Max: max}
}

// shareAxisX is a value axis for shares in [0, 1], labelled in percent.
func shareAxisX(name string, max any) opts.XAxis {
	a := valueAxisX(name, 0, max)
	a.AxisLabel = &opts.AxisLabel{Formatter: "nf:pct"}
	return a
}

func valueAxisY(name string, min, max any) opts.YAxis {
	return opts.YAxis{Type: "value", Name: name, NameLocation: "middle", NameGap: 40, Min: min, Max: max}
}

// setCategoryWidth sets the label width in pixels of the category y axis
// of a chart made by [ciChart], [termBars] and the like: long category
// names (topic labels) need more room than the default 140 px.
func setCategoryWidth(c echart, width int) {
	var axes []opts.YAxis
	switch c := c.(type) {
	case *charts.Custom:
		axes = c.YAxisList
	case *charts.Bar:
		axes = c.YAxisList
	}
	if len(axes) > 0 && axes[0].AxisLabel != nil {
		axes[0].AxisLabel.Width = width
	}
}

func categoryAxisY(names []string, name string) opts.YAxis {
	return opts.YAxis{
		Type: "category", Data: names, Name: name, Inverse: opts.Bool(true),
		AxisLabel: &opts.AxisLabel{Width: 140, Overflow: "truncate"},
	}
}

// tooltipItem is the tooltip used by most charts: item-triggered, text
// from the data item's Tip.
var tooltipItem = opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "nf:tip"}

// tooltipAxis is for time series: axis-triggered, one line per series.
var tooltipAxis = opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", Formatter: "nf:tip"}

// barColour maps a value in [-1, 1] to a filled-shape colour: the
// diverging scale with a grey middle, which stays visible on white.
func barColour(v float64) string {
	if math.IsNaN(v) {
		return colourNeutral
	}
	scale := []string{"#b2182b", "#d6604d", "#f4a582", "#c8c8c8", "#92c5de", "#4393c3", "#2166ac"}
	i := int(math.Floor((v + 1) / 2 * float64(len(scale))))
	return scale[max(0, min(len(scale)-1, i))]
}
