package pipeline

import (
	"time"

	"newsframe/analysis/entities"
	"newsframe/analysis/stats"
	"newsframe/analysis/stories"
	"newsframe/analysis/terms"
	"newsframe/analysis/topics"
	"newsframe/analysis/wire"
)

// Overview is the corpus-level result of Aggregate: everything the reports
// show besides the per-article pages. Lists are sorted deterministically, so
// the same stored results give the same Overview however they were built.
type Overview struct {
	Articles, Paragraphs int
	// First and Last bound the publication dates (zero when none);
	// Undated counts articles without a date.
	First, Last time.Time
	Undated     int

	// Outlets are sorted by article count (largest first), then name.
	Outlets []*OutletStats

	// Histogram counts every paragraph's sentiment score.
	Histogram *stats.Histogram

	// Targets are the stance targets shown: the configured ones, or the
	// proposed named entities (Proposed) when none are configured.
	Targets  []string
	Proposed []entities.Entity

	// Totals are the merged term counts of the whole corpus; Phrases the
	// collocations found in them; Top the top-K terms (words and phrases).
	// Of the word pairs, Totals and OutletTotals keep the phrases only.
	Totals *terms.Counts
	// OutletTotals are the term counts of each outlet's paragraphs, wire
	// copy included (OutletStats.Counts leaves it out for comparisons).
	OutletTotals map[string]*terms.Counts
	Phrases      []terms.Phrase
	Top          []terms.TermCount
	// Cooccur counts the top-K terms per paragraph; Window per sliding
	// window (nil when the window is 0).
	Cooccur *terms.Cooccur
	Window  *terms.Cooccur
	// Topics are the term communities of the paragraph co-occurrence.
	Topics *topics.Model
	// Distinctive holds the log-odds rows of every outlet against the rest
	// and every pair of outlets (shared copy excluded unless
	// Options.IncludeShared).
	Distinctive []terms.Keyness
	// Preferences are the competing-label counts per outlet and period.
	Preferences []terms.Preference
	// Differences are the pairwise outlet comparisons with
	// Benjamini–Hochberg-adjusted p-values.
	Differences []OutletDifference

	// Stories are the story clusters, largest first; StoryOf maps an
	// article id to its story id.
	Stories []*StoryStats
	StoryOf map[string]string
	// Titles maps article ids to titles, for story listings.
	Titles map[string]string

	// Wire is the near-duplicate grouping; Shared counts shared
	// paragraphs, Repeated those repeated within one outlet only.
	Wire             wire.Result
	Shared, Repeated int
	// SharedIn lists, per article id, its shared paragraphs' indexes.
	SharedIn      map[string][]int
	IncludeShared bool

	// Granularity and Buckets are the time axis of every time series.
	Granularity stats.Granularity
	Buckets     []string
}

// OutletStats is one outlet's profile. Means carry bootstrap intervals over
// the outlet's articles (cluster bootstrap).
type OutletStats struct {
	Name                 string
	Articles, Paragraphs int
	Undated              int
	// Shared counts its paragraphs that are wire copy found in another
	// outlet; Compared counts the paragraphs that enter comparisons.
	Shared, Compared int

	// Sentiment is the mean paragraph sentiment; OwnVoice and Quoted
	// split paragraphs by whether their deciding cue sits in a quote.
	Sentiment, OwnVoice, Quoted stats.Interval
	// Box summarises its paragraph sentiment distribution.
	Box stats.Box
	// Stance has one entry per target it mentions (Overview.Targets order).
	Stance []TargetStance
	// Counts are its term counts (compared paragraphs only): its words,
	// and of its adjacent pairs the phrases (Overview.Phrases) only.
	Counts *terms.Counts
	// TopicShares are its topic shares with intervals (Overview.Topics
	// order).
	TopicShares []stats.Interval
	// QuoteShare is the share of its characters inside quotations.
	QuoteShare stats.Interval
	// Speakers are the speakers it quotes most.
	Speakers []SpeakerCount
	// SentimentTime, StanceTime and TopicTime are series over
	// Overview.Buckets.
	SentimentTime []BucketValue
	StanceTime    [][]BucketValue // per target
	TopicTime     [][]BucketValue // per topic
}

// TargetStance is the stance toward one target, overall and split by
// voice; Mentions counts paragraphs mentioning it.
type TargetStance struct {
	Target                  string
	Mentions                int
	All, OwnVoice, Quoted   stats.Interval
	articles, own, quotedIn []stats.Unit
}

// BucketValue is a time-series point.
type BucketValue struct {
	Bucket string
	Value  stats.Interval
}

// SpeakerCount is a quoted speaker with the number of quotations.
type SpeakerCount struct {
	Name   string
	Quotes int
}

// OutletDifference compares two outlets on one measure.
type OutletDifference struct {
	Measure string // "sentiment" or "stance: <target>"
	A, B    string
	stats.Difference
	// PAdjusted is the Benjamini–Hochberg adjusted p-value over all
	// differences; Significant is PAdjusted <= 0.05.
	PAdjusted   float64
	Significant bool
}

// StoryStats is one story with each outlet's telling of it.
type StoryStats struct {
	stories.Story
	Outlets []StoryOutlet
}

// StoryOutlet is one outlet's coverage of a story.
type StoryOutlet struct {
	Outlet      string
	Sentiment   stats.Interval
	Stance      []TargetStance
	Distinctive []terms.Keyness
	Speakers    []SpeakerCount
}
