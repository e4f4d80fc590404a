// Package entities finds candidate named entities in news articles and
// proposes the most frequent ones as stance targets when none are
// configured.
//
// # Mentions
//
// [Mentions] chunks runs of capitalised words in each sentence ("Claudia
// Sheinbaum", "Operation Absolute Resolve", "Republican National
// Committee", "George W. Bush"), drops leading function words, strips
// titles ("President Donald Trump" → "Donald Trump") and folds possessives.
// A single capitalised word counts only when its capital says something:
// not a function word, month or day, not a demonym before a noun
// ("Mexican government"), and not a word seen capitalised only at the start
// of sentences ("Analysts"). Within an article short forms are linked to
// the longest form they end ("Sheinbaum" → "Claudia Sheinbaum", "Mr.
// Steele" → "Michael Steele") and acronyms to the name they abbreviate
// ("NRA" → "National Rifle Association"). A name is marked as a person's
// when it carries a personal title or its surname is used on its own.
//
// # Counting and proposing
//
// A [Counter] maps each canonical name to its mention and article counts;
// counters of parts of a corpus Merge into the counter of the whole.
// [Counter.Top] proposes the most widespread names as targets, each with
// its aliases (for a person, the surname on its own).
//
// # Measured
//
// Against the main_entities of the 120 BASIL-dev articles (Fan et al.,
// EMNLP 2019, doi:10.18653/v1/D19-1664), the top 5 proposals per event
// (three outlets' counters merged) contain 0.78 of the capitalised main
// entities (a proposal or alias equal to, or a word sequence of, the
// entity: "Obama" for "Barack Obama") and 0.68 exactly; the top 10
// contain 0.88 and 0.73 (see TestBasilMainEntities, which skips when
// ../shared is absent).
//
// The word lists (titles, function words, calendar names, institution
// words) are closed-class English vocabulary compiled into the package;
// the time is linear in the length of the text and the package does no I/O.
package entities
