package stories

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"newsframe/analysis/text"
)

// The development corpora live in the shared folder beside the repository
// (tests may read files; the package may not).
const (
	basilPath     = "../../../shared/corpus/basil-dev/articles.jsonl"
	bbcPath       = "../../../shared/corpus/bbc/articles.jsonl"
	stopwordsPath = "../../data/lists/stopwords.txt"
)

type labelled struct {
	Doc
	event string
}

type rawArticle struct {
	ID        string  `json:"id"`
	Outlet    string  `json:"outlet"`
	Published *string `json:"published"`
	Title     string  `json:"title"`
	Text      string  `json:"text"`
	EventID   string  `json:"event_id"`
	Category  string  `json:"category"`
}

// loadCorpus reads a JSON-lines corpus into docs whose terms are the
// content words of title and body (folded, stopwords, numbers and single
// letters dropped, as terms.Extract does). It skips the caller if the file
// is absent.
func loadCorpus(tb testing.TB, path string) []labelled {
	tb.Helper()
	stopBytes, err := os.ReadFile(stopwordsPath)
	if err != nil {
		tb.Fatal(err)
	}
	stop, err := text.ParseStopwords(stopBytes)
	if err != nil {
		tb.Fatalf("%s: %v", stopwordsPath, err)
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("corpus %s not present", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []labelled
	for n := 1; sc.Scan(); n++ {
		var a rawArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatalf("%s:%d: %v", path, n, err)
		}
		d := Doc{ID: a.ID, Outlet: a.Outlet, Title: a.Title, Terms: termCounts(a.Title+"\n\n"+a.Text, stop)}
		if a.Published != nil && *a.Published != "" {
			t, err := time.Parse(time.DateOnly, *a.Published)
			if err != nil {
				tb.Fatalf("%s:%d: %v", path, n, err)
			}
			d.Published = t
		}
		out = append(out, labelled{Doc: d, event: a.EventID + a.Category})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func termCounts(s string, stop text.Stopwords) map[string]int {
	m := make(map[string]int)
	for _, t := range text.Words(s) {
		if t.Kind != text.Word || stop.Contains(t.Norm) || len([]rune(t.Norm)) < 2 {
			continue
		}
		m[strings.Clone(t.Norm)]++
	}
	return m
}

// evaluate clusters the docs and scores the result against their events.
func evaluate(docs []labelled, opt Options) (ari, p, r, f float64, n int) {
	plain := make([]Doc, len(docs))
	for i, d := range docs {
		plain[i] = d.Doc
	}
	stories := Cluster(plain, opt)
	of := Assignments(stories)
	truth := make([]string, len(docs))
	pred := make([]string, len(docs))
	for i, d := range docs {
		truth[i], pred[i] = d.event, of[d.ID]
	}
	ari = AdjustedRand(truth, pred)
	p, r, f = BCubed(truth, pred)
	return ari, p, r, f, len(stories)
}

// TestBasil scores the clustering of basil-dev against its event_id with
// the default options, with and without dates, and checks that the
// figures stay at the level documented in the package comment.
func TestBasil(t *testing.T) {
	docs := loadCorpus(t, basilPath)
	undated := make([]labelled, len(docs))
	copy(undated, docs)
	for i := range undated {
		undated[i].Published = time.Time{}
	}
	tests := []struct {
		name       string
		docs       []labelled
		opt        Options
		minARI     float64
		minF1      float64
		logDetails bool
	}{
		// Document frequencies over a bounded span of days (see
		// IDFMinDays) cost basil-dev, whose events lie months apart, a
		// little against frequencies over all the articles before: ARI
		// 0.969 where it was 0.983.
		{name: "dated, defaults", docs: docs, minARI: 0.96, minF1: 0.97, logDetails: true},
		{name: "undated, defaults", docs: undated, minARI: 0.9, minF1: 0.95, logDetails: true},
		{name: "dated, threshold 0.12", docs: docs, opt: Options{Threshold: 0.12}, minARI: 0.95, minF1: 0.95},
		{name: "undated, threshold 0.18", docs: undated, opt: Options{Threshold: 0.18}, minARI: 0.88, minF1: 0.93},
		{name: "dated, window 1 day", docs: docs, opt: Options{Window: 24 * time.Hour}, minARI: 0.9, minF1: 0.93},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ari, p, r, f, n := evaluate(tt.docs, tt.opt)
			t.Logf("%s: %d stories for 40 events: ARI %.3f, B-cubed precision %.3f recall %.3f F1 %.3f", tt.name, n, ari, p, r, f)
			if ari < tt.minARI || f < tt.minF1 {
				t.Errorf("ARI %.3f, F1 %.3f, want at least %.2f, %.2f", ari, f, tt.minARI, tt.minF1)
			}
		})
	}
}

// TestBasilSweep logs the threshold sweep quoted in the package comment.
func TestBasilSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("sweep")
	}
	docs := loadCorpus(t, basilPath)
	undated := make([]labelled, len(docs))
	copy(undated, docs)
	for i := range undated {
		undated[i].Published = time.Time{}
	}
	for _, th := range []float64{0.1, 0.12, 0.15, 0.18, 0.2, 0.25} {
		a1, _, _, f1, n1 := evaluate(docs, Options{Threshold: th})
		a2, _, _, f2, n2 := evaluate(undated, Options{Threshold: th})
		t.Logf("threshold %.2f: dated ARI %.3f F1 %.3f (%d stories); undated ARI %.3f F1 %.3f (%d stories)", th, a1, f1, n1, a2, f2, n2)
	}
}

func TestBasilOrderIndependent(t *testing.T) {
	docs := loadCorpus(t, basilPath)
	plain := make([]Doc, len(docs))
	for i, d := range docs {
		plain[i] = d.Doc
	}
	want := Cluster(plain, Options{})
	slices.Reverse(plain)
	if got := Cluster(plain, Options{}); !reflect.DeepEqual(got, want) {
		t.Error("reversed basil-dev gave different stories")
	}
}

// BenchmarkClusterBBC clusters the undated BBC corpus (2,225 articles), by
// similarity alone.
func BenchmarkClusterBBC(b *testing.B) {
	docs := loadCorpus(b, bbcPath)
	plain := make([]Doc, len(docs))
	for i, d := range docs {
		plain[i] = d.Doc
	}
	var stories []Story
	for b.Loop() {
		stories = Cluster(plain, Options{})
	}
	b.ReportMetric(float64(len(stories)), "stories")
}

// TestAddTermsMatchesAdd checks that AddTerms, which takes term lists,
// clusters exactly as Add with the counted map does.
func TestAddTermsMatchesAdd(t *testing.T) {
	docs := loadCorpus(t, basilPath)
	byMap := NewClusterer(Options{})
	byList := NewClusterer(Options{})
	for i, d := range docs {
		var list []string
		for term, n := range d.Terms {
			for range n {
				list = append(list, term)
			}
		}
		// Split the list in two, as paragraphs and title would be.
		half := len(list) / 2
		byMap.Add(d.Doc)
		if i%3 == 0 {
			// Mixing the two methods must work too.
			byList.Add(d.Doc)
			continue
		}
		byList.AddTerms(Doc{ID: d.ID, Outlet: d.Outlet, Published: d.Published, Title: d.Title}, list[:half], list[half:])
	}
	got, want := byList.Stories(), byMap.Stories()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AddTerms gave %d stories, Add %d; they differ", len(got), len(want))
	}
}
