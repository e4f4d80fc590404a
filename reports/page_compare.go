package reports

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

type speakerRow struct {
	Outlet, Href string
	Speakers     []Speaker
}

type compareBody struct {
	WireExcluded   bool
	WireShared     int
	WireTotal      int
	Undated        int
	Sentiment      *chartBlock
	SentimentTime  *chartBlock
	Stance         *chartBlock
	Distinctive    []*chartBlock
	DistinctiveCut bool
	// Agenda is keys × topics; nil without a topic model.
	Agenda      *agendaSection
	QuoteShare  *chartBlock
	Speakers    []speakerRow
	SpeakersCSV string
	LabelPrefs  *chartBlock
	// LabelTime holds one chart per label pair used in dated articles:
	// each compared key's share per time bucket.
	LabelTime   []*chartBlock
	WireShare   *chartBlock
	Differences *diffSection
	// TargetsProposed: the targets were proposed from named entities.
	TargetsProposed bool
	// Dated is true when some article has a date (time charts exist).
	Dated bool
	// Noun is what one compared key is: "outlet" or "group".
	Noun string
	// AboutPercent is TopicModel.AboutShare as a percentage ("20%").
	AboutPercent string
}

// aboutPercent writes the share that makes an article about a topic.
func aboutPercent(tm *TopicModel) string {
	if tm == nil {
		return ""
	}
	return percent(tm.AboutShare)
}

// noun is what one compared key is: "outlet" or "group".
func (s *site) noun() string {
	if s.cmp.Unit == "groups" {
		return "group"
	}
	return "outlet"
}

// speakersShown is how many speakers per outlet the compare table lists.
const speakersShown = 5

func (s *site) comparePage() {
	m := s.m
	p := s.page("compare.html", "compare")
	b := &compareBody{WireExcluded: m.Wire.Excluded, WireShared: m.Wire.Shared, WireTotal: m.Wire.Total, Undated: m.Summary.Undated,
		TargetsProposed: m.TargetsProposed && len(m.Targets) > 0, Dated: len(m.Buckets) > 0, Noun: s.noun(), AboutPercent: aboutPercent(m.TopicModel)}
	names := make([]string, len(m.Outlets))
	for i, o := range m.Outlets {
		names[i] = o.Name
	}
	if len(m.Outlets) > 0 {
		b.Sentiment = s.compareSentiment(p, names)
		b.Agenda = s.compareAgenda(p)
		b.QuoteShare = s.compareQuotes(p, names)
		b.WireShare = s.compareWire(p, names)
		b.Stance = s.stanceHeat(p, "stance", m.Outlets, nil, false,
			"Stance by "+s.noun()+" and target", "Each cell: mean stance over the articles mentioning the target (−1 against … +1 favour), its 95% t-interval, and n, the articles behind it. Mean in parentheses with a dashed border: too few articles, not tested; light grey: no mention.")
		b.SentimentTime = s.sentimentTime(p, names)
	}
	b.Differences = s.compareDifferences(p)
	s.compareDistinctive(p, b)
	s.compareLabels(p, b)
	sp := &table{Header: []string{s.noun(), "rank", "speaker", "quotes"}}
	for _, o := range m.Outlets {
		for i, x := range o.Speakers {
			sp.add(o.Name, csvInt(i+1), x.Name, csvInt(x.Quotes))
		}
		if len(o.Speakers) > 0 {
			b.Speakers = append(b.Speakers, speakerRow{Outlet: o.Name, Href: p.href(OutletPath(o.Name)), Speakers: o.Speakers[:min(len(o.Speakers), speakersShown)]})
		}
	}
	if len(sp.Rows) > 0 {
		b.SpeakersCSV = p.csv("speakers", sp)
	}
	title := "Outlets compared"
	if s.cmp.Unit == "groups" {
		title = "Groups compared"
	}
	p.render("compare", title, "compare", b)
	s.flush(p)
}

func (s *site) compareSentiment(p *pageBuilder, names []string) *chartBlock {
	t := &table{Header: []string{s.noun()}}
	for _, pre := range []string{"all_", "own_", "quoted_"} {
		t.Header = append(t.Header, intervalHeader(pre)...)
	}
	groups := []ciGroup{{Name: "all paragraphs", Colour: "#4e79a7"}, {Name: "own voice", Colour: "#59a14f"}, {Name: "inside quotes", Colour: "#f28e2b"}}
	for _, o := range s.m.Outlets {
		row := []string{o.Name}
		for gi, v := range []Interval{o.Sentiment, o.OwnVoice, o.Quoted} {
			groups[gi].Values = append(groups[gi].Values, v)
			groups[gi].Tips = append(groups[gi].Tips, fmt.Sprintf("%s, %s\n%s", o.Name, groups[gi].Name, intervalText(v, "articles", "paragraphs")))
			row = append(row, intervalFields(v)...)
		}
		t.add(row...)
	}
	return p.chart("Sentiment by "+s.noun()+": own voice and quotes",
		"Mean article sentiment with 95% t-intervals over articles, for all text, the "+s.noun()+"'s own voice, and text inside quotes. Hollow, dashed: too few articles.",
		ciHeight(len(names), 3), ciChart(names, groups, true, "mean sentiment (−1 … +1)", -1, 1, false), nil, p.csv("sentiment", t))
}

// stanceHeat draws outlets × targets; per overrides the stance list of
// each outlet (story pages pass the story's). With mentionedOnly, targets
// no outlet mentions are left out (a story touches few of them).
func (s *site) stanceHeat(p *pageBuilder, key string, outlets []Outlet, per [][]TargetStance, mentionedOnly bool, title, note string) *chartBlock {
	if len(s.m.Targets) == 0 || len(outlets) == 0 {
		return nil
	}
	stanceOf := func(y int) []TargetStance {
		if per != nil {
			return per[y]
		}
		return outlets[y].Stance
	}
	has := func(st TargetStance) bool { return st.All.N > 0 || st.All.Obs > 0 }
	targets := s.m.Targets
	if mentionedOnly {
		mentioned := map[string]bool{}
		for y := range outlets {
			for _, st := range stanceOf(y) {
				if has(st) {
					mentioned[st.Target] = true
				}
			}
		}
		targets = nil
		for _, tg := range s.m.Targets {
			if mentioned[tg] {
				targets = append(targets, tg)
			}
		}
		if len(targets) == 0 {
			return nil
		}
	}
	names := make([]string, len(outlets))
	// Story pages pass per: their rows are outlets; here they are keys.
	keyColumn := "outlet"
	if per == nil {
		keyColumn = s.noun()
	}
	t := &table{Header: []string{keyColumn, "target", "mentions"}}
	for _, pre := range []string{"all_", "own_", "quoted_"} {
		t.Header = append(t.Header, intervalHeader(pre)...)
	}
	var cells []heatCell
	for y, o := range outlets {
		names[y] = o.Name
		by := map[string]TargetStance{}
		for _, st := range stanceOf(y) {
			by[st.Target] = st
		}
		for x, tg := range targets {
			st, ok := by[tg]
			if !ok || !has(st) {
				cells = append(cells, heatCell{X: x, Y: y, Missing: true, Tip: fmt.Sprintf("%s on %s: no mentions", o.Name, tg)})
				continue
			}
			tip := fmt.Sprintf("%s on %s (%d mentions)\nall: %s\nown voice: %s\nquoted: %s", o.Name, tg, st.Mentions,
				intervalText(st.All, "articles", "paragraphs"), intervalText(st.OwnVoice, "articles", "paragraphs"), intervalText(st.Quoted, "articles", "paragraphs"))
			cells = append(cells, heatCell{X: x, Y: y, Value: st.All, Tip: tip})
			row := []string{o.Name, tg, csvInt(st.Mentions)}
			for _, v := range []Interval{st.All, st.OwnVoice, st.Quoted} {
				row = append(row, intervalFields(v)...)
			}
			t.add(row...)
		}
	}
	c, extra := heatChart(targets, names, cells, "no mentions (n=0)")
	return p.chart(title, note, max(240, 130+len(names)*heatRowHeight), c, extra, p.csv(key, t))
}

func (s *site) sentimentTime(p *pageBuilder, names []string) *chartBlock {
	m := s.m
	var series []Series
	t := &table{Header: append([]string{s.noun(), "bucket"}, intervalHeader("")...)}
	for _, o := range m.Outlets {
		series = append(series, Series{Name: o.Name, Points: o.SentimentTime})
		for _, pt := range o.SentimentTime {
			t.add(append([]string{o.Name, pt.Bucket}, intervalFields(pt.Value)...)...)
		}
	}
	if len(t.Rows) == 0 || len(m.Buckets) == 0 {
		return nil
	}
	note := fmt.Sprintf("Mean article sentiment per %s, with 95%% t-intervals in the tooltips. Hollow points: too few articles; gaps: no article that %s.", unit(m.TimeUnit), unit(m.TimeUnit))
	if m.Summary.Undated > 0 {
		note += " " + undatedText(m.Summary.Undated)
	}
	c := timeChart(m.Buckets, series, "mean sentiment", -1, 1, nil, func(v Interval) string { return intervalText(v, "articles", "paragraphs") })
	return p.chart("Sentiment over time", note, 380, c, nil, p.csv("sentiment-time", t))
}

// undatedText notes articles left out of a time chart.
func undatedText(n int) string {
	if n == 1 {
		return "1 undated article is left out."
	}
	return fmt.Sprintf("%d undated articles are left out.", n)
}

// unit names the time bucket, "period" when unknown.
func unit(u string) string {
	if u == "" {
		return "period"
	}
	return u
}

func (s *site) compareDistinctive(p *pageBuilder, b *compareBody) {
	t := &table{Header: []string{s.noun(), "versus", "rank", "term", "count", "z"}}
	for _, o := range s.m.Outlets {
		for i, d := range o.Distinctive {
			t.add(o.Name, "all others", csvInt(i+1), d.Term, csvInt(d.Count), csvFloat(d.Z))
		}
	}
	if len(t.Rows) == 0 {
		return
	}
	href := p.csv("distinctive-terms", t)
	for i, o := range s.m.Outlets {
		if i == s.lim.Panels {
			b.DistinctiveCut = true
			break
		}
		if len(o.Distinctive) == 0 {
			continue
		}
		n := min(len(o.Distinctive), s.lim.Bars)
		b.Distinctive = append(b.Distinctive, p.chart(o.Name,
			"Terms this "+s.noun()+" uses more than all others compared: z-score of the log-odds ratio with an informative Dirichlet prior (|z| > 1.96 is significant at 5%, before correction).",
			barsHeight(n), distinctiveBars(o.Distinctive[:n], palette[i%len(palette)]), nil, href))
	}
}

// distinctiveBars draws terms by z-score.
func distinctiveBars(ds []Distinctive, colour string) echart {
	names := make([]string, len(ds))
	data := make([]item, len(ds))
	for i, d := range ds {
		names[i] = d.Term
		data[i] = item{Value: num(d.Z), Tip: fmt.Sprintf("%s\nz = %.2f, used %d times", d.Term, d.Z, d.Count)}
		if d.Z < 1.96 {
			data[i].ItemStyle = &itemStyle{Opacity: 0.45}
		}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("8", "36"),
		charts.WithXAxisOpts(valueAxisX("z-score (log-odds, informative prior)", nil, nil)),
		charts.WithYAxisOpts(categoryAxisY(names, "")),
	)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{
		Type: "bar", Name: "z", Data: data, BarMaxWidth: "18", ItemStyle: &opts.ItemStyle{Color: colour},
	})
	return c
}

// agendaColumns is how many topics the agenda heat map draws, the most
// prevalent, when the model has more (its table and CSV hold them all).
const agendaColumns = 20

// agendaSection is the compare page's agenda: which topics each key
// emphasises.
type agendaSection struct {
	Chart *chartBlock
	// Shown of K topics are drawn.
	Shown, K int
	// Topics heads the table (every topic, in id order), Rows holds one
	// row per key.
	Topics []topicRow
	Rows   []agendaRow
}

type agendaRow struct {
	Name, Href string
	Cells      []agendaTableCell
}

type agendaTableCell struct {
	Has   bool
	Share TopicShare
	Mark  string
}

// compareAgenda draws keys × topics, each cell the key's share of the
// topic with its test against the rest of the corpus.
func (s *site) compareAgenda(p *pageBuilder) *agendaSection {
	m := s.m
	if m.TopicModel == nil || len(m.Topics) == 0 || len(m.Outlets) == 0 {
		return nil
	}
	sec := &agendaSection{K: len(m.Topics)}
	order := s.topicsByPrevalence()
	if len(order) > agendaColumns {
		order = order[:agendaColumns]
	}
	sec.Shown = len(order)
	for i := range m.Topics {
		sec.Topics = append(sec.Topics, topicRow{Topic: &m.Topics[i], Href: p.href(TopicPath(i))})
	}
	t := &table{Header: append(append(append([]string{s.noun(), "topic", "label"}, intervalHeader("share_")...), intervalHeader("rest_")...),
		"diff", "diff_lo", "diff_hi", "p", "p_adjusted", "tested", "significant")}
	xs := make([]string, len(order))
	for x, ti := range order {
		xs[x] = topicName(m.Topics[ti])
	}
	ys := make([]string, len(m.Outlets))
	var cells []agendaCell
	have := false
	for y := range m.Outlets {
		o := &m.Outlets[y]
		ys[y] = o.Name
		row := agendaRow{Name: o.Name, Href: p.href(OutletPath(o.Name))}
		for ti := range m.Topics {
			ts, ok := topicShareOf(o, ti)
			row.Cells = append(row.Cells, agendaTableCell{Has: ok && ts.Share.N > 0, Share: ts, Mark: topicMark(ts)})
			if ok {
				have = true
				t.add(append(append(append([]string{o.Name, csvInt(ti), m.Topics[ti].Label}, intervalFields(ts.Share)...), intervalFields(ts.Rest)...),
					csvFloat(ts.Diff), csvFloat(ts.Lo), csvFloat(ts.Hi), csvFloat(ts.P), csvFloat(ts.PAdjusted), csvBool(ts.Tested), csvBool(ts.Significant))...)
			}
		}
		sec.Rows = append(sec.Rows, row)
		for x, ti := range order {
			ts, ok := topicShareOf(o, ti)
			cl := agendaCell{X: x, Y: y, Share: ts, Missing: !ok || ts.Share.N == 0 || math.IsNaN(ts.Share.Mean)}
			if cl.Missing {
				cl.Tip = fmt.Sprintf("%s on %s: no article with topic proportions", o.Name, xs[x])
			} else {
				cl.Tip = fmt.Sprintf("%s on %s\nshare %s\nrest of the corpus %s\n%s", o.Name, xs[x], shareText(ts.Share), shareText(ts.Rest), testText(ts))
			}
			cells = append(cells, cl)
		}
	}
	if !have {
		return nil
	}
	note := "Each cell: the share of the " + s.noun() + "'s articles about the topic, in percent. ▲ with a dark blue border: significantly more than the rest of the corpus; ▼ with a red border: significantly less (Fisher's exact test, Benjamini–Hochberg over every topic test of the report). In parentheses with a dashed border: too few articles, not tested."
	if sec.Shown < sec.K {
		note = fmt.Sprintf("The %d most prevalent of the %d topics, most prevalent first; the table below and the CSV hold all of them. ", sec.Shown, sec.K) + note
	} else {
		note = "Topics most prevalent first. " + note
	}
	c, extra := agendaHeat(xs, ys, cells)
	sec.Chart = p.chart("Agenda: which topics each "+s.noun()+" emphasises", note,
		max(260, 190+len(ys)*agendaRowHeight), c, extra, p.csv("agenda", t))
	return sec
}

// sparseNote is appended to tooltip lines of sparse estimates.
func sparseNote(v Interval) string {
	if v.Sparse {
		return " (too few articles)"
	}
	return ""
}

func (s *site) compareQuotes(p *pageBuilder, names []string) *chartBlock {
	t := &table{Header: append([]string{s.noun()}, intervalHeader("quote_share_")...)}
	g := ciGroup{Name: "quoted share", Colour: "#f28e2b"}
	have := false
	for _, o := range s.m.Outlets {
		v := o.QuoteShare
		have = have || v.N > 0
		g.Values = append(g.Values, v)
		g.Tips = append(g.Tips, fmt.Sprintf("%s\n%s of text inside quotes [%s, %s], n=%d articles%s", o.Name, percent(v.Mean), percent(v.Lo), percent(v.Hi), v.N, sparseNote(v)))
		t.add(append([]string{o.Name}, intervalFields(v)...)...)
	}
	if !have {
		return nil
	}
	return p.chart("Share of text inside quotes",
		"Characters inside quotation marks over all characters, a share per article, with 95% t-intervals over articles.",
		ciHeight(len(names), 1), ciChart(names, []ciGroup{g}, true, "share of text quoted", 0, nil, true), nil, p.csv("quote-share", t))
}

func (s *site) compareWire(p *pageBuilder, names []string) *chartBlock {
	t := &table{Header: []string{s.noun(), "shared_paragraphs", "total_paragraphs", "share"}}
	data := make([]item, len(s.m.Outlets))
	have := false
	for i, o := range s.m.Outlets {
		share := 0.0
		if o.TotalParagraphs > 0 {
			share = float64(o.SharedParagraphs) / float64(o.TotalParagraphs)
		}
		have = have || o.TotalParagraphs > 0
		data[i] = item{Value: num(share), Tip: fmt.Sprintf("%s\n%d of %d paragraphs shared (%s)", o.Name, o.SharedParagraphs, o.TotalParagraphs, percent(share))}
		t.add(o.Name, csvInt(o.SharedParagraphs), csvInt(o.TotalParagraphs), csvFloat(share))
	}
	if !have {
		return nil
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("8", "40"),
		charts.WithXAxisOpts(shareAxisX("share of paragraphs that are wire or syndicated copy", nil)),
		charts.WithYAxisOpts(categoryAxisY(names, "")),
	)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Type: "bar", Name: "shared", Data: data, BarMaxWidth: "22", ItemStyle: &opts.ItemStyle{Color: "#9c755f"}})
	return p.chart("Shared paragraphs by outlet",
		"Paragraphs found verbatim or nearly so in another outlet.",
		barsHeight(len(names)), c, nil, p.csv("wire-share", t))
}

// labelKeys orders the compared keys that use some label pair: those of
// Model.Outlets in their order, then any other key named in the uses, by
// name. At most limit keys are returned; cut reports whether some were
// left out.
func (s *site) labelKeys(limit int) (keys []string, cut bool) {
	used := map[string]bool{}
	for _, lp := range s.m.LabelPairs {
		for _, u := range lp.Uses {
			if u.A+u.B > 0 {
				used[u.Outlet] = true
			}
		}
	}
	for _, o := range s.m.Outlets {
		if used[o.Name] {
			keys = append(keys, o.Name)
			delete(used, o.Name)
		}
	}
	keys = append(keys, slices.Sorted(maps.Keys(used))...)
	if len(keys) > limit {
		return keys[:limit], true
	}
	return keys, false
}

// wholePeriod returns each key's use of lp over the whole range: its
// Period "" row, or, for a key without one, the sum of its per-period
// rows (share smoothed as (A+½)/(A+B+1)).
func wholePeriod(lp LabelPair) map[string]LabelUse {
	whole := map[string]LabelUse{}
	summed := map[string]LabelUse{}
	for _, u := range lp.Uses {
		if u.Period == "" {
			whole[u.Outlet] = u
			continue
		}
		x := summed[u.Outlet]
		x.Outlet, x.A, x.B = u.Outlet, x.A+u.A, x.B+u.B
		summed[u.Outlet] = x
	}
	for k, x := range summed {
		if _, ok := whole[k]; !ok {
			x.Share = (float64(x.A) + 0.5) / float64(x.A+x.B+1)
			whole[k] = x
		}
	}
	return whole
}

// labelMinUses is the least number of uses of a label pair by one key
// in one time bucket for the share to be drawn over time: a share of one
// or two uses swings from 25% to 75% and hides the trend.
const labelMinUses = 5

// labelRowHeight is the height in pixels of one label pair in
// [labelHeat]: two lines of row label, two of cell label.
const labelRowHeight = 44

// preferenceScale is the diverging scale of label preferences
// (ColorBrewer PRGn, 7 classes): purple leans to the second label, green
// to the first. Not red and blue, which the report uses for negative and
// positive.
var preferenceScale = []string{"#762a83", "#af8dc3", "#e7d4e8", "#f7f7f7", "#d9f0d3", "#7fbf7b", "#1b7837"}

// labelHeat draws label pairs (rows) × keys (columns): each cell's colour
// is the preference 2·share − 1 on [−1, 1], its label the share of the
// first label and the two counts. whole[i] holds pair i's use by key.
func labelHeat(keys []string, pairs []LabelPair, whole []map[string]LabelUse) (echart, map[string]any) {
	var data, empty []item
	rows := make([]string, len(pairs))
	for y, lp := range pairs {
		rows[y] = lp.A + "\nvs " + lp.B
		for x, key := range keys {
			u, ok := whole[y][key]
			if !ok || u.A+u.B == 0 {
				empty = append(empty, item{Value: []any{x, y, 0}, Label: "–", Tip: fmt.Sprintf("%s uses neither %q nor %q", key, lp.A, lp.B)})
				continue
			}
			data = append(data, item{Value: []any{x, y, num(2*u.Share - 1)}, Label: fmt.Sprintf("%s\n%d : %d", percent(u.Share), u.A, u.B),
				Tip: fmt.Sprintf("%s\n%q: %d, %q: %d\nshare of the first (smoothed): %s", key, lp.A, u.A, lp.B, u.B, percent(u.Share))})
		}
	}
	c := charts.NewHeatMap()
	c.SetGlobalOptions(charts.WithTooltipOpts(tooltipItem), noLegend)
	c.MultiSeries = append(c.MultiSeries,
		charts.SingleSeries{Type: "heatmap", Name: "share of the first label", Data: data,
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "nf:label", FontSize: 11, LineHeight: 14, Color: "#1f2328"},
			ItemStyle: &opts.ItemStyle{BorderColor: "#ffffff", BorderWidth: 2}},
		charts.SingleSeries{Type: "heatmap", Name: "neither label used", Data: empty,
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "nf:label", FontSize: 11, Color: "#8c8c8c"},
			ItemStyle: &opts.ItemStyle{Color: colourNoData, BorderColor: "#ffffff", BorderWidth: 2}},
	)
	extra := map[string]any{
		// Both axes are written here: go-echarts's axis label has no
		// numeric line height, which the two-line row labels need.
		// Column labels are turned 30° past 12 columns (categoryLabels):
		// they need about 80 px above the grid.
		"grid":  map[string]any{"left": 12, "right": 12, "top": map[bool]int{false: 48, true: 96}[len(keys) > 12], "bottom": 56, "containLabel": true},
		"xAxis": []map[string]any{{"type": "category", "data": keys, "position": "top", "axisLabel": categoryLabels(len(keys)), "splitArea": map[string]any{"show": false}}},
		"yAxis": []map[string]any{{"type": "category", "data": rows, "inverse": true, "splitArea": map[string]any{"show": false},
			"axisLabel": map[string]any{"interval": 0, "width": 190, "overflow": "truncate", "lineHeight": 14}}},
		"visualMap": []map[string]any{{
			"type": "continuous", "min": -1, "max": 1, "calculable": false, "seriesIndex": 0,
			"orient": "horizontal", "left": "center", "bottom": 0, "itemHeight": 120,
			"text":    []string{"all first label", "all second label"},
			"inRange": map[string]any{"color": preferenceScale},
		}},
	}
	if len(empty) > 0 {
		extra["legend"] = noDataLegend("neither label used")
	}
	return c, extra
}

// compareLabels charts the competing labels: each compared key's
// preference over the whole range (dated articles or not), and, when the
// corpus has dates, one chart per pair of the preference per time bucket.
// The CSV holds every row.
func (s *site) compareLabels(p *pageBuilder, b *compareBody) {
	m := s.m
	if len(m.LabelPairs) == 0 {
		return
	}
	t := &table{Header: []string{"label_a", "label_b", s.noun(), "period", "count_a", "count_b", "share_a"}}
	pairs := make([]string, len(m.LabelPairs))
	for i, lp := range m.LabelPairs {
		pairs[i] = lp.A + "\nvs " + lp.B
		for _, u := range lp.Uses {
			t.add(lp.A, lp.B, u.Outlet, u.Period, csvInt(u.A), csvInt(u.B), csvFloat(u.Share))
		}
	}
	if len(t.Rows) == 0 {
		return
	}
	href := p.csv("label-preferences", t)
	keys, cut := s.labelKeys(max(len(m.Outlets), s.lim.Panels))
	if len(keys) == 0 {
		return
	}
	whole := make([]map[string]LabelUse, len(m.LabelPairs))
	for i, lp := range m.LabelPairs {
		whole[i] = wholePeriod(lp)
	}
	c, extra := labelHeat(keys, m.LabelPairs, whole)
	note := "For each pair of competing labels for the same referent (rows) and each " + s.noun() + " (columns), the share of uses that pick the first label, smoothed as (first + ½) / (both + 1), over the whole period, dated articles or not; then the counts, first : second. Green leans to the first label, purple to the second; grey: neither is used."
	if cut {
		note += fmt.Sprintf(" The first %d are drawn; every row is in the CSV.", len(keys))
	}
	b.LabelPrefs = p.chart("Label preferences", note, 200+len(m.LabelPairs)*labelRowHeight, c, extra, href)

	// Per time bucket, one chart per pair with dated uses.
	if len(m.Buckets) == 0 {
		return
	}
	text := func(v Interval) string {
		return fmt.Sprintf("%s pick the first label (%d vs %d uses)", percent(v.Mean), v.N, v.Obs)
	}
	for _, lp := range m.LabelPairs {
		if len(b.LabelTime) == s.lim.Panels {
			break
		}
		var series []Series
		for _, key := range keys {
			sr := Series{Name: key}
			for _, u := range lp.Uses {
				if u.Outlet == key && u.Period != "" && u.A+u.B >= labelMinUses {
					// The share as the mean; the counts go in the tooltip through N and Obs.
					sr.Points = append(sr.Points, Point{Bucket: u.Period, Value: Interval{Mean: u.Share, Lo: u.Share, Hi: u.Share, N: u.A, Obs: u.B}})
				}
			}
			if len(sr.Points) > 0 {
				series = append(series, sr)
			}
		}
		if len(series) == 0 {
			continue
		}
		lc := timeChart(m.Buckets, series, "share using the first label", 0, 1, nil, text)
		lc.YAxisList[0].AxisLabel = &opts.AxisLabel{Formatter: "nf:pct"}
		b.LabelTime = append(b.LabelTime, p.chart(fmt.Sprintf("“%s” vs “%s” over time", lp.A, lp.B),
			fmt.Sprintf("Smoothed share of uses picking %q, per %s and %s; %ss with fewer than %d uses of either label are gaps (every row is in the CSV).", lp.A, s.noun(), unit(m.TimeUnit), unit(m.TimeUnit), labelMinUses),
			340, lc, nil, href))
	}
}
