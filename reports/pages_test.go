package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// chartOption returns the ECharts option of the chart titled title on a
// rendered page, decoded.
func chartOption(t *testing.T, page []byte, title string) map[string]any {
	t.Helper()
	re := regexp.MustCompile(`(?s)<h3>([^<]*)</h3>\s*<div class="canvas"[^>]*>\s*</div>\s*<script type="application/json" id="[^"]+">(.*?)</script>`)
	for _, m := range re.FindAllSubmatch(page, -1) {
		if html.UnescapeString(string(m[1])) != title {
			continue
		}
		var o map[string]any
		if err := json.Unmarshal(m[2], &o); err != nil {
			t.Fatalf("chart %q: %v", title, err)
		}
		return o
	}
	t.Fatalf("no chart titled %q on the page", title)
	return nil
}

// seriesData returns the data items of series i of an option.
func seriesData(t *testing.T, o map[string]any, i int) []map[string]any {
	t.Helper()
	series, _ := o["series"].([]any)
	if i >= len(series) {
		t.Fatalf("option has %d series, want series %d", len(series), i)
	}
	var out []map[string]any
	for _, d := range series[i].(map[string]any)["data"].([]any) {
		out = append(out, d.(map[string]any))
	}
	return out
}

func TestSpringLayout(t *testing.T) {
	// Two triangles joined by nothing: each triangle's nodes must end up
	// closer to one another than to the other triangle's.
	triangles := []spring{{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {3, 4, 1}, {4, 5, 1}, {3, 5, 1}}
	for _, c := range []struct {
		name    string
		n       int
		springs []spring
	}{
		{"empty", 0, nil},
		{"one node", 1, nil},
		{"pair", 2, []spring{{0, 1, 0.5}}},
		{"two triangles", 6, triangles},
		{"bad springs ignored", 3, []spring{{0, 0, 1}, {-1, 2, 1}, {1, 7, 1}, {0, 2, 1}}},
		{"no edges", 30, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			pos := springLayout(c.n, c.springs)
			if got, want := len(pos), c.n; got != want {
				t.Fatalf("len = %d, want %d", got, want)
			}
			again := springLayout(c.n, c.springs)
			if !slices.Equal(pos, again) {
				t.Errorf("two layouts of the same graph differ")
			}
			extent := 0.0
			for i, p := range pos {
				if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
					t.Fatalf("node %d at %v", i, p)
				}
				extent = math.Max(extent, math.Max(math.Abs(p[0]), math.Abs(p[1])))
			}
			if c.n > 1 && math.Abs(extent-0.5) > 1e-9 {
				t.Errorf("largest coordinate = %v, want 0.5", extent)
			}
			for i := range pos {
				for j := i + 1; j < len(pos); j++ {
					if d := math.Hypot(pos[i][0]-pos[j][0], pos[i][1]-pos[j][1]); d < 1e-3 {
						t.Errorf("nodes %d and %d overlap (distance %v)", i, j, d)
					}
				}
			}
		})
	}
	pos := springLayout(6, triangles)
	dist := func(i, j int) float64 { return math.Hypot(pos[i][0]-pos[j][0], pos[i][1]-pos[j][1]) }
	within := math.Max(math.Max(dist(0, 1), dist(1, 2)), math.Max(dist(0, 2), math.Max(dist(3, 4), math.Max(dist(4, 5), dist(3, 5)))))
	across := math.Inf(1)
	for i := 0; i < 3; i++ {
		for j := 3; j < 6; j++ {
			across = math.Min(across, dist(i, j))
		}
	}
	if within >= across {
		t.Errorf("largest distance within a triangle %.3f >= smallest across %.3f", within, across)
	}
}

// TestCoocChart checks that pairs never seen together leave the colour
// scale: they are a grey series of their own, named in the legend, and
// the scale is fitted to the pairs that do occur.
func TestCoocChart(t *testing.T) {
	co := Cooccurrence{
		Terms:  []string{"a", "b", "c", "d"},
		Counts: [][]int{{9, 4, 0, 2}, {4, 9, 0, 3}, {0, 0, 9, 0}, {2, 3, 0, 9}},
		NPMI:   [][]float64{{1, 0.31, -1, -0.12}, {0.31, 1, -1, 0.25}, {-1, -1, 1, -1}, {-0.12, 0.25, -1, 1}},
	}
	c, extra, tab, note := coocChart(co, 30)
	js, err := optionJSON(c, extra)
	if err != nil {
		t.Fatal(err)
	}
	var o map[string]any
	if err := json.Unmarshal([]byte(js), &o); err != nil {
		t.Fatal(err)
	}
	seen, never := seriesData(t, o, 0), seriesData(t, o, 1)
	// Ordered pairs off the diagonal: 3 unordered pairs seen, 3 never.
	if got, want := len(seen), 6; got != want {
		t.Errorf("%d coloured cells, want %d", got, want)
	}
	if got, want := len(never), 6; got != want {
		t.Errorf("%d grey cells, want %d", got, want)
	}
	for _, d := range seen {
		v := d["value"].([]any)
		if x, y := int(v[0].(float64)), int(v[1].(float64)); co.Counts[y][x] == 0 {
			t.Errorf("pair %s & %s, never together, is coloured", co.Terms[y], co.Terms[x])
		}
	}
	for _, d := range never {
		v := d["value"].([]any)
		if x, y := int(v[0].(float64)), int(v[1].(float64)); co.Counts[y][x] != 0 {
			t.Errorf("pair %s & %s, together %d times, is grey", co.Terms[y], co.Terms[x], co.Counts[y][x])
		}
	}
	vm := o["visualMap"].([]any)[0].(map[string]any)
	if got, want := vm["max"], 0.4; got != want {
		t.Errorf("colour scale ends at %v, want %v (0.31 rounded up)", got, want)
	}
	legend := o["legend"].(map[string]any)["data"].([]any)[0].(map[string]any)["name"]
	if name := o["series"].([]any)[1].(map[string]any)["name"]; legend != name {
		t.Errorf("legend names %q, want the grey series %q", legend, name)
	}
	if !strings.Contains(note, "±0.4") || !strings.Contains(note, "never in the same paragraph") {
		t.Errorf("note %q does not give the scale and the grey cells", note)
	}
	if got, want := len(tab.Rows), 6; got != want {
		t.Errorf("CSV has %d pairs, want %d (every unordered pair, seen or not)", got, want)
	}
}

func TestHeatChart(t *testing.T) {
	cells := []heatCell{
		{X: 0, Y: 0, Value: Interval{Mean: 0.25, Lo: 0.1, Hi: 0.4, N: 31}},
		{X: 1, Y: 0, Value: Interval{Mean: -0.5, Lo: -0.9, Hi: -0.1, N: 3, Sparse: true}},
		{X: 0, Y: 1, Missing: true},
	}
	for _, c := range []struct {
		name    string
		cells   []heatCell
		labels  []string
		legend  bool
		xLabels string
	}{
		{"n in every cell", cells, []string{"+0.25\n[0.10, 0.40]\nn=31", "(-0.50)\n[-0.90, -0.10]\nn=3"}, true, "break"},
		{"no missing cell, no legend", cells[:2], []string{"+0.25\n[0.10, 0.40]\nn=31"}, false, "break"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ch, extra := heatChart([]string{"A target with a long name", "B"}, []string{"o1", "o2"}, c.cells, "no mentions (n=0)")
			js, err := optionJSON(ch, extra)
			if err != nil {
				t.Fatal(err)
			}
			var o map[string]any
			if err := json.Unmarshal([]byte(js), &o); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range seriesData(t, o, 0) {
				got = append(got, d["label"].(string))
			}
			for _, want := range c.labels {
				if !slices.Contains(got, want) {
					t.Errorf("labels %q, want one %q", got, want)
				}
			}
			legend, _ := o["legend"].(map[string]any)
			if got := legend != nil && legend["show"] == true; got != c.legend {
				t.Errorf("legend shown = %v, want %v", got, c.legend)
			}
			axis := o["xAxis"].([]any)[0].(map[string]any)
			if got := axis["axisLabel"].(map[string]any)["overflow"]; got != c.xLabels {
				t.Errorf("target labels overflow = %v, want %v", got, c.xLabels)
			}
		})
	}
}

func TestCategoryLabels(t *testing.T) {
	for _, c := range []struct {
		n        int
		overflow string
		rotate   bool
	}{
		{1, "break", false}, {12, "break", false}, {13, "truncate", true}, {40, "truncate", true},
	} {
		t.Run(fmt.Sprint(c.n), func(t *testing.T) {
			l := categoryLabels(c.n)
			if got := l["overflow"]; got != c.overflow {
				t.Errorf("overflow = %v, want %v", got, c.overflow)
			}
			if _, got := l["rotate"]; got != c.rotate {
				t.Errorf("rotated = %v, want %v", got, c.rotate)
			}
			if w := l["width"].(int); w < 60 || w > 150 {
				t.Errorf("width = %d, want within [60, 150]", w)
			}
		})
	}
}

// TestDifferences checks the compare page's pairwise tests: every test
// in the table and the CSV, the significant ones marked, the chart
// bounded by Limits.Differences.
func TestDifferences(t *testing.T) {
	m := synthetic(60, 4, false)
	files := render(t, m, Limits{Differences: 5})
	page := files["compare.html"]
	significant, tested := 0, 0
	for _, d := range m.Differences {
		if d.Significant {
			significant++
		}
		if d.Tested {
			tested++
		}
	}
	if significant == 0 || significant == len(m.Differences) {
		t.Fatalf("synthetic model has %d of %d significant tests: the test needs both kinds", significant, len(m.Differences))
	}
	if got := bytes.Count(page, []byte(`<tr class="significant">`)); got != significant {
		t.Errorf("%d rows marked significant, want %d", got, significant)
	}
	if got, want := bytes.Count(page, []byte(`<span class="muted">not significant</span>`))+bytes.Count(page, []byte(`<span class="muted">not tested</span>`)), len(m.Differences)-significant; got != want {
		t.Errorf("%d rows not significant or not tested, want %d", got, want)
	}
	want := fmt.Sprintf("%d of %d tests are significant", significant, tested)
	if !bytes.Contains(page, []byte(want)) {
		t.Errorf("compare.html does not say %q", want)
	}
	if !bytes.Contains(page, []byte("Benjamini–Hochberg")) {
		t.Errorf("compare.html does not explain the adjustment")
	}
	rows, err := csv.NewReader(bytes.NewReader(files["data/compare-differences.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows), len(m.Differences)+1; got != want {
		t.Errorf("differences CSV has %d rows, want %d", got, want)
	}
	o := chartOption(t, page, "Differences between outlets")
	cats := o["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
	if got, want := len(cats), 5; got != want {
		t.Errorf("chart draws %d tests, want %d (Limits.Differences)", got, want)
	}
	// The drawn tests are those with the smallest adjusted p.
	for _, d := range seriesData(t, o, 0) {
		colour := d["itemStyle"].(map[string]any)["color"]
		if colour != colourSignificant && colour != colourNotSig {
			t.Errorf("test drawn in %v, want %s or %s", colour, colourSignificant, colourNotSig)
		}
	}
	if got := bytes.Count(page, []byte(`"color":"`+colourSignificant+`"`)); got != min(5, significant) {
		t.Errorf("%d significant tests drawn, want %d", got, min(5, significant))
	}

	// One outlet: no pair, and the page says so.
	one := synthetic(20, 1, false)
	one.Differences = nil
	if page := render(t, one, Limits{})["compare.html"]; !bytes.Contains(page, []byte("there is no pair to compare")) {
		t.Errorf("single-outlet compare.html does not say there is nothing to compare")
	}
}

func TestPValue(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want string
	}{
		{0.0001, "<0.001"}, {0.001, "0.001"}, {0.0456, "0.046"}, {1, "1.000"}, {math.NaN(), "n/a"},
	} {
		t.Run(c.want, func(t *testing.T) {
			if got := pValue(c.p); got != c.want {
				t.Errorf("pValue(%v) = %q, want %q", c.p, got, c.want)
			}
		})
	}
}

func TestNiceExtent(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{0, 0.1}, {0.1, 0.1}, {0.11, 0.2}, {0.33, 0.4}, {0.7, 0.8}, {0.95, 1}, {1.2, 1.5}, {7, 2},
	} {
		t.Run(fmt.Sprint(c.in), func(t *testing.T) {
			if got := niceExtent(c.in); got != c.want {
				t.Errorf("niceExtent(%v) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

func TestTargetsProposedNote(t *testing.T) {
	for _, c := range []struct {
		name     string
		proposed bool
		targets  bool
		want     bool
	}{
		{"proposed", true, true, true},
		{"configured", false, true, false},
		{"proposed but none found", true, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := synthetic(12, 2, false)
			m.TargetsProposed = c.proposed
			if !c.targets {
				m.Targets = nil
			}
			page := render(t, m, Limits{})["compare.html"]
			if got := bytes.Contains(page, []byte(`id="targets-proposed"`)); got != c.want {
				t.Errorf("note shown = %v, want %v", got, c.want)
			}
			if c.want && (!bytes.Contains(page, []byte("--targets")) || !bytes.Contains(page, []byte(`--target "`))) {
				t.Errorf("note does not show both ways to configure targets")
			}
		})
	}
}

// undated strips every date from a model, as in the BBC corpus.
func undated(m *Model) *Model {
	m.Buckets = nil
	m.Summary.First, m.Summary.Last = "", ""
	m.Summary.Undated = m.Summary.Articles
	for i := range m.Outlets {
		o := &m.Outlets[i]
		o.Undated = o.Articles
		o.SentimentTime, o.StanceTime, o.TopicTime = nil, nil, nil
	}
	for i := range m.Articles {
		m.Articles[i].Published = ""
	}
	for i := range m.Stories {
		st := &m.Stories[i]
		st.First = ""
		for j := range st.Outlets {
			st.Outlets[j].LagKnown, st.Outlets[j].LagHours = false, 0
		}
		for j := range st.Articles {
			st.Articles[j].Published = ""
		}
	}
	for i := range m.LabelPairs {
		var whole []LabelUse
		for _, u := range m.LabelPairs[i].Uses {
			if u.Period == "" {
				whole = append(whole, u)
			}
		}
		m.LabelPairs[i].Uses = whole
	}
	return m
}

// TestUndated checks that a corpus without dates says so where time
// charts would be, instead of leaving them blank.
func TestUndated(t *testing.T) {
	m := undated(synthetic(30, 3, false))
	files := render(t, m, Limits{})
	for _, c := range []struct{ page, want string }{
		{"index.html", "no dates"},
		{"compare.html", "No sentiment over time: no article has a publication date"},
		{OutletPath(m.Outlets[0].Name), "has a publication date"},
		{StoryPath(m.Stories[0].ID), "No coverage lag: the story's articles are undated."},
	} {
		if !bytes.Contains(files[c.page], []byte(html.EscapeString(c.want))) {
			t.Errorf("%s does not say %q", c.page, c.want)
		}
	}
	for name := range files {
		if strings.HasSuffix(name, "-time.csv") || strings.HasSuffix(name, "-lag.csv") {
			t.Errorf("%s written for a corpus without dates", name)
		}
	}
}

// TestStoryLag checks the lag chart: drawn when some outlet was late,
// replaced by a sentence when all reported on the first day.
func TestStoryLag(t *testing.T) {
	for _, c := range []struct {
		name  string
		lags  []float64
		chart bool
		note  string
	}{
		{"late outlet", []float64{0, 30}, true, ""},
		{"same day", []float64{0, 0, 0}, false, "all 3 outlets with dated articles published on the story's first date"},
		{"one outlet", []float64{0}, false, "only one outlet with a dated article"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := synthetic(12, 3, false)
			st := &m.Stories[0]
			st.Outlets = nil
			for i, h := range c.lags {
				st.Outlets = append(st.Outlets, StoryOutlet{Outlet: m.Outlets[i].Name, Articles: 1, LagHours: h, LagKnown: true})
			}
			files := render(t, m, Limits{})
			page := files[StoryPath(st.ID)]
			if got := bytes.Contains(page, []byte("<h3>Coverage lag</h3>")); got != c.chart {
				t.Errorf("lag chart drawn = %v, want %v", got, c.chart)
			}
			if c.note != "" && !bytes.Contains(page, []byte(html.EscapeString(c.note))) {
				t.Errorf("story page does not say %q", c.note)
			}
		})
	}
}

func TestNewPager(t *testing.T) {
	show := func(p pager) string {
		var parts []string
		if p.Prev != "" {
			parts = append(parts, "<"+p.Prev)
		}
		for _, l := range p.Pages {
			switch {
			case l.Gap:
				parts = append(parts, "…")
			case l.Current:
				parts = append(parts, fmt.Sprintf("[%d]", l.Number))
			default:
				parts = append(parts, fmt.Sprint(l.Number))
			}
		}
		if p.Next != "" {
			parts = append(parts, p.Next+">")
		}
		return strings.Join(parts, " ")
	}
	for _, c := range []struct {
		name   string
		n, cur int
		want   string
	}{
		{"one page", 1, 0, "[1]"},
		{"few pages", 3, 1, "<index.html 1 [2] 3 page-3.html>"},
		{"first of many", 20, 0, "[1] 2 3 4 … 20 page-2.html>"},
		{"middle of many", 20, 9, "<page-9.html 1 … 7 8 9 [10] 11 12 13 … 20 page-11.html>"},
		{"last of many", 20, 19, "<page-19.html 1 … 17 18 19 [20]"},
		{"no gap of one page", 9, 4, "<page-4.html 1 2 3 4 [5] 6 7 8 9 page-6.html>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := show(newPager("articles", c.n, c.cur)); got != c.want {
				t.Errorf("newPager(%d, %d) = %s, want %s", c.n, c.cur, got, c.want)
			}
		})
	}
}

// TestArticleMarks checks the article page: speakers after quotes, wire
// paragraphs marked as a whole.
func TestArticleMarks(t *testing.T) {
	m := synthetic(12, 2, false)
	a := &m.Articles[0]
	a.Paragraphs = []Paragraph{
		{Text: `He said "we will win" today.`, Label: "positive", Quotes: []Quote{{Start: 8, End: 20, Speaker: "Ann Lee"}}},
		{Text: "Shared wire copy.", Label: "neutral", Shared: true},
	}
	page := render(t, m, Limits{})[ArticlePath(a.ID)]
	// The quote span stops short of the closing mark; the speaker goes
	// after it.
	if !bytes.Contains(page, []byte(`&#34;we will win</span>&#34;<span class="speaker-tag" title="quoted speaker">Ann Lee</span> today.`)) {
		t.Errorf("the speaker does not follow the quote on the article page")
	}
	if got := bytes.Count(page, []byte(`<article class="para neutral shared">`)); got != 1 {
		t.Errorf("%d paragraphs marked shared, want 1", got)
	}
}
