package pipeline

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"newsframe/analysis/corpus"
	"newsframe/analysis/entities"
	"newsframe/analysis/quotes"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/text"
	"newsframe/analysis/wire"
	"newsframe/data"
)

// TestCodecFields fails when a type the binary codec writes gains, loses
// or retypes a field: the codec (codec.go) must then be updated with it,
// or the new field would be lost between ingest and the exports.
func TestCodecFields(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"sentiment.Result", reflect.TypeFor[sentiment.Result](), "Score float64, Label sentiment.Label, Cues []sentiment.Cue"},
		{"sentiment.Cue", reflect.TypeFor[sentiment.Cue](), "Text string, Weight float64, Start int, End int"},
		{"stance.Result", reflect.TypeFor[stance.Result](), "Target string, Label stance.Label, Score float64, Latent float64, Cues []sentiment.Cue, Quoted bool, Speaker string, Mentions int, Scored int"},
		{"stance.ArticleResult", reflect.TypeFor[stance.ArticleResult](), "Target string, Label stance.Label, Score float64, Latent float64, Headline bool, Mentions int, Paragraphs int, Quoted int"},
		{"quotes.Summary", reflect.TypeFor[quotes.Summary](), "Articles int, Bytes int, Chars int, QuotedBytes int, QuotedChars int, Quotes int, Attributed int, Speakers map[string]int"},
		{"entities.Tally", reflect.TypeFor[entities.Tally](), "Mentions int, Articles int, Person int, Aliases map[string]int"},
		{"pipeline.Mean", reflect.TypeFor[Mean](), "Sum float64, N int"},
		{"pipeline.QuoteSpan", reflect.TypeFor[QuoteSpan](), "Start int, End int, Speaker string"},
		{"pipeline.Paragraph", reflect.TypeFor[Paragraph](), "Text string, Sentiment sentiment.Result, Stance []stance.Result, Quotes []article.QuoteSpan, Words int, Chars int, QuotedChars int, Seq terms.Seq, Signature wire.Signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fields []string
			for i := range tt.typ.NumField() {
				f := tt.typ.Field(i)
				fields = append(fields, f.Name+" "+f.Type.String())
			}
			if got := strings.Join(fields, ", "); got != tt.want {
				t.Errorf("%s fields = %s,\nwant %s\n(update the binary codec in codec.go and this test together)", tt.name, got, tt.want)
			}
		})
	}
}

// sampleArticles analyses the bundled sample corpus.
func sampleArticles(t *testing.T) []*Article {
	t.Helper()
	model, err := sentiment.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(data.FS, "lists/stopwords.txt")
	if err != nil {
		t.Fatal(err)
	}
	stop, err := text.ParseStopwords(b)
	if err != nil {
		t.Fatal(err)
	}
	an, err := NewAnalyzer(Config{Sentiment: model, Stopwords: stop, Wire: wire.DefaultParams()})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../data/sample/basil-dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := corpus.NewJSONLReader(corpus.Origin{Path: "basil-dev.jsonl"}, f, nil)
	var out []*Article
	for len(out) < 40 {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, an.Analyze(&a))
	}
	if len(out) == 0 {
		t.Fatal("no sample articles")
	}
	return out
}

// encodeJSON returns a's stored form in the JSON format of earlier
// versions.
func encodeJSON(t *testing.T, a *Article) *Stored {
	t.Helper()
	st, err := Encode(a)
	if err != nil {
		t.Fatal(err)
	}
	res, err := json.Marshal(articleJSON{a.Sentiment, a.Label, a.Stance, a.Quotes, a.Entities})
	if err != nil {
		t.Fatal(err)
	}
	st.Result = res
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		pj, err := json.Marshal(paragraphJSON{p.Sentiment, p.Stance, p.Quotes, p.Words, p.Chars, p.QuotedChars})
		if err != nil {
			t.Fatal(err)
		}
		st.Paragraphs[i].Result = pj
	}
	return st
}

// TestCodecRoundTrip checks that an article decodes from the binary
// format exactly as it does from the JSON format it replaces, so that
// exports do not depend on which one the state holds.
func TestCodecRoundTrip(t *testing.T) {
	for _, a := range sampleArticles(t) {
		st, err := Encode(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(a.ID, a.Outlet, a.Source, a.Hash, st)
		if err != nil {
			t.Fatalf("Decode(binary %s): %v", a.ID, err)
		}
		want, err := Decode(a.ID, a.Outlet, a.Source, a.Hash, encodeJSON(t, a))
		if err != nil {
			t.Fatalf("Decode(JSON %s): %v", a.ID, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("article %s: binary round trip\n%+v\nwant (JSON round trip)\n%+v", a.ID, got, want)
		}
		again, err := Encode(got)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, st) {
			t.Errorf("article %s: Encode(Decode(Encode(a))) differs from Encode(a)", a.ID)
		}
	}
}

// TestCodecEdgeCases round-trips values that JSON treats specially: nil
// and empty maps, empty strings, negative offsets and extreme floats.
func TestCodecEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		a    Article
	}{
		{"empty", Article{ID: "e"}},
		{"nil and empty maps", Article{ID: "m", Quotes: quotes.Summary{Speakers: map[string]int{}},
			Entities: entities.Counter{"Ann Lee": {Mentions: 2, Articles: 1, Aliases: map[string]int{}}, "Bo": {Mentions: 1}}}},
		{"paragraph fields", Article{ID: "p", Label: sentiment.Neutral, Sentiment: Mean{Sum: -0.1 + 0.2, N: 3},
			Stance: []stance.ArticleResult{{Target: "T", Label: stance.Favor, Score: math.SmallestNonzeroFloat64, Latent: -math.MaxFloat64, Headline: true, Mentions: 4, Paragraphs: 2, Quoted: 1}},
			Paragraphs: []Paragraph{
				{Text: "a", Sentiment: sentiment.Result{Score: 1e-300, Label: "odd label", Cues: []sentiment.Cue{{Text: "", Weight: -0, Start: -1, End: 1 << 40}}},
					Stance: []stance.Result{{Target: "T", Label: stance.Against, Speaker: "Ann", Quoted: true, Mentions: 2, Scored: 1,
						Cues: []sentiment.Cue{{Text: "bad", Weight: -2.5, Start: 3, End: 6}}}},
					Quotes: []QuoteSpan{{Start: 0, End: 1}, {Start: 2, End: 5, Speaker: "Ann"}}, Words: 7, Chars: 30, QuotedChars: 12},
				{Text: ""},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.a
			st, err := Encode(&a)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(a.ID, a.Outlet, a.Source, a.Hash, st)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Decode(a.ID, a.Outlet, a.Source, a.Hash, encodeJSON(t, &a))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("binary round trip\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

// TestCodecCorrupt checks that damaged blobs are errors, never panics.
func TestCodecCorrupt(t *testing.T) {
	a := sampleArticles(t)[0]
	st, err := Encode(a)
	if err != nil {
		t.Fatal(err)
	}
	blobs := [][]byte{st.Result}
	for _, p := range st.Paragraphs {
		blobs = append(blobs, p.Result)
	}
	for i, b := range blobs {
		for cut := 0; cut < len(b); cut++ {
			var p Paragraph
			var x Article
			var err error
			if i == 0 {
				err = decodeArticle(b[:cut], &x)
			} else {
				err = decodeParagraph(b[:cut], &p)
			}
			if !errors.Is(err, errCodec) {
				t.Fatalf("blob %d cut at %d of %d: err %v, want errCodec", i, cut, len(b), err)
			}
		}
	}
}
