// Package terms counts the content words and phrases of news paragraphs and
// derives what the reports show from the counts: frequent terms, phrases,
// co-occurrence and NPMI, distinctive terms per outlet, and preferences
// between competing labels. It does no I/O: word lists come in as
// arguments.
//
// # Flow
//
// Per paragraph, [Extract] (or an [Extractor]) turns tokens into a [Seq],
// the paragraph's content-term sequence: folded words without stopwords,
// numbers or single letters, with positions that mark adjacency and
// sentence or punctuation breaks. The Seq is what the pipeline stores per
// paragraph ([Seq.MarshalBinary]).
//
// Seqs are counted into [Counts] — unigram TF and DF (DF = paragraphs
// containing the term), adjacent-pair TF and DF, token and paragraph
// totals — kept as [Partials] keyed by (outlet, day). Counts merge by
// addition and come apart by subtraction, and serialise deterministically,
// so shards, incremental runs and a changed article's removal all reduce
// to arithmetic on stored blobs.
//
// From the merged counts: [Phrases] picks two-word collocations by
// Dunning's G²; [Top] the K most frequent words and phrases; a [Cooccur]
// re-counts the stored Seqs over that vocabulary (per paragraph, or per
// sliding window) into a gonum SymDense, from which [NPMI] follows;
// [Distinctive] compares outlets with Monroe et al.'s log-odds ratio with
// an informative Dirichlet prior; [Preferences] counts competing labels
// ([ParseLabelPairs]) per outlet and period.
//
// # Determinism
//
// Every function that returns a list sorts it, ties broken by term, and
// every float is computed from integer counts in a fixed order, so the same
// counts give byte-identical output however they were built (one run,
// shards, incremental runs).
//
// # Memory
//
// Counts and co-occurrence grow with the vocabulary (distinct words and
// pairs; K×K for co-occurrence), not with the number of paragraphs: map
// keys are copied out of the paragraph text.
package terms
