package sentiment_test

import (
	"os"
	"syscall"
	"testing"
	"time"

	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
)

// cpuTime returns the CPU time the process has used (user + system). The
// benchmarks report sentences per CPU second besides wall-clock speed: on
// a shared machine the first is the per-core throughput.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func report(b *testing.B, sentences int, cpu0 time.Duration) {
	n := float64(sentences) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(n/(cpuTime(b)-cpu0).Seconds(), "sentences/cpu-s")
}

// BenchmarkScore measures the whole scoring path on real news paragraphs:
// sentence splitting, tokenising and scoring (one core).
func BenchmarkScore(b *testing.B) {
	m := model(b)
	paras := sampleParagraphs(b)
	sentences, size := 0, 0
	for _, p := range paras {
		sentences += len(text.Sentences(p))
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for range b.N {
		for _, p := range paras {
			m.Score(p)
		}
	}
	report(b, sentences, cpu0)
}

// BenchmarkScoreTokenized measures scoring alone, as the pipeline calls it
// with tokens and sentences it already has.
func BenchmarkScoreTokenized(b *testing.B) {
	m := model(b)
	paras := sampleParagraphs(b)
	toks := make([][]text.Token, len(paras))
	sents := make([][]text.Span, len(paras))
	sentences, size := 0, 0
	for i, p := range paras {
		toks[i], sents[i] = text.Words(p), text.Sentences(p)
		sentences += len(sents[i])
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for range b.N {
		for i, p := range paras {
			m.Paragraph(p, toks[i], sents[i])
		}
	}
	report(b, sentences, cpu0)
}

// BenchmarkTargetProbs measures the target model on one mention per
// sentence (the first word token of each sentence), with cues, as package
// stance calls it.
func BenchmarkTargetProbs(b *testing.B) {
	m := model(b)
	paras := sampleParagraphs(b)
	type job struct {
		p        string
		toks     []text.Token
		lo, hi   int
		tlo, thi int
	}
	var jobs []job
	for _, p := range paras {
		toks := text.Words(p)
		for _, sp := range text.Sentences(p) {
			lo, hi := sentiment.TokenRange(toks, sp)
			if hi > lo {
				jobs = append(jobs, job{p, toks, lo, hi, lo, lo + 1})
			}
		}
	}
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for range b.N {
		for _, j := range jobs {
			m.TargetProbs(j.p, j.toks, j.lo, j.hi, j.tlo, j.thi)
		}
	}
	report(b, len(jobs), cpu0)
}

// BenchmarkTargetScore measures the learned target model alone (dense and
// hashed features, no cues) on one mention per sentence of real news
// paragraphs, the text prepared once per paragraph as the pipeline does
// it, and reports targets per CPU second (one core).
func BenchmarkTargetScore(b *testing.B) {
	m := model(b)
	paras := sampleParagraphs(b)
	toks := make([][]text.Token, len(paras))
	sents := make([][]text.Span, len(paras))
	targets := 0
	for i, p := range paras {
		toks[i], sents[i] = text.Words(p), text.Sentences(p)
		for _, sp := range sents[i] {
			if lo, hi := sentiment.TokenRange(toks[i], sp); hi > lo {
				targets++
			}
		}
	}
	var pp *sentiment.Prepared
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for range b.N {
		for i, p := range paras {
			pp = m.Prepare(pp, p, toks[i], sents[i])
			for _, sp := range sents[i] {
				if lo, hi := sentiment.TokenRange(toks[i], sp); hi > lo {
					pp.TargetScore(lo, hi, lo, lo+1)
				}
			}
		}
	}
	n := float64(targets) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "targets/s")
	b.ReportMetric(n/(cpuTime(b)-cpu0).Seconds(), "targets/cpu-s")
}

// BenchmarkLoad measures restoring the default model (lexicons, naive
// Bayes table, weights), which every run pays once.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := sentiment.Load(os.DirFS("../../data")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepared measures scoring as the pipeline does it: one
// Prepared reused for every paragraph, its sentiment and the target model
// on the first word of each sentence.
func BenchmarkPrepared(b *testing.B) {
	m := model(b)
	paras := sampleParagraphs(b)
	toks := make([][]text.Token, len(paras))
	sents := make([][]text.Span, len(paras))
	sentences := 0
	for i, p := range paras {
		toks[i], sents[i] = text.Words(p), text.Sentences(p)
		sentences += len(sents[i])
	}
	var pp *sentiment.Prepared
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for range b.N {
		for i, p := range paras {
			pp = m.Prepare(pp, p, toks[i], sents[i])
			pp.Paragraph()
			for _, sp := range sents[i] {
				if lo, hi := sentiment.TokenRange(toks[i], sp); hi > lo {
					pp.TargetProbs(lo, hi, lo, lo+1)
				}
			}
		}
	}
	report(b, sentences, cpu0)
}
