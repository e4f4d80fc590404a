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
// Two passes over the Source, which fills only the paragraph fields each
// needs ([Fields]): the first reads the term sequences and signatures
// (story documents, wire copy, entities), the second the scores and terms
// (co-occurrence, sentiment and stance per outlet, story and time bucket,
// topic shares). Neither reads the text; the articles given pages are read
// last, in full. The term counts per (outlet, day) come with the options
// when the caller keeps them ([Options.Partials], as the state does), and
// the per-outlet counts of compared paragraphs are the outlet's counts less
// its wire copy, so no pass counts the corpus again.
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
package pipeline
