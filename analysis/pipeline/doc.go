// Package pipeline is newsframe's per-article analysis and corpus
// aggregation: [Analyzer.Analyze] turns one article into its [Article]
// result (tokenising once and sharing the tokens among entities, quotes,
// sentiment, stance, content terms and the wire-copy signature), the state
// keeps that result ([Article.Encode], [Decode]), and [Aggregate] reads the
// stored results back from a [Source] into the corpus-level [Overview] the
// reports show.
//
// # Stored form
//
// Metadata is a JSON object (it carries the input's own fields); the
// results are binary (codec.go documents the layout): encoding/json took
// most of the time of storing and reading results back. Decode still reads
// the JSON results of earlier versions. A [Decoder] shares one string per
// distinct term among the sequences it decodes.
//
// # Aggregation
//
// A rebuild (no stored aggregates, or other options) reads the Source in
// passes that each fill only the paragraph fields they need ([Fields]):
// the scores and terms of every article (records, co-occurrence, labels,
// entities, story terms; the outlets' term counts are the sums of the
// per-(outlet, day) partials of [Options.Partials] when the caller keeps
// them, as the state does); then, once the stories are placed and their
// terms let go, the signatures (wire copy); then the terms of the
// paragraphs that turned out to be wire copy, for the outlets' shared
// counts. Neither reads the text; the articles given pages are read last,
// in full. An incremental run reads the records and only the pending
// articles' paragraphs (and the few others a change touches).
//
// What a rebuild holds at once grows with the corpus (a record per
// article, the story terms, the signatures): the passes are ordered so
// that the story terms and the signatures are never held together, the
// records keep their entities encoded, and [Update.EachRecord] encodes
// the records one at a time as they are stored.
//
// # Measured
//
// BBC replicated to 100 MB (40,050 articles, 189,846 paragraphs; the
// benchmark of cmd/benchrun, `make bench`) on the shared 2-core machine:
// a full run of newsframe took 219 s with 1.9 GB of peak resident memory
// before the changes described here, 55 s with 476 MB after; of that, the
// aggregation went from 87 s to 16 s and the exports from 22 s to 5 s.
// Analysis is now most of a full run, and sentiment and stance scoring more
// than half of Analyze's 180 µs per BBC paragraph (CPU profile of
// BenchmarkAnalyze).
//
// The incremental aggregation (records, placements, state schema v3) took
// the full run to 111.5 s and 959 MB; with the memory changes above it
// takes 92 s and 697 MB (aggregation 59 s), the incremental +1% run 23 s.
// The aggregation's heap (450-500 MB live at its peak) is still above the
// 384 MB soft limit of cmd/newsframe, so the collector runs almost without
// pause: with GOMEMLIMIT=2GiB the aggregation took about 42 s (and the
// run 1.2 GB).
package pipeline
