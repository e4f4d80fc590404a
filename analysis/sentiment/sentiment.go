package sentiment

import "newsframe/analysis/text"

// Label is a three-way polarity class.
type Label string

// The labels, as they appear in exports and gold files.
const (
	Negative Label = "negative"
	Neutral  Label = "neutral"
	Positive Label = "positive"
)

// Cue is a piece of text that moved a score, with its signed contribution.
type Cue struct {
	Text   string  `json:"text"`
	Weight float64 `json:"weight"`
	// Start and End are byte offsets into the scored text.
	Start int `json:"start"`
	End   int `json:"end"`
}

// Result is the polarity of a text.
type Result struct {
	// Score lies in [-1, 1]: -1 most negative, 0 neutral, 1 most positive.
	Score float64 `json:"score"`
	Label Label   `json:"label"`
	// Cues are the strongest contributions, largest magnitude first.
	Cues []Cue `json:"cues,omitempty"`
}

// Scorer scores a paragraph (or sentence). Implementations are safe for
// concurrent use.
type Scorer interface {
	Score(s string) Result
}

// SpanScorer scores only the tokens toks[lo:hi] of an already tokenised
// text s (toks = text.Words(s)), using the rest of the text for context
// such as a negation that starts before lo. Stance uses it to score the
// part of a sentence that is about a target.
type SpanScorer interface {
	ScoreSpan(s string, toks []text.Token, lo, hi int) Result
}
