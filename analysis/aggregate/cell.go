package aggregate

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"newsframe/analysis/codec"
	"newsframe/analysis/stats"
)

// Cell is the unit every per-outlet figure is kept for: an outlet and, when
// outlets are compared by an article field (--compare-by), the field's
// value in the article. Groups of outlets (--groups) are unions of cells,
// formed when the report is rendered.
type Cell struct {
	Outlet, Group string
}

// Key is the cell's name in the catalog: outlet, a NUL byte, group.
func (c Cell) Key() string { return c.Outlet + "\x00" + c.Group }

// CellOf parses a Key.
func CellOf(key string) Cell {
	o, g, _ := strings.Cut(key, "\x00")
	return Cell{Outlet: o, Group: g}
}

// CellSummary is everything kept per cell apart from its term counts
// ([CellTerms]): counts, moments of per-article values, the paragraph
// sentiment histogram, stance per target, speakers and entities. Every
// field adds up over articles, so two summaries merge by addition and an
// article's contribution comes out by subtraction.
type CellSummary struct {
	// Articles counts articles, Undated those without a date; Paragraphs
	// counts paragraphs, Shared those that are wire copy found in another
	// outlet, Compared those that enter comparisons.
	Articles, Undated, Paragraphs, Shared, Compared int64
	// Words, Chars and QuotedChars measure the compared paragraphs;
	// Quotes and Attributed count the articles' quotations.
	Words, Chars, QuotedChars, Quotes, Attributed int64
	// Sentiment holds each article's mean compared-paragraph sentiment;
	// OwnVoice and Quoted the means over its paragraphs in the outlet's own
	// voice and in quotation (quoted share below or at least
	// QuotedVoiceShare); QuoteShare each article's quoted share of
	// characters.
	Sentiment, OwnVoice, Quoted, QuoteShare stats.Moments
	// Histogram counts the compared paragraphs' sentiment scores.
	Histogram *stats.Histogram
	// Stance is kept per target.
	Stance map[string]*StanceSummary
	// Speakers counts quotations per speaker; Entities the articles that
	// name each entity; Hosts the articles per host name of their URL
	// (their outlet's own sites, whose names keyness leaves out).
	Speakers, Entities, Hosts map[string]int64
	// TopicDocs counts the articles with topic proportions (those with a
	// term of the topic model's vocabulary); Topics[t] holds their
	// proportions of topic t, sparsely: an article adds only the topics
	// it has a share of, so Topics[t].Padded(TopicDocs) is the summary of
	// every article's proportion (see [CellSummary.Topic]).
	TopicDocs int64
	Topics    []stats.Moments
	// TopicAbout[t] counts the articles about topic t: those whose
	// proportion of it is at least AboutShare.
	TopicAbout []int64
}

// Topic returns the moments of the articles' proportions of topic t, the
// zeros included.
func (s *CellSummary) Topic(t int) stats.Moments {
	var m stats.Moments
	if t < len(s.Topics) {
		m = s.Topics[t]
	}
	return m.Padded(int(s.TopicDocs))
}

// StanceSummary is a cell's stance toward one target: Articles counts the
// articles that mention it (Mentions their mentions, Paragraphs the
// paragraphs naming it, QuotedParagraphs those decided in a quotation);
// All holds each article's stance score, OwnVoice and Quoted the mean
// paragraph stance in each voice where the article has some.
type StanceSummary struct {
	Articles, Mentions, Paragraphs, QuotedParagraphs int64
	All, OwnVoice, Quoted                            stats.Moments
}

// NewCellSummary returns an empty summary.
func NewCellSummary() *CellSummary {
	return &CellSummary{Histogram: stats.NewHistogram(histogramBins), Stance: map[string]*StanceSummary{},
		Speakers: map[string]int64{}, Entities: map[string]int64{}, Hosts: map[string]int64{}}
}

// histogramBins is the resolution of the sentiment histograms: 0.01,
// finer than any difference of quartiles worth reading off a box plot.
const histogramBins = 200

// stance returns the summary of target t, creating it.
func (s *CellSummary) stance(t string) *StanceSummary {
	ss := s.Stance[t]
	if ss == nil {
		ss = &StanceSummary{}
		s.Stance[t] = ss
	}
	return ss
}

// Merge adds o to s.
func (s *CellSummary) Merge(o *CellSummary) {
	for i, p := range s.counts() {
		*p += *o.counts()[i]
	}
	for i, m := range s.moments() {
		m.Merge(*o.moments()[i])
	}
	for i, c := range o.Histogram.Counts {
		s.Histogram.Counts[i] += c
	}
	for t, os := range o.Stance {
		ss := s.stance(t)
		for i, p := range ss.counts() {
			*p += *os.counts()[i]
		}
		for i, m := range ss.moments() {
			m.Merge(*os.moments()[i])
		}
	}
	mergeCounts(s.Speakers, o.Speakers, 1)
	mergeCounts(s.Entities, o.Entities, 1)
	mergeCounts(s.Hosts, o.Hosts, 1)
	if len(o.Topics) > len(s.Topics) {
		s.Topics = append(s.Topics, make([]stats.Moments, len(o.Topics)-len(s.Topics))...)
	}
	for i, m := range o.Topics {
		s.Topics[i].Merge(m)
	}
	mergeInts(&s.TopicAbout, o.TopicAbout)
}

// Unmerge takes o, merged before, out of s. It fails, leaving s in an
// unspecified state, when o holds what s does not: a sign that the stored
// summaries and rows disagree.
func (s *CellSummary) Unmerge(o *CellSummary) error {
	for i, p := range s.counts() {
		if *p -= *o.counts()[i]; *p < 0 {
			return fmt.Errorf("aggregate: cell summary: %w", stats.ErrNotAdded)
		}
	}
	for i, m := range s.moments() {
		if err := m.Unmerge(*o.moments()[i]); err != nil {
			return fmt.Errorf("aggregate: cell summary: %w", err)
		}
	}
	for i, c := range o.Histogram.Counts {
		if c > s.Histogram.Counts[i] {
			return fmt.Errorf("aggregate: cell histogram: %w", stats.ErrNotAdded)
		}
		s.Histogram.Counts[i] -= c
	}
	for t, os := range o.Stance {
		ss := s.Stance[t]
		if ss == nil {
			return fmt.Errorf("aggregate: stance toward %q: %w", t, stats.ErrNotAdded)
		}
		for i, p := range ss.counts() {
			if *p -= *os.counts()[i]; *p < 0 {
				return fmt.Errorf("aggregate: stance toward %q: %w", t, stats.ErrNotAdded)
			}
		}
		for i, m := range ss.moments() {
			if err := m.Unmerge(*os.moments()[i]); err != nil {
				return fmt.Errorf("aggregate: stance toward %q: %w", t, err)
			}
		}
		if *ss == (StanceSummary{}) {
			delete(s.Stance, t)
		}
	}
	for _, pair := range [][2]map[string]int64{{s.Speakers, o.Speakers}, {s.Entities, o.Entities}, {s.Hosts, o.Hosts}} {
		if err := unmergeCounts(pair[0], pair[1]); err != nil {
			return err
		}
	}
	for i, m := range o.Topics {
		if i >= len(s.Topics) {
			return fmt.Errorf("aggregate: topics: %w", stats.ErrNotAdded)
		}
		if err := s.Topics[i].Unmerge(m); err != nil {
			return fmt.Errorf("aggregate: topic %d: %w", i, err)
		}
	}
	for len(s.Topics) > 0 && s.Topics[len(s.Topics)-1] == (stats.Moments{}) {
		s.Topics = s.Topics[:len(s.Topics)-1]
	}
	return unmergeInts(&s.TopicAbout, o.TopicAbout)
}

func (s *CellSummary) counts() []*int64 {
	return []*int64{&s.Articles, &s.Undated, &s.Paragraphs, &s.Shared, &s.Compared,
		&s.Words, &s.Chars, &s.QuotedChars, &s.Quotes, &s.Attributed, &s.TopicDocs}
}

func (s *CellSummary) moments() []*stats.Moments {
	return []*stats.Moments{&s.Sentiment, &s.OwnVoice, &s.Quoted, &s.QuoteShare}
}

func (s *StanceSummary) counts() []*int64 {
	return []*int64{&s.Articles, &s.Mentions, &s.Paragraphs, &s.QuotedParagraphs}
}

func (s *StanceSummary) moments() []*stats.Moments {
	return []*stats.Moments{&s.All, &s.OwnVoice, &s.Quoted}
}

// Empty reports whether s counts nothing (every article taken out).
func (s *CellSummary) Empty() bool { return s.Articles == 0 && s.Paragraphs == 0 }

// mergeCounts adds sign × o to m, dropping entries that reach 0.
func mergeCounts(m, o map[string]int64, sign int64) {
	for k, v := range o {
		n := m[k] + sign*v
		if n == 0 {
			delete(m, k)
		} else {
			m[k] = n
		}
	}
}

// unmergeCounts takes o out of m; no count may fall below zero.
func unmergeCounts(m, o map[string]int64) error {
	for k, v := range o {
		n := m[k] - v
		switch {
		case n < 0:
			return fmt.Errorf("aggregate: count of %q: %w", k, stats.ErrNotAdded)
		case n == 0:
			delete(m, k)
		default:
			m[k] = n
		}
	}
	return nil
}

// encodeMoments appends a Moments in its own binary form.
func encodeMoments(e *codec.Encoder, m stats.Moments) {
	b, _ := m.AppendBinary(nil)
	e.Bytes(b)
}

func decodeMoments(d *codec.Decoder) stats.Moments {
	var m stats.Moments
	b := d.Bytes()
	if d.Err() == nil {
		if err := m.UnmarshalBinary(b); err != nil {
			d.Fail("moments: %v", err)
		}
	}
	return m
}

const cellSummaryVersion = 2

// AppendBinary appends the encoding of s: the same summary gives the same
// bytes.
func (s *CellSummary) AppendBinary(b []byte) ([]byte, error) {
	e := codec.Encoder{B: append(b, cellSummaryVersion)}
	for _, p := range s.counts() {
		e.Varint(*p)
	}
	for _, m := range s.moments() {
		encodeMoments(&e, *m)
	}
	encodeHistogram(&e, s.Histogram)
	targets := slices.Sorted(maps.Keys(s.Stance))
	e.Uvarint(uint64(len(targets)))
	for _, t := range targets {
		ss := s.Stance[t]
		e.String(t)
		e.Varint(ss.Articles)
		e.Varint(ss.Mentions)
		e.Varint(ss.Paragraphs)
		e.Varint(ss.QuotedParagraphs)
		for _, m := range ss.moments() {
			encodeMoments(&e, *m)
		}
	}
	e.IntMap(s.Speakers)
	e.IntMap(s.Entities)
	e.IntMap(s.Hosts)
	e.Uvarint(uint64(len(s.Topics)))
	for _, m := range s.Topics {
		encodeMoments(&e, m)
	}
	encodeInts(&e, s.TopicAbout)
	return e.B, nil
}

// UnmarshalBinary replaces s with the summary encoded in b.
func (s *CellSummary) UnmarshalBinary(b []byte) error {
	// Version 1, before topic model shares, lacks TopicDocs (and has no
	// topics): states written by it are read on.
	if len(b) == 0 || b[0] < 1 || b[0] > cellSummaryVersion {
		return codec.ErrCorrupt
	}
	d := codec.Decoder{B: b[1:]}
	*s = *NewCellSummary()
	counts := s.counts()
	if b[0] == 1 {
		counts = counts[:len(counts)-1]
	}
	for _, p := range counts {
		*p = d.Varint()
	}
	for _, p := range s.moments() {
		*p = decodeMoments(&d)
	}
	decodeHistogram(&d, s.Histogram)
	n := d.Count(len(d.B))
	for i := 0; i < n && d.Err() == nil; i++ {
		t := d.String()
		ss := &StanceSummary{Articles: d.Varint(), Mentions: d.Varint(), Paragraphs: d.Varint(), QuotedParagraphs: d.Varint()}
		ss.All, ss.OwnVoice, ss.Quoted = decodeMoments(&d), decodeMoments(&d), decodeMoments(&d)
		s.Stance[t] = ss
	}
	s.Speakers = d.IntMap()
	s.Entities = d.IntMap()
	s.Hosts = d.IntMap()
	nt := d.Count(len(d.B))
	s.Topics = make([]stats.Moments, 0, nt)
	for i := 0; i < nt && d.Err() == nil; i++ {
		s.Topics = append(s.Topics, decodeMoments(&d))
	}
	if b[0] > 1 {
		s.TopicAbout = decodeInts(&d)
	}
	return d.Finish()
}

// AboutShare is the proportion of a topic that makes an article about it
// (CellSummary.TopicAbout): a fifth of its topic mixture. Comparisons of
// outlets' agendas count these articles: a share of articles is tested
// exactly (stats.FisherExact), where the mean proportion, mostly zeros
// with a few large values, defeats t-tests at the sizes of small outlets.
const AboutShare = 0.2

// About returns the number of articles about topic t.
func (s *CellSummary) About(t int) int64 {
	if t < len(s.TopicAbout) {
		return s.TopicAbout[t]
	}
	return 0
}

// mergeInts adds o to *s element by element.
func mergeInts(s *[]int64, o []int64) {
	if len(o) > len(*s) {
		*s = append(*s, make([]int64, len(o)-len(*s))...)
	}
	for i, v := range o {
		(*s)[i] += v
	}
}

// unmergeInts subtracts o from *s, failing when a count would go below
// zero; trailing zeros are cut.
func unmergeInts(s *[]int64, o []int64) error {
	for i, v := range o {
		if i >= len(*s) || (*s)[i] < v {
			return fmt.Errorf("aggregate: topic counts: %w", stats.ErrNotAdded)
		}
		(*s)[i] -= v
	}
	for len(*s) > 0 && (*s)[len(*s)-1] == 0 {
		*s = (*s)[:len(*s)-1]
	}
	return nil
}

func encodeInts(e *codec.Encoder, v []int64) {
	e.Uvarint(uint64(len(v)))
	for _, x := range v {
		e.Varint(x)
	}
}

func decodeInts(d *codec.Decoder) []int64 {
	n := d.Count(len(d.B))
	if n == 0 {
		return nil
	}
	v := make([]int64, 0, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		v = append(v, d.Varint())
	}
	return v
}

// encodeHistogram appends the non-zero bins as (gap, count) pairs.
func encodeHistogram(e *codec.Encoder, h *stats.Histogram) {
	nz := 0
	for _, c := range h.Counts {
		if c != 0 {
			nz++
		}
	}
	e.Uvarint(uint64(len(h.Counts)))
	e.Uvarint(uint64(nz))
	last := -1
	for i, c := range h.Counts {
		if c != 0 {
			e.Uvarint(uint64(i - last - 1))
			e.Uvarint(c)
			last = i
		}
	}
}

func decodeHistogram(d *codec.Decoder, h *stats.Histogram) {
	bins := d.Count(1 << 16)
	if d.Err() == nil && bins != len(h.Counts) {
		h.Counts = make([]uint64, bins)
	}
	nz := d.Count(bins)
	at := -1
	for i := 0; i < nz && d.Err() == nil; i++ {
		at += int(d.Uvarint()) + 1
		c := d.Uvarint()
		if at >= bins || c == 0 {
			d.Fail("histogram bin")
			return
		}
		h.Counts[at] = c
	}
}
