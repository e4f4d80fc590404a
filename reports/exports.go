package reports

import (
	"bufio"
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"newsframe/analysis/pipeline"
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
	Stance     []ArticleStanc `json:"stance"`
	Quotes     ArticleQuotes  `json:"quotes"`
	Meta       map[string]any `json:"meta"`
}

// ArticleScore is an article's mean paragraph sentiment.
type ArticleScore struct {
	Mean  float64         `json:"mean"`
	Label sentiment.Label `json:"label"`
}

// ArticleStanc is an article's stance toward one target.
type ArticleStanc = stance.ArticleResult

// ArticleQuotes summarises an article's quotations.
type ArticleQuotes struct {
	// Share is the share of its characters inside quotation marks.
	Share    float64        `json:"share"`
	Quotes   int            `json:"quotes"`
	Speakers map[string]int `json:"speakers"`
}

// ExportWriter writes paragraphs.jsonl and articles.jsonl one article at a
// time, so memory does not grow with the corpus.
type ExportWriter struct {
	paragraphs, articles *bufio.Writer
	enc                  jsonAppender
	ov                   *pipeline.Overview
}

// NewExportWriter returns a writer of the two JSON-lines exports.
func NewExportWriter(paragraphs, articles io.Writer, ov *pipeline.Overview) *ExportWriter {
	return &ExportWriter{paragraphs: bufio.NewWriterSize(paragraphs, 1<<16), articles: bufio.NewWriterSize(articles, 1<<16), ov: ov}
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

// Add writes a's lines.
func (w *ExportWriter) Add(a *pipeline.Article) error {
	var day *string
	if d := a.Day(); d != "" {
		day = &d
	}
	story := w.ov.StoryOf[a.ID]
	shared := map[int]bool{}
	for _, i := range w.ov.SharedIn[a.ID] {
		shared[i] = true
	}
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		row := ParagraphRow{ArticleID: a.ID, Outlet: a.Outlet, Published: day, Paragraph: i, StoryID: story,
			Text: p.Text, Sentiment: p.Sentiment, Stance: p.Stance, Shared: shared[i], Speakers: []string{}}
		if row.Stance == nil {
			row.Stance = []stance.Result{}
		}
		if row.Sentiment.Cues == nil {
			row.Sentiment.Cues = []sentiment.Cue{}
		}
		if p.Chars > 0 {
			row.QuotedShare = round6(float64(p.QuotedChars) / float64(p.Chars))
		}
		seen := map[string]bool{}
		for _, q := range p.Quotes {
			if q.Speaker != "" && !seen[q.Speaker] {
				seen[q.Speaker] = true
				row.Speakers = append(row.Speakers, q.Speaker)
			}
		}
		if err := w.write(w.paragraphs, func(a *jsonAppender) { a.paragraphRow(&row) }); err != nil {
			return err
		}
	}
	row := ArticleRow{ID: a.ID, Outlet: a.Outlet, Title: a.Title, Subtitle: a.Subtitle, Author: a.Author,
		Published: day, URL: a.URL, Source: a.Source, Hash: a.Hash, StoryID: story,
		Paragraphs: len(a.Paragraphs), Shared: len(w.ov.SharedIn[a.ID]),
		Sentiment: ArticleScore{Mean: round6(a.Sentiment.Value()), Label: a.Label},
		Stance:    a.Stance, Meta: a.Meta,
		Quotes: ArticleQuotes{Quotes: a.Quotes.Quotes, Speakers: a.Quotes.Speakers}}
	if a.Quotes.Chars > 0 {
		row.Quotes.Share = round6(a.Quotes.QuotedShare())
	}
	if row.Stance == nil {
		row.Stance = []stance.ArticleResult{}
	}
	if row.Meta == nil {
		row.Meta = map[string]any{}
	}
	if row.Quotes.Speakers == nil {
		row.Quotes.Speakers = map[string]int{}
	}
	return w.write(w.articles, func(a *jsonAppender) { a.articleRow(&row) })
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

// WriteTermsCSV writes terms.csv: every word and phrase with its total
// frequency (tf), its paragraph frequency (df), and tf per outlet in one
// column each ("tf_<outlet>"). kind is "word" or "phrase"; the tf of the
// words sums to the corpus's content-token count.
func WriteTermsCSV(w io.Writer, total *terms.Counts, outlets []string, perOutlet map[string]*terms.Counts, phrases []terms.Phrase) error {
	header := []string{"term", "kind", "tf", "df"}
	for _, o := range outlets {
		header = append(header, "tf_"+o)
	}
	return writeCSVRows(w, header, func(emit func([]string) error) error {
		row := func(term, kind string, c terms.Count, get func(*terms.Counts) terms.Count) error {
			rec := []string{term, kind, strconv.FormatInt(c.TF, 10), strconv.FormatInt(c.DF, 10)}
			for _, o := range outlets {
				var tf int64
				if oc := perOutlet[o]; oc != nil {
					tf = get(oc).TF
				}
				rec = append(rec, strconv.FormatInt(tf, 10))
			}
			return emit(rec)
		}
		for _, tc := range total.Words() {
			word := tc.Term
			if err := row(word, "word", tc.Count, func(c *terms.Counts) terms.Count { return c.Word(word) }); err != nil {
				return err
			}
		}
		for _, p := range phrases {
			pair := p.Pair
			if err := row(pair.A+" "+pair.B, "phrase", p.Count, func(c *terms.Counts) terms.Count { return c.Pair(pair) }); err != nil {
				return err
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

// WriteStoriesCSV writes stories.csv: one row per story with its first and
// last publication day, size, the outlets that covered it (with each
// one's lag in hours after the first report) and those that left it out.
func WriteStoriesCSV(w io.Writer, st []*pipeline.StoryStats) error {
	return writeCSVRows(w, []string{"story_id", "label", "terms", "first", "last", "articles", "outlets", "lags_hours", "missing"}, func(emit func([]string) error) error {
		for _, s := range st {
			var outlets, lags []string
			for _, c := range s.Coverage {
				outlets = append(outlets, c.Outlet)
				if c.HasLag {
					lags = append(lags, c.Outlet+"="+csvFloat(math.Round(c.Lag.Hours()*100)/100))
				}
			}
			first, last := "", ""
			if !s.First.IsZero() {
				first, last = s.First.UTC().Format(time.DateOnly), s.Last.UTC().Format(time.DateOnly)
			}
			if err := emit([]string{s.ID, s.Title, strings.Join(s.Terms, "; "), first, last,
				strconv.Itoa(len(s.Articles)), strings.Join(outlets, "; "), strings.Join(lags, "; "),
				strings.Join(s.Missing, "; ")}); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteDifferencesCSV writes outlet_differences.csv: every pair of outlets
// compared on mean sentiment and on stance toward each target, with the
// difference's bootstrap 95% interval, the permutation p-value and the
// Benjamini–Hochberg adjusted p-value over all rows.
func WriteDifferencesCSV(w io.Writer, diffs []pipeline.OutletDifference) error {
	return writeCSVRows(w, []string{"measure", "outlet_a", "outlet_b", "mean_a", "mean_b", "difference", "lo", "hi",
		"n_a", "n_b", "p", "p_adjusted", "significant", "too_few"}, func(emit func([]string) error) error {
		for _, d := range diffs {
			if err := emit([]string{d.Measure, d.A, d.B, num4(d.X.Mean), num4(d.Y.Mean), num4(d.Diff),
				num4(d.Lo), num4(d.Hi), strconv.Itoa(d.X.Units), strconv.Itoa(d.Y.Units), num4(d.P),
				num4(d.PAdjusted), strconv.FormatBool(d.Significant), strconv.FormatBool(d.TooFew)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteTopicsCSV writes topics.csv: one row per topic and term.
func WriteTopicsCSV(w io.Writer, ov *pipeline.Overview) error {
	return writeCSVRows(w, []string{"topic", "label", "rank", "term"}, func(emit func([]string) error) error {
		if ov.Topics == nil {
			return nil
		}
		for _, t := range ov.Topics.Topics {
			for r, term := range t.Terms {
				if err := emit([]string{strconv.Itoa(t.ID), t.Label, strconv.Itoa(r + 1), term}); err != nil {
					return err
				}
			}
		}
		return nil
	})
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
