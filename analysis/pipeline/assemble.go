package pipeline

import (
	"fmt"
	"math"
	"sort"
	"time"

	"newsframe/analysis/entities"
	"newsframe/analysis/stats"
	"newsframe/analysis/stories"
	"newsframe/analysis/terms"
	"newsframe/analysis/topics"
	"newsframe/analysis/wire"
)

// assemble computes the Overview from the records and the aggregates.
func (ag *aggregator) assemble() (*Overview, error) {
	opt := ag.opt
	ov := &Overview{IncludeShared: opt.IncludeShared, Titles: map[string]string{}, Totals: ag.totals,
		OutletTotals: ag.outletTerms, Phrases: ag.phrases, Top: ag.top}
	ag.ov = ov
	ids := ag.sortedIDs()
	outlets := map[string]*OutletStats{}
	for _, id := range ids {
		r := ag.recs[id]
		o := outlets[r.outlet]
		if o == nil {
			o = &OutletStats{Name: r.outlet}
			outlets[r.outlet] = o
		}
		o.Articles++
		o.Paragraphs += len(r.paras)
		ov.Articles++
		ov.Paragraphs += len(r.paras)
		if r.published.IsZero() {
			ov.Undated++
			o.Undated++
		} else {
			if ov.First.IsZero() || r.published.Before(ov.First) {
				ov.First = r.published
			}
			if r.published.After(ov.Last) {
				ov.Last = r.published
			}
		}
		if r.title != "" {
			ov.Titles[id] = r.title
		}
	}
	for _, o := range outlets {
		ov.Outlets = append(ov.Outlets, o)
	}
	sort.Slice(ov.Outlets, func(i, j int) bool {
		a, b := ov.Outlets[i], ov.Outlets[j]
		if a.Articles != b.Articles {
			return a.Articles > b.Articles
		}
		return a.Name < b.Name
	})

	if ag.cooc != nil && len(ov.Top) > 0 {
		var err error
		if ov.Cooccur, err = ag.cooc.Restrict(terms.TermsOf(ov.Top)); err != nil {
			return nil, fmt.Errorf("aggregate: %w", err)
		}
		if ag.window != nil {
			if ov.Window, err = ag.window.Restrict(terms.TermsOf(ov.Top)); err != nil {
				return nil, fmt.Errorf("aggregate: %w", err)
			}
		}
	}

	// Wire copy.
	ov.Wire = wire.Result{Groups: ag.groups}
	ov.SharedIn = map[string][]int{}
	for _, g := range ag.groups {
		marks := g.Marks()
		for i, r := range g.Paragraphs {
			switch {
			case marks[i]&wire.Shared != 0:
				ov.SharedIn[r.Article] = append(ov.SharedIn[r.Article], r.Index)
				ov.Shared++
			case marks[i]&wire.Repeated != 0:
				ov.Repeated++
			}
		}
	}
	for _, idx := range ov.SharedIn {
		sort.Ints(idx)
	}

	// Stories, largest first.
	all := ag.storyList
	sort.SliceStable(all, func(i, j int) bool {
		if len(all[i].Articles) != len(all[j].Articles) {
			return len(all[i].Articles) > len(all[j].Articles)
		}
		return all[i].ID < all[j].ID
	})
	ov.StoryOf = stories.Assignments(all)
	storyIdx := map[string]int{}
	for i := range all {
		ov.Stories = append(ov.Stories, &StoryStats{Story: all[i]})
		if i < opt.StoryPages && len(all[i].Coverage) > 0 {
			storyIdx[all[i].ID] = i
		}
	}

	// Targets.
	if len(opt.Targets) > 0 {
		ov.Targets = append([]string(nil), opt.Targets...)
	} else {
		ov.Proposed = ag.propose(opt.MaxProposed)
		for _, e := range ov.Proposed {
			ov.Targets = append(ov.Targets, e.Name)
		}
	}
	targetIdx := map[string]int{}
	for i, t := range ov.Targets {
		targetIdx[t] = i
	}
	// An article names an automatic target by the longest form it uses
	// ("Obama" where "Barack Obama" never appears): count such results
	// toward the proposed entity that has the form as an alias, unless
	// two proposals share it.
	aliasOf := map[string]int{}
	for i, e := range ov.Proposed {
		for _, a := range e.Aliases {
			if _, taken := targetIdx[a]; taken {
				continue
			}
			if j, ok := aliasOf[a]; ok && j != i {
				aliasOf[a] = -1
				continue
			}
			aliasOf[a] = i
		}
	}
	for a, i := range aliasOf {
		if i >= 0 {
			targetIdx[a] = i
		}
	}

	// Time axis.
	if !ov.First.IsZero() {
		ov.Granularity = stats.ChooseGranularity(ov.First, ov.Last)
		ov.Buckets = ov.Granularity.Keys(ov.First, ov.Last)
	}

	// Per article: the units behind every interval.
	u := &unitSet{cells: map[string][]stats.KeyedUnit{}, mentions: map[[2]string]int{}, speakers: map[string]map[string]int{},
		hist: map[string]*stats.Histogram{}, story: map[int]map[string]*storyFigures{},
		topicSums: map[string]map[string][]stats.Unit{}}
	ov.Histogram = stats.NewHistogram(stats.DefaultBins)
	topicOf, nt := ag.topicTerms()
	var storyMembers []string
	for _, id := range ids {
		r := ag.recs[id]
		o := outlets[r.outlet]
		key := stats.KeyOf(id)
		bucket := ""
		if !r.published.IsZero() {
			bucket = ov.Granularity.Key(r.published)
		}
		shared := map[int]bool{}
		for _, i := range ov.SharedIn[id] {
			shared[i] = true
		}
		si, detailed := storyIdx[ov.StoryOf[id]]
		var sf *storyFigures
		if detailed {
			sf = u.storyOf(si, r.outlet, len(ov.Targets))
			storyMembers = append(storyMembers, id)
		}
		h := u.hist[r.outlet]
		if h == nil {
			h = stats.NewHistogram(stats.DefaultBins)
			u.hist[r.outlet] = h
		}
		sp := u.speakers[r.outlet]
		if sp == nil {
			sp = map[string]int{}
			u.speakers[r.outlet] = sp
		}
		var sent, own, quoted, quoteShare stats.Unit
		acc := make([]stanceAcc, len(ov.Targets))
		topicCount := make([]int, nt)
		topicTotal := 0
		for i := range r.paras {
			p := &r.paras[i]
			ov.Histogram.Add(p.score)
			if shared[i] {
				o.Shared++
				if !opt.IncludeShared {
					continue
				}
			}
			o.Compared++
			for _, c := range r.candOf(i) {
				if t := topicOf[c.term]; t >= 0 {
					topicCount[t] += int(c.n)
					topicTotal += int(c.n)
				}
			}
			h.Add(p.score)
			sent.Sum += p.score
			sent.Count++
			if p.chars > 0 && float64(p.quoted) >= QuotedVoiceShare*float64(p.chars) {
				quoted.Sum += p.score
				quoted.Count++
			} else {
				own.Sum += p.score
				own.Count++
			}
			quoteShare.Sum += float64(p.quoted)
			quoteShare.Count += int(p.chars)
			for _, s := range r.speakersOf(i) {
				sp[s]++
				if sf != nil {
					sf.speakers[s]++
				}
			}
			for _, s := range r.stanceOf(i) {
				ti, ok := targetIdx[s.target]
				if !ok {
					continue
				}
				acc[ti].mentions++
				acc[ti].all.Sum += s.score
				acc[ti].all.Count++
				if s.quoted {
					acc[ti].quoted.Sum += s.score
					acc[ti].quoted.Count++
				} else {
					acc[ti].own.Sum += s.score
					acc[ti].own.Count++
				}
			}
		}
		name := r.outlet
		add := func(cell string, x stats.Unit) {
			if x.Count > 0 {
				u.cells[cell] = append(u.cells[cell], stats.KeyedUnit{Key: key, Unit: x})
			}
		}
		add("sentiment/"+name, sent)
		if bucket != "" {
			add("sentiment-time/"+name+"/"+bucket, sent)
		}
		if sf != nil && sent.Count > 0 {
			sf.sentiment = append(sf.sentiment, stats.KeyedUnit{Key: key, Unit: sent})
		}
		add("own/"+name, own)
		add("quoted/"+name, quoted)
		add("quoteshare/"+name, quoteShare)
		for ti, c := range acc {
			if c.all.Count == 0 {
				continue
			}
			t := ov.Targets[ti]
			u.mentions[[2]string{name, t}] += c.mentions
			add("stance/"+name+"/"+t, c.all)
			add("stance-own/"+name+"/"+t, c.own)
			add("stance-quoted/"+name+"/"+t, c.quoted)
			if bucket != "" {
				add("stance-time/"+name+"/"+t+"/"+bucket, c.all)
			}
			if sf != nil {
				sf.stance[ti] = append(sf.stance[ti], stats.KeyedUnit{Key: key, Unit: c.all})
				sf.mentions[ti] += c.mentions
			}
		}
		if topicTotal > 0 {
			for t := 0; t < nt; t++ {
				add(fmt.Sprintf("topic/%s/%d", name, t), stats.Unit{Sum: float64(topicCount[t]), Count: topicTotal})
			}
			if bucket != "" {
				sums := u.topicSums[name]
				if sums == nil {
					sums = map[string][]stats.Unit{}
					u.topicSums[name] = sums
				}
				s := sums[bucket]
				if s == nil {
					s = make([]stats.Unit, nt)
					sums[bucket] = s
				}
				for t := 0; t < nt; t++ {
					s[t].Sum += float64(topicCount[t])
					s[t].Count += topicTotal
				}
			}
		}
	}
	if err := ag.outletFigures(u, nt); err != nil {
		return nil, err
	}
	if len(ov.Outlets) > 1 {
		groups := map[string]*terms.Counts{}
		for _, o := range ov.Outlets {
			groups[o.Name] = o.Counts
		}
		ov.Distinctive = terms.Distinctive(groups, ov.Totals, ov.Phrases, opt.Keyness)
	}
	if len(opt.LabelPairs) > 0 {
		keys := map[terms.Key]bool{}
		for k := range ag.labelTF {
			keys[terms.Key{Outlet: k.outlet, Day: k.day}] = true
		}
		list := make([]terms.Key, 0, len(keys))
		for k := range keys {
			list = append(list, k)
		}
		sort.Slice(list, func(i, j int) bool {
			if list[i].Outlet != list[j].Outlet {
				return list[i].Outlet < list[j].Outlet
			}
			return list[i].Day < list[j].Day
		})
		ov.Preferences = terms.PreferencesFrom(list, func(k terms.Key, term string) int64 {
			return ag.labelTF[labelKey{k.Outlet, k.Day, term}]
		}, opt.LabelPairs, ag.period)
	}
	if err := ag.differences(u); err != nil {
		return nil, err
	}
	if err := ag.storyDetails(u, storyMembers); err != nil {
		return nil, err
	}
	return ov, nil
}

// unitSet holds the units of one run, by cell name, and the other
// per-outlet and per-story figures.
type unitSet struct {
	cells    map[string][]stats.KeyedUnit
	mentions map[[2]string]int // (outlet, target) → mentions
	speakers map[string]map[string]int
	hist     map[string]*stats.Histogram
	// story[si][outlet] are a detailed story's figures.
	story     map[int]map[string]*storyFigures
	topicSums map[string]map[string][]stats.Unit // outlet → bucket → per topic
	prepared  map[string]*cell
}

type storyFigures struct {
	sentiment []stats.KeyedUnit
	stance    [][]stats.KeyedUnit
	mentions  []int
	speakers  map[string]int
	counts    *terms.Counts
}

func (u *unitSet) storyOf(si int, outlet string, targets int) *storyFigures {
	m := u.story[si]
	if m == nil {
		m = map[string]*storyFigures{}
		u.story[si] = m
	}
	f := m[outlet]
	if f == nil {
		f = &storyFigures{stance: make([][]stats.KeyedUnit, targets), mentions: make([]int, targets), speakers: map[string]int{}}
		m[outlet] = f
	}
	return f
}

// stanceAcc accumulates one article's stance toward each target.
type stanceAcc struct {
	all, own, quoted stats.Unit
	mentions         int
}

// topicTerms maps each candidate term to its topic among the top K (−1
// for none) and returns the number of topics, finding the topics first.
func (ag *aggregator) topicTerms() ([]int, int) {
	ov := ag.ov
	if ov.Cooccur != nil {
		m, err := topics.Find(ov.Cooccur, ov.Totals, ag.opt.Topics)
		if err == nil {
			ov.Topics = m
		} else {
			ag.topicErr = err
		}
	}
	if ag.cooc == nil {
		return nil, 0
	}
	vocab := ag.cooc.Vocab()
	topicOf := make([]int, len(vocab))
	inTop := map[string]bool{}
	for _, t := range ov.Top {
		inTop[t.Term] = true
	}
	nt := 0
	if ov.Topics != nil {
		nt = len(ov.Topics.Topics)
	}
	for i, t := range vocab {
		topicOf[i] = -1
		if nt > 0 && inTop[t] {
			if k, ok := ov.Topics.Of(t); ok {
				topicOf[i] = k
			}
		}
	}
	return topicOf, nt
}

// prepare returns a cell of the run, prepared once.
func (ag *aggregator) prepare(u *unitSet, name string, units []stats.KeyedUnit) (*cell, error) {
	if u.prepared == nil {
		u.prepared = map[string]*cell{}
	}
	if c, ok := u.prepared[name]; ok {
		return c, nil
	}
	c, err := ag.cells.prepare(name, units)
	if err != nil {
		return nil, err
	}
	u.prepared[name] = c
	return c, nil
}

// interval returns the interval of a named cell.
func (ag *aggregator) interval(u *unitSet, name string) (stats.Interval, error) {
	c, err := ag.prepare(u, name, u.cells[name])
	if err != nil {
		return stats.Interval{}, err
	}
	return ag.cells.mean(c), nil
}

// outletFigures fills each outlet's intervals, counts and series.
func (ag *aggregator) outletFigures(u *unitSet, nt int) error {
	ov := ag.ov
	if ag.topicErr != nil {
		return fmt.Errorf("aggregate: topics: %w", ag.topicErr)
	}
	var err error
	iv := func(name string) stats.Interval {
		if err != nil {
			return stats.Interval{}
		}
		var v stats.Interval
		v, err = ag.interval(u, name)
		return v
	}
	for _, o := range ov.Outlets {
		name := o.Name
		o.Sentiment = iv("sentiment/" + name)
		o.OwnVoice = iv("own/" + name)
		o.Quoted = iv("quoted/" + name)
		o.QuoteShare = iv("quoteshare/" + name)
		if h := u.hist[name]; h != nil {
			o.Box = h.Box()
		} else {
			o.Box = stats.NewHistogram(stats.DefaultBins).Box()
		}
		o.Speakers = topSpeakers(u.speakers[name], 20)
		for ti, t := range ov.Targets {
			if len(u.cells["stance/"+name+"/"+t]) == 0 {
				continue
			}
			ts := TargetStance{Target: t, Mentions: u.mentions[[2]string{name, t}]}
			ts.All = iv("stance/" + name + "/" + t)
			ts.OwnVoice = iv("stance-own/" + name + "/" + t)
			ts.Quoted = iv("stance-quoted/" + name + "/" + t)
			o.Stance = append(o.Stance, ts)
			var series []BucketValue
			for _, b := range ov.Buckets {
				if len(u.cells["stance-time/"+name+"/"+t+"/"+b]) > 0 {
					series = append(series, BucketValue{b, iv("stance-time/" + name + "/" + t + "/" + b)})
				}
			}
			for len(o.StanceTime) < ti {
				o.StanceTime = append(o.StanceTime, nil)
			}
			o.StanceTime = append(o.StanceTime, series)
		}
		for len(o.StanceTime) < len(ov.Targets) {
			o.StanceTime = append(o.StanceTime, nil)
		}
		for _, b := range ov.Buckets {
			if len(u.cells["sentiment-time/"+name+"/"+b]) > 0 {
				o.SentimentTime = append(o.SentimentTime, BucketValue{b, iv("sentiment-time/" + name + "/" + b)})
			}
		}
		if nt > 0 {
			o.TopicShares = make([]stats.Interval, nt)
			o.TopicTime = make([][]BucketValue, nt)
			for t := 0; t < nt; t++ {
				o.TopicShares[t] = iv(fmt.Sprintf("topic/%s/%d", name, t))
				sums := u.topicSums[name]
				for _, b := range ov.Buckets {
					if s, ok := sums[b]; ok && s[t].Count > 0 {
						v := s[t].Sum / float64(s[t].Count)
						o.TopicTime[t] = append(o.TopicTime[t], BucketValue{b, stats.Interval{Mean: v, Lo: math.NaN(), Hi: math.NaN(), Obs: s[t].Count}})
					}
				}
			}
		}
		if err != nil {
			return err
		}
		if o.Counts, err = ag.comparedCounts(name); err != nil {
			return err
		}
	}
	return nil
}

// comparedCounts returns the term counts of the outlet's paragraphs that
// take part in comparisons: all of them less the wire copy left out, with
// the words and, of the pairs, the phrases only (OutletStats.Counts).
func (ag *aggregator) comparedCounts(outlet string) (*terms.Counts, error) {
	total := ag.outletTerms[outlet]
	if total == nil {
		total = terms.NewCountsIn(ag.dict)
	}
	phrases := make([]terms.Pair, len(ag.phrases))
	for i, p := range ag.phrases {
		phrases[i] = p.Pair
	}
	c := total.Restrict(phrases)
	sub := ag.sharedTerms[outlet]
	if ag.opt.IncludeShared || sub == nil || sub.Paragraphs == 0 {
		return c, nil
	}
	if err := c.Sub(sub.Restrict(phrases)); err != nil {
		return nil, fmt.Errorf("aggregate: outlet %s: its shared counts exceed its counts: %w", outlet, err)
	}
	return c, nil
}

// period maps a day to its time bucket.
func (ag *aggregator) period(day string) (string, bool) {
	if day == "" || len(ag.ov.Buckets) == 0 {
		return "", false
	}
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return "", false
	}
	return ag.ov.Granularity.Key(t), true
}

// differences tests every pair of outlets on mean sentiment and on stance
// toward each target, then adjusts the p-values for the false discovery
// rate (Benjamini & Hochberg 1995).
func (ag *aggregator) differences(u *unitSet) error {
	ov := ag.ov
	var ps []float64
	diff := func(a, b string) (stats.Difference, error) {
		x, err := ag.prepare(u, a, u.cells[a])
		if err != nil {
			return stats.Difference{}, err
		}
		y, err := ag.prepare(u, b, u.cells[b])
		if err != nil {
			return stats.Difference{}, err
		}
		return ag.cells.diff(x, y), nil
	}
	for i, oa := range ov.Outlets {
		for _, ob := range ov.Outlets[i+1:] {
			d, err := diff("sentiment/"+oa.Name, "sentiment/"+ob.Name)
			if err != nil {
				return err
			}
			ov.Differences = append(ov.Differences, OutletDifference{Measure: "sentiment", A: oa.Name, B: ob.Name, Difference: d})
			ps = append(ps, d.P)
			for _, t := range ov.Targets {
				xa, xb := "stance/"+oa.Name+"/"+t, "stance/"+ob.Name+"/"+t
				if len(u.cells[xa]) == 0 || len(u.cells[xb]) == 0 {
					continue
				}
				d, err := diff(xa, xb)
				if err != nil {
					return err
				}
				ov.Differences = append(ov.Differences, OutletDifference{Measure: "stance: " + t, A: oa.Name, B: ob.Name, Difference: d})
				ps = append(ps, d.P)
			}
		}
	}
	// NaN p-values (a side without observations) are left out of the
	// family.
	var idx []int
	var valid []float64
	for i, p := range ps {
		if !math.IsNaN(p) {
			idx = append(idx, i)
			valid = append(valid, p)
		}
	}
	adj := stats.AdjustBH(valid)
	for i := range ov.Differences {
		ov.Differences[i].PAdjusted = math.NaN()
	}
	for k, i := range idx {
		ov.Differences[i].PAdjusted = adj[k]
		ov.Differences[i].Significant = adj[k] <= 0.05
	}
	return nil
}

// storyDetails fills each detailed story's per-outlet figures; the term
// counts come from the members' paragraphs, read for these stories only.
func (ag *aggregator) storyDetails(u *unitSet, members []string) error {
	ov, opt := ag.ov, ag.opt
	counts := func(id string, seqs []terms.Seq) {
		r := ag.recs[id]
		shared := map[int]bool{}
		if !opt.IncludeShared {
			for _, i := range ov.SharedIn[id] {
				shared[i] = true
			}
		}
		f := u.storyOf(ag.storyIndex(id), r.outlet, len(ov.Targets))
		if f.counts == nil {
			// A dictionary of its own: small counts in the corpus's
			// would each be as long as it.
			f.counts = terms.NewCounts()
		}
		for i, s := range seqs {
			if !shared[i] {
				f.counts.Add(s)
			}
		}
	}
	var read []string
	for _, id := range members {
		if f := ag.fresh[id]; f != nil && f.seqs != nil {
			counts(id, f.seqs)
		} else {
			read = append(read, id)
		}
	}
	err := ag.src.Articles(ag.ctx, read, FieldTerms, func(a *Article) error {
		seqs := make([]terms.Seq, len(a.Paragraphs))
		for i := range a.Paragraphs {
			seqs[i] = a.Paragraphs[i].Seq
		}
		counts(a.ID, seqs)
		return nil
	})
	if err != nil {
		return fmt.Errorf("aggregate: story terms: %w", err)
	}
	sis := make([]int, 0, len(u.story))
	for si := range u.story {
		sis = append(sis, si)
	}
	sort.Ints(sis)
	for _, si := range sis {
		byOutlet := u.story[si]
		st := ov.Stories[si]
		pooled := terms.NewCounts()
		outlets := sortedKeys(byOutlet)
		for _, name := range outlets {
			if c := byOutlet[name].counts; c != nil {
				pooled.Merge(c)
			}
		}
		var dist []terms.Keyness
		if len(outlets) > 1 {
			groups := map[string]*terms.Counts{}
			for _, name := range outlets {
				c := byOutlet[name].counts
				if c == nil {
					c = terms.NewCounts()
				}
				groups[name] = c
			}
			kopt := opt.Keyness
			kopt.NoPairs = true
			kopt.Limit = 15
			dist = terms.Distinctive(groups, pooled, ov.Phrases, kopt)
		}
		for _, name := range outlets {
			f := byOutlet[name]
			so := StoryOutlet{Outlet: name, Speakers: topSpeakers(f.speakers, 10)}
			x, err := ag.cells.prepare("story/"+st.ID+"/"+name, f.sentiment)
			if err != nil {
				return err
			}
			so.Sentiment = ag.cells.mean(x)
			for ti, units := range f.stance {
				if len(units) == 0 {
					continue
				}
				x, err := ag.cells.prepare("story-stance/"+st.ID+"/"+name+"/"+ov.Targets[ti], units)
				if err != nil {
					return err
				}
				so.Stance = append(so.Stance, TargetStance{Target: ov.Targets[ti], Mentions: f.mentions[ti], All: ag.cells.mean(x)})
			}
			for _, k := range dist {
				if k.Group == name && k.Z > 0 {
					so.Distinctive = append(so.Distinctive, k)
				}
			}
			st.Outlets = append(st.Outlets, so)
		}
	}
	return nil
}

// storyIndex returns the index in Overview.Stories of an article's story.
func (ag *aggregator) storyIndex(id string) int {
	if ag.storyPos == nil {
		ag.storyPos = map[string]int{}
		for i, s := range ag.ov.Stories {
			ag.storyPos[s.ID] = i
		}
	}
	return ag.storyPos[ag.ov.StoryOf[id]]
}

func topSpeakers(m map[string]int, n int) []SpeakerCount {
	out := make([]SpeakerCount, 0, len(m))
	for name, c := range m {
		out = append(out, SpeakerCount{name, c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Quotes != out[j].Quotes {
			return out[i].Quotes > out[j].Quotes
		}
		return out[i].Name < out[j].Name
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// propose returns the n named entities proposed as targets when none are
// configured: among the most mentioned (4n candidates from
// entities.Counter.Top), those named by the most outlets first, since a
// target only one outlet mentions cannot show how outlets differ; ties keep
// the mention order.
func (ag *aggregator) propose(n int) []entities.Entity {
	cands := ag.ents.Top(4 * n)
	byName := map[string][]string{}
	for k := range ag.entOutlets {
		byName[k[0]] = append(byName[k[0]], k[1])
	}
	outlets := make([]int, len(cands))
	for i, e := range cands {
		seen := map[string]bool{}
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			for _, o := range byName[name] {
				seen[o] = true
			}
		}
		outlets[i] = len(seen)
	}
	idx := make([]int, len(cands))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return outlets[idx[a]] > outlets[idx[b]] })
	out := make([]entities.Entity, 0, n)
	for _, i := range idx {
		if len(out) == n {
			break
		}
		out = append(out, cands[i])
	}
	return out
}

// pageIDs returns the articles given pages: the Pages most recent (then by
// ID), in ID order.
func (ag *aggregator) pageIDs() []string {
	type info struct {
		id string
		t  time.Time
	}
	infos := make([]info, 0, len(ag.recs))
	for id, r := range ag.recs {
		infos = append(infos, info{id, r.published})
	}
	sort.Slice(infos, func(i, j int) bool {
		a, b := infos[i], infos[j]
		if !a.t.Equal(b.t) {
			return a.t.After(b.t)
		}
		return a.id < b.id
	})
	var ids []string
	for i := 0; i < len(infos) && i < ag.opt.Pages; i++ {
		ids = append(ids, infos[i].id)
	}
	sort.Strings(ids)
	return ids
}
