// Package reports renders newsframe's HTML report: pages that open from
// the file system with no network, a CSV beside every chart, and the
// JavaScript and CSS they load written beside them.
//
// # Use
//
// The command fills a [Model] (plain data, documented field by field)
// from the pipeline and calls [Write] with a [Create] func that opens
// files of the run directory ([DirCreate] writes under a directory).
// [Writer] takes [Limits] that bound page lengths; [Write] uses the
// defaults. [Slug], [ArticlePath], [StoryPath], [OutletPath] and
// [TopicPath] name the
// pages, so other outputs can link to them.
//
// # Pages
//
//	index.html            corpus summary, what is compared, skipped inputs,
//	                      sentiment histogram, sentiment box plot and top
//	                      terms per compared key, term network (laid out
//	                      here, see springLayout), co-occurrence heat map,
//	                      term communities (a view of co-occurrence, not
//	                      topics), the compared keys and the pooled
//	                      outlets, links
//	compare.html          the compared keys side by side, with t-intervals
//	                      and the wire note; stance heat map (with how to
//	                      configure targets when they were proposed);
//	                      pairwise Welch tests with Benjamini–Hochberg
//	                      adjusted p-values; the agenda (keys × document
//	                      topics, each key against the rest of the corpus);
//	                      competing labels
//	outlets/              one profile per compared key (with its most
//	                      prevalent topics and their shares over time), a
//	                      group's or the pool's with its outlets; index.html
//	                      (+ page-N.html)
//	                      lists every outlet of the corpus
//	stories/              one page per story (+ paginated index)
//	article/              one page per article in Model.Articles (+ paginated list)
//	topics/               the document topic model: index.html (how it was
//	                      fitted, drift, every topic with its terms,
//	                      prevalence, coherence and continuity, or why
//	                      there are no topics) and one page per topic
//	                      (representative articles, prevalence by key with
//	                      tests against the rest, over time)
//	history.html          runs over time
//	data/<page>-<chart>.csv   the data of every chart: a header row, one
//	                      observation per row, RFC 4180 quoting, UTF-8
//	assets/               echarts.min.js (Apache ECharts 5.6.0) with its
//	                      LICENSE and NOTICE, newsframe.js, style.css
//
// The compared keys are Model.Outlets: the largest outlets (or groups of
// outlets) and the pool of the rest. Every chart that compares draws
// these and no others, so no page grows with the number of outlets; the
// list of every outlet is paginated ([Limits].OutletList).
//
// Where a chart has nothing to draw (no dates in the corpus, one outlet,
// every outlet on the first day of a story) the page says why in a
// sentence instead of showing an empty chart.
//
// # Safety
//
// Pages are html/template output: every piece of article text is escaped.
// Chart options are built with go-echarts (github.com/go-echarts/go-echarts/v2)
// but written as JSON by encoding/json, which escapes <, > and &, into
// <script type="application/json"> elements that newsframe.js reads; they
// never pass through go-echarts's own templates, which insert options as
// unescaped script and turn strings wrapped in "__f__" into code. The few
// functions ECharts needs (tooltip text, interval whiskers) are named in
// the options ("nf:tip") and defined in newsframe.js, which escapes every
// tooltip. Each page carries a Content-Security-Policy that allows only
// scripts from files beside it, so even an injected inline script would
// not run.
//
// # Assets
//
// The ECharts JavaScript is not in the repository. `make assets` runs
// reports/assets/build.sh: npm ci --ignore-scripts against the committed
// reports/assets/npm/package-lock.json, then a SHA-256 check against
// reports/assets/SHA256SUMS, then a copy into reports/assets/js, which this
// package embeds. A binary built without it fails in [Write] with
// [ErrAssetsMissing] ("run make assets").
//
// # Tests
//
// The package newsframe/reports/browsercheck opens every page in headless
// Chromium and checks for console errors, network requests, dialogs and
// undrawn charts; the tests here use it on a synthetic model, with hostile
// text in every field, and render a 10,000-article model and a
// 500-outlet model to check that no page exceeds 5 MB and no chart draws
// more than the compared keys.
package reports
