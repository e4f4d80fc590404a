package main

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.DoFn4x1[context.Context, []byte, func([]byte), func([]byte), error](&listFn{})
	register.DoFn4x1[context.Context, []byte, func([]byte), func([]byte), error](&readFn{})
	register.DoFn3x1[context.Context, []byte, func(string, []byte), error](&analyzeFn{})
	register.DoFn7x1[context.Context, string, func(*[]byte) bool, func(string, []byte), func(string, []byte), func([]byte), func([]byte), error](&dedupeFn{})
	register.DoFn5x1[context.Context, int, func(*string) bool, func(string) func(*[]byte) bool, func(string, []byte), error](&sweepFn{})
	register.DoFn6x1[context.Context, string, func(*[]byte) bool, func(*[]byte) bool, func(string, []byte), func(string, []byte), error](&joinFn{})
	register.DoFn4x1[context.Context, string, func(*[]byte) bool, func(string, []byte), error](&wireFn{})
	register.DoFn5x1[context.Context, string, func(*[]byte) bool, func(*[]byte) bool, func([]byte), error](&chunkFn{})
	register.DoFn4x1[context.Context, []byte, []byte, func(string, []byte), error](&summarizeFn{})
	register.DoFn1x2[[]byte, []byte, error](&candidatesFn{})
	register.DoFn4x1[context.Context, int, func(*[]byte) bool, []byte, error](&writeSummariesFn{})
	register.DoFn3x1[context.Context, int, func(*[]byte) bool, error](&writeProblemsFn{})
	register.Function2x2(mergeSummaries)
	register.Function2x2(mergeCounts)
	register.Function2x1(pairKV)
	register.Function2x2(dayCount)
	register.Function2x1(sumCounts)
	register.Function2x1(firstKey)
	register.Emitter1[[]byte]()
	register.Emitter2[string, []byte]()
	register.Iter1[[]byte]()
	register.Iter1[string]()
}

// build adds the pipeline's stages to s.
//
//	Impulse → list files → Reshuffle → read (batches of articles) → Reshuffle
//	→ analyse (the map step) → GroupByKey(id): first copy kept, corpus totals
//	→ story pass (one DoFn, days in order through a multimap side input)
//	→ CoGroupByKey(id) with the decisions → wire windows (per day ±3, per undated chunk)
//	→ CoGroupByKey(chunk) with the marks → Parquet files, index files → summaries per bundle
//	→ CombinePerKey(summary name, Merge) → one group → summaries.bin, days.bin
func build(s beam.Scope, cfg Config) {
	files, listProblems := beam.ParDo2(s.Scope("list"), &listFn{Cfg: cfg}, beam.Impulse(s))
	batches, readProblems := beam.ParDo2(s.Scope("read"), &readFn{Cfg: cfg}, beam.Reshuffle(s, files))
	analysed := beam.ParDo(s.Scope("analyse"), &analyzeFn{Cfg: cfg}, beam.Reshuffle(s, batches))

	docs, light, totalsParts, dupProblems := beam.ParDo4(s.Scope("dedupe"), &dedupeFn{Cfg: cfg},
		beam.GroupByKey(s, analysed))
	totals := beam.Combine(s.Scope("totals"), mergeCounts, totalsParts)
	cands := beam.ParDo(s.Scope("candidates"), &candidatesFn{Cfg: cfg}, totals)

	// The story pass: its one element is the list of days.
	days := beam.ParDo(s, firstKey, beam.CombinePerKey(s, sumCounts, beam.ParDo(s, dayCount, light)))
	decisions := beam.ParDo(s.Scope("stories"), &sweepFn{Cfg: cfg}, beam.GroupByKey(s, beam.AddFixedKey(s, days)),
		beam.SideInput{Input: light})

	byChunk, wireEntries := beam.ParDo2(s.Scope("join"), &joinFn{Cfg: cfg}, beam.CoGroupByKey(s, docs, decisions))
	marked := beam.ParDo(s.Scope("wire"), &wireFn{Cfg: cfg}, beam.GroupByKey(s, wireEntries))
	finished := beam.ParDo(s.Scope("chunks"), &chunkFn{Cfg: cfg}, beam.CoGroupByKey(s, byChunk, marked))
	summaries := beam.ParDo(s.Scope("summaries"), &summarizeFn{Cfg: cfg}, finished, beam.SideInput{Input: cands})

	combined := beam.ParDo(s, pairKV, beam.CombinePerKey(s.Scope("combine"), mergeSummaries, summaries))
	beam.ParDo0(s.Scope("write summaries"), &writeSummariesFn{Cfg: cfg}, beam.GroupByKey(s, beam.AddFixedKey(s, combined)),
		beam.SideInput{Input: totals})
	problems := beam.Flatten(s, listProblems, readProblems, dupProblems)
	beam.ParDo0(s.Scope("write problems"), &writeProblemsFn{Cfg: cfg}, beam.GroupByKey(s, beam.AddFixedKey(s, problems)))
}

// dayCount counts one article of its day.
func dayCount(day string, _ []byte) (string, int) { return day, 1 }

func sumCounts(a, b int) int { return a + b }

func firstKey(k string, _ int) string { return k }
