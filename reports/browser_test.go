package reports

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsframe/reports/browsercheck"
)

// artifacts is where tests keep files for people to look at:
// $NEWSFRAME_ARTIFACTS when set (CI), else a temporary directory.
func artifacts(t *testing.T) string {
	if dir := os.Getenv("NEWSFRAME_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

// TestBrowserPages opens every page of a report in Chromium: no console
// error, no network request, every chart drawn, every tooltip formatter
// run. It keeps screenshots of the compare, index and topic pages (the
// synthetic model has 3 topics).
func TestBrowserPages(t *testing.T) {
	b := browsercheck.ForTest(t)
	dir := t.TempDir()
	m := synthetic(24, 4, false)
	if err := Write(DirCreate(dir), m); err != nil {
		t.Fatal(err)
	}
	out := artifacts(t)
	shots := []struct{ name, page string }{
		{"compare", "compare.html"}, {"index", "index.html"}, {"history", "history.html"},
		{"outlet", OutletPath(m.Outlets[0].Name)}, {"story", StoryPath(m.Stories[0].ID)}, {"article", ArticlePath(m.Articles[0].ID)},
		{"topics", "topics/index.html"}, {"topic", TopicPath(0)},
	}
	for _, shot := range shots {
		png := filepath.Join(out, "report-"+shot.name+".png")
		r, err := b.Check(filepath.Join(dir, shot.page), browsercheck.Options{Screenshot: png, Width: 1400})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Err(); err != nil {
			t.Error(err)
		}
		t.Logf("screenshot of %s: %s", shot.page, png)
	}
	// The term network fits its container on load: every node is drawn
	// inside the chart, none off the canvas.
	r, err := b.Check(filepath.Join(dir, "index.html"), browsercheck.Options{Eval: networkFitJS})
	if err != nil {
		t.Fatal(err)
	}
	var outside, nodes int
	if _, err := fmt.Sscanf(r.Eval, "%d/%d", &outside, &nodes); err != nil {
		t.Fatalf("network check = %q: %v", r.Eval, err)
	}
	if nodes == 0 || outside > 0 {
		t.Errorf("term network: %d of %d nodes drawn outside the chart, want all %d inside", outside, nodes, nodes)
	}
	reports, err := b.CheckDir(dir, browsercheck.Options{Tooltips: true})
	if err != nil {
		t.Fatal(err)
	}
	charts, tips := 0, 0
	for _, r := range reports {
		if err := r.Err(); err != nil {
			t.Error(err)
		}
		charts += r.Charts
		tips += r.Tooltips
		rel, _ := filepath.Rel(dir, r.Page)
		if want := expectCharts(rel); want && r.Charts == 0 {
			t.Errorf("%s has no chart", rel)
		}
	}
	t.Logf("%d pages, %d charts drawn, %d tooltips opened", len(reports), charts, tips)

	// A first run on an empty corpus: pages without charts still work.
	empty := t.TempDir()
	if err := Write(DirCreate(empty), &Model{Title: "empty"}); err != nil {
		t.Fatal(err)
	}
	reports, err = b.CheckDir(empty, browsercheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if err := r.Err(); err != nil {
			t.Error(err)
		}
	}
}

// networkFitJS counts the term network's nodes whose centre lies
// outside the chart: "outside/nodes". It asks ECharts where it drew each
// node (in pixels of the chart).
const networkFitJS = `(function () {
  var outside = 0, nodes = 0;
  window.newsframe.charts.forEach(function (c) {
    (c.getOption().series || []).forEach(function (s, si) {
      if (s.type !== 'graph') { return; }
      var data = c.getModel().getSeriesByIndex(si).getData();
      for (var i = 0; i < data.count(); i++) {
        var p = c.convertToPixel({ seriesIndex: si }, data.getItemLayout(i));
        nodes++;
        if (!(p[0] >= 0 && p[0] <= c.getWidth() && p[1] >= 0 && p[1] <= c.getHeight())) { outside++; }
      }
    });
  });
  return outside + '/' + nodes;
})()`

// TestBrowserUndated opens every page of a report on a corpus without
// dates (as the BBC set): no errors, no blank chart.
func TestBrowserUndated(t *testing.T) {
	b := browsercheck.ForTest(t)
	dir := t.TempDir()
	if err := Write(DirCreate(dir), undated(synthetic(12, 3, false))); err != nil {
		t.Fatal(err)
	}
	reports, err := b.CheckDir(dir, browsercheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if err := r.Err(); err != nil {
			t.Error(err)
		}
	}
}

// expectCharts reports whether a page of the synthetic model must hold
// charts.
func expectCharts(rel string) bool {
	rel = filepath.ToSlash(rel)
	switch {
	case rel == "index.html", rel == "compare.html", rel == "history.html", strings.HasPrefix(rel, "topics/"):
		return true
	case strings.HasPrefix(rel, "outlets/") && rel != "outlets/index.html":
		return true
	case strings.HasPrefix(rel, "stories/story-"):
		return true
	}
	return false
}

// TestBrowserXSS renders a model whose titles, outlets, terms, speakers,
// targets, topics, story labels, paths and paragraphs hold <script>,
// <img onerror> and javascript: links, opens every page with every
// tooltip, and checks that no dialog opens, nothing is requested or
// fails to load, and the markup shows as text.
func TestBrowserXSS(t *testing.T) {
	b := browsercheck.ForTest(t)
	dir := t.TempDir()
	m := synthetic(12, 3, true)
	if err := Write(DirCreate(dir), m); err != nil {
		t.Fatal(err)
	}
	reports, err := b.CheckDir(dir, browsercheck.Options{Tooltips: true, Text: true})
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, r := range reports {
		if err := r.Err(); err != nil {
			t.Error(err)
		}
		rel, _ := filepath.Rel(dir, r.Page)
		if strings.Contains(r.Text, `<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>`) {
			shown[filepath.ToSlash(rel)] = true
		}
	}
	// Pages where the hostile text is shown as page text (elsewhere it
	// is on a canvas or in a tooltip).
	for _, page := range []string{"index.html", "compare.html", "outlets/index.html", "stories/index.html", ArticlePath(m.Articles[0].ID), "topics/index.html", TopicPath(0)} {
		if !shown[page] {
			t.Errorf("%s does not show the hostile text as text", page)
		}
	}
}

// TestBrowserTopics opens the pages that show topics for a model of 50
// topics: no console error, every chart drawn, every tooltip formatter
// run on the topic pages. It keeps screenshots of the topics, topic,
// compare and outlet pages.
func TestBrowserTopics(t *testing.T) {
	b := browsercheck.ForTest(t)
	dir := t.TempDir()
	m := withTopics(synthetic(60, 6, false), 50, false)
	if err := Write(DirCreate(dir), m); err != nil {
		t.Fatal(err)
	}
	out := artifacts(t)
	for _, c := range []struct {
		name, page string
		tooltips   bool
	}{
		{"topics-50", "topics/index.html", true},
		{"topic-50", TopicPath(7), true},
		{"compare-50", "compare.html", false},
		{"outlet-50", OutletPath(m.Outlets[1].Name), false},
		{"article-50", ArticlePath(m.Articles[0].ID), false},
	} {
		png := filepath.Join(out, "report-"+c.name+".png")
		r, err := b.Check(filepath.Join(dir, c.page), browsercheck.Options{Screenshot: png, Width: 1400, Tooltips: c.tooltips})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Err(); err != nil {
			t.Error(err)
		}
		if c.page != ArticlePath(m.Articles[0].ID) && r.Charts == 0 {
			t.Errorf("%s has no chart", c.page)
		}
		t.Logf("screenshot of %s: %s (%d charts, %d tooltips)", c.page, png, r.Charts, r.Tooltips)
	}
}
