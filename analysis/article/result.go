package article

import (
	"time"

	"newsframe/analysis/entities"
	"newsframe/analysis/quotes"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/terms"
	"newsframe/analysis/wire"
)

// Result is what the map step computes for one article: its metadata,
// every paragraph's scores, and the article-level aggregates. Offsets in
// it are byte offsets into the paragraph (Go strings); [Rows] converts
// them to code points.
type Result struct {
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
	// behind it.
	Sentiment Mean
	// Label classifies the mean (see LabelOf).
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
	// Seq is the content-term sequence (terms.Extract). It is not stored:
	// [Analyzer.Terms] computes it again from the text.
	Seq terms.Seq
	// Signature is the MinHash signature for wire-copy detection; nil for
	// a paragraph too short to sign. It is not stored either
	// ([Analyzer.Sign]).
	Signature wire.Signature
}

// QuoteSpan is a quoted part of a paragraph.
type QuoteSpan struct {
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Speaker string `json:"speaker,omitempty"`
}

// Day returns the publication day YYYY-MM-DD, "" when unknown.
func (a *Result) Day() string {
	if a.Published.IsZero() {
		return ""
	}
	return a.Published.UTC().Format(time.DateOnly)
}

// Finish computes the article-level sentiment from the paragraphs and
// labels it by the one label rule of every level (sentiment.Levels):
// thresholds on the score shown, here the mean paragraph score.
func (a *Result) Finish(levels sentiment.Levels) {
	a.Sentiment = Mean{}
	for _, p := range a.Paragraphs {
		a.Sentiment.Sum += p.Sentiment.Score
		a.Sentiment.N++
	}
	a.Label = levels.ArticleSentiment.Label(a.Sentiment.Value())
}

// Counts returns the article's term counts: every paragraph's sequence.
func (a *Result) Counts() *terms.Counts {
	c := terms.NewCounts()
	for i := range a.Paragraphs {
		c.Add(a.Paragraphs[i].Seq)
	}
	return c
}
