package pipeline

import (
	"encoding/json"
	"fmt"
	"newsframe/analysis/article"
	"time"

	"newsframe/analysis/entities"
	"newsframe/analysis/quotes"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/terms"
)

// Article, Paragraph, QuoteSpan and Mean are the map step's types, now in
// package article.
type (
	Article   = article.Result
	Paragraph = article.Paragraph
	QuoteSpan = article.QuoteSpan
	Mean      = article.Mean
)

// LabelOf is article.LabelOf.
func LabelOf(score float64) sentiment.Label { return article.LabelOf(score) }

// NeutralBand is article.NeutralBand.
const NeutralBand = article.NeutralBand

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
func Encode(a *Article) (*Stored, error) {
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
