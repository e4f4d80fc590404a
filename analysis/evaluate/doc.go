// Package evaluate measures how far newsframe's scores agree with people:
// it reads hand-labelled JSON lines (the shapes of the project's evaluation
// sets and of a researcher's own coding), applies the project's fixed
// held-out rule, and computes agreement figures.
//
// # Gold files
//
// One JSON object per line. A row has a text and one of
//
//   - "label": "negative" | "neutral" | "positive" (also "neg", "neu",
//     "pos"): the sentiment of the text, or, with "target" (and optionally
//     "target_span": [from, to) byte offsets), the sentiment toward that
//     target;
//   - "rating": a number, for example a mean human rating; compared with
//     the tool's score by correlation.
//
// Other fields are kept but ignored.
//
// # Figures
//
// Accuracy, per-class precision, recall and F1, macro-F1 (the unweighted
// mean of the per-class F1), the confusion matrix, Pearson's and
// Spearman's r, Krippendorff's alpha between tool and gold (nominal on
// labels, interval on ordered labels and on numeric ratings), and a
// percentile bootstrap 95% interval for macro-F1 (Efron & Tibshirani 1993,
// An Introduction to the Bootstrap, ISBN 978-0-412-04231-7).
//
// # Held-out rule
//
// HeldOut(key) is true for one fifth of keys, chosen by a hash; the
// calibration never fits on held-out rows.
package evaluate
