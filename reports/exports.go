package reports

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/terms"
)

// The exports are the data behind the report, written beside it for
// pandas, R or a spreadsheet: JSON lines with one object per paragraph or
// article (every field always present, null when unknown), and CSV files
// with a header row, one observation per row, RFC 4180 quoting and plain
// decimal numbers (an empty cell is a missing value).

// ParagraphRow is one line of paragraphs.jsonl.
type ParagraphRow struct {
	ArticleID string  `json:"article_id"`
	Outlet    string  `json:"outlet"`
	Published *string `json:"published"`
	// Paragraph is the paragraph's index in its article, from 0.
	Paragraph int    `json:"paragraph"`
	StoryID   string `json:"story_id"`
	Text      string `json:"text"`
	// Sentiment is the paragraph's score in [-1, 1], label and cues.
	Sentiment sentiment.Result `json:"sentiment"`
	// Stance has one entry per target the paragraph mentions.
	Stance []stance.Result `json:"stance"`
	// QuotedShare is the share of the paragraph's characters inside
	// quotation marks; Speakers are who is quoted in it.
	QuotedShare float64  `json:"quoted_share"`
	Speakers    []string `json:"speakers"`
	// Shared marks wire or syndicated copy: a near-duplicate of this
	// paragraph appears in another outlet.
	Shared bool `json:"shared"`
}

// ArticleRow is one line of articles.jsonl.
type ArticleRow struct {
	ID         string         `json:"id"`
	Outlet     string         `json:"outlet"`
	Title      string         `json:"title"`
	Subtitle   string         `json:"subtitle"`
	Author     string         `json:"author"`
	Published  *string        `json:"published"`
	URL        string         `json:"url"`
	Source     string         `json:"source"`
	Hash       string         `json:"hash"`
	StoryID    string         `json:"story_id"`
	Paragraphs int            `json:"paragraphs"`
	Shared     int            `json:"shared_paragraphs"`
	Sentiment  ArticleScore   `json:"sentiment"`
	Stance     []ExportStance `json:"stance"`
	Quotes     ArticleQuotes  `json:"quotes"`
	// Topics are its topic shares, largest first (empty without a topic
	// model).
	Topics []ExportTopic  `json:"topics"`
	Meta   map[string]any `json:"meta"`
}

// ArticleScore is an article's mean paragraph sentiment.
type ArticleScore struct {
	Mean  float64         `json:"mean"`
	Label sentiment.Label `json:"label"`
}

// ArticleQuotes summarises an article's quotations.
type ArticleQuotes struct {
	// Share is the share of its characters inside quotation marks.
	Share    float64        `json:"share"`
	Quotes   int            `json:"quotes"`
	Speakers map[string]int `json:"speakers"`
}

// ExportTopic is an article's share of one topic (numbered from 0).
type ExportTopic struct {
	Topic  int     `json:"topic"`
	Weight float64 `json:"weight"`
}

// ExportStance is an article's stance toward one target in
// articles.jsonl: QuotedParagraphs counts the paragraphs whose stance is
// decided in a quotation (paragraphs.jsonl's "quoted" is that paragraph's
// flag).
type ExportStance struct {
	Target           string  `json:"target"`
	Label            string  `json:"label"`
	Score            float64 `json:"score"`
	Latent           float64 `json:"latent"`
	Headline         bool    `json:"headline,omitempty"`
	Mentions         int     `json:"mentions"`
	Paragraphs       int     `json:"paragraphs"`
	QuotedParagraphs int     `json:"quoted_paragraphs"`
}

// ExportWriter writes paragraphs.jsonl and articles.jsonl one article at a
// time from the stored rows, so memory does not grow with the corpus.
type ExportWriter struct {
	paragraphs, articles *bufio.Writer
	enc                  jsonAppender
}

// NewExportWriter returns a writer of the two JSON-lines exports.
func NewExportWriter(paragraphs, articles io.Writer) *ExportWriter {
	return &ExportWriter{paragraphs: bufio.NewWriterSize(paragraphs, 1<<16), articles: bufio.NewWriterSize(articles, 1<<16)}
}

// write appends a row with fn and writes it to w, unless it failed.
func (w *ExportWriter) write(to *bufio.Writer, fn func(*jsonAppender)) error {
	w.enc.b, w.enc.err = w.enc.b[:0], nil
	fn(&w.enc)
	if w.enc.err != nil {
		return w.enc.err
	}
	_, err := to.Write(w.enc.b)
	return err
}

func cues(cs []article.Cue) []sentiment.Cue {
	out := make([]sentiment.Cue, len(cs))
	for i, c := range cs {
		out[i] = sentiment.Cue{Text: c.Text, Weight: c.Weight, Start: int(c.Start), End: int(c.End)}
	}
	return out
}

// Add writes an article's lines from its stored rows. Offsets are code
// points, as in the Parquet datasets.
func (w *ExportWriter) Add(a *article.ArticleRow, ps []article.ParagraphRow) error {
	var day *string
	if d := a.Day(); d != "" {
		day = &d
	}
	for i := range ps {
		p := &ps[i]
		row := ParagraphRow{ArticleID: a.ArticleID, Outlet: a.Outlet, Published: day, Paragraph: int(p.Paragraph), StoryID: p.StoryID,
			Text: p.Text, Sentiment: sentiment.Result{Score: p.SentimentScore, Label: sentiment.Label(p.SentimentLabel), Cues: cues(p.SentimentCues)},
			Stance: []stance.Result{}, QuotedShare: p.QuotedShare, Shared: p.Shared, Speakers: []string{}}
		for _, st := range p.Stance {
			row.Stance = append(row.Stance, stance.Result{Target: st.Target, Label: stance.Label(st.Label), Score: st.Score, Latent: st.Latent,
				Cues: cues(st.Cues), Quoted: st.Quoted, Speaker: st.Speaker, Mentions: int(st.Mentions), Scored: int(st.Scored)})
		}
		row.Speakers = append(row.Speakers, p.Speakers()...)
		if err := w.write(w.paragraphs, func(x *jsonAppender) { x.paragraphRow(&row) }); err != nil {
			return err
		}
	}
	var meta map[string]any
	if a.Meta != "" && a.Meta != "{}" {
		if err := json.Unmarshal([]byte(a.Meta), &meta); err != nil {
			return fmt.Errorf("article %s: meta: %w", a.ArticleID, err)
		}
	}
	row := ArticleRow{ID: a.ArticleID, Outlet: a.Outlet, Title: a.Title, Subtitle: a.Subtitle, Author: a.Author,
		Published: day, URL: a.URL, Source: a.Source, Hash: a.Hash, StoryID: a.StoryID, Paragraphs: int(a.Paragraphs),
		Shared: int(a.SharedParagraphs), Sentiment: ArticleScore{Mean: a.SentimentMean, Label: sentiment.Label(a.SentimentLabel)},
		Quotes: ArticleQuotes{Share: a.QuoteShare, Quotes: int(a.Quotes), Speakers: map[string]int{}}, Meta: meta}
	for _, st := range a.Stance {
		row.Stance = append(row.Stance, ExportStance{Target: st.Target, Label: st.Label, Score: st.Score, Latent: st.Latent,
			Headline: st.Headline, Mentions: int(st.Mentions), Paragraphs: int(st.Paragraphs), QuotedParagraphs: int(st.QuotedParagraphs)})
	}
	if row.Stance == nil {
		row.Stance = []ExportStance{}
	}
	for _, sp := range a.Speakers {
		row.Quotes.Speakers[sp.Speaker] = int(sp.Quotes)
	}
	row.Topics = make([]ExportTopic, len(a.Topics))
	for i, t := range a.Topics {
		row.Topics[i] = ExportTopic{Topic: int(t.Topic), Weight: t.Weight}
	}
	return w.write(w.articles, func(x *jsonAppender) { x.articleRow(&row) })
}

// Flush writes out buffered lines.
func (w *ExportWriter) Flush() error {
	if err := w.paragraphs.Flush(); err != nil {
		return err
	}
	return w.articles.Flush()
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// num4 formats a statistic rounded to 4 decimals (z-scores, NPMI).
func num4(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, 64)
}

func writeCSVRows(w io.Writer, header []string, rows func(emit func([]string) error) error) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := rows(cw.Write); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// TermsCSVLimit is the number of corpus terms (words and phrases, most
// frequent first) whose counts terms.csv gives.
const TermsCSVLimit = 5000

// WriteTermsCSV writes terms.csv in long form: for each of the corpus's
// top terms (at most TermsCSVLimit, words and phrases by frequency), a row
// with outlet "(all)" for the corpus (tf, paragraph df) and one row per
// outlet that uses it. outlets are visited one at a time (their counts
// may be read from the catalog on demand); kind is "word" or "phrase".
func WriteTermsCSV(w io.Writer, total *terms.Counts, phrases []terms.Phrase, outlets []string, counts func(outlet string) (*terms.Counts, error)) error {
	top := terms.Top(total, phrases, TermsCSVLimit)
	kind := func(t string) string {
		if _, ok := terms.SplitPhrase(t); ok {
			return "phrase"
		}
		return "word"
	}
	return writeCSVRows(w, []string{"term", "kind", "outlet", "tf", "df"}, func(emit func([]string) error) error {
		for _, tc := range top {
			if err := emit([]string{tc.Term, kind(tc.Term), "(all)", strconv.FormatInt(tc.TF, 10), strconv.FormatInt(tc.DF, 10)}); err != nil {
				return err
			}
		}
		for _, o := range outlets {
			c, err := counts(o)
			if err != nil {
				return err
			}
			if c == nil {
				continue
			}
			for _, tc := range top {
				n := c.Term(tc.Term)
				if n.TF == 0 {
					continue
				}
				if err := emit([]string{tc.Term, kind(tc.Term), o, strconv.FormatInt(n.TF, 10), strconv.FormatInt(n.DF, 10)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// WriteCooccurrenceCSV writes cooccurrence.csv: every pair of top terms
// seen together, with the number of paragraphs holding both (count) and
// their NPMI in [-1, 1]; with a window, window_count and window_npmi count
// sliding windows instead.
func WriteCooccurrenceCSV(w io.Writer, co, window *terms.Cooccur) error {
	header := []string{"term_a", "term_b", "count", "npmi"}
	var wc, wn func(a, b int) float64
	if window != nil {
		header = append(header, "window_count", "window_npmi")
		m, n := window.Matrix(), window.NPMI()
		wc, wn = m.At, n.At
	}
	return writeCSVRows(w, header, func(emit func([]string) error) error {
		if co == nil {
			return nil
		}
		vocab := co.Vocab()
		m, n := co.Matrix(), co.NPMI()
		for i := range vocab {
			for j := i + 1; j < len(vocab); j++ {
				c := m.At(i, j)
				if c == 0 && (wc == nil || wc(i, j) == 0) {
					continue
				}
				rec := []string{vocab[i], vocab[j], csvFloat(c), num4(n.At(i, j))}
				if wc != nil {
					rec = append(rec, csvFloat(wc(i, j)), num4(wn(i, j)))
				}
				if err := emit(rec); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// WriteDistinctiveCSV writes distinctive_terms.csv: for each outlet
// against the rest ("(rest)") and against each other outlet, its terms with
// their counts, the log-odds ratio with an informative Dirichlet prior and
// its z-score (Monroe, Colaresi and Quinn 2008).
func WriteDistinctiveCSV(w io.Writer, rows []terms.Keyness) error {
	return writeCSVRows(w, []string{"outlet", "versus", "term", "count", "versus_count", "log_odds", "z"}, func(emit func([]string) error) error {
		for _, k := range rows {
			if err := emit([]string{k.Group, k.Versus, k.Term, strconv.FormatInt(k.Count, 10),
				strconv.FormatInt(k.VersusCount, 10), num4(k.Delta), num4(k.Z)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// StoryRow is one line of stories.csv.
type StoryRow struct {
	ID, Title, Label string
	// First and Last are days ("" when undated).
	First, Last       string
	Articles, Outlets int
}

// WriteStoriesCSV writes stories.csv: one row per story with its first and
// last publication day, its size and number of outlets, from rows (called
// until it returns false).
func WriteStoriesCSV(w io.Writer, rows func(yield func(StoryRow) error) error) error {
	return writeCSVRows(w, []string{"story_id", "title", "label", "first", "last", "articles", "outlets"}, func(emit func([]string) error) error {
		return rows(func(s StoryRow) error {
			return emit([]string{s.ID, s.Title, s.Label, s.First, s.Last, strconv.Itoa(s.Articles), strconv.Itoa(s.Outlets)})
		})
	})
}

// WriteDifferencesCSV writes outlet_differences.csv: every pair of the
// compared outlets (or groups) on mean sentiment and on stance toward each
// target: the difference of the article means with its 95% Welch
// interval, Welch's t, degrees of freedom and two-sided p-value, and the
// Benjamini–Hochberg adjusted p-value over the tests run. A pair with fewer
// than the minimum articles on a side has tested=false and no p-value.
func WriteDifferencesCSV(w io.Writer, diffs []aggregate.Difference) error {
	return writeCSVRows(w, []string{"measure", "target", "outlet_a", "outlet_b", "n_a", "n_b", "difference", "lo", "hi",
		"t", "df", "p", "p_adjusted", "significant", "tested"}, func(emit func([]string) error) error {
		for _, d := range diffs {
			rec := []string{d.Measure, d.Target, d.A, d.B, strconv.Itoa(d.NA), strconv.Itoa(d.NB), num6(d.Diff), num6(d.Lo), num6(d.Hi),
				"", "", "", "", strconv.FormatBool(d.Significant), strconv.FormatBool(d.Tested)}
			if d.Tested {
				rec[9], rec[10], rec[11], rec[12] = num6(d.T), num6(d.DF), num6(d.P), num6(d.PAdjusted)
			}
			if err := emit(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// num6 formats x with at most 6 significant digits; NaN is empty.
func num6(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// WriteLabelPreferencesCSV writes label_preferences.csv: for each pair of
// competing labels, outlet and period ("" = the whole range), the counts of
// both sides and the smoothed share of side A.
func WriteLabelPreferencesCSV(w io.Writer, prefs []terms.Preference) error {
	return writeCSVRows(w, []string{"pair", "outlet", "period", "a", "b", "ratio", "share_a"}, func(emit func([]string) error) error {
		for _, p := range prefs {
			if err := emit([]string{p.Pair, p.Outlet, p.Period, strconv.FormatInt(p.A, 10), strconv.FormatInt(p.B, 10),
				num4(p.Ratio), num4(p.ShareA)}); err != nil {
				return err
			}
		}
		return nil
	})
}
