package sentiment

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// Levels holds the label thresholds of the four levels at which newsframe
// labels a score. One rule holds at every level: a score below the
// level's Negative threshold is negative (against), a score above its
// Positive threshold is positive (favor), anything else, the thresholds
// included, is neutral (Thresholds.Label). The scores are:
//
//	paragraph sentiment  P(positive) − P(negative) of the sentence model at
//	                     the paragraph's latent (Prepared.Paragraph)
//	article sentiment    the mean of the article's paragraph scores
//	paragraph stance     the mean of P(favor) − P(against) over the
//	                     paragraph's mentions of a target (stance.Result)
//	article stance       P(favor) − P(against) of the article stance model
//	                     (stance.ArticleResult)
//
// so every label can be read off the score it is shown with.
type Levels struct {
	ParagraphSentiment Thresholds `json:"paragraph_sentiment"`
	ArticleSentiment   Thresholds `json:"article_sentiment"`
	ParagraphStance    Thresholds `json:"paragraph_stance"`
	ArticleStance      Thresholds `json:"article_stance"`
}

// Level names a level of Levels, as the thresholds file spells it.
type Level string

// The levels.
const (
	LevelParagraphSentiment Level = "paragraph_sentiment"
	LevelArticleSentiment   Level = "article_sentiment"
	LevelParagraphStance    Level = "paragraph_stance"
	LevelArticleStance      Level = "article_stance"
)

// Get returns the thresholds of level l, and false for an unknown level.
func (v Levels) Get(l Level) (Thresholds, bool) {
	switch l {
	case LevelParagraphSentiment:
		return v.ParagraphSentiment, true
	case LevelArticleSentiment:
		return v.ArticleSentiment, true
	case LevelParagraphStance:
		return v.ParagraphStance, true
	case LevelArticleStance:
		return v.ArticleStance, true
	}
	return Thresholds{}, false
}

// Set sets the thresholds of level l; it returns false for an unknown
// level.
func (v *Levels) Set(l Level, t Thresholds) bool {
	switch l {
	case LevelParagraphSentiment:
		v.ParagraphSentiment = t
	case LevelArticleSentiment:
		v.ArticleSentiment = t
	case LevelParagraphStance:
		v.ParagraphStance = t
	case LevelArticleStance:
		v.ArticleStance = t
	default:
		return false
	}
	return true
}

// AllLevels lists the levels in the order the thresholds file and the
// report give them.
func AllLevels() []Level {
	return []Level{LevelParagraphSentiment, LevelArticleSentiment, LevelParagraphStance, LevelArticleStance}
}

// Validate checks that every level's thresholds lie in [−1, 1] and that
// Negative ≤ Positive.
func (v Levels) Validate() error {
	for _, l := range AllLevels() {
		t, _ := v.Get(l)
		if err := t.Validate(); err != nil {
			return fmt.Errorf("%s: %w", l, err)
		}
	}
	return nil
}

// Validate checks that t lies in [−1, 1] with Negative ≤ Positive.
func (t Thresholds) Validate() error {
	if math.IsNaN(t.Negative) || math.IsNaN(t.Positive) || t.Negative < -1 || t.Positive > 1 || t.Negative > t.Positive {
		return fmt.Errorf("thresholds negative %g, positive %g: want -1 <= negative <= positive <= 1", t.Negative, t.Positive)
	}
	return nil
}

// ThresholdsFormat is the "format" of a thresholds file.
const ThresholdsFormat = "newsframe-thresholds/1"

// ThresholdsFile is the JSON form of a thresholds file, which `newsframe
// eval --fit-thresholds` writes and `run --thresholds` and `score
// --thresholds` read:
//
//	{
//	  "format": "newsframe-thresholds/1",
//	  "source": "fitted by newsframe eval on coding.jsonl (312 rows): macro-F1 0.71",
//	  "paragraph_sentiment": {"negative": -0.12, "positive": 0.18},
//	  "paragraph_stance": {"negative": -0.3, "positive": 0.25}
//	}
//
// A level left out keeps the default thresholds (Model.Levels); unknown
// keys are errors.
type ThresholdsFile struct {
	Format string `json:"format"`
	// Source says where the thresholds come from.
	Source             string      `json:"source,omitempty"`
	ParagraphSentiment *Thresholds `json:"paragraph_sentiment,omitempty"`
	ArticleSentiment   *Thresholds `json:"article_sentiment,omitempty"`
	ParagraphStance    *Thresholds `json:"paragraph_stance,omitempty"`
	ArticleStance      *Thresholds `json:"article_stance,omitempty"`
}

// ParseThresholds reads a thresholds file b (name prefixes errors) over
// the defaults def: the levels the file gives replace def's.
func ParseThresholds(name string, b []byte, def Levels) (Levels, string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f ThresholdsFile
	if err := dec.Decode(&f); err != nil {
		return Levels{}, "", fmt.Errorf("thresholds %s: %w", name, err)
	}
	if f.Format != ThresholdsFormat {
		return Levels{}, "", fmt.Errorf("thresholds %s: format %q, want %q", name, f.Format, ThresholdsFormat)
	}
	out := def
	for _, p := range []struct {
		l Level
		t *Thresholds
	}{{LevelParagraphSentiment, f.ParagraphSentiment}, {LevelArticleSentiment, f.ArticleSentiment},
		{LevelParagraphStance, f.ParagraphStance}, {LevelArticleStance, f.ArticleStance}} {
		if p.t != nil {
			out.Set(p.l, *p.t)
		}
	}
	if err := out.Validate(); err != nil {
		return Levels{}, "", fmt.Errorf("thresholds %s: %w", name, err)
	}
	return out, f.Source, nil
}

// MarshalThresholds writes the thresholds file of the given levels of v
// (all levels when levels is empty) with a source line, indented, ending
// in a newline.
func MarshalThresholds(v Levels, source string, levels ...Level) ([]byte, error) {
	if len(levels) == 0 {
		levels = AllLevels()
	}
	f := ThresholdsFile{Format: ThresholdsFormat, Source: source}
	for _, l := range levels {
		t, ok := v.Get(l)
		if !ok {
			return nil, fmt.Errorf("thresholds: unknown level %q", l)
		}
		switch l {
		case LevelParagraphSentiment:
			f.ParagraphSentiment = &t
		case LevelArticleSentiment:
			f.ArticleSentiment = &t
		case LevelParagraphStance:
			f.ParagraphStance = &t
		case LevelArticleStance:
			f.ArticleStance = &t
		}
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Levels returns the label thresholds the model uses: the defaults of its
// weights (Weights.Labels) unless WithLevels replaced them.
func (m *Model) Levels() Levels {
	if m.levels != nil {
		return *m.levels
	}
	return m.w.Labels
}

// WithLevels returns a model that shares m's tables and weights and
// labels scores with the thresholds v. v must be valid (Levels.Validate).
func (m *Model) WithLevels(v Levels) *Model {
	c := *m
	c.levels = &v
	return &c
}
