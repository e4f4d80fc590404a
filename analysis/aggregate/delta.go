package aggregate

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/url"
	"slices"
	"strings"

	"newsframe/analysis/article"
	"newsframe/analysis/codec"
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
	Sentiment Moments
	Stance    map[string]*Moments
	Labels    map[string]int64
	Topics    []Moments
}

// NewDaySummary returns an empty day summary.
func NewDaySummary() *DaySummary {
	return &DaySummary{Stance: map[string]*Moments{}, Labels: map[string]int64{}}
}

// Merge adds o (sign 1) or takes it out (sign -1).
func (s *DaySummary) Merge(o *DaySummary, sign int64) {
	s.Articles += sign * o.Articles
	mergeMoments(&s.Sentiment, o.Sentiment, sign)
	for t, m := range o.Stance {
		x := s.Stance[t]
		if x == nil {
			x = &Moments{}
			s.Stance[t] = x
		}
		mergeMoments(x, *m, sign)
		if x.IsZero() {
			delete(s.Stance, t)
		}
	}
	mergeCounts(s.Labels, o.Labels, sign)
	if len(o.Topics) > len(s.Topics) {
		s.Topics = append(s.Topics, make([]Moments, len(o.Topics)-len(s.Topics))...)
	}
	for i, m := range o.Topics {
		mergeMoments(&s.Topics[i], m, sign)
	}
	for len(s.Topics) > 0 && s.Topics[len(s.Topics)-1].IsZero() {
		s.Topics = s.Topics[:len(s.Topics)-1]
	}
}

// Empty reports whether s counts nothing.
func (s *DaySummary) Empty() bool {
	return s.Articles == 0 && s.Sentiment.IsZero() && len(s.Stance) == 0 && len(s.Labels) == 0 && len(s.Topics) == 0
}

const daySummaryVersion = 1

// AppendBinary appends the encoding of s.
func (s *DaySummary) AppendBinary(b []byte) ([]byte, error) {
	e := codec.Encoder{B: append(b, daySummaryVersion)}
	e.Varint(s.Articles)
	s.Sentiment.encode(&e)
	targets := slices.Sorted(maps.Keys(s.Stance))
	e.Uvarint(uint64(len(targets)))
	for _, t := range targets {
		e.String(t)
		s.Stance[t].encode(&e)
	}
	e.IntMap(s.Labels)
	e.Uvarint(uint64(len(s.Topics)))
	for _, m := range s.Topics {
		m.encode(&e)
	}
	return e.B, nil
}

// UnmarshalBinary replaces s with the summary encoded in b.
func (s *DaySummary) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || b[0] != daySummaryVersion {
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
	nt := d.Count(len(d.B))
	for i := 0; i < nt && d.Err() == nil; i++ {
		s.Topics = append(s.Topics, decodeMoments(&d))
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

// Delta accumulates the contributions of articles added (sign 1) and
// taken out (sign -1) in one run, to be merged into the stored summaries.
// Term counts cannot go below zero, so additions and removals are kept
// apart (Plus, Minus) and applied in that order.
type Delta struct {
	settings *Settings
	labels   *labelIndex

	Cells    map[Cell]*CellSummary
	Plus     map[Cell]*CellTerms
	Minus    map[Cell]*CellTerms
	Days     map[DayCell]*DaySummary
	Entities map[string]*EntityTotal
	// Cooc and Window count the co-occurrence candidates when the caller
	// set them (see SetCooccur); their counts are signed.
	Cooc, Window *terms.Cooccur
	// Stories lists the stories an article joined or left.
	Stories map[string]bool
	// Topics is the number of topics whose proportions articles carry
	// (0: none yet).
	Topics int
}

// NewDelta returns an empty delta for settings s.
func NewDelta(s *Settings) *Delta {
	return &Delta{settings: s, labels: newLabelIndex(s.LabelPairs),
		Cells: map[Cell]*CellSummary{}, Plus: map[Cell]*CellTerms{}, Minus: map[Cell]*CellTerms{},
		Days: map[DayCell]*DaySummary{}, Entities: map[string]*EntityTotal{}, Stories: map[string]bool{}}
}

// SetCooccur makes the delta count co-occurrence into c and w (w may be
// nil); other deltas merged into this one must count the same vocabulary.
func (d *Delta) SetCooccur(c, w *terms.Cooccur) { d.Cooc, d.Window = c, w }

func (d *Delta) cell(c Cell) *CellSummary {
	s := d.Cells[c]
	if s == nil {
		s = NewCellSummary()
		d.Cells[c] = s
	}
	return s
}

func (d *Delta) cellTerms(c Cell, sign int64) *CellTerms {
	m := d.Plus
	if sign < 0 {
		m = d.Minus
	}
	t := m[c]
	if t == nil {
		t = NewCellTerms()
		m[c] = t
	}
	return t
}

func (d *Delta) day(k DayCell) *DaySummary {
	s := d.Days[k]
	if s == nil {
		s = NewDaySummary()
		d.Days[k] = s
	}
	return s
}

// Add counts one article's contribution with sign 1 (added) or -1 (taken
// out: its stored rows as they were counted before).
func (d *Delta) Add(st *Stored, sign int64) {
	a := &st.Article
	c := d.settings.CellOf(a)
	cs := d.cell(c)
	ct := d.cellTerms(c, sign)
	day := a.Day()
	cs.Articles += sign
	if day == "" {
		cs.Undated += sign
	}
	cs.Quotes += sign * int64(a.Quotes)
	cs.Attributed += sign * int64(a.Attributed)

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
		cs.Paragraphs += sign
		var seq terms.Seq
		if i < len(st.Seqs) {
			seq = st.Seqs[i]
		}
		d.labels.count(seq, labelTF)
		if d.Cooc != nil {
			d.cooc(seq, sign)
		}
		if p.Shared {
			cs.Shared += sign
		}
		if p.Shared && !d.settings.IncludeShared {
			ct.Shared.Add(seq)
			continue
		}
		ct.Compared.Add(seq)
		cs.Compared += sign
		cs.Words += sign * int64(p.Words)
		cs.Chars += sign * int64(p.Chars)
		qc := int64(p.QuotedShare*float64(p.Chars) + 0.5)
		cs.QuotedChars += sign * qc
		chars += int64(p.Chars)
		quotedChars += qc
		addHistogram(cs, p.SentimentScore, sign)
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
	ds := d.day(DayCell{Day: day, Cell: c})
	ds.Articles += sign
	mergeCounts(ds.Labels, labelTF, sign)
	if n > 0 {
		m := sum / float64(n)
		cs.Sentiment.add(m, sign)
		ds.Sentiment.add(m, sign)
		if chars > 0 {
			cs.QuoteShare.add(float64(quotedChars)/float64(chars), sign)
		}
	}
	if nOwn > 0 {
		cs.OwnVoice.add(own/float64(nOwn), sign)
	}
	if nQuoted > 0 {
		cs.Quoted.add(quoted/float64(nQuoted), sign)
	}
	for _, s := range a.Stance {
		ss := cs.stance(s.Target)
		ss.Articles += sign
		ss.Mentions += sign * int64(s.Mentions)
		ss.Paragraphs += sign * int64(s.Paragraphs)
		ss.QuotedParagraphs += sign * int64(s.QuotedParagraphs)
		ss.All.add(s.Score, sign)
		if v := stanceVoice[s.Target]; v != nil {
			if v.nOwn > 0 {
				ss.OwnVoice.add(v.own/float64(v.nOwn), sign)
			}
			if v.nQuoted > 0 {
				ss.Quoted.add(v.quoted/float64(v.nQuoted), sign)
			}
		}
		if *ss == (StanceSummary{}) {
			delete(cs.Stance, s.Target)
		}
		m := ds.Stance[s.Target]
		if m == nil {
			m = &Moments{}
			ds.Stance[s.Target] = m
		}
		m.add(s.Score, sign)
	}
	for _, sp := range a.Speakers {
		cs.Speakers[sp.Speaker] += sign * int64(sp.Quotes)
	}
	if h := hostOf(a.URL); h != "" {
		cs.Hosts[h] += sign
		if cs.Hosts[h] == 0 {
			delete(cs.Hosts, h)
		}
	}
	for _, e := range a.Entities {
		cs.Entities[e.Name] += sign
		t := d.Entities[e.Name]
		if t == nil {
			t = &EntityTotal{}
			d.Entities[e.Name] = t
		}
		t.Mentions += sign * int64(e.Mentions)
		t.Articles += sign
		if e.Person {
			t.Person += sign
		}
	}
	if a.StoryID != "" {
		d.Stories[a.StoryID] = true
	}
}

// hostOf returns the host of a URL without "www.", "" when there is none.
func hostOf(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// addHistogram counts x with sign in the cell's histogram, in the bin
// stats.Histogram.Add uses. A delta's counts may wrap below zero; merged
// into the stored summary they come right.
func addHistogram(cs *CellSummary, x float64, sign int64) {
	if math.IsNaN(x) {
		return
	}
	h := cs.Histogram
	n := len(h.Counts)
	i := max(0, min(n-1, int(math.Floor((x+1)/2*float64(n)))))
	h.Counts[i] = uint64(int64(h.Counts[i]) + sign)
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
	for c, s := range o.Cells {
		d.cell(c).Merge(s, 1)
	}
	for c, t := range o.Plus {
		x := d.cellTerms(c, 1)
		x.Compared.Merge(t.Compared)
		x.Shared.Merge(t.Shared)
	}
	for c, t := range o.Minus {
		x := d.cellTerms(c, -1)
		x.Compared.Merge(t.Compared)
		x.Shared.Merge(t.Shared)
	}
	for k, s := range o.Days {
		d.day(k).Merge(s, 1)
	}
	for name, t := range o.Entities {
		x := d.Entities[name]
		if x == nil {
			x = &EntityTotal{}
			d.Entities[name] = x
		}
		x.Mentions += t.Mentions
		x.Articles += t.Articles
		x.Person += t.Person
	}
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
