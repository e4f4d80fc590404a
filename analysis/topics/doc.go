// Package topics finds what a corpus is about, two ways: a document topic
// model ([Fit], [DocModel]), which gives every article a mixture of K
// topics, each labelled by its terms; and a term network ([Find]), the
// communities of the co-occurrence graph of the most frequent terms. It
// does no I/O: word lists, documents and stored models come in as
// arguments and sources.
//
// # Vocabulary
//
// [ChooseVocab] picks the model's V terms (default 20,000) from merged
// corpus term counts ([terms.Counts]: words, and the two-word phrases
// [terms.Phrases] finds by Dunning's G²), by document frequency: at least
// MinDF paragraphs (5), at most MaxDF of them (5%: terms in more, such as
// "trump" and "people" on the AllSides half, are in every topic), the most
// frequent first. Stopwords are gone from the counts already; also out are
// day and month names ([Calendar]), the terms of
// data/lists/topic-stopwords.txt ([ParseStopTerms]: page furniture inside
// paragraphs, such as "image caption", "toggle", "reprint permission";
// transcript labels such as "amy goodman"; generic words of news copy
// such as "two", "year", "former", "put"), outlets' own names and hosts
// ([OutletTerms]: "fox news",
// "foxnews", "nytimes"), and, given the counts per outlet, terms one
// outlet all but owns (more than 90% of their paragraphs: The Hill's links
// to other stories, the New York Times's newsletter box). A phrase is a
// term beside its words; "covid-19" is one word, as text.Words keeps
// hyphenated words whole.
//
// An article becomes a [Doc] by [Vocab.Doc]: the bag of its terms, reading
// each paragraph left to right and counting two adjacent words that form a
// phrase term as the phrase only.
//
// # Model
//
// The model is non-negative matrix factorisation of the documents' weight
// matrix (Lee & Seung, "Learning the parts of objects by non-negative
// matrix factorization", Nature 401, 1999, doi:10.1038/44565). Each
// document is the unit vector x of its weighted counts,
//
//	x_v ∝ √c_v · idf_v,  idf_v = ln((1 + N) / (1 + df_v)) + 1,  ‖x‖ = 1
//
// (scikit-learn's smoothed idf on square-rooted counts; the square root
// damps repeated names and gives more coherent topics than raw or
// logarithmic counts on both development corpora). K topics are
// non-negative unit vectors, the columns of W (V×K), and a document's
// topic weights h ≥ 0 are those that reconstruct it best:
//
//	min_{h ≥ 0} ‖x − W h‖²
//
// solved by coordinate descent ([Inferrer.Infer]). Its proportions are
// θ = h / Σh; its residual ‖x − Wh‖² ∈ [0, 1] says how much the topics
// leave unexplained. A topic's most probable terms are its largest
// weights (β_t = W_t / Σ_v W_vt).
//
// Everything the fit needs from the documents is a sum over them: given W,
// the documents' Σ h hᵀ (K×K) and Σ x hᵀ (V×K) determine the next W
// (one step of alternating non-negative least squares, [DocModel.Update]).
// So inference is a per-article map step and the update a combine step
// ([Stats] merge by addition), and memory is O(K·V) whatever the number of
// documents.
//
// # Fit
//
// [Fit] reads a [Source] in passes, never holding the corpus:
//
//  1. document frequencies, for the idf;
//  2. a randomized truncated SVD of the weight matrix (Halko, Martinsson &
//     Tropp 2011): a Gaussian sketch, two power iterations and a
//     Rayleigh-Ritz step, one pass each, then a pass for the signs of the
//     singular vectors; from it the NNDSVDa start (Boutsidis & Gallopoulos
//     2008), which makes the fit deterministic in practice: on the BBC set
//     every seed tried reaches the same topics, where random starts reach
//     different optima;
//  3. alternating least squares, one update of W per pass from the sums,
//     accelerated by extrapolation between passes (Ang & Gillis 2019),
//     until a pass lowers the mean residual by less than Tol (1e-4) or
//     after MaxPasses (30): 8 to 15 passes on the development corpora;
//  4. a last pass for the training residual, the topics' prevalence (they
//     are numbered by it, largest first) and the residual of the held-out
//     documents.
//
// Every 20th document (of a source of at least 200) is held out of the
// fit; their mean residual is the baseline for drift ([DocModel.Drifted]).
//
// Passes run on FitOptions.Workers goroutines (default GOMAXPROCS) over
// chunks of 128 documents whose results are added up in source order; the
// topic update splits terms among workers. The same documents in the same
// order with the same options give the same model, bytes for bytes,
// whatever the number of workers (TestFitDeterministic).
//
// The default K is √(N/8) within [5, 100] ([DefaultK]): 17 topics for the
// BBC set, 48 for the AllSides half, 69 for the whole AllSides corpus.
//
// # Nightly runs and refits
//
// New articles get their topics from the stored model ([DocModel]'s
// [DocModel.MarshalBinary]: one binary codec with a CRC-32C, rejecting
// anything malformed, fuzzed by FuzzDocModel) with an [Inferrer]: about
// 20 µs of CPU per article at K = 50 (BenchmarkInfer; goal under 1 ms).
// Their residuals go into a [Drift] summary; [DocModel.Drifted] asks for a
// refit when they lose more than a quarter (DriftThreshold) of the
// explained variance of the held-out documents, measured as
//
//	loss = (r̄_new − r̄_held-out) / (1 − r̄_held-out)
//
// With `topicbench drift` on the AllSides half (K = 50): a model of
// 2012-2017 loses 12-21% on each month of the first half of 2018, 23-32%
// on its second half, 27% on 2019; a model of 2012-2019 loses 7% on
// January 2020, 13% on February, 24% on March and 33% on April, as the
// pandemic takes over the news; documents held out of the same period lose
// −5% to +1%. On the BBC set, a category left out of the fit loses 58-79%
// (K = 5). So a refit comes after about half a year of news, or within
// weeks of a new subject that dominates.
//
// A refit numbers its topics after the old ones ([DocModel.Align]):
// topics are matched one to one by the Hungarian method ([Assign]) on
// 1 − the cosine similarity of their term vectors, so a history of topic
// shares does not shuffle; [Continuity] gives each topic's old number and
// similarity.
//
// # Labels and summaries
//
// [DocModel.Labels] gives each topic its most probable terms and its FREX
// terms (Roberts, Stewart & Airoldi 2016, as STM's labelTopics computes
// them). [Representatives] keeps each topic's n articles of largest weight
// in a bounded, mergeable summary; [Coherence] counts the document
// co-occurrence of each topic's top terms for NPMI coherence, in the same
// pass. [Stats] and [Drift] also subtract, for removed articles.
//
// # Measured beside gensim and scikit-learn
//
// `make topics-bench` (cmd/topicbench) runs this model, gensim 4.2's
// LdaMulticore (online variational Bayes LDA, Hoffman, Blei & Bach 2010)
// and scikit-learn 1.2's NMF on TF-IDF side by side, on the same documents
// and vocabulary built with this package, each in a process of its own, one
// BLAS thread per process, on this project's two-core machine (shared with
// other jobs: wall times are noisy, CPU times steadier). NPMI is the mean
// over topics of the mean NPMI of the top 10 terms' pairs, from document
// co-occurrence over the same corpus, computed the same way for all three
// (the minimum over topics in brackets); NMI and AMI compare each BBC
// article's main topic with its category.
//
//	corpus    K   model                 NPMI          NMI    AMI    fit s wall  CPU    peak RSS MB
//	BBC       5   newsframe             0.326 (0.24)  0.851  0.851    0.6       0.3     44
//	BBC       5   gensim (20 passes)    0.217 (…)     0.590  …        …         …      …
//	BBC       5   scikit-learn NMF      0.303 (0.20)  0.842  0.842    0.3       0.2    137
//	BBC       17  newsframe             0.435 (0.15)  0.640  0.638    0.7       0.4    124
//	BBC       17  scikit-learn NMF      0.390 (0.11)  0.604  0.601    8.2       2.3    140
//	AllSides  50  newsframe             0.367 (0.12)  –      –       68.5      15.8    236
//	AllSides  50  gensim (2 passes)     0.188 (0.05)  –      –      310.6      93.1    917 + 954 (worker)
//	AllSides  50  scikit-learn NMF      0.336 (0.09)  –      –      339.3      49.8    587
//
// LDA's topics are about half as coherent as either NMF's here (its most
// probable words include frequent general ones that NPMI does not reward),
// and its BBC clusters agree less with the categories, so NMF is the
// model; an LDA in Go was not built, gensim's being the reference
// implementation of the same algorithm.
//
// # Term network
//
// [Find] builds the term network. The nodes are the vocabulary of a
// [terms.Cooccur] (the top K words and phrases). Two terms are joined by
// an edge when they co-occur in at least Options.MinCount documents, their
// NPMI (Bouma 2009, see [terms.NPMI]) exceeds Options.MinNPMI, and one of
// the two is among the other's Options.Neighbors strongest links (a
// k-nearest-neighbour graph, which keeps general words from tying every
// community together); the edge weight is the NPMI. Communities are found
// with the Louvain method (Blondel et al., "Fast unfolding of communities
// in large networks", J. Stat. Mech. 2008, P10008,
// doi:10.1088/1742-5468/2008/10/P10008) as implemented by gonum's
// community.Modularize, at resolution γ (Reichardt & Bornholdt,
// doi:10.1103/PhysRevE.74.016110), with a fixed random seed. Each
// community of at least Options.MinSize terms is a [Topic], labelled by its
// most central terms (highest summed edge weight inside it). The
// modularity Q of the partition is reported:
//
//	Q = 1/2m Σ_ij [A_ij − γ k_i k_j / 2m] δ(c_i, c_j)
//
// The same counts give the same communities, numbered the same way: the
// graph lists nodes and neighbours in id order (gonum's simple graphs
// iterate maps), edge weights are rounded to multiples of 2⁻¹⁶ so that
// every sum of weights is exact whatever the order of addition, the seed
// is fixed, and communities are ordered by their terms' total frequency,
// then label.
//
// A group's count for a community is the sum of the term frequencies of
// its terms in the group's counts (phrases counted by their pair counts):
// summing, over the group's paragraphs, how many of each paragraph's top-K
// term occurrences fall in it. Its share is that count over the group's
// count for all communities, so shares sum to 1 ([Model.Shares]). Counts
// come from mergeable [terms.Counts], so shares over outlets and periods
// need no second pass over the text.
package topics
