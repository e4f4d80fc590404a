package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"syscall"
	"time"

	"newsframe/analysis/article"
	"newsframe/analysis/corpus"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
	"newsframe/analysis/wire"
	"newsframe/data"
)

// scoring measures, on one goroutine locked to its thread, the ns per
// paragraph of (1) the sentiment scoring path (tokenise, split sentences,
// sentiment.Model.Paragraph) and (2) the whole per-article analysis
// (article.Analyzer.Analyze: entities, quotes, sentiment, stance toward
// automatic targets, terms, MinHash), over the source articles as the
// JSON-lines parser reads them. It prints wall and thread-CPU time: on a
// shared machine the CPU figure is the steadier one, which it returns
// with the number of paragraphs.
func scoring(src []sourceArticle) (paragraphs int, cpuNs [2]float64, err error) {
	model, err := sentiment.Load(data.FS)
	if err != nil {
		return 0, cpuNs, fmt.Errorf("scoring: %w", err)
	}
	sw, err := fs.ReadFile(data.FS, "lists/stopwords.txt")
	if err != nil {
		return 0, cpuNs, fmt.Errorf("scoring: %w", err)
	}
	stop, err := text.ParseStopwords(sw)
	if err != nil {
		return 0, cpuNs, fmt.Errorf("scoring: %w", err)
	}
	an, err := article.NewAnalyzer(article.Config{Sentiment: model, Stopwords: stop, Wire: wire.DefaultParams()})
	if err != nil {
		return 0, cpuNs, fmt.Errorf("scoring: %w", err)
	}
	arts, err := parseArticles(src)
	if err != nil {
		return 0, cpuNs, err
	}
	for _, a := range arts {
		paragraphs += len(a.Paragraphs)
	}

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	runtime.GC()

	wall, cpu := measure(func() {
		for _, a := range arts {
			for _, p := range a.Paragraphs {
				model.Paragraph(p, text.Words(p), text.Sentences(p))
			}
		}
	})
	cpuNs[0] = float64(cpu.Nanoseconds()) / float64(paragraphs)
	fmt.Printf("scoring path (words + sentences + sentiment.Model.Paragraph), %d paragraphs: %.0f ns/paragraph wall, %.0f ns/paragraph CPU\n",
		paragraphs, float64(wall.Nanoseconds())/float64(paragraphs), cpuNs[0])
	wall, cpu = measure(func() {
		for i := range arts {
			an.Analyze(&arts[i])
		}
	})
	cpuNs[1] = float64(cpu.Nanoseconds()) / float64(paragraphs)
	fmt.Printf("whole analysis (article.Analyzer.Analyze), %d paragraphs: %.0f ns/paragraph wall, %.0f ns/paragraph CPU\n",
		paragraphs, float64(wall.Nanoseconds())/float64(paragraphs), cpuNs[1])
	return paragraphs, cpuNs, nil
}

// parseArticles turns the source rows into articles with the corpus
// package's JSON-lines parser, as newsframe reads them.
func parseArticles(src []sourceArticle) ([]corpus.Article, error) {
	pr, pw := io.Pipe()
	go func() {
		_, err := newReplicator(src, 1).writeCopy(pw, 0, "s", nil)
		pw.CloseWithError(err)
	}()
	r := corpus.NewJSONLReader(corpus.Origin{Path: "bench.jsonl"}, pr, nil)
	var out []corpus.Article
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *corpus.ParseError
			if errors.As(err, &pe) {
				continue
			}
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// measure returns the wall time and the calling thread's CPU time of fn.
func measure(fn func()) (wall, cpu time.Duration) {
	c0 := threadCPU()
	t0 := time.Now()
	fn()
	return time.Since(t0), threadCPU() - c0
}

// threadCPU is the calling thread's user + system time (RUSAGE_THREAD).
func threadCPU() time.Duration {
	const rusageThread = 1
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun: getrusage:", err)
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
