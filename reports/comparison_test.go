package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// pooledName is the pool's name in the models of these tests.
const pooledName = "other outlets"

// manyOutlets builds the model of a corpus with n outlets of which the
// shown largest are compared one by one and the rest pooled as "other
// outlets", as the command fills it: m.Outlets holds shown+1 keys,
// m.AllOutlets every outlet. The pooled outlets publish articles, and
// the first story is covered by every one of them.
func manyOutlets(articles, n, shown int) *Model {
	m := synthetic(articles, shown+1, false)
	old := m.Outlets[shown].Name
	pooled := make([]string, n-shown)
	for i := range pooled {
		pooled[i] = fmt.Sprintf("Pooled outlet %04d", i)
	}
	rename := func(s *string) {
		if *s == old {
			*s = pooledName
		}
	}
	pool := &m.Outlets[shown]
	pool.Name, pool.Pooled, pool.Members = pooledName, true, pooled
	for i := range m.Differences {
		rename(&m.Differences[i].OutletA)
		rename(&m.Differences[i].OutletB)
	}
	for i := range m.LabelPairs {
		for j := range m.LabelPairs[i].Uses {
			rename(&m.LabelPairs[i].Uses[j].Outlet)
		}
	}
	// The pool's articles come from its outlets.
	outletOf := map[string]string{}
	k := 0
	for i := range m.Articles {
		if a := &m.Articles[i]; a.Outlet == old {
			a.Outlet = pooled[k%len(pooled)]
			outletOf[a.ID] = a.Outlet
			k++
		}
	}
	for i := range m.Stories {
		st := &m.Stories[i]
		for j := range st.Articles {
			if o, ok := outletOf[st.Articles[j].ID]; ok {
				st.Articles[j].Outlet = o
			}
		}
		var outlets []StoryOutlet
		for _, so := range st.Outlets {
			if so.Outlet != old {
				outlets = append(outlets, so)
			}
		}
		st.Outlets = outlets
		st.Missing = slices.DeleteFunc(st.Missing, func(o string) bool { return o == old })
	}
	st := &m.Stories[0]
	for i, o := range pooled {
		st.Outlets = append(st.Outlets, StoryOutlet{Outlet: o, Articles: 1, LagHours: float64(1 + i), LagKnown: true,
			Sentiment: Interval{Mean: 0.1, Lo: -0.2, Hi: 0.4, N: 3}, Stance: []TargetStance{{Target: m.Targets[0], Mentions: 1, All: Interval{Mean: -0.2, Lo: -0.5, Hi: 0.1, N: 2}}}})
	}
	m.AllOutlets = slices.DeleteFunc(m.AllOutlets, func(o OutletSummary) bool { return o.Name == old })
	for i, o := range pooled {
		m.AllOutlets = append(m.AllOutlets, OutletSummary{Name: o, Keys: []string{pooledName}, Articles: max(1, 9-i/60), Paragraphs: 40,
			Sentiment: Interval{Mean: 0.01 * float64(i%7), Lo: -0.3, Hi: 0.3, N: max(1, 9-i/60), Sparse: true}})
	}
	m.Summary.Outlets = n
	m.Comparison.Shown, m.Comparison.Pooled, m.Comparison.PooledName = shown, len(pooled), pooledName
	return m
}

// grouped turns a synthetic model's outlets into groups formed by the
// article field "bias": each key holds the outlets listed in members.
func grouped(m *Model, members map[string][]string) *Model {
	m.Comparison.Unit, m.Comparison.Field = "groups", "bias"
	m.AllOutlets = nil
	for i := range m.Outlets {
		o := &m.Outlets[i]
		o.Members = members[o.Name]
		for _, name := range o.Members {
			m.AllOutlets = append(m.AllOutlets, OutletSummary{Name: name, Keys: []string{o.Name}, Articles: 11, Paragraphs: 60,
				Sentiment: Interval{Mean: 0.05, Lo: -0.1, Hi: 0.2, N: 11}})
		}
	}
	return m
}

// pageChart is one chart of a rendered page: its title and option.
type pageChart struct {
	Title  string
	Option map[string]any
}

var chartRE = regexp.MustCompile(`(?s)<h3>([^<]*)</h3>\s*<div class="canvas"[^>]*>\s*</div>\s*<script type="application/json" id="[^"]+">(.*?)</script>`)

// pageCharts decodes every chart of a page.
func pageCharts(t *testing.T, name string, page []byte) []pageChart {
	t.Helper()
	var out []pageChart
	for _, m := range chartRE.FindAllSubmatch(page, -1) {
		var o map[string]any
		if err := json.Unmarshal(m[2], &o); err != nil {
			t.Fatalf("%s: chart %q: %v", name, m[1], err)
		}
		out = append(out, pageChart{Title: html.UnescapeString(string(m[1])), Option: o})
	}
	return out
}

// categoryAxes returns the labels of each category axis of an option.
func categoryAxes(o map[string]any) [][]string {
	var out [][]string
	for _, key := range []string{"xAxis", "yAxis"} {
		axes, _ := o[key].([]any)
		for _, a := range axes {
			ax, _ := a.(map[string]any)
			if ax["type"] != "category" {
				continue
			}
			data, _ := ax["data"].([]any)
			var labels []string
			for _, d := range data {
				labels = append(labels, fmt.Sprint(d))
			}
			out = append(out, labels)
		}
	}
	return out
}

// categories returns the labels of every category axis of an option.
func categories(o map[string]any) []string {
	return slices.Concat(categoryAxes(o)...)
}

// seriesNames returns the names of an option's series.
func seriesNames(o map[string]any) []string {
	var out []string
	series, _ := o["series"].([]any)
	for _, s := range series {
		sm, _ := s.(map[string]any)
		out = append(out, fmt.Sprint(sm["name"]))
	}
	return out
}

// TestManyOutlets renders a corpus of 500 outlets of which 12 are
// compared: every page stays under 5 MB, no chart draws more series or
// categories than the compared keys (or its own bounded axis: terms,
// tests, time buckets, the first outlets of a story), no chart that
// compares names a pooled outlet, and the pages say what is compared.
func TestManyOutlets(t *testing.T) {
	const n, shown = 500, 12
	m := manyOutlets(1500, n, shown)
	lim := Limits{}.withDefaults()
	files := render(t, m, Limits{})
	const budget = 5 << 20
	pooled := map[string]bool{}
	for _, o := range m.Outlets[shown].Members {
		pooled[o] = true
	}
	maxSeries := max(len(m.Outlets), len(m.Targets), len(m.Topics)) + 1
	maxCats := max(len(m.Outlets), lim.HeatmapTerms, lim.Differences, lim.StoryOutlets, lim.Bars, len(m.Buckets), len(m.LabelPairs))
	largest, charts := "", 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if len(data) > budget {
			t.Errorf("%s is %d bytes, over the %d-byte budget", name, len(data), budget)
		}
		if len(data) > len(files[largest]) {
			largest = name
		}
		compares := name == "index.html" || name == "compare.html" || strings.HasPrefix(name, "outlets/")
		for _, c := range pageCharts(t, name, data) {
			charts++
			if got := len(seriesNames(c.Option)); got > maxSeries {
				t.Errorf("%s: chart %q has %d series, want at most %d", name, c.Title, got, maxSeries)
			}
			for _, axis := range categoryAxes(c.Option) {
				if len(axis) > maxCats {
					t.Errorf("%s: chart %q has %d categories on an axis, want at most %d", name, c.Title, len(axis), maxCats)
				}
			}
			cats := categories(c.Option)
			if !compares {
				continue
			}
			for _, x := range append(cats, seriesNames(c.Option)...) {
				if pooled[x] {
					t.Errorf("%s: chart %q draws the pooled outlet %q", name, c.Title, x)
					break
				}
			}
		}
	}
	if charts == 0 {
		t.Fatal("no chart found on any page")
	}
	t.Logf("%d outlets: largest page %s (%d KB); index.html %d KB, compare.html %d KB, outlets/index.html %d KB",
		n, largest, len(files[largest])>>10, len(files["index.html"])>>10, len(files["compare.html"])>>10, len(files["outlets/index.html"])>>10)

	// The story covered by every outlet draws only the first to report.
	story := pageCharts(t, "story", files[StoryPath(m.Stories[0].ID)])
	for _, c := range story {
		if c.Title == "Coverage lag" {
			if got := len(categories(c.Option)); got != lim.StoryOutlets {
				t.Errorf("coverage lag draws %d outlets, want %d", got, lim.StoryOutlets)
			}
		}
	}

	// What is compared, on every page that compares.
	says := fmt.Sprintf("the %d largest outlets; the other %d outlets are pooled as “%s”", shown, n-shown, pooledName)
	pages := []string{"index.html", "compare.html", "outlets/index.html"}
	for _, o := range m.Outlets {
		pages = append(pages, OutletPath(o.Name))
	}
	for _, page := range pages {
		text := html.UnescapeString(string(files[page]))
		if page != OutletPath(pooledName) && !strings.Contains(text, says) {
			t.Errorf("%s does not say %q", page, says)
		}
		if !strings.Contains(string(files[page]), `href="`+rootOf(page)+`outlets.csv"`) {
			t.Errorf("%s does not link outlets.csv", page)
		}
	}
	// The index lists the pooled outlets compactly; the list of all
	// outlets has every one; the pool's page lists its members.
	index := html.UnescapeString(string(files["index.html"]))
	all := html.UnescapeString(string(files["outlets/index.html"]))
	poolPage := html.UnescapeString(string(files[OutletPath(pooledName)]))
	for _, o := range m.AllOutlets {
		if !strings.Contains(all, ">"+o.Name+"<") {
			t.Errorf("outlets/index.html does not list %q", o.Name)
		}
		if pooled[o.Name] {
			if !strings.Contains(index, o.Name+` <span class="muted">(`) {
				t.Errorf("index.html does not list the pooled outlet %q", o.Name)
			}
			if !strings.Contains(poolPage, "<td>"+o.Name+"</td>") {
				t.Errorf("the pool's page does not list %q", o.Name)
			}
		}
	}
	if got := strings.Count(index, "<tr"); got > len(m.Outlets)+50 {
		t.Errorf("index.html has %d table rows for %d compared keys: the outlets table grows with the corpus", got, len(m.Outlets))
	}

	// With a shorter list page the list of all outlets is paginated.
	paged := render(t, m, Limits{OutletList: 200})
	for _, name := range []string{"outlets/page-2.html", "outlets/page-3.html"} {
		if _, ok := paged[name]; !ok {
			t.Errorf("%s not written for %d outlets at 200 a page", name, n)
		}
	}
	if _, ok := paged["outlets/page-4.html"]; ok {
		t.Errorf("outlets/page-4.html written for %d outlets at 200 a page", n)
	}
}

// TestGroups checks a comparison of groups: the compare page compares
// the groups and says how they were formed, and each group's page lists
// the outlets within it.
func TestGroups(t *testing.T) {
	m := synthetic(60, 3, false)
	names := []string{"left", "center", "right"}
	members := map[string][]string{}
	for i := range m.Outlets {
		old := m.Outlets[i].Name
		m.Outlets[i].Name = names[i]
		for j := range m.Differences {
			d := &m.Differences[j]
			if d.OutletA == old {
				d.OutletA = names[i]
			}
			if d.OutletB == old {
				d.OutletB = names[i]
			}
		}
		for j := range m.LabelPairs {
			for k := range m.LabelPairs[j].Uses {
				if u := &m.LabelPairs[j].Uses[k]; u.Outlet == old {
					u.Outlet = names[i]
				}
			}
		}
		members[names[i]] = []string{old, fmt.Sprintf("Small %s outlet", names[i])}
	}
	m = grouped(m, members)
	files := render(t, m, Limits{})
	compare := html.UnescapeString(string(files["compare.html"]))
	for _, want := range []string{"<h1>Groups compared</h1>", "3 groups of outlets, formed by the article field “bias”", "Differences between groups", "First group"} {
		if !strings.Contains(compare, want) {
			t.Errorf("compare.html does not say %q", want)
		}
	}
	o := chartOption(t, files["compare.html"], "Sentiment by group: own voice and quotes")
	if got := categories(o); !slices.Equal(got, names) {
		t.Errorf("sentiment chart compares %q, want the groups %q", got, names)
	}
	for _, g := range names {
		page := html.UnescapeString(string(files[OutletPath(g)]))
		if !strings.Contains(page, `<h2 id="members">Outlets in this group</h2>`) {
			t.Errorf("%s has no list of its outlets", g)
		}
		for _, name := range members[g] {
			if !strings.Contains(page, "<td>"+name+"</td>") {
				t.Errorf("group %s's page does not list its outlet %q", g, name)
			}
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(files["data/compare-sentiment.csv"])).Read()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0] != "group" {
		t.Errorf("compare-sentiment.csv's first column is %q, want %q", rows[0], "group")
	}
}

// TestStatisticsText checks that the pages say exactly what was done:
// Welch tests on article means, no test below the minimum, Benjamini–
// Hochberg over the tests run, t-intervals; and that no page or CSV
// speaks of bootstrap or permutation tests.
func TestStatisticsText(t *testing.T) {
	m := synthetic(60, 4, false)
	files := render(t, m, Limits{})
	tested, tooFew := 0, 0
	for _, d := range m.Differences {
		if d.Tested {
			tested++
		}
		if d.TooFew {
			tooFew++
		}
	}
	if tooFew == 0 || tested == 0 {
		t.Fatalf("synthetic model has %d tested and %d too-few rows: the test needs both", tested, tooFew)
	}
	compare := html.UnescapeString(string(files["compare.html"]))
	for _, want := range []string{
		"Welch's t-test on article means",
		"each article one value",
		fmt.Sprintf("no test is run where either side has fewer than %d articles", m.Comparison.MinArticles),
		fmt.Sprintf("No test is run where either side has fewer than %d articles", m.Comparison.MinArticles),
		fmt.Sprintf("adjusted by Benjamini–Hochberg over the %d tests run", tested),
		"95% t-interval over articles",
		"95% Welch t-interval",
	} {
		if !strings.Contains(compare, want) {
			t.Errorf("compare.html does not say %q", want)
		}
	}
	if got := strings.Count(compare, `<span class="tag sparse"`); got != tooFew {
		t.Errorf("%d rows marked too few, want %d", got, tooFew)
	}
	bad := regexp.MustCompile(`(?i)bootstrap|permutation|resampl`)
	for name, data := range files {
		if strings.HasPrefix(name, "assets/echarts") {
			continue
		}
		if loc := bad.FindIndex(data); loc != nil {
			t.Errorf("%s says %q", name, data[max(0, loc[0]-40):min(len(data), loc[1]+40)])
		}
	}
}

// TestLabelPreferences checks the "Competing labels" section: whole-
// period preferences are charted dated or not, per-period rows too where
// there are buckets, and the section is never empty when the model has
// uses.
func TestLabelPreferences(t *testing.T) {
	for _, c := range []struct {
		name    string
		periods bool // keep per-period rows
		whole   bool // keep Period "" rows
		undated bool
		renamed bool // uses name keys missing from m.Outlets
		time    bool // per-period charts expected
	}{
		{"whole period only", false, true, false, false, false},
		{"whole period only, undated", false, true, true, false, false},
		{"per period only", true, false, false, false, true},
		{"both", true, true, false, false, true},
		{"keys not among the outlets", true, true, false, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := synthetic(30, 3, false)
			if c.undated {
				m = undated(m)
			}
			want := map[string]map[string]int{} // pair → key → uses
			for i := range m.LabelPairs {
				lp := &m.LabelPairs[i]
				lp.Uses = slices.DeleteFunc(lp.Uses, func(u LabelUse) bool {
					return u.Period == "" && !c.whole || u.Period != "" && !c.periods
				})
				for j := range lp.Uses {
					u := &lp.Uses[j]
					if c.renamed {
						u.Outlet = "key " + u.Outlet
					}
					if want[lp.A] == nil {
						want[lp.A] = map[string]int{}
					}
					want[lp.A][u.Outlet] += u.A + u.B
				}
			}
			files := render(t, m, Limits{})
			page := files["compare.html"]
			if bytes.Contains(page, []byte("None of the configured label pairs occurs")) {
				t.Fatalf("compare.html says no label pair occurs, but the model has uses")
			}
			o := chartOption(t, page, "Label preferences")
			keys := categoryAxes(o)[0]
			drawn := map[[2]int]bool{} // key, pair → coloured
			for _, d := range seriesData(t, o, 0) {
				v := d["value"].([]any)
				drawn[[2]int{int(v[0].(float64)), int(v[1].(float64))}] = true
			}
			for pi, lp := range m.LabelPairs {
				for key, uses := range want[lp.A] {
					ki := slices.Index(keys, key)
					if ki < 0 {
						t.Errorf("label chart has no column for %q (columns %q)", key, keys)
						continue
					}
					if got := drawn[[2]int{ki, pi}]; got != (uses > 0) {
						t.Errorf("%q on %q: drawn = %v, want %v", key, lp.A, got, uses > 0)
					}
				}
			}
			timeCharts := 0
			for _, ch := range pageCharts(t, "compare.html", page) {
				if strings.HasSuffix(ch.Title, " over time") && strings.HasPrefix(ch.Title, "“") {
					timeCharts++
				}
			}
			if got, want := timeCharts > 0, c.time; got != want {
				t.Errorf("per-period label charts drawn = %v (%d), want %v", got, timeCharts, want)
			}
		})
	}
}

// TestArticlesByDate checks that the article lists show articles newest
// first, then by id, undated last, whatever the model's order.
func TestArticlesByDate(t *testing.T) {
	m := synthetic(12, 2, false)
	dates := []string{"2026-02-01", "", "2026-03-15", "2026-02-01", "", "2026-01-09"}
	m.Articles = m.Articles[:len(dates)]
	for i := range m.Articles {
		m.Articles[i].Published = dates[i]
		m.Articles[i].Title = fmt.Sprintf("Article %d", i)
	}
	// Ids in reverse, so that id order differs from the model's.
	for i := range m.Articles {
		m.Articles[i].ID = fmt.Sprintf("a/%02d", len(m.Articles)-i)
	}
	want := []string{"Article 2", "Article 3", "Article 0", "Article 5", "Article 4", "Article 1"}
	files := render(t, m, Limits{})
	titles := regexp.MustCompile(`<a href="[^"]+">(Article \d+)</a>`)
	for _, page := range []string{"article/index.html", "index.html"} {
		var got []string
		for _, sm := range titles.FindAllSubmatch(files[page], -1) {
			got = append(got, string(sm[1]))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s lists %q, want %q", page, got, want)
		}
	}
}

// TestZeroBasedIndexes checks that paragraphs, term communities and
// topics are numbered from 0 on the pages and in the CSVs, as in the
// exports.
func TestZeroBasedIndexes(t *testing.T) {
	m := synthetic(12, 2, false)
	a := &m.Articles[0]
	files := render(t, m, Limits{})
	page := string(files[ArticlePath(a.ID)])
	for i := range a.Paragraphs {
		if !strings.Contains(page, fmt.Sprintf(`<span class="idx">¶ %d</span>`, i)) {
			t.Errorf("article page has no ¶ %d", i)
		}
	}
	if n := len(a.Paragraphs); strings.Contains(page, fmt.Sprintf(`<span class="idx">¶ %d</span>`, n)) {
		t.Errorf("article page numbers a paragraph %d of %d: not from 0", n, n)
	}
	if !strings.Contains(page, "numbered from 0") {
		t.Errorf("article page does not say paragraphs are numbered from 0")
	}
	if !strings.Contains(string(files["index.html"]), `</span>0</td><td>`+html.EscapeString(m.Communities[0].Label)) {
		t.Errorf("index.html does not number the first term community 0")
	}
	if !strings.Contains(string(files["topics/index.html"]), `<a href="../topics/0.html">0</a>`) {
		t.Errorf("topics/index.html does not number the first topic 0")
	}
	if _, ok := files[TopicPath(0)]; !ok {
		t.Errorf("%s not written", TopicPath(0))
	}
	for _, c := range []struct{ file, column string }{
		{"data/compare-agenda.csv", "topic"},
		{"data/topics-topics.csv", "topic"},
		{"data/index-network-nodes.csv", "community"},
	} {
		rows, err := csv.NewReader(bytes.NewReader(files[c.file])).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		col := slices.Index(rows[0], c.column)
		if col < 0 {
			t.Fatalf("%s has no column %q", c.file, c.column)
		}
		least := -1
		for _, r := range rows[1:] {
			var v int
			if _, err := fmt.Sscan(r[col], &v); err == nil && (least < 0 || v < least) {
				least = v
			}
		}
		if least != 0 {
			t.Errorf("%s: least %s = %d, want 0", c.file, c.column, least)
		}
	}
}

// TestStoryWithoutFigures checks a story whose outlets come with their
// articles and lags only (as the command fills them today): the page
// says the figures are not in the report instead of claiming that no
// target is mentioned or no word sets an outlet apart.
func TestStoryWithoutFigures(t *testing.T) {
	m := synthetic(30, 3, false)
	st := &m.Stories[0]
	for i := range st.Outlets {
		so := &st.Outlets[i]
		so.Sentiment, so.Stance, so.Distinctive, so.Speakers = Interval{}, nil, nil, nil
	}
	page := html.UnescapeString(string(render(t, m, Limits{})[StoryPath(st.ID)]))
	if !strings.Contains(page, `id="story-figures"`) {
		t.Errorf("story page does not say its outlets' figures are not in the report")
	}
	for _, bad := range []string{"No word sets one outlet's coverage apart", "The story mentions none of", "Mean article sentiment [95% t-interval]", "no data"} {
		if strings.Contains(page, bad) {
			t.Errorf("story page says %q with no figures to show", bad)
		}
	}
}
