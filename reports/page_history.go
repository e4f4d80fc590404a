package reports

import (
	"fmt"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

type historyBody struct {
	Runs                                  []Run
	Articles, Changes, Sentiment, Stances *chartBlock
}

func (s *site) historyPage() {
	m := s.m
	p := s.page("history.html", "history")
	b := &historyBody{}
	// Newest first in the table.
	for i := len(m.History) - 1; i >= 0; i-- {
		b.Runs = append(b.Runs, m.History[i])
	}
	if len(m.History) > 0 {
		labels := make([]string, len(m.History))
		for i, r := range m.History {
			labels[i] = runLabel(r)
		}
		t := &table{Header: []string{"run", "time", "articles", "new", "changed", "removed", "skipped", "sentiment"}}
		for _, r := range m.History {
			t.add(r.ID, r.Time, csvInt(r.Articles), csvInt(r.New), csvInt(r.Changed), csvInt(r.Removed), csvInt(r.Skipped), csvFloat(r.Sentiment))
		}
		href := p.csv("runs", t)
		size, changes := historyArticles(m.History, labels)
		b.Articles = p.chart("Articles per run", "Articles in the corpus after each run.", 320, size, nil, href)
		b.Changes = p.chart("Changes per run", "Articles new, changed and removed since the run before.", 320, changes, nil, href)
		sent := make([]item, len(m.History))
		for i, r := range m.History {
			sent[i] = item{Value: num(r.Sentiment), Tip: fmt.Sprintf("mean sentiment %s (%d articles)", plus(r.Sentiment), r.Articles), Symbol: "circle"}
		}
		c := charts.NewLine()
		c.SetGlobalOptions(charts.WithTooltipOpts(tooltipAxis), noLegend, gridNamedY("16", "40"),
			charts.WithYAxisOpts(valueAxisY("mean sentiment", nil, nil)), charts.WithXAxisOpts(opts.XAxis{Type: "category"}))
		c.SetXAxis(labels)
		c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Type: "line", Name: "sentiment", Data: sent, ShowSymbol: opts.Bool(true), Color: "#4e79a7"})
		b.Sentiment = p.chart("Mean sentiment per run", "Mean paragraph sentiment of the whole corpus as each run saw it.", 320, c, nil, href)

		st := &table{Header: []string{"run", "time", "target", "mean", "mentions"}}
		var series []Series
		seen := map[string]int{}
		for _, r := range m.History {
			for _, x := range r.Stance {
				st.add(r.ID, r.Time, x.Target, csvFloat(x.Mean), csvInt(x.Mentions))
				i, ok := seen[x.Target]
				if !ok {
					i = len(series)
					seen[x.Target] = i
					series = append(series, Series{Name: x.Target})
				}
				series[i].Points = append(series[i].Points, Point{Bucket: runLabel(r), Value: Interval{Mean: x.Mean, Lo: x.Mean, Hi: x.Mean, Obs: x.Mentions}})
			}
		}
		if len(series) > 0 {
			text := func(v Interval) string { return fmt.Sprintf("%s (%d mentions)", plus(v.Mean), v.Obs) }
			b.Stances = p.chart("Stance per target per run", "Mean stance toward each target over the whole corpus at each run.",
				360, timeChart(labels, series, "mean stance", -1, 1, nil, text), nil, p.csv("stance", st))
		}
	}
	p.render("history", "Run history", "history", b)
	s.flush(p)
}

// runLabel names a run on the time axis: its time as "2006-01-02
// 15:04:05" (UTC) when it parses as RFC 3339, else its id. Seconds keep
// two runs in the same minute apart.
func runLabel(r Run) string {
	if t, err := time.Parse(time.RFC3339, r.Time); err == nil {
		return t.UTC().Format(time.DateTime)
	}
	if r.Time != "" {
		return r.Time
	}
	return r.ID
}

// historyArticles draws corpus size per run as bars, and the changes
// (new, changed, removed) as stacked bars in a chart of their own: the
// two differ by orders of magnitude once the corpus has grown, and a
// second axis on one chart invites reading one scale against the other.
func historyArticles(runs []Run, labels []string) (size, changes echart) {
	total := make([]item, len(runs))
	parts := [3][]item{}
	names := [3]string{"new", "changed", "removed"}
	for i, r := range runs {
		total[i] = item{Value: r.Articles, Tip: fmt.Sprintf("articles: %d", r.Articles)}
		for k, v := range []int{r.New, r.Changed, r.Removed} {
			parts[k] = append(parts[k], item{Value: v, Tip: fmt.Sprintf("%s: %d", names[k], v)})
		}
	}
	sc := charts.NewBar()
	sc.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipAxis), noLegend, gridNamedY("16", "40"),
		charts.WithYAxisOpts(valueAxisY("articles", 0, nil)),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
	)
	sc.SetXAxis(labels)
	sc.MultiSeries = append(sc.MultiSeries, charts.SingleSeries{Type: "bar", Name: "articles", Data: total, BarMaxWidth: "28", ItemStyle: &opts.ItemStyle{Color: "#4e79a7"}})

	cc := charts.NewBar()
	cc.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipAxis),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		gridNamedY("36", "40"),
		charts.WithYAxisOpts(valueAxisY("articles", 0, nil)),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
	)
	cc.SetXAxis(labels)
	colours := []string{"#59a14f", "#f28e2b", "#e15759"}
	for k := range parts {
		cc.MultiSeries = append(cc.MultiSeries, charts.SingleSeries{Type: "bar", Name: names[k], Stack: "changes", Data: parts[k], BarMaxWidth: "28", ItemStyle: &opts.ItemStyle{Color: colours[k]}})
	}
	return sc, cc
}
