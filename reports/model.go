package reports

// Model is everything the report pages show. It is plain data: the command
// fills it from the pipeline's results and [Write] renders it. The pages
// show the slices in the order given (the filler sorts them), so a Model
// filled deterministically renders to identical bytes.
//
// Sentiment and stance values lie in [-1, 1] (negative to positive,
// against to favour). Shares lie in [0, 1]. Dates are strings the filler
// has already formatted (YYYY-MM-DD for days, the time buckets' own labels
// such as "2026-W48" for weeks).
type Model struct {
	// Title heads every page, e.g. "newsframe report".
	Title string
	// RunTime is when the run started (RFC 3339, UTC). It is the only
	// time-dependent text in the pages; leave it empty for byte-identical
	// output across runs.
	RunTime string
	// Version is the newsframe version that wrote the report.
	Version string
	// Settings are shown on the index page as name/value pairs, e.g.
	// {"top terms", "200"}, in the order given.
	Settings []Setting

	Summary Summary
	// Skipped lists skipped inputs. It may hold only the first few
	// (Summary.Skipped is the total); the index shows at most
	// [Limits].Skipped of them.
	Skipped []Skipped

	// Histogram is the distribution of paragraph sentiment over the whole
	// corpus.
	Histogram Histogram
	// Comparison says what the pages compare: which outlets or groups,
	// what was pooled, and how the tests were run.
	Comparison Comparison
	// Outlets holds one profile per compared key, in display order (the
	// largest first, the pooled key last): outlets, or groups of outlets
	// when Comparison.Unit is "groups". Every chart and test that
	// compares draws these and no others.
	Outlets []Outlet
	// AllOutlets lists every outlet of the corpus, compared or pooled,
	// largest first; the outlet list pages show them (bounded by
	// [Limits].OutletList per page).
	AllOutlets []OutletSummary
	// Targets names the stance targets in display order; TargetStance
	// values refer to these names.
	Targets []string
	// TargetsProposed is true when nobody configured targets and Targets
	// were proposed from the corpus's most frequent named entities; the
	// compare page then says so and how to configure them.
	TargetsProposed bool
	// Communities are the term communities of the term network (Louvain
	// on the co-occurrence graph of the top terms): a view of which terms
	// occur together, not a topic model. Node.Community indexes this
	// slice.
	Communities []Community

	// TopicModel describes the document topic model; nil when topics are
	// off or none was fitted (pages then say why: Model.TopicNote).
	TopicModel *TopicModel
	// TopicNote says why there are no topics ("" when TopicModel is set),
	// e.g. "topics are off (--topics 0)" or "the corpus has 30 articles;
	// topics are fitted from 100".
	TopicNote string
	// Topics are the document topics, indexed by Topic.ID (0-based,
	// stable across refits): Topics[i].ID == i, and len(Topics) ==
	// TopicModel.K. Empty when TopicModel is nil.
	Topics []Topic
	// TimeUnit is the bucket size of every time series: "day", "week" or
	// "month".
	TimeUnit string
	// Buckets lists every time bucket label in time order, the x axis of
	// all time charts (series may skip buckets without data).
	Buckets []string

	// Cooccurrence is the co-occurrence of the top terms (the index page
	// shows the first 30).
	Cooccurrence Cooccurrence
	// Network is the term graph: the strongest NPMI edges among the top
	// terms.
	Network Network

	// Wire describes how shared (wire or syndicated) copy was handled in
	// the outlet comparisons.
	Wire Wire
	// LabelPairs are competing labels for the same referent with each
	// compared key's preference.
	LabelPairs []LabelPair
	// Differences are the pairwise tests (every pair of compared keys on
	// each measure), in display order.
	Differences []Difference

	// Stories are the clustered stories, in display order. Each gets a
	// page; the caller bounds how many it passes.
	Stories []Story
	// Articles are the articles that get a page of their own (the caller
	// bounds how many: every paragraph is in the exports anyway). The
	// article lists show them newest first (then by id), undated last,
	// whatever their order here.
	Articles []Article
	// History holds one entry per run, oldest first, this run included.
	History []Run
	// Exports are the data files written beside the report, linked from
	// the index page.
	Exports []Export
}

// Setting is one run setting shown on the index page.
type Setting struct {
	Name, Value string
}

// Summary is the corpus summary on the index page.
type Summary struct {
	// Articles, Paragraphs and Outlets count what was analysed.
	Articles   int
	Paragraphs int
	Outlets    int
	// First and Last are the earliest and latest publication days
	// (YYYY-MM-DD); both empty when no article has a date.
	First, Last string
	// Undated counts articles without a publication date: they are in
	// every aggregate but left out of time charts.
	Undated int
	// Skipped counts inputs that could not be read (files or lines).
	Skipped int
	// Stories counts story clusters.
	Stories int
}

// Skipped is one input that could not be used.
type Skipped struct {
	Path string
	// Line is 1-based; 0 means the whole file.
	Line int
	// Kind is a short class such as "binary", "utf8", "json", "empty".
	Kind string
	// Reason is the full message.
	Reason string
}

// Histogram counts values in bins. Edges has one more element than
// Counts: bin i holds values in [Edges[i], Edges[i+1]).
type Histogram struct {
	Edges  []float64
	Counts []int
}

// Interval is a mean over articles (each article one value) with its 95%
// t-interval [Lo, Hi], mean ± t(0.975; N−1)·s/√N, and the data behind it.
// Lo and Hi are NaN when N < 2.
type Interval struct {
	Mean, Lo, Hi float64
	// N counts the articles behind the mean; Obs counts the paragraphs
	// behind them (0 when not known).
	N, Obs int
	// Sparse marks fewer articles than Comparison.MinArticles: pages show
	// the estimate, marked, instead of hiding it, and no test is run on
	// it.
	Sparse bool
}

// Comparison says what the compare page, the differences and the outlet
// pages compare.
type Comparison struct {
	// Unit is "outlets" or "groups" (empty reads as "outlets").
	Unit string
	// Field is the article field whose values form the groups
	// (--compare-by), e.g. "bias"; GroupsFile the file that maps outlets
	// to groups (--groups). At most one is set, and only for groups.
	Field, GroupsFile string
	// Shown counts the keys compared one by one: the largest outlets or
	// groups. Pooled counts the outlets pooled into one key named
	// PooledName, those of the outlets or groups beyond the Shown largest
	// (0: nothing pooled).
	Shown, Pooled int
	// PooledName names the pooled key, e.g. "other outlets".
	PooledName string
	// OutletsCSV is the export listing every outlet's figures, e.g.
	// "outlets.csv" ("" when there is none).
	OutletsCSV string
	// MinArticles is the least number of articles on each side of a test
	// (--min-articles); smaller cells are shown, marked, and not tested.
	MinArticles int
	// Tests counts the tests run: the Benjamini–Hochberg adjustment is
	// over these.
	Tests int
	// TopicTests counts the topic tests (each compared key against the
	// rest of the corpus on each topic) that Benjamini–Hochberg ran over,
	// a family of its own; 0 if none.
	TopicTests int
}

// unit returns Unit, "outlets" when empty.
func (c Comparison) unit() string {
	if c.Unit == "" {
		return "outlets"
	}
	return c.Unit
}

// OutletSummary is one outlet of the corpus in the list of every outlet.
type OutletSummary struct {
	Name string
	// Keys are the compared keys its articles count toward: its own name,
	// its group(s), or the pooled key.
	Keys                          []string
	Articles, Paragraphs, Undated int
	// Sentiment is its mean article sentiment.
	Sentiment Interval
}

// Box is a five-number summary of a distribution (quantiles 0, 0.25, 0.5,
// 0.75, 1).
type Box struct {
	Min, Q1, Median, Q3, Max float64
}

// TermCount is a term and how often it occurs.
type TermCount struct {
	Term  string
	Count int
}

// Distinctive is a term that sets a group apart: Z is the z-score of the
// log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and
// Quinn 2008, doi:10.1093/pan/mpn018); positive means over-used by the
// group. Count is the term's count in the group.
type Distinctive struct {
	Term  string
	Count int
	Z     float64
}

// TargetStance is the stance toward one target, overall and split into
// quoted text and the outlet's own voice.
type TargetStance struct {
	Target string
	// Mentions counts paragraphs mentioning the target.
	Mentions int
	All      Interval
	OwnVoice Interval
	Quoted   Interval
}

// TopicShare is a compared key's coverage of one topic: the share of its
// articles about the topic (the topic is at least TopicModel.AboutShare of
// their mixture) with its 95% Wilson interval, against the same share over
// the rest of the corpus (every article not in the key), tested by Fisher's
// exact test and BH-adjusted over every topic test of the report (a family
// of its own, separate from Differences: see Comparison.TopicTests).
type TopicShare struct {
	// Topic indexes Model.Topics.
	Topic int
	// Share is the share of the key's articles about the topic, with its
	// 95% Wilson interval; Share.Sparse when it has fewer than
	// Comparison.MinArticles articles.
	Share Interval
	// Rest is the same share over the articles outside the key.
	Rest Interval
	// Diff is Share.Mean − Rest.Mean with its 95% Newcombe interval
	// [Lo, Hi]; P is the two-sided p-value of Fisher's exact test and
	// PAdjusted the Benjamini–Hochberg adjusted one (NaN when not
	// tested).
	Diff, Lo, Hi, P, PAdjusted float64
	// Tested is false when a side has fewer than Comparison.MinArticles
	// articles; Significant is PAdjusted <= 0.05.
	Tested, Significant bool
}

// TopicSeries is a compared key's share of articles about one topic per
// time bucket (Wilson intervals).
type TopicSeries struct {
	// Topic indexes Model.Topics.
	Topic  int
	Points []Point
}

// Community is a term community of the term network.
type Community struct {
	// Label is a short name, e.g. its top three terms joined.
	Label string
	// Terms lists its terms, most frequent first.
	Terms []string
}

// TopicModel describes the document topic model the pages show.
type TopicModel struct {
	// Method is one sentence on how it was fitted (shown on the topics
	// page).
	Method string
	// K is the number of topics, Vocabulary the number of terms.
	K, Vocabulary int
	// FittedRun names the run that fitted it, FittedDocs the articles it
	// was fitted on; Articles counts the articles with topic proportions
	// now.
	FittedRun            string
	FittedDocs, Articles int
	// Drift is the share of explained variance that the articles added
	// since the fit lose (0 = as good as held-out articles), over
	// DriftDocs articles; a refit comes when it passes DriftThreshold
	// (with at least MinDriftDocs articles). NaN when not measured.
	Drift, DriftThreshold   float64
	DriftDocs, MinDriftDocs int
	// Refit says why the model was last fitted ("first fit", "asked for
	// (--refit-topics)", a drift past the threshold, ...).
	Refit string
	// AboutShare is the proportion of its mixture that makes an article
	// about a topic (e.g. 0.2): the agenda counts such articles.
	AboutShare float64
}

// Topic is one document topic.
type Topic struct {
	// ID is its index in Model.Topics; it names its page (see
	// TopicPath).
	ID int
	// Top are its most probable terms, FREX its FREX terms (frequent and
	// exclusive; STM's labels), 10 each.
	Top, FREX []string
	// Label is a short name (its first three FREX terms), shown in
	// charts.
	Label string
	// Coherence is the NPMI of its top 10 terms over the corpus at the
	// fit (NaN when unknown).
	Coherence float64
	// Continues is the topic of the previous model it continues (−1:
	// new, or no previous model), Similarity the cosine similarity of
	// their term vectors.
	Continues  int
	Similarity float64
	// Prevalence is its mean share over all articles with topics (95%
	// t-interval over articles).
	Prevalence Interval
	// About is the share of all articles with topics that are about it
	// (it is at least TopicModel.AboutShare of their mixture), with its
	// 95% Wilson interval: the corpus figure the keys' shares (TopicShare)
	// are measured in.
	About Interval
	// Series is the corpus-wide share of articles about it per
	// Model.Buckets bucket (Wilson intervals).
	Series []Point
	// Representatives are its most representative articles, largest
	// weight first.
	Representatives []TopicArticle
}

// TopicArticle is one representative article of a topic.
type TopicArticle struct {
	ID, Title, Outlet, Published string
	// Weight is the article's weight on the topic (in [0, 1]).
	Weight float64
	// HasPage is set when the article has a page of its own (link it).
	// The page links it only when it is one of Model.Articles, so a
	// stale flag leaves it unlinked rather than a broken link.
	HasPage bool
}

// ArticleTopic is an article's proportion of one topic.
type ArticleTopic struct {
	// Topic indexes Model.Topics; Weight is in [0, 1].
	Topic  int
	Weight float64
}

// Speaker is a quoted person and how many quotes are attributed to them.
type Speaker struct {
	Name   string
	Quotes int
}

// Point is one time bucket of a series: Bucket is one of Model.Buckets.
type Point struct {
	Bucket string
	Value  Interval
}

// Series is a named time series (a target, a label pair).
type Series struct {
	Name   string
	Points []Point
}

// Outlet is one compared key's profile: an outlet, a group of outlets,
// or the pool of the outlets (or groups) beyond the largest.
type Outlet struct {
	Name string
	// Members lists the outlets a group or the pool holds, sorted by
	// name; nil for an outlet.
	Members []string
	// Pooled marks the pool of the keys beyond the largest.
	Pooled     bool
	Articles   int
	Paragraphs int
	// Undated counts its articles without a date.
	Undated int
	// Sentiment is the mean paragraph sentiment (all paragraphs),
	// OwnVoice and Quoted split it by whether the text is inside a quote.
	Sentiment Interval
	OwnVoice  Interval
	Quoted    Interval
	// Box summarises the distribution of its paragraph sentiment.
	Box Box
	// Stance holds one entry per target it mentions, in Model.Targets
	// order.
	Stance []TargetStance
	// TopTerms are its most frequent terms, most frequent first.
	TopTerms []TermCount
	// Distinctive are its terms against all other outlets, highest z
	// first.
	Distinctive []Distinctive
	// Topics are its topic shares, one per topic in topic order (all K;
	// nil without a topic model).
	Topics []TopicShare
	// QuoteShare is the share of its text (characters) inside quotes.
	QuoteShare Interval
	// Speakers are its most quoted speakers, most quotes first.
	Speakers []Speaker
	// SharedParagraphs of TotalParagraphs are wire or syndicated copy
	// (near-duplicates found in another outlet).
	SharedParagraphs, TotalParagraphs int
	// SentimentTime is its mean sentiment per time bucket.
	SentimentTime []Point
	// StanceTime has one series per target (Name = target).
	StanceTime []Series
	// TopicTime holds the share of its articles about each of its 6 most
	// covered topics per time bucket, most covered first.
	TopicTime []TopicSeries
}

// Cooccurrence is a symmetric term × term table.
type Cooccurrence struct {
	Terms []string
	// Counts[i][j] counts paragraphs holding both terms.
	Counts [][]int
	// NPMI[i][j] is the normalised pointwise mutual information in
	// [-1, 1] (Bouma 2009); -1 for pairs never seen together.
	NPMI [][]float64
}

// Network is a term graph.
type Network struct {
	Nodes []Node
	Edges []Edge
}

// Node is a term in the network.
type Node struct {
	Term string
	// Count is its frequency (node size).
	Count int
	// Community indexes Model.Communities (node colour); -1 for none.
	Community int
}

// Edge links two terms (indices into Network.Nodes).
type Edge struct {
	A, B int
	// NPMI is the pair's normalised PMI (edge width); Count the
	// paragraphs holding both.
	NPMI  float64
	Count int
}

// Wire says how shared copy entered the comparisons.
type Wire struct {
	// Excluded is true when shared paragraphs are left out of outlet
	// comparisons (the default).
	Excluded bool
	// Shared of Total paragraphs are shared copy, corpus-wide.
	Shared, Total int
}

// LabelPair is two competing labels for the same referent, e.g.
// "undocumented immigrants" (A) versus "illegal aliens" (B).
type LabelPair struct {
	A, B string
	// Uses holds each compared key's use of both labels over the whole
	// range, dated or not (Period ""), and per time bucket (Period = a
	// Model.Buckets label).
	Uses []LabelUse
}

// LabelUse is one compared key's use of a label pair in one period.
type LabelUse struct {
	// Outlet names the compared key (an outlet, a group or the pool).
	Outlet string
	// Period is "" for the whole range, else a Model.Buckets label.
	Period string
	A, B   int
	// Share is the smoothed share of A, e.g. (A+½)/(A+B+1), in [0, 1];
	// 0.5 means no preference.
	Share float64
}

// Difference tests whether two compared keys differ on one measure with
// Welch's unequal-variance t-test on article means, each article one
// value (Welch 1947, doi:10.1093/biomet/34.1-2.28).
//
// The difference is A.Mean − B.Mean with its 95% Welch interval
// [Lo, Hi]. P is the two-sided p-value; PAdjusted is P adjusted for the
// false discovery rate over the tests run in the report (Benjamini and
// Hochberg 1995, doi:10.1111/j.2517-6161.1995.tb02031.x).
type Difference struct {
	// Measure is "sentiment" or "stance"; Target names the stance target
	// ("" for sentiment).
	Measure, Target string
	// OutletA and OutletB are the keys compared; A and B their own
	// estimates.
	OutletA, OutletB string
	A, B             Interval
	Diff, Lo, Hi     float64
	// P and PAdjusted lie in (0, 1]; NaN when no test was run.
	P, PAdjusted float64
	// Tested is set when the test was run; Significant is PAdjusted <=
	// 0.05.
	Tested, Significant bool
	// TooFew is set when a side has fewer than Comparison.MinArticles
	// articles: no test is run, and pages show the row, marked.
	TooFew bool
}

// Story is a cluster of articles about one event.
type Story struct {
	// ID is the story's stable id (it names its page).
	ID    string
	Label string
	// First is when it was first reported ("" when undated).
	First string
	// Articles in the story, earliest first.
	Articles []StoryArticle
	// Outlets holds one entry per covering outlet, in display order.
	Outlets []StoryOutlet
	// Missing lists outlets active in the period that left it out.
	Missing []string
}

// StoryArticle is one article of a story.
type StoryArticle struct {
	// ID links to the article's page when it has one.
	ID, Title, Outlet string
	// Published is the display date ("" when unknown).
	Published string
}

// StoryOutlet is one outlet's coverage of a story.
type StoryOutlet struct {
	Outlet   string
	Articles int
	// LagHours is the delay of its first article after the story's
	// first report; meaningful only when LagKnown.
	LagHours float64
	LagKnown bool
	// Sentiment is its mean paragraph sentiment on this story.
	Sentiment Interval
	// Stance holds its stance per target on this story.
	Stance []TargetStance
	// Distinctive are its words against the story's pooled counts (the
	// prior), highest z first.
	Distinctive []Distinctive
	// Speakers are whom it quotes on this story.
	Speakers []Speaker
}

// Article is one article with everything its page shows.
type Article struct {
	// ID names the page (see ArticlePath) and is shown on it.
	ID     string
	Title  string
	Outlet string
	Author string
	// Published is the display date ("" when unknown).
	Published string
	URL       string
	// Source is where it was read from ("path" or "path:line").
	Source string
	// StoryID links to its story page ("" when none).
	StoryID string
	// Sentiment is its mean paragraph sentiment, Label its class.
	Sentiment float64
	Label     string
	// Stance is its article-level stance per target.
	Stance []ArticleStance
	// Topics are its topic proportions, largest first (nil without a
	// topic model).
	Topics []ArticleTopic
	// Paragraphs are shown in order, each with its marks.
	Paragraphs []Paragraph
}

// ArticleStance is an article's stance toward one target.
type ArticleStance struct {
	Target string
	// Label is "favor", "against" or "neutral"; Score lies in [-1, 1].
	Label    string
	Score    float64
	Mentions int
}

// Paragraph is one paragraph of an article page. Paragraphs are numbered
// from 0 in the order given, as the exports' paragraph column.
type Paragraph struct {
	Text  string
	Score float64
	// Label is "positive", "negative" or "neutral".
	Label string
	// Cues are the words that moved the score (byte offsets into Text).
	Cues []Cue
	// Stances are the targets this paragraph mentions.
	Stances []ParagraphStance
	// Quotes are the quoted spans inside this paragraph.
	Quotes []Quote
	// Shared marks wire or syndicated copy.
	Shared bool
}

// Cue is a span of a paragraph that moved a score: Text[Start:End] in
// bytes of the Go string (the exports count code points; the filler
// converts), with its signed weight.
type Cue struct {
	Start, End int
	// Weight is signed: positive cues are drawn blue, negative red.
	Weight float64
}

// ParagraphStance is the stance toward one target in one paragraph.
type ParagraphStance struct {
	Target string
	// Label is "favor", "against" or "neutral"; Score lies in [-1, 1].
	Label string
	Score float64
	// Quoted is true when the deciding text is inside a quotation, and
	// Speaker names who said it ("" when unknown or not quoted).
	Quoted  bool
	Speaker string
	// Cues are the words that decided it (byte offsets into the
	// paragraph's Text).
	Cues []Cue
}

// Quote is a quoted span Text[Start:End] of a paragraph, in bytes (as
// Cue).
type Quote struct {
	Start, End int
	// Speaker is who said it ("" when unknown).
	Speaker string
}

// Run is one run in the history.
type Run struct {
	ID string
	// Time is when it ran (RFC 3339).
	Time string
	// Articles is the corpus size after the run; New, Changed and
	// Removed count articles since the run before; Skipped counts bad
	// inputs.
	Articles                       int
	New, Changed, Removed, Skipped int
	// Sentiment is the corpus mean paragraph sentiment at that run.
	Sentiment float64
	// Stance is the corpus mean stance per target at that run.
	Stance []RunStance
}

// RunStance is one target's mean stance in one run.
type RunStance struct {
	Target string
	// Mean lies in [-1, 1]; Mentions counts the paragraphs behind it.
	Mean     float64
	Mentions int
}

// Export is a data file beside the report.
type Export struct {
	// Path is relative to the report directory, e.g. "paragraphs.jsonl".
	Path        string
	Description string
}
