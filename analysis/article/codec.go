package article

import (
	"time"

	"newsframe/analysis/codec"
)

// The rows of an article have one binary form besides Parquet: the spill
// of a run, where analysed articles wait, sorted by day, for the windowed
// steps. AppendRows and DecodeRows write and read it (analysis/codec).

const rowsVersion = 2

// AppendRows appends the encoding of an article's rows.
func AppendRows(b []byte, a *ArticleRow, ps []ParagraphRow) []byte {
	e := codec.Encoder{B: append(b, rowsVersion)}
	e.String(a.ArticleID)
	e.String(a.Outlet)
	appendTime(&e, a.Published)
	for _, s := range []string{a.Title, a.Subtitle, a.Author, a.URL, a.Source, a.Hash, a.StoryID, a.SentimentLabel, a.Meta} {
		e.String(s)
	}
	for _, f := range []float64{a.StorySimilarity, a.SentimentMean, a.QuoteShare} {
		e.Float(f)
	}
	for _, n := range []int32{a.Paragraphs, a.SharedParagraphs, a.Quotes, a.Attributed, a.Words, a.Chars} {
		e.Varint(int64(n))
	}
	e.Uvarint(uint64(len(a.Stance)))
	for _, s := range a.Stance {
		e.String(s.Target)
		e.String(s.Label)
		e.Float(s.Score)
		e.Float(s.Latent)
		e.Bool(s.Headline)
		e.Varint(int64(s.Mentions))
		e.Varint(int64(s.Paragraphs))
		e.Varint(int64(s.QuotedParagraphs))
	}
	e.Uvarint(uint64(len(a.Speakers)))
	for _, s := range a.Speakers {
		e.String(s.Speaker)
		e.Varint(int64(s.Quotes))
	}
	e.Uvarint(uint64(len(a.Entities)))
	for _, x := range a.Entities {
		e.String(x.Name)
		e.Varint(int64(x.Mentions))
		e.Bool(x.Person)
	}
	e.Uvarint(uint64(len(a.Topics)))
	for _, t := range a.Topics {
		e.Varint(int64(t.Topic))
		e.Float(t.Weight)
	}
	e.Uvarint(uint64(len(ps)))
	for i := range ps {
		p := &ps[i]
		e.Varint(int64(p.Paragraph))
		e.String(p.Text)
		e.Float(p.SentimentScore)
		e.String(p.SentimentLabel)
		appendCues(&e, p.SentimentCues)
		e.Uvarint(uint64(len(p.Stance)))
		for _, s := range p.Stance {
			e.String(s.Target)
			e.String(s.Label)
			e.Float(s.Score)
			e.Float(s.Latent)
			appendCues(&e, s.Cues)
			e.Bool(s.Quoted)
			e.String(s.Speaker)
			e.Varint(int64(s.Mentions))
			e.Varint(int64(s.Scored))
		}
		e.Float(p.QuotedShare)
		e.Uvarint(uint64(len(p.Quotes)))
		for _, q := range p.Quotes {
			e.Varint(int64(q.Start))
			e.Varint(int64(q.End))
			e.String(q.Speaker)
		}
		e.Bool(p.Shared)
		e.Varint(int64(p.Words))
		e.Varint(int64(p.Chars))
	}
	return e.B
}

func appendTime(e *codec.Encoder, t *time.Time) {
	if t == nil {
		e.Bool(false)
		return
	}
	e.Bool(true)
	e.Varint(t.UnixMilli())
}

func appendCues(e *codec.Encoder, cs []Cue) {
	e.Uvarint(uint64(len(cs)))
	for _, c := range cs {
		e.String(c.Text)
		e.Float(c.Weight)
		e.Varint(int64(c.Start))
		e.Varint(int64(c.End))
	}
}

// DecodeRows reads rows written by AppendRows. The paragraphs' outlet,
// article id, publication time and story are the article's.
func DecodeRows(b []byte) (ArticleRow, []ParagraphRow, error) {
	var a ArticleRow
	if len(b) == 0 || b[0] != rowsVersion {
		return a, nil, codec.ErrCorrupt
	}
	d := codec.Decoder{B: b[1:]}
	a.ArticleID = d.String()
	a.Outlet = d.String()
	a.Published = decodeTime(&d)
	for _, p := range []*string{&a.Title, &a.Subtitle, &a.Author, &a.URL, &a.Source, &a.Hash, &a.StoryID, &a.SentimentLabel, &a.Meta} {
		*p = d.String()
	}
	for _, p := range []*float64{&a.StorySimilarity, &a.SentimentMean, &a.QuoteShare} {
		*p = d.Float()
	}
	for _, p := range []*int32{&a.Paragraphs, &a.SharedParagraphs, &a.Quotes, &a.Attributed, &a.Words, &a.Chars} {
		*p = int32(d.Varint())
	}
	n := d.Count(len(d.B))
	for i := 0; i < n && d.Err() == nil; i++ {
		a.Stance = append(a.Stance, ArticleStance{Target: d.String(), Label: d.String(), Score: d.Float(), Latent: d.Float(),
			Headline: d.Bool(), Mentions: int32(d.Varint()), Paragraphs: int32(d.Varint()), QuotedParagraphs: int32(d.Varint())})
	}
	n = d.Count(len(d.B))
	for i := 0; i < n && d.Err() == nil; i++ {
		a.Speakers = append(a.Speakers, SpeakerCount{Speaker: d.String(), Quotes: int32(d.Varint())})
	}
	n = d.Count(len(d.B))
	for i := 0; i < n && d.Err() == nil; i++ {
		a.Entities = append(a.Entities, EntityCount{Name: d.String(), Mentions: int32(d.Varint()), Person: d.Bool()})
	}
	n = d.Count(len(d.B))
	for i := 0; i < n && d.Err() == nil; i++ {
		a.Topics = append(a.Topics, TopicWeight{Topic: int32(d.Varint()), Weight: d.Float()})
	}
	n = d.Count(len(d.B))
	ps := make([]ParagraphRow, 0, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		p := ParagraphRow{ArticleID: a.ArticleID, Outlet: a.Outlet, Published: a.Published, StoryID: a.StoryID}
		p.Paragraph = int32(d.Varint())
		p.Text = d.String()
		p.SentimentScore = d.Float()
		p.SentimentLabel = d.String()
		p.SentimentCues = decodeCues(&d)
		ns := d.Count(len(d.B))
		for j := 0; j < ns && d.Err() == nil; j++ {
			s := ParagraphStance{Target: d.String(), Label: d.String(), Score: d.Float(), Latent: d.Float()}
			s.Cues = decodeCues(&d)
			s.Quoted = d.Bool()
			s.Speaker = d.String()
			s.Mentions = int32(d.Varint())
			s.Scored = int32(d.Varint())
			p.Stance = append(p.Stance, s)
		}
		p.QuotedShare = d.Float()
		nq := d.Count(len(d.B))
		for j := 0; j < nq && d.Err() == nil; j++ {
			p.Quotes = append(p.Quotes, Quote{Start: int32(d.Varint()), End: int32(d.Varint()), Speaker: d.String()})
		}
		p.Shared = d.Bool()
		p.Words = int32(d.Varint())
		p.Chars = int32(d.Varint())
		ps = append(ps, p)
	}
	return a, ps, d.Finish()
}

func decodeTime(d *codec.Decoder) *time.Time {
	if !d.Bool() {
		return nil
	}
	t := time.UnixMilli(d.Varint()).UTC()
	return &t
}

func decodeCues(d *codec.Decoder) []Cue {
	n := d.Count(len(d.B))
	if n == 0 {
		return nil
	}
	out := make([]Cue, 0, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		out = append(out, Cue{Text: d.String(), Weight: d.Float(), Start: int32(d.Varint()), End: int32(d.Varint())})
	}
	return out
}
