// Package article is newsframe's map step: [Analyzer.Analyze] turns one
// parsed article (corpus.Article) into its [Result] — every paragraph's
// sentiment, stance toward the targets it mentions, quotations and
// speakers, content terms and wire-copy signature — and [Rows] turns a
// result into the rows the result store keeps and exports
// ([ArticleRow], [ParagraphRow]).
//
// The map step is pure: it reads only its article and the models it was
// configured with, so articles can be analysed in any order, on any number
// of workers or machines, and give the same rows. What depends on other
// articles — the story an article belongs to, whether a paragraph is wire
// copy shared with another outlet — is decided later, within windows of
// publication time, and passed to [Rows] as a [Placement].
//
// # Offsets
//
// Every offset in a row (cue and quotation spans) counts Unicode code
// points from the start of the paragraph, end exclusive, as Python, R and
// DuckDB index strings: text[start:end] in Python is the cue's text. The
// in-memory [Result] keeps Go's byte offsets.
//
// # Indexes
//
// Paragraph indexes (ParagraphRow.Paragraph) count from 0 in the article's
// reading order, as do topic numbers in the exports and on the pages.
package article
