package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
)

// encodeStd encodes v as the exports did with encoding/json.
func encodeStd(t *testing.T, v any) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}

var testStrings = []string{
	"", "plain", `quote " and \ backslash`, "<b>&amp;</b>", "tab\there\nnew\rline\b\f\x00\x01\x1f\x7f",
	"Nicolás Maduro’s «quote» — 北京", "line\u2028sep\u2029", "bad \xff utf8 \xe2\x80", "emoji 😀",
}

var testFloats = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -0.387392302999815, 1e-6, 9.99e-7, 1e-7, -3e-9,
	1e20, 1e21, 123456789.125, 1.7976931348623157e308, 5e-324, 0.1 + 0.2}

func randomRows(rng *rand.Rand) (ParagraphRow, ArticleRow) {
	str := func() string { return testStrings[rng.IntN(len(testStrings))] }
	num := func() float64 { return testFloats[rng.IntN(len(testFloats))] }
	cues := func() []sentiment.Cue {
		var cs []sentiment.Cue
		switch rng.IntN(3) {
		case 1:
			cs = []sentiment.Cue{}
		case 2:
			for range 1 + rng.IntN(3) {
				cs = append(cs, sentiment.Cue{Text: str(), Weight: num(), Start: rng.IntN(500) - 1, End: rng.IntN(500)})
			}
		}
		return cs
	}
	var published *string
	if rng.IntN(2) == 0 {
		d := "2012-06-0" + string(rune('1'+rng.IntN(9)))
		published = &d
	}
	p := ParagraphRow{ArticleID: str(), Outlet: str(), Published: published, Paragraph: rng.IntN(40), StoryID: str(),
		Text: str() + str(), Sentiment: sentiment.Result{Score: num(), Label: sentiment.Label(str()), Cues: cues()},
		QuotedShare: num(), Shared: rng.IntN(2) == 0}
	switch rng.IntN(3) {
	case 1:
		p.Stance = []stance.Result{}
	case 2:
		for range 1 + rng.IntN(3) {
			p.Stance = append(p.Stance, stance.Result{Target: str(), Label: stance.Label(str()), Score: num(), Latent: num(),
				Cues: cues(), Quoted: rng.IntN(2) == 0, Speaker: str(), Mentions: rng.IntN(9), Scored: rng.IntN(9)})
		}
	}
	if rng.IntN(3) > 0 {
		p.Speakers = []string{}
		for range rng.IntN(3) {
			p.Speakers = append(p.Speakers, str())
		}
	}
	a := ArticleRow{ID: str(), Outlet: str(), Title: str(), Subtitle: str(), Author: str(), Published: published,
		URL: str(), Source: str(), Hash: str(), StoryID: str(), Paragraphs: rng.IntN(30), Shared: rng.IntN(3),
		Sentiment: ArticleScore{Mean: num(), Label: sentiment.Label(str())}}
	switch rng.IntN(3) {
	case 1:
		a.Stance = []ExportStance{}
	case 2:
		for range 1 + rng.IntN(3) {
			a.Stance = append(a.Stance, ExportStance{Target: str(), Label: str(), Score: num(),
				Latent: num(), Headline: rng.IntN(2) == 0, Mentions: rng.IntN(9), Paragraphs: rng.IntN(9), QuotedParagraphs: rng.IntN(9)})
		}
	}
	a.Quotes = ArticleQuotes{Share: num(), Quotes: rng.IntN(9)}
	switch rng.IntN(3) {
	case 1:
		a.Topics = []ExportTopic{}
	case 2:
		for range 1 + rng.IntN(4) {
			a.Topics = append(a.Topics, ExportTopic{Topic: rng.IntN(50), Weight: num()})
		}
	}
	if rng.IntN(3) > 0 {
		a.Quotes.Speakers = map[string]int{}
		for range rng.IntN(4) {
			a.Quotes.Speakers[str()] = rng.IntN(5)
		}
	}
	switch rng.IntN(3) {
	case 1:
		a.Meta = map[string]any{}
	case 2:
		a.Meta = map[string]any{"category": str(), "n": num(), "list": []any{str(), 1.5, true, nil}, "nested": map[string]any{"z": str(), "a": false}}
	}
	return p, a
}

// TestExportRowsMatchEncodingJSON checks the hand-written appenders
// against encoding/json, byte for byte.
func TestExportRowsMatchEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var a jsonAppender
	for i := range 3000 {
		p, art := randomRows(rng)
		for _, tc := range []struct {
			name string
			v    any
			fn   func(*jsonAppender)
		}{
			{"paragraph", &p, func(a *jsonAppender) { a.paragraphRow(&p) }},
			{"article", &art, func(a *jsonAppender) { a.articleRow(&art) }},
		} {
			want, wantErr := encodeStd(t, tc.v)
			a.b, a.err = a.b[:0], nil
			tc.fn(&a)
			if (wantErr != nil) != (a.err != nil) {
				t.Fatalf("row %d %s: error %v, want %v", i, tc.name, a.err, wantErr)
			}
			if wantErr == nil && !bytes.Equal(a.b, want) {
				t.Fatalf("row %d %s:\n got %s\nwant %s", i, tc.name, a.b, want)
			}
		}
	}
	// Values encoding/json refuses are errors here too.
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		a.b, a.err = a.b[:0], nil
		a.paragraphRow(&ParagraphRow{Sentiment: sentiment.Result{Score: f}})
		if a.err == nil {
			t.Errorf("score %v: no error", f)
		}
	}
}

// TestExportRowFields fails when a type the appenders write gains, loses
// or renames a field: update exports_json.go with it.
func TestExportRowFields(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[ParagraphRow](), `ArticleID string json:"article_id"; Outlet string json:"outlet"; Published *string json:"published"; Paragraph int json:"paragraph"; StoryID string json:"story_id"; Text string json:"text"; Sentiment sentiment.Result json:"sentiment"; Stance []stance.Result json:"stance"; QuotedShare float64 json:"quoted_share"; Speakers []string json:"speakers"; Shared bool json:"shared"`},
		{reflect.TypeFor[ArticleRow](), `ID string json:"id"; Outlet string json:"outlet"; Title string json:"title"; Subtitle string json:"subtitle"; Author string json:"author"; Published *string json:"published"; URL string json:"url"; Source string json:"source"; Hash string json:"hash"; StoryID string json:"story_id"; Paragraphs int json:"paragraphs"; Shared int json:"shared_paragraphs"; Sentiment reports.ArticleScore json:"sentiment"; Stance []reports.ExportStance json:"stance"; Quotes reports.ArticleQuotes json:"quotes"; Topics []reports.ExportTopic json:"topics"; Meta map[string]interface {} json:"meta"`},
		{reflect.TypeFor[ExportTopic](), `Topic int json:"topic"; Weight float64 json:"weight"`},
		{reflect.TypeFor[ArticleScore](), `Mean float64 json:"mean"; Label sentiment.Label json:"label"`},
		{reflect.TypeFor[ArticleQuotes](), `Share float64 json:"share"; Quotes int json:"quotes"; Speakers map[string]int json:"speakers"`},
		{reflect.TypeFor[sentiment.Result](), `Score float64 json:"score"; Label sentiment.Label json:"label"; Cues []sentiment.Cue json:"cues,omitempty"`},
		{reflect.TypeFor[sentiment.Cue](), `Text string json:"text"; Weight float64 json:"weight"; Start int json:"start"; End int json:"end"`},
		{reflect.TypeFor[stance.Result](), `Target string json:"target"; Label stance.Label json:"label"; Score float64 json:"score"; Latent float64 json:"latent"; Cues []sentiment.Cue json:"cues,omitempty"; Quoted bool json:"quoted"; Speaker string json:"speaker,omitempty"; Mentions int json:"mentions"; Scored int json:"scored"`},
		{reflect.TypeFor[stance.ArticleResult](), `Target string json:"target"; Label stance.Label json:"label"; Score float64 json:"score"; Latent float64 json:"latent"; Headline bool json:"headline,omitempty"; Mentions int json:"mentions"; Paragraphs int json:"paragraphs"; Quoted int json:"quoted"`},
	}
	for _, tt := range tests {
		var fields []string
		for i := range tt.typ.NumField() {
			f := tt.typ.Field(i)
			fields = append(fields, f.Name+" "+f.Type.String()+" "+string(f.Tag))
		}
		if got := strings.Join(fields, "; "); got != tt.want {
			t.Errorf("%s fields:\n got %s\nwant %s\n(update the appenders in exports_json.go and this test together)", tt.typ, got, tt.want)
		}
	}
}
