package reports

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// hostile is text that must show as text on every page: if any of it were
// parsed as HTML or JavaScript, a dialog would open.
const hostile = `<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a> __f__alert(1)__f__ </script><script>alert(1)</script>`

// synthetic builds a deterministic model with the given number of
// articles spread over outlets, stories and time, with every field the
// pages use filled. When xss is set, hostile text is put into titles,
// outlet names, terms, speakers, targets, story labels and paragraphs.
func synthetic(articles, outlets int, xss bool) *Model {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("mexico trump military intervention sovereignty cartel border security president sheinbaum " +
		"tariff trade migration congress senate vote policy economy inflation climate energy court ruling police " +
		"protest election campaign governor budget health vaccine school teacher union strike bank market oil war " +
		"ceasefire talks minister parliament reform tax spending deficit growth jobs")
	targets := []string{"Donald Trump", "Claudia Sheinbaum", "Congress", "immigration policy"}
	outletNames := make([]string, outlets)
	for i := range outletNames {
		outletNames[i] = fmt.Sprintf("Outlet %c News", 'A'+i%26)
		if i >= 26 {
			outletNames[i] += fmt.Sprintf(" %d", i/26)
		}
	}
	if xss {
		outletNames[0] = "Evil " + hostile
		targets[1] = "Target " + hostile
	}
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	days := 90
	var buckets []string
	for d := 0; d < days; d += 7 {
		y, w := start.AddDate(0, 0, d).ISOWeek()
		buckets = append(buckets, fmt.Sprintf("%d-W%02d", y, w))
	}
	iv := func(mean float64, n int) Interval {
		half := 0.8 / math.Sqrt(float64(n)+1)
		return Interval{Mean: mean, Lo: mean - half, Hi: mean + half, N: n, Obs: n * 6, Sparse: n < 5}
	}
	m := &Model{
		Title:   "newsframe report",
		RunTime: "2026-04-05T02:00:03Z",
		Version: "v0.1.0-test",
		Settings: []Setting{
			{"corpus", "synthetic"}, {"top terms", "200"}, {"workers", "2"},
		},
		Targets:  targets,
		TimeUnit: "week",
		Buckets:  buckets,
	}
	// Term communities from the word list.
	for i := 0; i < 5; i++ {
		ts := words[i*6 : i*6+6]
		m.Communities = append(m.Communities, Community{Label: strings.Join(ts[:3], " · "), Terms: slices.Clone(ts)})
	}
	if xss {
		m.Communities[0].Label = hostile
	}
	// Articles.
	stories := max(1, articles/3)
	type art struct {
		a     Article
		story int
		day   int
	}
	var arts []art
	paragraphs := 0
	hist := make([]int, 20)
	for i := 0; i < articles; i++ {
		o := outletNames[i%outlets]
		story := r.IntN(stories)
		day := (story*days/stories + r.IntN(3)) % days
		a := Article{
			ID:        fmt.Sprintf("%s/%05d", strings.ToLower(strings.Fields(o)[0]), i),
			Title:     fmt.Sprintf("%s %s after %s talks, story %d", strings.Title(words[r.IntN(len(words))]), words[r.IntN(len(words))], words[r.IntN(len(words))], story),
			Outlet:    o,
			Author:    "Reporter " + fmt.Sprint(i%17),
			URL:       fmt.Sprintf("https://example.org/%d", i),
			Source:    fmt.Sprintf("corpus/%s.jsonl:%d", strings.ToLower(strings.Fields(o)[1]), i+1),
			StoryID:   fmt.Sprintf("story-%04d", story),
			Published: start.AddDate(0, 0, day).Format(time.DateOnly),
		}
		if i%50 == 7 {
			a.Published = ""
		}
		np := 3 + r.IntN(8)
		sum := 0.0
		for j := 0; j < np; j++ {
			var sb strings.Builder
			n := 25 + r.IntN(40)
			for k := 0; k < n; k++ {
				if k > 0 {
					sb.WriteByte(' ')
				}
				sb.WriteString(words[r.IntN(len(words))])
			}
			text := sb.String() + "."
			// Quote the middle third of every other paragraph.
			var quotes []Quote
			if j%2 == 1 {
				lo := strings.IndexByte(text[len(text)/3:], ' ') + len(text)/3
				hi := strings.IndexByte(text[2*len(text)/3:], ' ') + 2*len(text)/3
				text = text[:lo] + " “" + text[lo+1:hi] + "”" + text[hi:]
				quotes = append(quotes, Quote{Start: lo + 1, End: hi + len("“”") + 1, Speaker: "Claudia Sheinbaum"})
			}
			score := math.Tanh(r.NormFloat64() * 0.6)
			label := "neutral"
			if score > 0.2 {
				label = "positive"
			} else if score < -0.2 {
				label = "negative"
			}
			// Cues: the first two words.
			w1 := strings.IndexByte(text, ' ')
			w2 := strings.IndexByte(text[w1+1:], ' ') + w1 + 1
			p := Paragraph{
				Text: text, Score: score, Label: label,
				Cues:   []Cue{{Start: 0, End: w1, Weight: score / 2}, {Start: w1 + 1, End: w2, Weight: -score / 4}},
				Quotes: quotes,
				Shared: j == 0 && i%9 == 0,
			}
			if j%3 == 0 {
				p.Stances = []ParagraphStance{{
					Target: targets[j%len(targets)], Label: "against", Score: -0.4,
					Quoted: len(quotes) > 0, Speaker: "Claudia Sheinbaum",
					Cues: []Cue{{Start: w1 + 1, End: w2, Weight: -0.4}},
				}}
			}
			if xss && i == 0 && j == 0 {
				p.Text = "Before " + hostile + " after."
				p.Cues = []Cue{{Start: 7, End: 7 + len("<script>"), Weight: -0.5}}
			}
			a.Paragraphs = append(a.Paragraphs, p)
			sum += score
			hist[min(19, int((score+1)*10))]++
		}
		paragraphs += np
		a.Sentiment = sum / float64(np)
		a.Label = "neutral"
		a.Stance = []ArticleStance{{Target: targets[0], Label: "against", Score: -0.3, Mentions: 2}}
		if xss && i == 0 {
			a.Title = "Title " + hostile
			a.URL = "javascript:alert(1)"
			a.Author = hostile
		}
		arts = append(arts, art{a: a, story: story, day: day})
	}
	for _, x := range arts {
		m.Articles = append(m.Articles, x.a)
	}
	m.Summary = Summary{
		Articles: articles, Paragraphs: paragraphs, Outlets: outlets,
		First: start.Format(time.DateOnly), Last: start.AddDate(0, 0, days-1).Format(time.DateOnly),
		Undated: articles / 50, Skipped: 3, Stories: stories,
	}
	m.Skipped = []Skipped{
		{Path: "corpus/bad.bin", Kind: "binary", Reason: "binary file (NUL bytes)"},
		{Path: "corpus/a.jsonl", Line: 17, Kind: "json", Reason: "invalid character '}' looking for beginning of object key string"},
		{Path: "corpus/" + hostile + ".txt", Kind: "empty", Reason: "empty file " + hostile},
	}
	m.Histogram.Counts = hist
	for i := 0; i <= 20; i++ {
		m.Histogram.Edges = append(m.Histogram.Edges, -1+float64(i)/10)
	}
	// Outlets.
	for i, name := range outletNames {
		n := articles / outlets
		mean := 0.3*math.Sin(float64(i)) - 0.05
		o := Outlet{
			Name: name, Articles: n, Paragraphs: n * 6, Undated: n / 50,
			Sentiment: iv(mean, n), OwnVoice: iv(mean-0.05, n), Quoted: iv(mean+0.1, n/2),
			Box:        Box{Min: -0.95, Q1: mean - 0.3, Median: mean, Q3: mean + 0.25, Max: 0.9},
			QuoteShare: Interval{Mean: 0.2 + 0.02*float64(i), Lo: 0.15, Hi: 0.3, N: n, Obs: n * 6},
			Speakers: []Speaker{
				{Name: "Claudia Sheinbaum", Quotes: 40 - i}, {Name: "Donald Trump", Quotes: 30 + i},
				{Name: "Marco Rubio", Quotes: 12}, {Name: "a spokesperson", Quotes: 7},
			},
			SharedParagraphs: n / 9, TotalParagraphs: n * 6,
		}
		if xss && i == 0 {
			o.Speakers[0].Name = hostile
		}
		for k, w := range words[:40] {
			o.TopTerms = append(o.TopTerms, TermCount{Term: w, Count: 500 - k*11 - i*3})
		}
		if xss && i == 0 {
			o.TopTerms[0].Term = hostile
		}
		for k, w := range words[i%10 : i%10+20] {
			o.Distinctive = append(o.Distinctive, Distinctive{Term: w, Count: 80 - k*3, Z: 6 - float64(k)*0.4})
		}
		for k, tg := range targets {
			st := TargetStance{Target: tg, Mentions: 30 + k, All: iv(0.4*math.Cos(float64(i+k)), 4+k*10+i), OwnVoice: iv(-0.1, 12), Quoted: iv(0.2, 3)}
			o.Stance = append(o.Stance, st)
		}
		m.Outlets = append(m.Outlets, o)
		m.AllOutlets = append(m.AllOutlets, OutletSummary{Name: name, Keys: []string{name}, Articles: o.Articles,
			Paragraphs: o.Paragraphs, Undated: o.Undated, Sentiment: o.Sentiment})
	}
	m.Comparison = Comparison{Unit: "outlets", Shown: outlets, MinArticles: 5, OutletsCSV: "outlets.csv"}
	// Pairwise tests: every pair of outlets on sentiment and on each
	// target; a few are significant, one could not be run.
	m.TargetsProposed = true
	for i := range m.Outlets {
		for j := i + 1; j < len(m.Outlets); j++ {
			a, b := &m.Outlets[i], &m.Outlets[j]
			add := func(measure, target string, x, y Interval) {
				k := len(m.Differences)
				d := Difference{Measure: measure, Target: target, OutletA: a.Name, OutletB: b.Name, A: x, B: y,
					Diff: x.Mean - y.Mean, Lo: x.Mean - y.Mean - 0.1, Hi: x.Mean - y.Mean + 0.1,
					P: 0.3, TooFew: x.Sparse || y.Sparse, Tested: true}
				if k%4 == 0 {
					d.P = 0.001 * float64(k+1)
				}
				d.PAdjusted = math.Min(1, d.P*3)
				if k == 5 || d.TooFew {
					// Not tested: too few articles, or (k == 5) no variance.
					d.P, d.PAdjusted, d.Lo, d.Hi, d.Tested = math.NaN(), math.NaN(), math.NaN(), math.NaN(), false
				}
				d.Significant = d.PAdjusted <= 0.05
				if d.Tested {
					m.Comparison.Tests++
				}
				m.Differences = append(m.Differences, d)
			}
			add("sentiment", "", a.Sentiment, b.Sentiment)
			for k := range a.Stance {
				add("stance", a.Stance[k].Target, a.Stance[k].All, b.Stance[k].All)
			}
		}
	}
	// Co-occurrence and network over the first 40 words.
	k := 40
	m.Cooccurrence.Terms = slices.Clone(words[:k])
	if xss {
		m.Cooccurrence.Terms[1] = hostile
	}
	m.Cooccurrence.Counts = make([][]int, k)
	m.Cooccurrence.NPMI = make([][]float64, k)
	for i := range k {
		m.Cooccurrence.Counts[i] = make([]int, k)
		m.Cooccurrence.NPMI[i] = make([]float64, k)
	}
	for i := range k {
		m.Network.Nodes = append(m.Network.Nodes, Node{Term: m.Cooccurrence.Terms[i], Count: 600 - i*12, Community: communityOf(i, len(m.Communities))})
		for j := i + 1; j < k; j++ {
			c := (i*7 + j*3) % 23
			v := math.Sin(float64(i*j)) * 0.6
			if c == 0 {
				v = -1
			}
			m.Cooccurrence.Counts[i][j], m.Cooccurrence.Counts[j][i] = c, c
			m.Cooccurrence.NPMI[i][j], m.Cooccurrence.NPMI[j][i] = v, v
			if v > 0.3 {
				m.Network.Edges = append(m.Network.Edges, Edge{A: i, B: j, NPMI: v, Count: c})
			}
		}
	}
	m.Wire = Wire{Excluded: true, Shared: paragraphs / 20, Total: paragraphs}
	m.LabelPairs = []LabelPair{
		{A: "undocumented immigrants", B: "illegal aliens"},
		{A: "estate tax", B: "death tax"},
	}
	if xss {
		m.LabelPairs[1].A = hostile
	}
	for pi := range m.LabelPairs {
		for i, o := range outletNames {
			a, b := 3+i*pi, 10-i%7
			m.LabelPairs[pi].Uses = append(m.LabelPairs[pi].Uses, LabelUse{Outlet: o, A: a, B: b, Share: (float64(a) + 0.5) / float64(a+b+1)})
			for bi, bk := range buckets {
				if bi%2 == 0 {
					a, b := bi%3+bi, 2
					m.LabelPairs[pi].Uses = append(m.LabelPairs[pi].Uses, LabelUse{Outlet: o, Period: bk, A: a, B: b, Share: (float64(a) + 0.5) / float64(a+b+1)})
				}
			}
		}
	}
	// Stories.
	byStory := map[int][]art{}
	for _, x := range arts {
		byStory[x.story] = append(byStory[x.story], x)
	}
	for st := 0; st < stories; st++ {
		xs := byStory[st]
		if len(xs) == 0 {
			continue
		}
		slices.SortStableFunc(xs, func(a, b art) int { return a.day - b.day })
		story := Story{
			ID:    fmt.Sprintf("story-%04d", st),
			Label: fmt.Sprintf("%s %s (%d)", words[st%len(words)], words[(st*7)%len(words)], st),
			First: start.AddDate(0, 0, xs[0].day).Format(time.DateOnly),
		}
		if xss && st == 0 {
			story.Label = hostile
		}
		seen := map[string]bool{}
		for _, x := range xs {
			story.Articles = append(story.Articles, StoryArticle{ID: x.a.ID, Title: x.a.Title, Outlet: x.a.Outlet, Published: x.a.Published})
			if seen[x.a.Outlet] {
				continue
			}
			seen[x.a.Outlet] = true
			so := StoryOutlet{
				Outlet: x.a.Outlet, Articles: 1, LagHours: float64((x.day - xs[0].day) * 24), LagKnown: x.a.Published != "",
				Sentiment: iv(x.a.Sentiment, 1+len(xs)),
				Speakers:  []Speaker{{Name: "Claudia Sheinbaum", Quotes: 2}},
			}
			for k, tg := range targets[:2] {
				so.Stance = append(so.Stance, TargetStance{Target: tg, Mentions: 2, All: iv(0.2*float64(k)-0.1, 2)})
			}
			for k, w := range words[st%20 : st%20+8] {
				so.Distinctive = append(so.Distinctive, Distinctive{Term: w, Count: 9 - k, Z: 3 - float64(k)*0.3})
			}
			story.Outlets = append(story.Outlets, so)
		}
		for _, o := range outletNames {
			if !seen[o] {
				story.Missing = append(story.Missing, o)
			}
		}
		m.Stories = append(m.Stories, story)
	}
	// History: one run a day for 30 days.
	for i := 0; i < 30; i++ {
		run := Run{
			ID: fmt.Sprintf("run-%02d", i), Time: start.AddDate(0, 0, 60+i).Format(time.RFC3339),
			Articles: articles * (i + 1) / 30, New: articles / 30, Changed: i % 4, Removed: i % 3, Skipped: i % 2,
			Sentiment: 0.05 * math.Sin(float64(i)/4),
		}
		for k, tg := range targets {
			run.Stance = append(run.Stance, RunStance{Target: tg, Mean: 0.2 * math.Cos(float64(i+k)/5), Mentions: 100 + i})
		}
		m.History = append(m.History, run)
	}
	m.Exports = []Export{
		{Path: "paragraphs.jsonl", Description: "every paragraph with its sentiment"},
		{Path: "articles.jsonl", Description: "article metadata and mean sentiment"},
		{Path: "terms.csv", Description: "term frequencies per outlet"},
		{Path: "outlets.csv", Description: "every outlet's figures"},
	}
	withTopics(m, 3, xss)
	return m
}

// communityOf puts the i-th term in community i/6, or none (-1) past
// the last.
func communityOf(i, communities int) int {
	if i/6 < communities {
		return i / 6
	}
	return -1
}
