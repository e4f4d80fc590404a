package aggregate

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"newsframe/analysis/article"
	"newsframe/analysis/codec"
	"newsframe/analysis/stats"
	"newsframe/analysis/terms"
)

// QuotedVoiceShare is the share of a paragraph's characters that must lie
// inside quotation marks for the paragraph to count as a source's voice
// rather than the outlet's own.
const QuotedVoiceShare = 0.5

// Settings are what decides an article's contribution besides its rows: a
// change of any of them rebuilds the summaries from the stored rows.
type Settings struct {
	// CompareBy names the article field whose value forms groups of
	// outlets (a field of the input kept in the article's meta, or
	// "author"); "" compares outlets only.
	CompareBy string
	// IncludeShared keeps wire copy in the comparisons.
	IncludeShared bool
	// LabelPairs are the competing labels counted per day.
	LabelPairs []terms.LabelPair
}

// Fingerprint identifies the settings for the catalog.
func (s *Settings) Fingerprint() string {
	var variants [][]string
	for _, lp := range s.LabelPairs {
		variants = append(variants, lp.A.Variants, lp.B.Variants)
	}
	return fmt.Sprintf("summaries/1|%q|%v|%q", s.CompareBy, s.IncludeShared, variants)
}

// CellOf returns the cell an article row counts in.
func (s *Settings) CellOf(a *article.ArticleRow) Cell {
	c := Cell{Outlet: a.Outlet}
	switch s.CompareBy {
	case "":
	case "author":
		c.Group = a.Author
	default:
		var meta map[string]any
		if json.Unmarshal([]byte(a.Meta), &meta) == nil {
			if v, ok := meta[s.CompareBy]; ok && v != nil {
				c.Group = fmt.Sprint(v)
			}
		}
	}
	return c
}

// Stored is one article as the combine step counts it: its rows and its
// paragraphs' content-term sequences (computed again from the text when
// an article is read back from the result store).
type Stored struct {
	Article    article.ArticleRow
	Paragraphs []article.ParagraphRow
	Seqs       []terms.Seq
}

// DayCell keys the per-day summaries.
type DayCell struct {
	Day  string // YYYY-MM-DD; undated articles have none
	Cell Cell
}

// DaySummary is what a cell published on one day, for time series and
// period comparisons: its articles, moments of their sentiment and stance
// scores, and the counts of the competing labels.
type DaySummary struct {
	Articles  int64
	Sentiment stats.Moments
	Stance    map[string]*stats.Moments
	Labels    map[string]int64
	// TopicDocs and TopicAbout are as in [CellSummary]: the articles
	// with topic proportions and, per topic, those about it (the series
	// count articles about a topic; the mean proportions per day, which
	// cost 40 MB of memory and more of state on the AllSides half, are
	// not kept).
	TopicDocs  int64
	TopicAbout []int64
}

// About returns the number of articles about topic t.
func (s *DaySummary) About(t int) int64 {
	if t < len(s.TopicAbout) {
		return s.TopicAbout[t]
	}
	return 0
}

// NewDaySummary returns an empty day summary.
func NewDaySummary() *DaySummary {
	return &DaySummary{Stance: map[string]*stats.Moments{}, Labels: map[string]int64{}}
}

// Merge adds o to s.
func (s *DaySummary) Merge(o *DaySummary) {
	s.Articles += o.Articles
	s.Sentiment.Merge(o.Sentiment)
	for t, m := range o.Stance {
		x := s.Stance[t]
		if x == nil {
			x = &stats.Moments{}
			s.Stance[t] = x
		}
		x.Merge(*m)
	}
	mergeCounts(s.Labels, o.Labels, 1)
	s.TopicDocs += o.TopicDocs
	mergeInts(&s.TopicAbout, o.TopicAbout)
}

// Unmerge takes o, merged before, out of s.
func (s *DaySummary) Unmerge(o *DaySummary) error {
	if s.Articles -= o.Articles; s.Articles < 0 {
		return fmt.Errorf("aggregate: day summary: %w", stats.ErrNotAdded)
	}
	if s.TopicDocs -= o.TopicDocs; s.TopicDocs < 0 {
		return fmt.Errorf("aggregate: day summary: topics: %w", stats.ErrNotAdded)
	}
	if err := s.Sentiment.Unmerge(o.Sentiment); err != nil {
		return fmt.Errorf("aggregate: day summary: %w", err)
	}
	for t, m := range o.Stance {
		x := s.Stance[t]
		if x == nil {
			return fmt.Errorf("aggregate: day summary: stance toward %q: %w", t, stats.ErrNotAdded)
		}
		if err := x.Unmerge(*m); err != nil {
			return fmt.Errorf("aggregate: day summary: stance toward %q: %w", t, err)
		}
		if *x == (stats.Moments{}) {
			delete(s.Stance, t)
		}
	}
	if err := unmergeCounts(s.Labels, o.Labels); err != nil {
		return err
	}
	if err := unmergeInts(&s.TopicAbout, o.TopicAbout); err != nil {
		return err
	}
	return nil
}

// Empty reports whether s counts nothing.
func (s *DaySummary) Empty() bool {
	return s.Articles == 0 && s.Sentiment == (stats.Moments{}) && len(s.Stance) == 0 && len(s.Labels) == 0 && s.TopicDocs == 0 && len(s.TopicAbout) == 0
}

const daySummaryVersion = 2

// AppendBinary appends the encoding of s.
func (s *DaySummary) AppendBinary(b []byte) ([]byte, error) {
	e := codec.Encoder{B: append(b, daySummaryVersion)}
	e.Varint(s.Articles)
	encodeMoments(&e, s.Sentiment)
	targets := slices.Sorted(maps.Keys(s.Stance))
	e.Uvarint(uint64(len(targets)))
	for _, t := range targets {
		e.String(t)
		encodeMoments(&e, *s.Stance[t])
	}
	e.IntMap(s.Labels)
	e.Varint(s.TopicDocs)
	encodeInts(&e, s.TopicAbout)
	return e.B, nil
}

// UnmarshalBinary replaces s with the summary encoded in b.
func (s *DaySummary) UnmarshalBinary(b []byte) error {
	// Version 1 lacks TopicDocs and TopicAbout and has a list of topic
	// moments, always empty (see CellSummary.UnmarshalBinary).
	if len(b) == 0 || b[0] < 1 || b[0] > daySummaryVersion {
		return codec.ErrCorrupt
	}
	d := codec.Decoder{B: b[1:]}
	*s = *NewDaySummary()
	s.Articles = d.Varint()
	s.Sentiment = decodeMoments(&d)
	n := d.Count(len(d.B))
	for i := 0; i < n && d.Err() == nil; i++ {
		t := d.String()
		m := decodeMoments(&d)
		s.Stance[t] = &m
	}
	s.Labels = d.IntMap()
	if b[0] == 1 {
		nt := d.Count(len(d.B))
		for i := 0; i < nt && d.Err() == nil; i++ {
			decodeMoments(&d)
		}
	} else {
		s.TopicDocs = d.Varint()
		s.TopicAbout = decodeInts(&d)
	}
	return d.Finish()
}

// CellTerms are a cell's term counts: of its compared paragraphs, and of
// its paragraphs left out as wire copy.
type CellTerms struct {
	Compared, Shared *terms.Counts
}

// NewCellTerms returns empty counts.
func NewCellTerms() *CellTerms {
	return &CellTerms{Compared: terms.NewCounts(), Shared: terms.NewCounts()}
}

// AppendBinary appends both counts.
func (c *CellTerms) AppendBinary(b []byte) ([]byte, error) {
	var e codec.Encoder
	x, err := c.Compared.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	y, err := c.Shared.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	e.B = b
	e.Bytes(x)
	e.Bytes(y)
	return e.B, nil
}

// UnmarshalBinary replaces c with the counts encoded in b.
func (c *CellTerms) UnmarshalBinary(b []byte) error {
	d := codec.Decoder{B: b}
	x, y := d.Bytes(), d.Bytes()
	if err := d.Finish(); err != nil {
		return err
	}
	*c = *NewCellTerms()
	if err := c.Compared.UnmarshalBinary(x); err != nil {
		return err
	}
	return c.Shared.UnmarshalBinary(y)
}

// EntityTotal counts one named entity over the corpus: its mentions, the
// articles naming it, and those that gave evidence it is a person.
type EntityTotal struct {
	Mentions, Articles, Person int64
}

// Side is one side of a Delta: the contributions of the articles added
// (Delta.Plus) or of those taken out (Delta.Minus). Both only ever grow,
// so every summary in them is the summary of a set of articles.
type Side struct {
	Cells    map[Cell]*CellSummary
	Terms    map[Cell]*CellTerms
	Days     map[DayCell]*DaySummary
	Entities map[string]*EntityTotal
}

func newSide() *Side {
	return &Side{Cells: map[Cell]*CellSummary{}, Terms: map[Cell]*CellTerms{},
		Days: map[DayCell]*DaySummary{}, Entities: map[string]*EntityTotal{}}
}

func (s *Side) cell(c Cell) *CellSummary {
	x := s.Cells[c]
	if x == nil {
		x = NewCellSummary()
		s.Cells[c] = x
	}
	return x
}

func (s *Side) terms(c Cell) *CellTerms {
	x := s.Terms[c]
	if x == nil {
		x = NewCellTerms()
		s.Terms[c] = x
	}
	return x
}

func (s *Side) day(k DayCell) *DaySummary {
	x := s.Days[k]
	if x == nil {
		x = NewDaySummary()
		s.Days[k] = x
	}
	return x
}

func (s *Side) entity(name string) *EntityTotal {
	x := s.Entities[name]
	if x == nil {
		x = &EntityTotal{}
		s.Entities[name] = x
	}
	return x
}

// merge adds o into s.
func (s *Side) merge(o *Side) {
	for c, x := range o.Cells {
		s.cell(c).Merge(x)
	}
	for c, x := range o.Terms {
		t := s.terms(c)
		t.Compared.Merge(x.Compared)
		t.Shared.Merge(x.Shared)
	}
	for k, x := range o.Days {
		s.day(k).Merge(x)
	}
	for name, x := range o.Entities {
		t := s.entity(name)
		t.Mentions += x.Mentions
		t.Articles += x.Articles
		t.Person += x.Person
	}
}

// Delta accumulates the contributions of the articles a run adds and of
// those it takes out (their stored rows as they were counted), to be
// merged into the stored summaries: Plus is merged, Minus unmerged.
type Delta struct {
	settings *Settings
	labels   *labelIndex

	Plus, Minus *Side
	// Cooc and Window count the co-occurrence candidates when the caller
	// set them (see SetCooccur); their counts are signed.
	Cooc, Window *terms.Cooccur
	// Stories lists the stories an article joined or left.
	Stories map[string]bool
}

// NewDelta returns an empty delta for settings s.
func NewDelta(s *Settings) *Delta {
	return &Delta{settings: s, labels: newLabelIndex(s.LabelPairs), Plus: newSide(), Minus: newSide(), Stories: map[string]bool{}}
}

// SetCooccur makes the delta count co-occurrence into c and w (w may be
// nil); other deltas merged into this one must count the same vocabulary.
func (d *Delta) SetCooccur(c, w *terms.Cooccur) { d.Cooc, d.Window = c, w }

// Add counts one article's contribution: with sign 1 an article added,
// with sign -1 one taken out (its stored rows as they were counted).
func (d *Delta) Add(st *Stored, sign int64) {
	side := d.Plus
	if sign < 0 {
		side = d.Minus
	}
	a := &st.Article
	c := d.settings.CellOf(a)
	cs := side.cell(c)
	ct := side.terms(c)
	day := a.Day()
	cs.Articles++
	if day == "" {
		cs.Undated++
	}
	cs.Quotes += int64(a.Quotes)
	cs.Attributed += int64(a.Attributed)

	var sum, own, quoted float64
	var n, nOwn, nQuoted int
	var chars, quotedChars int64
	type voiceSums struct {
		own, quoted   float64
		nOwn, nQuoted int
	}
	stanceVoice := map[string]*voiceSums{}
	labelTF := map[string]int64{}
	for i := range st.Paragraphs {
		p := &st.Paragraphs[i]
		cs.Paragraphs++
		var seq terms.Seq
		if i < len(st.Seqs) {
			seq = st.Seqs[i]
		}
		d.labels.count(seq, labelTF)
		if d.Cooc != nil {
			d.cooc(seq, sign)
		}
		if p.Shared {
			cs.Shared++
		}
		if p.Shared && !d.settings.IncludeShared {
			ct.Shared.Add(seq)
			continue
		}
		ct.Compared.Add(seq)
		cs.Compared++
		cs.Words += int64(p.Words)
		cs.Chars += int64(p.Chars)
		qc := int64(p.QuotedShare*float64(p.Chars) + 0.5)
		cs.QuotedChars += qc
		chars += int64(p.Chars)
		quotedChars += qc
		cs.Histogram.Add(p.SentimentScore)
		sum += p.SentimentScore
		n++
		if p.QuotedShare >= QuotedVoiceShare {
			quoted += p.SentimentScore
			nQuoted++
		} else {
			own += p.SentimentScore
			nOwn++
		}
		for _, s := range p.Stance {
			v := stanceVoice[s.Target]
			if v == nil {
				v = &voiceSums{}
				stanceVoice[s.Target] = v
			}
			if s.Quoted {
				v.quoted += s.Score
				v.nQuoted++
			} else {
				v.own += s.Score
				v.nOwn++
			}
		}
	}
	ds := side.day(DayCell{Day: day, Cell: c})
	ds.Articles++
	mergeCounts(ds.Labels, labelTF, 1)
	if n > 0 {
		m := sum / float64(n)
		cs.Sentiment.Add(m)
		ds.Sentiment.Add(m)
		if chars > 0 {
			cs.QuoteShare.Add(float64(quotedChars) / float64(chars))
		}
	}
	if nOwn > 0 {
		cs.OwnVoice.Add(own / float64(nOwn))
	}
	if nQuoted > 0 {
		cs.Quoted.Add(quoted / float64(nQuoted))
	}
	for _, s := range a.Stance {
		ss := cs.stance(s.Target)
		ss.Articles++
		ss.Mentions += int64(s.Mentions)
		ss.Paragraphs += int64(s.Paragraphs)
		ss.QuotedParagraphs += int64(s.QuotedParagraphs)
		ss.All.Add(s.Score)
		if v := stanceVoice[s.Target]; v != nil {
			if v.nOwn > 0 {
				ss.OwnVoice.Add(v.own / float64(v.nOwn))
			}
			if v.nQuoted > 0 {
				ss.Quoted.Add(v.quoted / float64(v.nQuoted))
			}
		}
		m := ds.Stance[s.Target]
		if m == nil {
			m = &stats.Moments{}
			ds.Stance[s.Target] = m
		}
		m.Add(s.Score)
	}
	for _, sp := range a.Speakers {
		cs.Speakers[sp.Speaker] += int64(sp.Quotes)
	}
	if h := HostOf(a.URL); h != "" {
		cs.Hosts[h]++
	}
	for _, e := range a.Entities {
		cs.Entities[e.Name]++
		t := side.entity(e.Name)
		t.Mentions += int64(e.Mentions)
		t.Articles++
		if e.Person {
			t.Person++
		}
	}
	if len(a.Topics) > 0 {
		cs.TopicDocs++
		ds.TopicDocs++
		for _, t := range a.Topics {
			addTopic(&cs.Topics, int(t.Topic), t.Weight)
			if t.Weight >= AboutShare {
				addAbout(&cs.TopicAbout, int(t.Topic))
				addAbout(&ds.TopicAbout, int(t.Topic))
			}
		}
	}
	if a.StoryID != "" {
		d.Stories[a.StoryID] = true
	}
}

// addAbout counts an article about topic t.
func addAbout(c *[]int64, t int) {
	if t >= len(*c) {
		*c = append(*c, make([]int64, t+1-len(*c))...)
	}
	(*c)[t]++
}

// addTopic adds an article's proportion x of topic t to ms.
func addTopic(ms *[]stats.Moments, t int, x float64) {
	if t >= len(*ms) {
		*ms = append(*ms, make([]stats.Moments, t+1-len(*ms))...)
	}
	(*ms)[t].Add(x)
}

// HostOf returns the host of a URL without "www.", "" when there is none:
// the key of CellSummary.Hosts.
func HostOf(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// cooc counts a paragraph's co-occurrences with sign.
func (d *Delta) cooc(s terms.Seq, sign int64) {
	if sign > 0 {
		d.Cooc.Add(s)
		if d.Window != nil {
			d.Window.Add(s)
		}
		return
	}
	d.Cooc.Remove(s)
	if d.Window != nil {
		d.Window.Remove(s)
	}
}

// Merge adds another delta (of the same settings) into d.
func (d *Delta) Merge(o *Delta) error {
	d.Plus.merge(o.Plus)
	d.Minus.merge(o.Minus)
	if o.Cooc != nil {
		if d.Cooc == nil {
			return fmt.Errorf("aggregate: merge a delta with co-occurrence into one without")
		}
		if err := d.Cooc.Merge(o.Cooc); err != nil {
			return err
		}
		if o.Window != nil {
			if err := d.Window.Merge(o.Window); err != nil {
				return err
			}
		}
	}
	for s := range o.Stories {
		d.Stories[s] = true
	}
	return nil
}

// labelIndex finds the competing-label variants in term sequences.
type labelIndex struct {
	words map[string]bool
	pairs map[terms.Pair]bool
}

func newLabelIndex(pairs []terms.LabelPair) *labelIndex {
	ix := &labelIndex{words: map[string]bool{}, pairs: map[terms.Pair]bool{}}
	for _, lp := range pairs {
		for _, v := range slices.Concat(lp.A.Variants, lp.B.Variants) {
			if p, ok := terms.SplitPhrase(v); ok {
				ix.pairs[p] = true
			} else {
				ix.words[v] = true
			}
		}
	}
	return ix
}

// count adds the variants' occurrences in s to tf.
func (ix *labelIndex) count(s terms.Seq, tf map[string]int64) {
	if len(ix.words) == 0 && len(ix.pairs) == 0 {
		return
	}
	for i, t := range s.Terms {
		if ix.words[t] {
			tf[t]++
		}
		if s.Adjacent(i) {
			p := terms.Pair{A: t, B: s.Terms[i+1]}
			if ix.pairs[p] {
				tf[p.String()]++
			}
		}
	}
}
