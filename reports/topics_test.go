package reports

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"regexp"
	"strings"
	"testing"
)

// findChart returns the chart of a page whose title starts with prefix.
func findChart(t *testing.T, name string, page []byte, prefix string) (pageChart, bool) {
	t.Helper()
	for _, c := range pageCharts(t, name, page) {
		if strings.HasPrefix(c.Title, prefix) {
			return c, true
		}
	}
	return pageChart{}, false
}

// TestTopicPages renders models with 50, 3 and no topics and checks what
// each page shows: the topic pages, the agenda on the compare page (all
// topics or the 20 most prevalent), an outlet's top topics and small
// multiples, an article's proportions, the size budget and determinism.
func TestTopicPages(t *testing.T) {
	for _, c := range []struct {
		name string
		k    int
		// columns is the number of topics the agenda draws.
		columns int
	}{
		{"50 topics", 50, 20},
		{"3 topics", 3, 3},
		{"no topic model", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := withTopics(synthetic(120, 6, false), c.k, false)
			files := render(t, m, Limits{})
			again := render(t, withTopics(synthetic(120, 6, false), c.k, false), Limits{})
			for name, data := range files {
				if !bytes.Equal(data, again[name]) {
					t.Errorf("%s differs between two renders of the same model", name)
				}
				if strings.HasSuffix(name, ".html") && len(data) > 5<<20 {
					t.Errorf("%s is %d bytes, over the 5 MB budget", name, len(data))
				}
			}
			index := string(files["topics/index.html"])
			if index == "" {
				t.Fatalf("topics/index.html not written")
			}
			if got, want := count(files, "topics/", ".html"), c.k+1; got != want {
				t.Errorf("%d pages in topics/, want %d (index and one per topic)", got, want)
			}
			for _, page := range []string{"index.html", "compare.html", ArticlePath(m.Articles[0].ID)} {
				if !strings.Contains(string(files[page]), `href="`+rootOf(page)+`topics/index.html"`) {
					t.Errorf("%s does not link the topics page", page)
				}
			}
			compare := files["compare.html"]
			agenda, hasAgenda := findChart(t, "compare.html", compare, "Agenda:")
			outlet := OutletPath(m.Outlets[1].Name)
			top, hasTop := findChart(t, outlet, files[outlet], "Its ")
			article := string(files[ArticlePath(m.Articles[0].ID)])
			if c.k == 0 {
				if !strings.Contains(index, html.EscapeString(m.TopicNote)) {
					t.Errorf("topics/index.html does not say why there are no topics (%q)", m.TopicNote)
				}
				if hasAgenda || hasTop {
					t.Errorf("agenda drawn = %v, outlet topics drawn = %v without a topic model, want neither", hasAgenda, hasTop)
				}
				if strings.Contains(article, `id="topics"`) {
					t.Errorf("article page has a topics section without a topic model")
				}
				return
			}
			// The topics page: every topic in the table, the model's
			// figures, the note on the term network.
			for _, want := range []string{html.EscapeString(m.TopicModel.Method), `id="term-network-note"`, fmt.Sprintf(`<a href="../topics/%d.html">%d</a>`, c.k-1, c.k-1)} {
				if !strings.Contains(index, want) {
					t.Errorf("topics/index.html lacks %q", want)
				}
			}
			prev, ok := findChart(t, "topics/index.html", files["topics/index.html"], "Prevalence of each topic")
			if !ok {
				t.Fatalf("topics/index.html has no prevalence chart")
			}
			if got := len(categories(prev.Option)); got != c.k {
				t.Errorf("prevalence chart has %d topics, want %d", got, c.k)
			}
			// The agenda: keys × the most prevalent topics, most
			// prevalent first; the table holds every topic.
			if !hasAgenda {
				t.Fatalf("compare.html has no agenda chart")
			}
			axes := categoryAxes(agenda.Option)
			if len(axes) != 2 || len(axes[0]) != c.columns || len(axes[1]) != len(m.Outlets) {
				t.Fatalf("agenda axes %d × %d, want %d topics × %d keys", len(axes[0]), len(axes[len(axes)-1]), c.columns, len(m.Outlets))
			}
			order := (&site{m: m}).topicsByPrevalence()
			for x, label := range axes[0] {
				if want := topicName(m.Topics[order[x]]); label != want {
					t.Errorf("agenda column %d = %q, want %q (most prevalent first)", x, label, want)
				}
			}
			cut := strings.Contains(html.UnescapeString(string(compare)), fmt.Sprintf("The %d most prevalent of the %d topics", c.columns, c.k))
			if want := c.k > agendaColumns; cut != want {
				t.Errorf("agenda says it shows the most prevalent = %v, want %v", cut, want)
			}
			rows := regexp.MustCompile(`(?s)<table class="agenda">.*?</table>`).Find(compare)
			if got := bytes.Count(rows, []byte("<tr>")) - 1; got != c.k {
				t.Errorf("agenda table has %d topic rows, want %d", got, c.k)
			}
			// Each cell is labelled by the share and marked ▲/▼ when
			// significant.
			marks := 0
			for _, d := range seriesData(t, agenda.Option, 0) {
				v := d["value"].([]any)
				x, y := int(v[0].(float64)), int(v[1].(float64))
				ts, _ := topicShareOf(&m.Outlets[y], order[x])
				label := d["label"].(string)
				want := fmt.Sprintf("%.1f", ts.Share.Mean*100)
				if ts.Share.Sparse {
					want = "(" + want + ")"
				}
				want += topicMark(ts)
				if label != want {
					t.Errorf("agenda cell %s × %s = %q, want %q", m.Outlets[y].Name, axes[0][x], label, want)
				}
				if topicMark(ts) != "" {
					marks++
				}
			}
			if marks == 0 {
				t.Errorf("no agenda cell is marked significant: the synthetic model should have some")
			}
			// An outlet's most prevalent topics and its small multiples.
			if !hasTop {
				t.Fatalf("%s has no top-topics chart", outlet)
			}
			if got, want := len(categories(top.Option)), min(c.k, outletTopicsShown); got != want {
				t.Errorf("outlet top topics: %d bars, want %d", got, want)
			}
			multiples := 0
			for _, ch := range pageCharts(t, outlet, files[outlet]) {
				for _, sr := range m.Outlets[1].TopicTime {
					if ch.Title == topicName(m.Topics[sr.Topic]) {
						multiples++
					}
				}
			}
			if got, want := multiples, len(m.Outlets[1].TopicTime); got != want {
				t.Errorf("outlet page: %d topic small multiples, want %d (one per TopicTime series)", got, want)
			}
			// An article's largest proportions, linked.
			if got, want := len(regexp.MustCompile(`<a href="../topics/\d+\.html">`).FindAllString(article, -1)), min(c.k, articleTopicsShown); got != want {
				t.Errorf("article page links %d topics, want %d", got, want)
			}
			first := m.Articles[0].Topics[0]
			if !strings.Contains(article, fmt.Sprintf(`<a href="../topics/%d.html">%d: %s</a>`, first.Topic, first.Topic, html.EscapeString(m.Topics[first.Topic].Label))) {
				t.Errorf("article page does not list its largest topic %d first", first.Topic)
			}
			// A topic page: the test text, representatives linked when
			// they have a page.
			tp := m.Topics[0]
			page := html.UnescapeString(string(files[TopicPath(0)]))
			for _, want := range []string{
				"Fisher's exact test",
				fmt.Sprintf("Benjamini–Hochberg over the %d topic tests", m.Comparison.TopicTests),
				fmt.Sprintf("fewer than %d articles", m.Comparison.MinArticles),
			} {
				if !strings.Contains(page, want) {
					t.Errorf("%s lacks %q", TopicPath(0), want)
				}
			}
			for _, r := range tp.Representatives {
				linked := strings.Contains(page, `<a href="../`+ArticlePath(r.ID)+`">`)
				if linked != r.HasPage {
					t.Errorf("representative %s linked = %v, want %v (HasPage)", r.ID, linked, r.HasPage)
				}
			}
			byKey, ok := findChart(t, TopicPath(0), files[TopicPath(0)], "Articles about this topic, by outlet")
			if !ok {
				t.Fatalf("%s has no prevalence by outlet", TopicPath(0))
			}
			for i, name := range categories(byKey.Option) {
				ts := m.Outlets[i].Topics[0]
				want := m.Outlets[i].Name
				if mark := topicMark(ts); mark != "" {
					want += " " + mark
				}
				if name != want {
					t.Errorf("%s: bar %d = %q, want %q", TopicPath(0), i, name, want)
				}
			}
		})
	}
}

// TestTopicMark checks the significance marks and their colours.
func TestTopicMark(t *testing.T) {
	for _, c := range []struct {
		name         string
		ts           TopicShare
		mark, colour string
	}{
		{"over", TopicShare{Diff: 0.04, Tested: true, Significant: true}, "▲", colourOver},
		{"under", TopicShare{Diff: -0.02, Tested: true, Significant: true}, "▼", colourUnder},
		{"not significant", TopicShare{Diff: 0.2, Tested: true}, "", colourNotSig},
		{"not tested", TopicShare{Diff: math.NaN(), P: math.NaN(), PAdjusted: math.NaN()}, "", colourNotSig},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := topicMark(c.ts); got != c.mark {
				t.Errorf("topicMark(%+v) = %q, want %q", c.ts, got, c.mark)
			}
			if got := topicColour(c.ts); got != c.colour {
				t.Errorf("topicColour(%+v) = %q, want %q", c.ts, got, c.colour)
			}
		})
	}
}

// TestShareMax checks the rounding of share axes.
func TestShareMax(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []float64
		want any
	}{
		{"small", []float64{0.031, 0.012}, 0.04},
		{"large", []float64{0.31, math.NaN()}, 0.35},
		{"exact", []float64{0.05}, 0.05},
		{"capped", []float64{0.99}, 1.0},
		{"none", []float64{math.NaN()}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := shareMax(c.in); got != c.want {
				t.Errorf("shareMax(%v) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}
