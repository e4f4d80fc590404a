package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// withTopics gives m a document topic model of k topics (none when k is
// 0, with a TopicNote saying why): topics with terms, prevalence, series
// and representatives; every compared key's share of every topic with a
// test against the rest, and its 6 most prevalent topics over time; every
// article's proportions. Shares are deterministic functions of the
// indexes. When xss is set, topic 0's label and terms are hostile.
func withTopics(m *Model, k int, xss bool) *Model {
	m.TopicModel, m.Topics, m.Comparison.TopicTests = nil, nil, 0
	for i := range m.Outlets {
		m.Outlets[i].Topics, m.Outlets[i].TopicTime = nil, nil
	}
	for i := range m.Articles {
		m.Articles[i].Topics = nil
	}
	if k == 0 {
		m.TopicNote = "the corpus has 30 articles; topics are fitted from 100"
		return m
	}
	m.TopicNote = ""
	vocab := strings.Fields("fed rate inflation court ruling judge vaccine covid hospital border migrants asylum " +
		"tariff trade china election ballot voters ukraine russia missile climate emissions energy school teachers " +
		"students police shooting suspect senate bill vote oil prices market housing rent mortgage strike union workers")
	// weight is article a's raw weight on topic t: a few topics dominate
	// each article, and some outlets lean to some topics.
	keys := max(1, len(m.Outlets))
	weight := func(a, t int) float64 {
		x := math.Sin(float64(a*7+t*13)) + 1.05
		lean := 1 + 0.9*math.Sin(float64((a%keys)*5+t*3))
		return x * x * x * lean / float64(1+t%7)
	}
	art := make([][]float64, len(m.Articles))
	for a := range m.Articles {
		w := make([]float64, k)
		sum := 0.0
		for t := range w {
			w[t] = weight(a, t)
			sum += w[t]
		}
		for t := range w {
			w[t] /= sum
		}
		art[a] = w
	}
	iv := func(xs []float64, sparseBelow int) Interval {
		n := len(xs)
		if n == 0 {
			return Interval{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
		}
		mean, ss := 0.0, 0.0
		for _, x := range xs {
			mean += x
		}
		mean /= float64(n)
		for _, x := range xs {
			ss += (x - mean) * (x - mean)
		}
		v := Interval{Mean: mean, Lo: math.NaN(), Hi: math.NaN(), N: n, Sparse: n < sparseBelow}
		if n > 1 {
			half := 2 * math.Sqrt(ss/float64(n-1)/float64(n))
			v.Lo, v.Hi = mean-half, mean+half
		}
		return v
	}
	minArticles := m.Comparison.MinArticles
	m.TopicModel = &TopicModel{
		Method: fmt.Sprintf("Non-negative matrix factorisation of TF-IDF article vectors (K = %d), seeded; per-article proportions by non-negative least squares.", k),
		K:      k, Vocabulary: 5000, FittedRun: "run-12", FittedDocs: len(m.Articles) - len(m.Articles)/10, Articles: len(m.Articles),
		Drift: 0.031, DriftThreshold: 0.1, DriftDocs: len(m.Articles) / 10, MinDriftDocs: 200, AboutShare: 0.2,
	}
	bucketOf := map[string]string{}
	for _, a := range m.Articles {
		bucketOf[a.ID] = bucketLabel(m, a.Published)
	}
	for t := 0; t < k; t++ {
		top := make([]string, 10)
		frex := make([]string, 10)
		for j := range top {
			top[j] = vocab[(t*3+j)%len(vocab)]
			frex[j] = vocab[(t*5+j*2+1)%len(vocab)]
		}
		tp := Topic{ID: t, Top: top, FREX: frex, Label: strings.Join(frex[:3], " · "),
			Coherence: 0.05 + 0.2*math.Abs(math.Sin(float64(t))), Continues: t - 1, Similarity: 0.7 + 0.3*math.Abs(math.Cos(float64(t)))}
		if t%4 == 0 {
			tp.Continues, tp.Similarity = -1, 0
		}
		if t == 2 {
			tp.Coherence = math.NaN()
		}
		var all []float64
		byBucket := map[string][]float64{}
		for a := range m.Articles {
			all = append(all, art[a][t])
			if bk := bucketOf[m.Articles[a].ID]; bk != "" {
				byBucket[bk] = append(byBucket[bk], art[a][t])
			}
		}
		tp.Prevalence = iv(all, minArticles)
		var about []float64
		for _, x := range all {
			about = append(about, map[bool]float64{true: 1, false: 0}[x >= 0.2])
		}
		tp.About = iv(about, minArticles)
		for _, bk := range m.Buckets {
			if xs := byBucket[bk]; len(xs) > 0 {
				tp.Series = append(tp.Series, Point{Bucket: bk, Value: iv(xs, minArticles)})
			}
		}
		reps := make([]int, len(m.Articles))
		for a := range reps {
			reps[a] = a
		}
		slices.SortStableFunc(reps, func(x, y int) int { return cmp.Compare(art[y][t], art[x][t]) })
		for j, a := range reps[:min(8, len(reps))] {
			ar := m.Articles[a]
			tp.Representatives = append(tp.Representatives, TopicArticle{ID: ar.ID, Title: ar.Title, Outlet: ar.Outlet, Published: ar.Published,
				Weight: art[a][t], HasPage: j != 3})
		}
		if xss && t == 0 {
			tp.Label, tp.Top[0], tp.FREX[0] = hostile, hostile, hostile
		}
		m.Topics = append(m.Topics, tp)
	}
	// Keys: shares, tests against the rest, series of the 6 most
	// prevalent.
	keyOf := func(a *Article) int {
		for i, o := range m.Outlets {
			if o.Name == a.Outlet || slices.Contains(o.Members, a.Outlet) {
				return i
			}
		}
		return -1
	}
	for oi := range m.Outlets {
		o := &m.Outlets[oi]
		for t := 0; t < k; t++ {
			var in, out []float64
			for a := range m.Articles {
				if keyOf(&m.Articles[a]) == oi {
					in = append(in, art[a][t])
				} else {
					out = append(out, art[a][t])
				}
			}
			ts := TopicShare{Topic: t, Share: iv(in, minArticles), Rest: iv(out, minArticles), P: math.NaN(), PAdjusted: math.NaN(),
				Diff: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
			if len(in) > 0 && len(out) > 0 {
				ts.Diff = ts.Share.Mean - ts.Rest.Mean
			}
			if !ts.Share.Sparse && !ts.Rest.Sparse && len(in) > 1 && len(out) > 1 {
				ts.Tested = true
				half := (ts.Share.Hi - ts.Share.Mean) + (ts.Rest.Hi - ts.Rest.Mean)
				ts.Lo, ts.Hi = ts.Diff-half, ts.Diff+half
				// A stand-in p-value: small when the interval excludes 0.
				ts.P = 0.5
				if ts.Lo > 0 || ts.Hi < 0 {
					ts.P = 0.001
				}
				ts.PAdjusted = math.Min(1, ts.P*3)
				ts.Significant = ts.PAdjusted <= 0.05
				m.Comparison.TopicTests++
			}
			o.Topics = append(o.Topics, ts)
		}
		order := make([]int, k)
		for t := range order {
			order[t] = t
		}
		slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(o.Topics[y].Share.Mean, o.Topics[x].Share.Mean) })
		for _, t := range order[:min(6, k)] {
			sr := TopicSeries{Topic: t}
			byBucket := map[string][]float64{}
			for a := range m.Articles {
				if keyOf(&m.Articles[a]) == oi {
					if bk := bucketOf[m.Articles[a].ID]; bk != "" {
						byBucket[bk] = append(byBucket[bk], art[a][t])
					}
				}
			}
			for _, bk := range m.Buckets {
				if xs := byBucket[bk]; len(xs) > 0 {
					sr.Points = append(sr.Points, Point{Bucket: bk, Value: iv(xs, minArticles)})
				}
			}
			o.TopicTime = append(o.TopicTime, sr)
		}
	}
	for a := range m.Articles {
		var ts []ArticleTopic
		for t, w := range art[a] {
			ts = append(ts, ArticleTopic{Topic: t, Weight: w})
		}
		slices.SortStableFunc(ts, func(x, y ArticleTopic) int { return cmp.Compare(y.Weight, x.Weight) })
		m.Articles[a].Topics = ts
	}
	return m
}

// bucketLabel returns the Model.Buckets label of an article's day (ISO
// week, as synthetic builds them), "" when undated or outside.
func bucketLabel(m *Model, day string) string {
	if day == "" {
		return ""
	}
	var y, mo, d int
	if _, err := fmt.Sscanf(day, "%d-%d-%d", &y, &mo, &d); err != nil {
		return ""
	}
	wy, w := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).ISOWeek()
	label := fmt.Sprintf("%d-W%02d", wy, w)
	if slices.Contains(m.Buckets, label) {
		return label
	}
	return ""
}
