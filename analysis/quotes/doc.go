// Package quotes finds direct quotations in news articles, who is quoted,
// and reported speech without quotation marks, so that sentiment and stance
// can be split into quoted voices and the outlet's own voice.
//
// # Quotations
//
// [Find] scans an article's paragraphs once for quotation marks: curly (“ ”)
// and straight (") double marks, single marks (‘ ’ ') only when they clearly
// quote (never "Trump’s" or "’90s"), nested marks, and quotations that run
// over paragraph breaks by news convention (an opening mark at the start of
// each continued paragraph, no closing mark until the end). Each [Quote]
// has its paragraph range, byte offsets per paragraph and text.
//
// # Speakers
//
// [Analyze] adds speech-verb attributions ([Attribution]): "X said",
// "said X", "according to X", titles ("Mr. Steele said", "President Claudia
// Sheinbaum stated"), appositives ("Lis Smith, a spokeswoman for the
// campaign, said"), participles ("..., saying"), descriptions ("officials",
// "one social media commenter") and pronouns (he, she, they) resolved to the
// last named person outside quotations; a name that a role introduces
// after the verb is the speaker, not the role ("said the legislator,
// Representative Carl Seel", "said White House press secretary Sean
// Spicer"). Names are canonical within the article ("Mr. Steele" →
// "Michael Steele"), using the mentions of package
// [newsframe/analysis/entities]; across articles [FoldSpeakers] folds a
// surname quoted alone into the full name ("Obama" → "Barack Obama"). An attribution that is not just the frame
// of an adjacent quotation reports speech itself ("Officials have pointed
// to their own security results") and covers those words.
//
// The method is rule-based, in the tradition of quotation attribution
// systems for news such as Pouliquen et al., "Automatic detection of
// quotations in multilingual news", RANLP 2007, and Pareti, "Attribution: A
// computational approach", PhD thesis, University of Edinburgh, 2015:
// quotation marks, a closed list of
// speech verbs, and the nearest attribution in the sentence, with news
// conventions for paragraphs that are only a quotation.
//
// # Queries and counts
//
// [Analysis.At] answers, for a paragraph and a byte offset, whether the
// position is quoted and who speaks there; the stance scorer calls it for
// the words that decide a stance. [Analysis.Summary] gives mergeable counts
// ([Summary]): quoted and total characters, quotations per speaker; an
// outlet's share of quoted text and its most quoted speakers are sums of
// its articles' summaries.
//
// # Measured
//
// On the 607 annotated bias spans of BASIL-dev (Fan et al., EMNLP 2019,
// doi:10.18653/v1/D19-1664), the quoted/not-quoted decision at each span's
// middle reaches F1 0.94, and the speaker of a quotation is right for 0.94
// of the spans whose annotated speaker is a named person (see
// TestBasilQuotes, which skips when ../shared is absent).
//
// Everything is linear in the length of the text (quoted titles read one
// word on each side, subject searches are bounded, reported-speech regions
// are searched in a flattened index); the package does no I/O.
package quotes
