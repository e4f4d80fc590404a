package pipeline

import (
	"encoding/json"
	"fmt"
	"time"

	"newsframe/analysis/entities"
	"newsframe/analysis/quotes"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/terms"
	"newsframe/analysis/wire"
)

// Article is the result of analysing one article: its metadata, every
// paragraph's scores, and the article-level aggregates. It is what the
// state stores per article (see Encode) and what the aggregation and the
// exports read back.
type Article struct {
	ID        string
	Outlet    string
	Title     string
	Subtitle  string
	Author    string
	Published time.Time // zero when unknown
	URL       string
	Source    string
	// Hash is the content hash of the input (corpus.Article.Hash).
	Hash string
	Meta map[string]any

	Paragraphs []Paragraph

	// Sentiment is the mean paragraph sentiment with the sum and count
	// behind it (sums stay mergeable).
	Sentiment Mean
	// Label classifies the mean with the paragraph thresholds.
	Label sentiment.Label
	// Stance is the article's stance per target it mentions.
	Stance []stance.ArticleResult
	// Quotes counts the article's quoted text and speakers.
	Quotes quotes.Summary
	// Entities counts the named entities it mentions.
	Entities entities.Counter
}

// Mean is a mean kept as its sum and count.
type Mean struct {
	Sum float64 `json:"sum"`
	N   int     `json:"n"`
}

// Value returns the mean, 0 for no observations.
func (m Mean) Value() float64 {
	if m.N == 0 {
		return 0
	}
	return m.Sum / float64(m.N)
}

// Paragraph is one scored paragraph.
type Paragraph struct {
	Text      string
	Sentiment sentiment.Result
	Stance    []stance.Result
	// Quotes are the quoted spans (byte offsets of the quoted words) with
	// their speakers.
	Quotes []QuoteSpan
	// Words counts tokens, Chars characters (runes), QuotedChars the
	// characters inside quotations.
	Words, Chars, QuotedChars int
	// Seq is the content-term sequence (terms.Extract).
	Seq terms.Seq
	// Signature is the MinHash signature for wire-copy detection; nil for
	// a paragraph too short to sign.
	Signature wire.Signature
}

// QuoteSpan is a quoted part of a paragraph.
type QuoteSpan struct {
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Speaker string `json:"speaker,omitempty"`
}

// Day returns the publication day YYYY-MM-DD, "" when unknown.
func (a *Article) Day() string {
	if a.Published.IsZero() {
		return ""
	}
	return a.Published.UTC().Format(time.DateOnly)
}

// finish computes the article-level sentiment from the paragraphs.
func (a *Article) finish(levels sentiment.Levels) {
	a.Sentiment = Mean{}
	for _, p := range a.Paragraphs {
		a.Sentiment.Sum += p.Sentiment.Score
		a.Sentiment.N++
	}
	// The one label rule of every level (sentiment.Levels): thresholds on
	// the score shown, here the mean paragraph score.
	a.Label = levels.ArticleSentiment.Label(a.Sentiment.Value())
}

// Stored is an Article in the shape the state keeps: metadata and
// article-level results as JSON, and per paragraph its text, a JSON result
// and two binary blobs.
type Stored struct {
	Meta, Result []byte
	Paragraphs   []StoredParagraph
}

// StoredParagraph is one paragraph as the state keeps it.
type StoredParagraph struct {
	Text string
	// Result is JSON (paragraphJSON); Terms is terms.Seq.MarshalBinary;
	// MinHash is wire.Signature.MarshalBinary (empty when unsigned).
	Result, Terms, MinHash []byte
}

// metaJSON is the metadata column.
type metaJSON struct {
	Title     string         `json:"title,omitempty"`
	Subtitle  string         `json:"subtitle,omitempty"`
	Author    string         `json:"author,omitempty"`
	Published string         `json:"published,omitempty"`
	URL       string         `json:"url,omitempty"`
	Meta      map[string]any `json:"meta,omitempty"`
}

// articleJSON is the article-level result column.
type articleJSON struct {
	Sentiment Mean                   `json:"sentiment"`
	Label     sentiment.Label        `json:"label"`
	Stance    []stance.ArticleResult `json:"stance,omitempty"`
	Quotes    quotes.Summary         `json:"quotes"`
	Entities  entities.Counter       `json:"entities,omitempty"`
}

// paragraphJSON is a paragraph's result column.
type paragraphJSON struct {
	Sentiment   sentiment.Result `json:"sentiment"`
	Stance      []stance.Result  `json:"stance,omitempty"`
	Quotes      []QuoteSpan      `json:"quotes,omitempty"`
	Words       int              `json:"words"`
	Chars       int              `json:"chars"`
	QuotedChars int              `json:"quoted_chars,omitempty"`
}

// Encode returns a's stored form. Encoding is deterministic: the same
// article gives the same bytes. The metadata is JSON (it holds the input's
// own fields); the results are binary (see codec.go).
func (a *Article) Encode() (*Stored, error) {
	m := metaJSON{Title: a.Title, Subtitle: a.Subtitle, Author: a.Author, URL: a.URL, Meta: a.Meta}
	if !a.Published.IsZero() {
		m.Published = a.Published.UTC().Format(time.RFC3339)
	}
	meta, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode %s: meta: %w", a.ID, err)
	}
	st := &Stored{Meta: meta, Result: appendArticle(nil, a), Paragraphs: make([]StoredParagraph, len(a.Paragraphs))}
	// One buffer holds every paragraph's blobs: a few allocations per
	// article instead of three per paragraph. ends[i] are the offsets
	// where paragraph i's result, terms and signature end.
	var buf []byte
	ends := make([][3]int, len(a.Paragraphs))
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		buf = appendParagraph(buf, p)
		ends[i][0] = len(buf)
		if buf, err = p.Seq.AppendBinary(buf); err != nil {
			return nil, fmt.Errorf("encode %s: paragraph %d: terms: %w", a.ID, i, err)
		}
		ends[i][1] = len(buf)
		if p.Signature != nil {
			if buf, err = p.Signature.AppendBinary(buf); err != nil {
				return nil, fmt.Errorf("encode %s: paragraph %d: signature: %w", a.ID, i, err)
			}
		}
		ends[i][2] = len(buf)
	}
	start := 0
	for i := range st.Paragraphs {
		e := ends[i]
		st.Paragraphs[i] = StoredParagraph{Text: a.Paragraphs[i].Text, Result: sub(buf, start, e[0]),
			Terms: sub(buf, e[0], e[1]), MinHash: sub(buf, e[1], e[2])}
		start = e[2]
	}
	return st, nil
}

// sub returns b[i:j] with its capacity cut to its length (so that an
// append by the caller cannot overwrite the next blob), nil when empty.
func sub(b []byte, i, j int) []byte {
	if i == j {
		return nil
	}
	return b[i:j:j]
}

// Decode rebuilds an Article from its stored form; id, outlet, source and
// hash come from the state's columns. Paragraph blobs that are nil (not
// read) leave the corresponding fields empty.
func Decode(id, outlet, source, hash string, st *Stored) (*Article, error) {
	return decode(id, outlet, source, hash, st, nil)
}

// Decoder decodes many stored articles, sharing one string per distinct
// term among all their term sequences (terms.Interner): reading a corpus
// back then allocates for its vocabulary, not for every paragraph. It is
// not safe for concurrent use.
type Decoder struct {
	terms *terms.Interner
}

// NewDecoder returns a Decoder.
func NewDecoder() *Decoder { return &Decoder{terms: terms.NewInterner()} }

// Decode is [Decode] with interned terms.
func (d *Decoder) Decode(id, outlet, source, hash string, st *Stored) (*Article, error) {
	return decode(id, outlet, source, hash, st, d.terms)
}

func decode(id, outlet, source, hash string, st *Stored, in *terms.Interner) (*Article, error) {
	a := &Article{ID: id, Outlet: outlet, Source: source, Hash: hash}
	var m metaJSON
	if len(st.Meta) > 0 {
		if err := json.Unmarshal(st.Meta, &m); err != nil {
			return nil, fmt.Errorf("decode %s: meta: %w", id, err)
		}
	}
	a.Title, a.Subtitle, a.Author, a.URL, a.Meta = m.Title, m.Subtitle, m.Author, m.URL, m.Meta
	if m.Published != "" {
		t, err := time.Parse(time.RFC3339, m.Published)
		if err != nil {
			return nil, fmt.Errorf("decode %s: published: %w", id, err)
		}
		a.Published = t
	}
	if len(st.Result) > 0 && st.Result[0] == '{' {
		// JSON, as written before the binary format.
		var r articleJSON
		if err := json.Unmarshal(st.Result, &r); err != nil {
			return nil, fmt.Errorf("decode %s: result: %w", id, err)
		}
		a.Sentiment, a.Label, a.Stance, a.Quotes, a.Entities = r.Sentiment, r.Label, r.Stance, r.Quotes, r.Entities
	} else if len(st.Result) > 0 {
		if err := decodeArticle(st.Result, a); err != nil {
			return nil, fmt.Errorf("decode %s: %w", id, err)
		}
	}
	if st.Paragraphs != nil {
		a.Paragraphs = make([]Paragraph, len(st.Paragraphs))
	}
	for i, sp := range st.Paragraphs {
		p := &a.Paragraphs[i]
		p.Text = sp.Text
		if len(sp.Result) > 0 && sp.Result[0] != '{' {
			if err := decodeParagraph(sp.Result, p); err != nil {
				return nil, fmt.Errorf("decode %s: paragraph %d: %w", id, i, err)
			}
		} else if len(sp.Result) > 0 {
			var r paragraphJSON
			if err := json.Unmarshal(sp.Result, &r); err != nil {
				return nil, fmt.Errorf("decode %s: paragraph %d: %w", id, i, err)
			}
			p.Sentiment, p.Stance, p.Quotes, p.Words, p.Chars, p.QuotedChars =
				r.Sentiment, r.Stance, r.Quotes, r.Words, r.Chars, r.QuotedChars
		}
		if len(sp.Terms) > 0 {
			var err error
			if in != nil {
				err = p.Seq.UnmarshalInterned(sp.Terms, in)
			} else {
				err = p.Seq.UnmarshalBinary(sp.Terms)
			}
			if err != nil {
				return nil, fmt.Errorf("decode %s: paragraph %d: terms: %w", id, i, err)
			}
		}
		if len(sp.MinHash) > 0 {
			if err := p.Signature.UnmarshalBinary(sp.MinHash); err != nil {
				return nil, fmt.Errorf("decode %s: paragraph %d: signature: %w", id, i, err)
			}
		}
	}
	return a, nil
}

// Counts returns the article's term counts: every paragraph's sequence.
func (a *Article) Counts() *terms.Counts {
	c := terms.NewCounts()
	for i := range a.Paragraphs {
		c.Add(a.Paragraphs[i].Seq)
	}
	return c
}
