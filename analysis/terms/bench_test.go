package terms_test

import (
	"strings"
	"testing"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
)

// bbcParagraphs returns the paragraphs of the BBC corpus (10.5k).
func bbcParagraphs(b *testing.B) []string {
	var out []string
	for _, a := range readCorpus(b, bbcPath) {
		out = append(out, paragraphs(a.Text)...)
	}
	return out
}

// perParagraph reports wall and CPU nanoseconds per paragraph; call it
// as defer perParagraph(b, n)() after setup. CPU time (the process's, GC
// included) is the steadier figure on a machine shared with other jobs.
func perParagraph(b *testing.B, n int) func() {
	b.ResetTimer()
	cpu0 := cpuTime()
	return func() {
		ops := float64(b.N) * float64(n)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/ops, "ns/paragraph")
		if cpu := cpuTime() - cpu0; cpu > 0 {
			b.ReportMetric(float64(cpu.Nanoseconds())/ops, "cpu-ns/paragraph")
		}
	}
}

// BenchmarkExtract measures tokenizing and extracting content terms (one
// op = the whole BBC corpus).
func BenchmarkExtract(b *testing.B) {
	paras := bbcParagraphs(b)
	ex := terms.NewExtractor(stopwords(b))
	var size int64
	for _, p := range paras {
		size += int64(len(p))
	}
	b.SetBytes(size)
	defer perParagraph(b, len(paras))()
	for b.Loop() {
		for _, p := range paras {
			ex.Extract(p)
		}
	}
}

// BenchmarkExtractAppendSeq is BenchmarkExtract reusing one token buffer
// and one Seq: the allocation-free path.
func BenchmarkExtractAppendSeq(b *testing.B) {
	paras := bbcParagraphs(b)
	stop := stopwords(b)
	var toks []text.Token
	var s terms.Seq
	defer perParagraph(b, len(paras))()
	for b.Loop() {
		for _, p := range paras {
			toks = text.AppendWords(toks[:0], p)
			s = terms.AppendSeq(s, p, toks, stop)
		}
	}
}

func bbcSeqs(b *testing.B) []terms.Seq {
	paras := bbcParagraphs(b)
	ex := terms.NewExtractor(stopwords(b))
	seqs := make([]terms.Seq, len(paras))
	for i, p := range paras {
		seqs[i] = ex.Extract(strings.Clone(p))
	}
	return seqs
}

// BenchmarkCount measures counting extracted sequences into Counts.
func BenchmarkCount(b *testing.B) {
	seqs := bbcSeqs(b)
	defer perParagraph(b, len(seqs))()
	for b.Loop() {
		c := terms.NewCounts()
		for _, s := range seqs {
			c.Add(s)
		}
	}
}

// BenchmarkSeqBinary measures encoding and decoding the stored form, the
// decoding with and without an Interner.
func BenchmarkSeqBinary(b *testing.B) {
	seqs := bbcSeqs(b)
	for _, interned := range []bool{false, true} {
		b.Run(map[bool]string{false: "plain", true: "interned"}[interned], func(b *testing.B) {
			var buf []byte
			var total int
			in := terms.NewInterner()
			defer perParagraph(b, len(seqs))()
			defer func() { b.ReportMetric(float64(total)/float64(len(seqs)), "bytes/paragraph") }()
			for b.Loop() {
				total = 0
				for _, s := range seqs {
					buf, _ = s.AppendBinary(buf[:0])
					total += len(buf)
					var d terms.Seq
					var err error
					if interned {
						err = d.UnmarshalInterned(buf, in)
					} else {
						err = d.UnmarshalBinary(buf)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

func benchCooccur(b *testing.B, window int) {
	seqs := bbcSeqs(b)
	tot := terms.NewCounts()
	for _, s := range seqs {
		tot.Add(s)
	}
	vocab := terms.TermsOf(terms.Top(tot, terms.Phrases(tot, terms.PhraseOptions{}), 200))
	defer perParagraph(b, len(seqs))()
	for b.Loop() {
		co, err := terms.NewCooccur(vocab, window)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range seqs {
			co.Add(s)
		}
		co.NPMI()
	}
}

// BenchmarkCooccurParagraph: top 200 terms, paragraph co-occurrence and
// NPMI over the BBC corpus (one op = the corpus).
func BenchmarkCooccurParagraph(b *testing.B) { benchCooccur(b, 0) }

// BenchmarkCooccurWindow10: the same with windows of 10 positions.
func BenchmarkCooccurWindow10(b *testing.B) { benchCooccur(b, 10) }

// BenchmarkCountsBinary measures serialising the BBC corpus's total
// counts, the largest partial a state could hold.
func BenchmarkCountsBinary(b *testing.B) {
	seqs := bbcSeqs(b)
	tot := terms.NewCounts()
	for _, s := range seqs {
		tot.Add(s)
	}
	var n int
	b.ResetTimer()
	for b.Loop() {
		enc, _ := tot.MarshalBinary()
		n = len(enc)
		var d terms.Counts
		if err := d.UnmarshalBinary(enc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "bytes")
}

// BenchmarkCountsMerge measures merging per-article counts into a total
// (one op = the BBC corpus: 2,225 articles) and cloning the total.
func BenchmarkCountsMerge(b *testing.B) {
	var arts []*terms.Counts
	for _, a := range readCorpus(b, bbcPath) {
		c := terms.NewCounts()
		for _, p := range paragraphs(a.Text) {
			c.Add(terms.Extract(p, text.Words(p), stopwords(b)))
		}
		arts = append(arts, c)
	}
	b.Run("articles", func(b *testing.B) {
		for b.Loop() {
			tot := terms.NewCounts()
			for _, c := range arts {
				tot.Merge(c)
			}
		}
	})
	tot := terms.NewCounts()
	for _, c := range arts {
		tot.Merge(c)
	}
	b.Run("clone", func(b *testing.B) {
		for b.Loop() {
			tot.Clone()
		}
	})
	b.Run("phrases+top", func(b *testing.B) {
		for b.Loop() {
			terms.Top(tot, terms.Phrases(tot, terms.PhraseOptions{}), 200)
		}
	})
}
