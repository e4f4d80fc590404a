package pipeline

import (
	"newsframe/analysis/article"
	"newsframe/analysis/sentiment"
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
