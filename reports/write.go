package reports

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Create opens a file of the report for writing. name is slash-separated
// and relative to the report directory, e.g. "article/x.html" or
// "data/index-histogram.csv"; the caller creates directories as needed.
// [Writer.Write] closes every file it opens and reports the Close error.
type Create func(name string) (io.WriteCloser, error)

// DirCreate returns a Create that writes under dir, creating
// subdirectories as needed (mode 0o755 directories, 0o644 files).
func DirCreate(dir string) Create {
	return func(name string) (io.WriteCloser, error) {
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			return nil, fmt.Errorf("reports: file name %q is not local", name)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		return os.Create(p)
	}
}

// Limits bounds what one page shows, so that no page grows with the
// corpus (the size budget is 5 MB per page at any corpus size). A zero
// field takes its default.
type Limits struct {
	// ArticlesPerPage is the length of one page of the article list
	// (default 200).
	ArticlesPerPage int
	// StoriesPerPage is the length of one page of the story list
	// (default 200).
	StoriesPerPage int
	// Skipped is how many skipped inputs the index lists (default 50).
	Skipped int
	// Panels is how many outlets get a panel in charts drawn once per
	// outlet on the index and compare pages (default 12; the rest are on
	// their outlet pages).
	Panels int
	// OutletArticles is how many article links an outlet page lists
	// (default 100).
	OutletArticles int
	// HeatmapTerms is the size of the co-occurrence heat map (default
	// 30).
	HeatmapTerms int
	// NetworkEdges is how many of the strongest edges the term network
	// draws (default 200).
	NetworkEdges int
	// Bars is how many terms or speakers a bar chart shows (default 15).
	Bars int
	// Differences is how many pairwise outlet tests the compare page's
	// chart draws, those with the smallest adjusted p-values (default
	// 40); its table and CSV hold them all.
	Differences int
	// OutletList is how many outlets one page of the list of every
	// outlet shows, and how many members a group's page and the index
	// list by name (default 500; the rest are on further list pages and
	// in the outlets export).
	OutletList int
	// StoryOutlets is how many outlets a story page's charts draw, the
	// first to report it (default 30); its table and CSV hold them all.
	StoryOutlets int
}

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.ArticlesPerPage, 200)
	def(&l.StoriesPerPage, 200)
	def(&l.Skipped, 50)
	def(&l.Panels, 12)
	def(&l.OutletArticles, 100)
	def(&l.HeatmapTerms, 30)
	def(&l.NetworkEdges, 200)
	def(&l.Bars, 15)
	def(&l.Differences, 40)
	def(&l.OutletList, 500)
	def(&l.StoryOutlets, 30)
	return l
}

// Writer renders a [Model] into report files.
type Writer struct {
	// Create opens each output file.
	Create Create
	// Limits bounds page lengths; zero fields take defaults.
	Limits Limits
}

// Write renders m with default limits; see [Writer.Write].
func Write(create Create, m *Model) error {
	return (&Writer{Create: create}).Write(m)
}

// Write renders every page of m, the CSV beside each chart and the
// assets:
//
//	index.html              corpus summary, distributions, terms, links
//	compare.html            outlets compared
//	outlets/index.html      outlet list; outlets/<slug>.html one per outlet
//	stories/index.html      story list (stories/page-N.html when long);
//	                        stories/<slug>.html one per story
//	article/index.html     article list (article/page-N.html when long);
//	                        article/<slug>.html  one per Model.Articles
//	topics/index.html       the document topic model (or why there is
//	                        none); topics/<id>.html one per topic
//	history.html            runs over time
//	data/*.csv              the data of every chart
//	assets/                 echarts.min.js (+ licence), newsframe.js, style.css
//
// The output depends only on m: the same model gives the same bytes.
func (w *Writer) Write(m *Model) error {
	if w.Create == nil {
		return errors.New("reports: Writer.Create is nil")
	}
	if err := check(m); err != nil {
		return err
	}
	assets, err := Assets()
	if err != nil {
		return err
	}
	s := &site{m: m, create: w.Create, lim: w.Limits.withDefaults()}
	s.index()
	for _, a := range assets {
		s.write(a.Name, a.Data)
	}
	s.indexPage()
	s.comparePage()
	s.outletPages()
	s.storyPages()
	s.articlePages()
	s.topicPages()
	s.historyPage()
	return s.err
}

// check reports inconsistencies that would make a page wrong (as
// opposed to marks it can skip, such as a cue outside its paragraph).
func check(m *Model) error {
	if m == nil {
		return errors.New("reports: nil model")
	}
	h := m.Histogram
	if len(h.Counts) > 0 && len(h.Edges) != len(h.Counts)+1 {
		return fmt.Errorf("reports: histogram has %d edges for %d bins, want %d", len(h.Edges), len(h.Counts), len(h.Counts)+1)
	}
	c := m.Cooccurrence
	if len(c.Counts) != 0 && len(c.Counts) != len(c.Terms) || len(c.NPMI) != 0 && len(c.NPMI) != len(c.Terms) {
		return fmt.Errorf("reports: co-occurrence table is not %d × %d", len(c.Terms), len(c.Terms))
	}
	for i := range c.Terms {
		if len(c.Counts) > 0 && len(c.Counts[i]) != len(c.Terms) || len(c.NPMI) > 0 && len(c.NPMI[i]) != len(c.Terms) {
			return fmt.Errorf("reports: co-occurrence row %d is not %d long", i, len(c.Terms))
		}
	}
	for i, e := range m.Network.Edges {
		if e.A < 0 || e.A >= len(m.Network.Nodes) || e.B < 0 || e.B >= len(m.Network.Nodes) {
			return fmt.Errorf("reports: network edge %d links node %d–%d of %d", i, e.A, e.B, len(m.Network.Nodes))
		}
	}
	for i, n := range m.Network.Nodes {
		if n.Community < -1 || n.Community >= len(m.Communities) {
			return fmt.Errorf("reports: network node %d (%q): community %d of %d", i, n.Term, n.Community, len(m.Communities))
		}
	}
	// Distinct ids must get distinct pages: a slug collision would
	// silently overwrite one page with another.
	seen := map[string]string{}
	claim := func(kind, id, file string) error {
		if prev, ok := seen[file]; ok {
			return fmt.Errorf("reports: %s %q and %q both map to %s", kind, prev, id, file)
		}
		seen[file] = id
		return nil
	}
	for _, a := range m.Articles {
		if err := claim("article", a.ID, ArticlePath(a.ID)); err != nil {
			return err
		}
	}
	for _, st := range m.Stories {
		if err := claim("story", st.ID, StoryPath(st.ID)); err != nil {
			return err
		}
	}
	for _, o := range m.Outlets {
		if err := claim("outlet", o.Name, OutletPath(o.Name)); err != nil {
			return err
		}
	}
	return checkTopics(m)
}

// checkTopics reports topic indexes out of range and a topic model at
// odds with its topics.
func checkTopics(m *Model) error {
	k := len(m.Topics)
	if m.TopicModel == nil && k > 0 {
		return fmt.Errorf("reports: %d topics but no TopicModel", k)
	}
	if tm := m.TopicModel; tm != nil && tm.K != k {
		return fmt.Errorf("reports: TopicModel.K is %d but there are %d topics", tm.K, k)
	}
	for i, t := range m.Topics {
		if t.ID != i {
			return fmt.Errorf("reports: Topics[%d] has ID %d, want %d", i, t.ID, i)
		}
	}
	inRange := func(t int) bool { return t >= 0 && t < k }
	for _, o := range m.Outlets {
		for _, t := range o.Topics {
			if !inRange(t.Topic) {
				return fmt.Errorf("reports: outlet %q: topic %d of %d", o.Name, t.Topic, k)
			}
		}
		for _, sr := range o.TopicTime {
			if !inRange(sr.Topic) {
				return fmt.Errorf("reports: outlet %q: topic series of topic %d of %d", o.Name, sr.Topic, k)
			}
		}
	}
	for _, a := range m.Articles {
		for _, t := range a.Topics {
			if !inRange(t.Topic) {
				return fmt.Errorf("reports: article %q: topic %d of %d", a.ID, t.Topic, k)
			}
		}
	}
	return nil
}

// site holds the state of one Write: the first error stops further
// output (later calls are no-ops).
type site struct {
	m      *Model
	create Create
	lim    Limits
	err    error
	// cmp is m.Comparison with zero counts filled from m.Outlets.
	cmp Comparison
	// byDate lists the indexes of m.Articles newest first (then by id),
	// undated last: the order of every article list.
	byDate []int
	// allIndex maps an outlet name to its position in m.AllOutlets.
	allIndex map[string]int
	// hasPage marks article ids with a page, to link only those.
	hasPage map[string]bool
	// outletIndex maps an outlet name to its position in m.Outlets.
	outletIndex map[string]int
	// storyLabels maps a story id to its label.
	storyLabels map[string]string
}

func (s *site) index() {
	s.hasPage = map[string]bool{}
	s.outletIndex = map[string]int{}
	for i, o := range s.m.Outlets {
		s.outletIndex[o.Name] = i
	}
	s.allIndex = map[string]int{}
	for i, o := range s.m.AllOutlets {
		s.allIndex[o.Name] = i
	}
	s.cmp = s.m.Comparison
	if s.cmp.Shown == 0 {
		for _, o := range s.m.Outlets {
			if !o.Pooled {
				s.cmp.Shown++
			} else if s.cmp.Pooled == 0 {
				s.cmp.Pooled = len(o.Members)
				s.cmp.PooledName = o.Name
			}
		}
	}
	s.cmp.Unit = s.cmp.unit()
	s.byDate = articlesByDate(s.m.Articles)
	s.storyLabels = map[string]string{}
	for _, st := range s.m.Stories {
		s.storyLabels[st.ID] = st.Label
	}
	for _, a := range s.m.Articles {
		s.hasPage[a.ID] = true
	}
}

// write writes one file through the Create func.
func (s *site) write(name string, data []byte) {
	if s.err != nil {
		return
	}
	f, err := s.create(name)
	if err != nil {
		s.err = fmt.Errorf("reports: create %s: %w", name, err)
		return
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.err = fmt.Errorf("reports: write %s: %w", name, err)
	}
}

// flush writes the files a page rendered, in the order it rendered them.
func (s *site) flush(p *pageBuilder) {
	if s.err != nil {
		return
	}
	if p.err != nil {
		s.err = p.err
		return
	}
	for _, o := range p.out {
		s.write(o.name, o.data)
	}
}

// renderBatch is how many pages render concurrently before they are
// written, in order; it bounds the memory held by rendered pages.
const renderBatch = 64

// each renders n pages with build (which must only read the site) on
// all CPUs, and writes them in index order, so the files and the order
// of Create calls do not depend on scheduling.
func (s *site) each(n int, build func(i int) *pageBuilder) {
	workers := max(1, runtime.GOMAXPROCS(0))
	for lo := 0; lo < n && s.err == nil; lo += renderBatch {
		hi := min(n, lo+renderBatch)
		pages := make([]*pageBuilder, hi-lo)
		var wg sync.WaitGroup
		next := make(chan int)
		for range min(workers, hi-lo) {
			wg.Go(func() {
				for i := range next {
					pages[i-lo] = build(i)
				}
			})
		}
		for i := lo; i < hi; i++ {
			next <- i
		}
		close(next)
		wg.Wait()
		for _, p := range pages {
			s.flush(p)
		}
	}
}

// articlesByDate returns the indexes of arts newest first, then by id,
// undated articles last (by id).
func articlesByDate(arts []Article) []int {
	idx := make([]int, len(arts))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		a, b := &arts[i], &arts[j]
		switch {
		case a.Published == "" && b.Published != "":
			return 1
		case a.Published != "" && b.Published == "":
			return -1
		}
		return cmp.Or(strings.Compare(b.Published, a.Published), strings.Compare(a.ID, b.ID))
	})
	return idx
}

// rootOf returns the relative prefix from a page to the report root.
func rootOf(name string) string {
	return strings.Repeat("../", strings.Count(name, "/"))
}

// pageChunks splits n items into pages of size per; it always returns at
// least one page.
func pageChunks(n, per int) [][2]int {
	var out [][2]int
	for lo := 0; lo < n; lo += per {
		out = append(out, [2]int{lo, min(n, lo+per)})
	}
	if len(out) == 0 {
		out = append(out, [2]int{0, 0})
	}
	return out
}

// listPageName names page i (0-based) of a paginated list in dir.
func listPageName(dir string, i int) string {
	if i == 0 {
		return dir + "/index.html"
	}
	return fmt.Sprintf("%s/page-%d.html", dir, i+1)
}
