package article

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"newsframe/analysis/entities"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
)

// ArticleRow is one article as the result store keeps it and the articles
// dataset exports it (OUT/articles/day=YYYY-MM-DD/*.parquet). The parquet
// tags name the columns; every float is rounded to 6 significant digits
// (see Round6) so that every export of a row shows the same value.
type ArticleRow struct {
	ArticleID string `parquet:"article_id,zstd"`
	Outlet    string `parquet:"outlet,dict,zstd"`
	// Published is the publication time in UTC; nil when unknown.
	Published *time.Time `parquet:"published,optional,timestamp(millisecond)"`
	Title     string     `parquet:"title,zstd"`
	Subtitle  string     `parquet:"subtitle,zstd"`
	Author    string     `parquet:"author,zstd"`
	URL       string     `parquet:"url,zstd"`
	// Source is where the article was read: "path" or "path:line".
	Source string `parquet:"source,zstd"`
	// Hash is the content hash (corpus.Article.Hash).
	Hash string `parquet:"hash,zstd"`
	// StoryID is the story the article belongs to ("" when none).
	StoryID string `parquet:"story_id,zstd"`
	// StorySimilarity is its group-average similarity to the story when
	// it joined (1 for the story's first article).
	StorySimilarity  float64 `parquet:"story_similarity"`
	Paragraphs       int32   `parquet:"paragraphs"`
	SharedParagraphs int32   `parquet:"shared_paragraphs"`
	// SentimentMean is the mean paragraph sentiment in [-1, 1].
	SentimentMean  float64 `parquet:"sentiment_mean"`
	SentimentLabel string  `parquet:"sentiment_label,dict"`
	// Stance has one entry per target the article mentions.
	Stance []ArticleStance `parquet:"stance,list"`
	// QuoteShare is the share of the article's characters inside
	// quotation marks; Quotes the number of quotations (the paragraphs'
	// "quotes" are the quoted spans); Attributed those with a speaker.
	QuoteShare float64 `parquet:"quoted_share"`
	Quotes     int32   `parquet:"quotations"`
	Attributed int32   `parquet:"attributed_quotes"`
	// Speakers counts quotations per speaker.
	Speakers []SpeakerCount `parquet:"speakers,list"`
	// Entities are the named entities the article mentions.
	Entities []EntityCount `parquet:"entities,list"`
	Words    int32         `parquet:"words"`
	Chars    int32         `parquet:"chars"`
	// Topics are the article's topic proportions θ (they sum to 1),
	// largest first, topics of no share left out; empty when the
	// article has no term of the topic model's vocabulary or no model
	// was fitted. The article_topics dataset has them in long form.
	Topics []TopicWeight `parquet:"topics,list"`
	// Meta holds the input's other fields as a JSON object ("{}" when
	// none). The column is annotated JSON, so DuckDB types it JSON
	// (meta->>'field' works) and Arrow readers still see a string.
	Meta string `parquet:"meta,json,zstd"`
}

// TopicWeight is an article's proportion of one topic (numbered from 0):
// the topic's share θ of the article's topic mixture.
type TopicWeight struct {
	Topic  int32   `parquet:"topic"`
	Weight float64 `parquet:"weight"`
}

// TopicRow is one topic of one article in long form, as the article_topics
// dataset exports it (OUT/article_topics/day=YYYY-MM-DD/*.parquet): one row
// per article and topic with a share, largest first (rank 0); weight is
// the topic's proportion θ in the article.
type TopicRow struct {
	ArticleID string     `parquet:"article_id,zstd"`
	Outlet    string     `parquet:"outlet,dict,zstd"`
	Published *time.Time `parquet:"published,optional,timestamp(millisecond)"`
	Topic     int32      `parquet:"topic"`
	Rank      int32      `parquet:"rank"`
	Weight    float64    `parquet:"weight"`
}

// TopicRows returns a's topics in long form.
func TopicRows(dst []TopicRow, a *ArticleRow) []TopicRow {
	for i, t := range a.Topics {
		dst = append(dst, TopicRow{ArticleID: a.ArticleID, Outlet: a.Outlet, Published: a.Published, Topic: t.Topic, Rank: int32(i), Weight: t.Weight})
	}
	return dst
}

// SetTopics sets a's topics from proportions θ (indexed by topic): the
// shares rounded with Round6, those that round to 0 left out, largest
// first, ties to the lower topic.
func (a *ArticleRow) SetTopics(theta []float64) {
	// A fresh slice: a copy of the row (the sweep keeps the stored row
	// to compare) must keep its old topics.
	a.Topics = nil
	for t, x := range theta {
		if r := Round6(x); r > 0 {
			a.Topics = append(a.Topics, TopicWeight{Topic: int32(t), Weight: r})
		}
	}
	slices.SortFunc(a.Topics, func(x, y TopicWeight) int {
		if x.Weight != y.Weight {
			if x.Weight > y.Weight {
				return -1
			}
			return 1
		}
		return int(x.Topic - y.Topic)
	})
}

// ArticleStance is an article's stance toward one target.
type ArticleStance struct {
	Target string `parquet:"target,dict"`
	// Label follows the article thresholds.
	Label string `parquet:"label,dict"`
	// Score is the mean paragraph stance in (-1, 1); Latent the article's
	// evidence (stance.ArticleResult).
	Score    float64 `parquet:"score"`
	Latent   float64 `parquet:"latent"`
	Headline bool    `parquet:"headline"`
	// Mentions counts the target's mentions, Paragraphs the paragraphs
	// naming it, QuotedParagraphs those whose stance is decided inside a
	// quotation.
	Mentions         int32 `parquet:"mentions"`
	Paragraphs       int32 `parquet:"paragraphs"`
	QuotedParagraphs int32 `parquet:"quoted_paragraphs"`
}

// SpeakerCount is a quoted speaker with the number of quotations.
type SpeakerCount struct {
	Speaker string `parquet:"speaker"`
	Quotes  int32  `parquet:"quotes"`
}

// EntityCount is a named entity an article mentions.
type EntityCount struct {
	Name     string `parquet:"name"`
	Mentions int32  `parquet:"mentions"`
	// Person is set when the article gives evidence that the name is a
	// person's.
	Person bool `parquet:"person"`
}

// ParagraphRow is one paragraph as the result store keeps it and the
// paragraphs dataset exports it (OUT/paragraphs/day=YYYY-MM-DD/*.parquet).
type ParagraphRow struct {
	ArticleID string     `parquet:"article_id,zstd"`
	Outlet    string     `parquet:"outlet,dict,zstd"`
	Published *time.Time `parquet:"published,optional,timestamp(millisecond)"`
	// Paragraph is the paragraph's index in its article, from 0.
	Paragraph int32  `parquet:"paragraph"`
	StoryID   string `parquet:"story_id,zstd"`
	Text      string `parquet:"text,zstd"`
	// SentimentScore lies in [-1, 1].
	SentimentScore float64 `parquet:"sentiment_score"`
	SentimentLabel string  `parquet:"sentiment_label,dict"`
	// SentimentCues are the words that moved the score, strongest first.
	SentimentCues []Cue `parquet:"sentiment_cues,list"`
	// Stance has one entry per target the paragraph mentions.
	Stance []ParagraphStance `parquet:"stance,list"`
	// QuotedShare is the share of the paragraph's characters inside
	// quotation marks; Quotes are the quoted spans.
	QuotedShare float64 `parquet:"quoted_share"`
	Quotes      []Quote `parquet:"quotes,list"`
	// Shared marks wire or syndicated copy: a near-duplicate of this
	// paragraph appears in another outlet within the wire window.
	Shared bool  `parquet:"shared"`
	Words  int32 `parquet:"words"`
	Chars  int32 `parquet:"chars"`
}

// Cue is a word or phrase that moved a score, with its weight and its
// span in code points.
type Cue struct {
	Text   string  `parquet:"text"`
	Weight float64 `parquet:"weight"`
	Start  int32   `parquet:"start"`
	End    int32   `parquet:"end"`
}

// ParagraphStance is a paragraph's stance toward one target.
type ParagraphStance struct {
	Target string  `parquet:"target,dict"`
	Label  string  `parquet:"label,dict"`
	Score  float64 `parquet:"score"`
	Latent float64 `parquet:"latent"`
	Cues   []Cue   `parquet:"cues,list"`
	// Quoted is set when the deciding cue lies inside a quotation;
	// Speaker is who speaks there, when the text says.
	Quoted   bool   `parquet:"quoted"`
	Speaker  string `parquet:"speaker"`
	Mentions int32  `parquet:"mentions"`
	Scored   int32  `parquet:"scored"`
}

// Quote is a quoted span of a paragraph, in code points, with its speaker.
type Quote struct {
	Start   int32  `parquet:"start"`
	End     int32  `parquet:"end"`
	Speaker string `parquet:"speaker"`
}

// Placement is what the windowed corpus steps decided about an article:
// its story and which of its paragraphs are shared wire copy.
type Placement struct {
	StoryID    string
	Similarity float64
	// Shared[i] marks paragraph i; nil means none.
	Shared []bool
}

// Rows converts r and its placement into the stored rows. The rows own
// their strings (none points into r's buffers) and every float is rounded
// with Round6.
func Rows(r *Result, pl Placement) (ArticleRow, []ParagraphRow) {
	var published *time.Time
	if !r.Published.IsZero() {
		// Parquet keeps milliseconds; so do the rows, so that a row read
		// back equals the row written.
		t := r.Published.UTC().Truncate(time.Millisecond)
		published = &t
	}
	ar := ArticleRow{
		ArticleID: r.ID, Outlet: r.Outlet, Published: published, Title: r.Title, Subtitle: r.Subtitle,
		Author: r.Author, URL: r.URL, Source: r.Source, Hash: r.Hash,
		StoryID: pl.StoryID, StorySimilarity: Round6(pl.Similarity),
		Paragraphs:     int32(len(r.Paragraphs)),
		SentimentMean:  Round6(r.Sentiment.Value()),
		SentimentLabel: string(r.Label),
		Quotes:         int32(r.Quotes.Quotes),
		Attributed:     int32(r.Quotes.Attributed),
		Meta:           metaJSON(r.Meta),
	}
	if r.Quotes.Chars > 0 {
		ar.QuoteShare = Round6(float64(r.Quotes.QuotedChars) / float64(r.Quotes.Chars))
	}
	for _, s := range r.Stance {
		ar.Stance = append(ar.Stance, ArticleStance{Target: s.Target, Label: string(s.Label),
			Score: Round6(s.Score), Latent: Round6(s.Latent), Headline: s.Headline,
			Mentions: int32(s.Mentions), Paragraphs: int32(s.Paragraphs), QuotedParagraphs: int32(s.Quoted)})
	}
	for _, name := range sortedKeys(r.Quotes.Speakers) {
		ar.Speakers = append(ar.Speakers, SpeakerCount{Speaker: name, Quotes: int32(r.Quotes.Speakers[name])})
	}
	ar.Entities = entityRows(r.Entities)

	prs := make([]ParagraphRow, len(r.Paragraphs))
	for i := range r.Paragraphs {
		p := &r.Paragraphs[i]
		shared := i < len(pl.Shared) && pl.Shared[i]
		if shared {
			ar.SharedParagraphs++
		}
		ar.Words += int32(p.Words)
		ar.Chars += int32(p.Chars)
		cp := newCodePoints(p.Text)
		pr := ParagraphRow{
			ArticleID: r.ID, Outlet: r.Outlet, Published: published, Paragraph: int32(i),
			StoryID: pl.StoryID, Text: p.Text,
			SentimentScore: Round6(p.Sentiment.Score), SentimentLabel: string(p.Sentiment.Label),
			SentimentCues: cueRows(p.Sentiment.Cues, &cp),
			Shared:        shared, Words: int32(p.Words), Chars: int32(p.Chars),
		}
		if p.Chars > 0 {
			pr.QuotedShare = Round6(float64(p.QuotedChars) / float64(p.Chars))
		}
		for _, s := range p.Stance {
			pr.Stance = append(pr.Stance, ParagraphStance{Target: s.Target, Label: string(s.Label),
				Score: Round6(s.Score), Latent: Round6(s.Latent), Cues: cueRows(s.Cues, &cp),
				Quoted: s.Quoted, Speaker: s.Speaker, Mentions: int32(s.Mentions), Scored: int32(s.Scored)})
		}
		for _, q := range p.Quotes {
			pr.Quotes = append(pr.Quotes, Quote{Start: cp.at(q.Start), End: cp.at(q.End), Speaker: q.Speaker})
		}
		prs[i] = pr
	}
	return ar, prs
}

// Speakers returns the distinct speakers quoted in the paragraph, in order
// of first quotation.
func (p *ParagraphRow) Speakers() []string {
	var out []string
	for _, q := range p.Quotes {
		if q.Speaker != "" && !slices.Contains(out, q.Speaker) {
			out = append(out, q.Speaker)
		}
	}
	return out
}

// Day returns the publication day YYYY-MM-DD, "" when unknown.
func (a *ArticleRow) Day() string {
	if a.Published == nil {
		return ""
	}
	return a.Published.UTC().Format(time.DateOnly)
}

// Round6 rounds x to 6 significant digits, the precision of every float
// newsframe stores and exports: more digits than any score carries, few
// enough that CSV and JSON exports stay short. NaN and infinities are
// returned unchanged.
func Round6(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	if err != nil {
		return x
	}
	return v
}

func cueRows(cs []sentiment.Cue, cp *codePoints) []Cue {
	if len(cs) == 0 {
		return nil
	}
	out := make([]Cue, len(cs))
	for i, c := range cs {
		out[i] = Cue{Text: c.Text, Weight: Round6(c.Weight), Start: cp.at(c.Start), End: cp.at(c.End)}
	}
	return out
}

func entityRows(c entities.Counter) []EntityCount {
	if len(c) == 0 {
		return nil
	}
	out := make([]EntityCount, 0, len(c))
	for _, name := range sortedKeys(c) {
		t := c[name]
		out = append(out, EntityCount{Name: name, Mentions: int32(t.Mentions), Person: t.Person > 0})
	}
	return out
}

// metaJSON encodes the input's extra fields as a JSON object; map keys
// come out sorted, so the same fields give the same text.
func metaJSON(m map[string]any) string {
	if len(m) == 0 {
		return "{}"
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// codePoints converts byte offsets of one string to code-point offsets.
// Offsets are usually asked for in increasing order, so it resumes from
// the last one; a smaller offset starts again from 0.
type codePoints struct {
	s              string
	byteOff, cpOff int
}

func newCodePoints(s string) codePoints { return codePoints{s: s} }

func (c *codePoints) at(off int) int32 {
	off = max(0, min(off, len(c.s)))
	if off < c.byteOff {
		c.byteOff, c.cpOff = 0, 0
	}
	c.cpOff += utf8.RuneCountInString(c.s[c.byteOff:off])
	c.byteOff = off
	return int32(c.cpOff)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// StanceResults returns the row's stance entries in the shape of the
// scorer's results (labels as stance.Label), for pages and tests.
func (p *ParagraphRow) StanceResults() []stance.Result {
	out := make([]stance.Result, len(p.Stance))
	for i, s := range p.Stance {
		out[i] = stance.Result{Target: s.Target, Label: stance.Label(s.Label), Score: s.Score, Latent: s.Latent,
			Quoted: s.Quoted, Speaker: s.Speaker, Mentions: int(s.Mentions), Scored: int(s.Scored)}
	}
	return out
}
