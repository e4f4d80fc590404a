package corpus_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"newsframe/analysis/corpus"
)

func ExampleParseText() {
	page := "Home\nWorld\n\nMexico Rejects Intervention Amid Threats\n\nBy Jane Doe, Reuters\n" +
		"Published 12 January 2026\n\nThe government said no to foreign troops\u00a0.\n\nAdvertisement\n\nMore later.\n"
	bp, _ := corpus.ParseBoilerplate(strings.NewReader("Advertisement\n"))
	a, err := corpus.ParseText(corpus.Origin{Path: "reuters/a.txt"}, strings.NewReader(page), &corpus.Options{Boilerplate: bp})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.ID, "|", a.Outlet, "|", a.Title, "|", a.Author, "|", a.Day())
	for _, p := range a.Paragraphs {
		fmt.Println(p)
	}
	// Output:
	// reuters/reuters/a | reuters | Mexico Rejects Intervention Amid Threats | Jane Doe | 2026-01-12
	// The government said no to foreign troops.
	// More later.
}

func ExampleJSONLReader() {
	in := `{"id":"a1","outlet":"nyt","published":"2010-07-02","title":"T","text":"One.\n\nTwo ."}
{"id":"a2","text":
{"outlet":"fox","text":"Three."}
`
	r := corpus.NewJSONLReader(corpus.Origin{Path: "news.jsonl"}, strings.NewReader(in), nil)
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println("skipped:", err, "kind:", corpus.KindOf(err))
			continue
		}
		fmt.Println(a.ID, a.Outlet, a.Day(), a.Paragraphs)
	}
	// Output:
	// a1 nyt 2010-07-02 [One. Two.]
	// skipped: news.jsonl:2: malformed JSON: unexpected end of JSON input kind: json
	// fox/news:3 fox  [Three.]
}

func ExampleCSVReader() {
	in := "headline,body,date\nMexico rejects intervention,\"One.\n\nTwo.\",2024-03-05\n"
	cols, _ := corpus.ParseColumns("text=body,title=headline,published=date")
	r, err := corpus.NewCSVReader(corpus.Origin{Path: "guardian.csv"}, strings.NewReader(in), &corpus.Options{Columns: cols})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := r.Next()
	fmt.Println(a.ID, a.Title, a.Day(), a.Paragraphs, err)
	// Output:
	// guardian/guardian:2 Mexico rejects intervention 2024-03-05 [One. Two.] <nil>
}

func ExampleDecode() {
	// Latin-1 text (no valid UTF-8 in it) is converted, with a warning.
	text, warning, err := corpus.Decode("a.txt", []byte("caf\xe9\r\n"))
	fmt.Printf("%q | %v | %v\n", text, warning, err)
	// UTF-8 with a damaged byte keeps its UTF-8; the bad byte is replaced.
	text, warning, _ = corpus.Decode("b.txt", []byte("Nicol\xc3\xa1s\n\xff"))
	fmt.Printf("%+q | %v | %s\n", text, warning, corpus.KindOf(warning))
	// Output:
	// "café\n" | a.txt:1: not UTF-8: converted from Windows-1252 | <nil>
	// "Nicol\u00e1s\n\ufffd" | b.txt:2: invalid UTF-8: 1 runs of bad bytes replaced with U+FFFD | charset
}

func ExampleCleanText() {
	fmt.Println(corpus.CleanText("captured  Nicolás Maduro\u00a0. Officials ,  however"))
	// Output: captured Nicolás Maduro. Officials, however
}

func ExampleParagraphs() {
	fmt.Printf("%q\n", corpus.Paragraphs("First line\nsame paragraph.\n\n\nSecond .\n", nil))
	// Output: ["First line same paragraph." "Second."]
}

func ExampleParseBoilerplate() {
	bp, _ := corpus.ParseBoilerplate(strings.NewReader("# furniture\nSCROLL FOR NEXT\nRead more:*\n"))
	fmt.Println(bp.Match("Scroll for next"), bp.Match("Read more: other story"), bp.Match("Read more carefully"))
	// Output: true true false
}

func ExampleParseDate() {
	for _, s := range []string{"2010-07-02", "Tue, 05 Mar 2024 10:02:00 GMT", "Mar. 5, 2024 3:04 p.m. ET", "03/05/2024"} {
		t, err := corpus.ParseDate(s)
		fmt.Println(t.Format("2006-01-02 15:04"), err != nil)
	}
	// Output:
	// 2010-07-02 00:00 false
	// 2024-03-05 10:02 false
	// 2024-03-05 15:04 false
	// 0001-01-01 00:00 true
}

func ExampleParseColumns() {
	cols, err := corpus.ParseColumns("text=body,title=headline")
	fmt.Println(cols["text"], cols["title"], err)
	// Output: body headline <nil>
}

func ExampleDefaultOutlet() {
	fmt.Println(corpus.DefaultOutlet("nyt/2024/a.txt"), corpus.DefaultOutlet("bbc.jsonl.gz"), corpus.DefaultOutlet("a.txt"))
	// Output: nyt bbc unknown
}

func ExampleScrapedHeader() {
	lines := strings.Split("Dugan Meyer\nThe United States\n\nMexico Rejects U.S. Military Intervention\n\nJummah\n\nThe United States is intensifying demands.", "\n")
	h, body := corpus.ScrapedHeader(lines, nil, false)
	fmt.Printf("%q %q body at line %d\n", h.Title, h.Author, body+1)
	// Output: "Mexico Rejects U.S. Military Intervention" "Dugan Meyer" body at line 8
}

func ExampleNewJSONReader() {
	in := "[\n" +
		`{"id": "a1", "outlet": "nyt", "published": "2024-03-05", "text": "First.\n\nSecond."},` + "\n" +
		`{"text": "No id, so one from the path and line."}` + "\n]"
	r := corpus.NewJSONReader(corpus.Origin{Path: "wire/items.json"}, strings.NewReader(in), nil)
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		fmt.Println(a.ID, a.Outlet, a.Day(), a.Source, len(a.Paragraphs), err)
	}
	// Output:
	// a1 nyt 2024-03-05 wire/items.json:2 2 <nil>
	// wire/wire/items:3 wire  wire/items.json:3 1 <nil>
}

func ExampleToUTF8() {
	for _, in := range []string{"caf\xe9 d\xe9j\xe0 vu", "Nicol\xc3\xa1s \xff\xfe said"} {
		out, warning := corpus.ToUTF8([]byte(in), false)
		fmt.Printf("%s | %v\n", out, warning)
	}
	// Output:
	// café déjà vu | not UTF-8: converted from Windows-1252
	// Nicolás � said | invalid UTF-8: 1 runs of bad bytes replaced with U+FFFD
}
