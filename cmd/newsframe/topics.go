package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/codec"
	"newsframe/analysis/terms"
	"newsframe/analysis/topics"
	"newsframe/cmd/newsframe/internal/catalog"
)

// Catalog names of the topic model's summaries.
const (
	summaryTopicModel = "topics/model"
	summaryTopicState = "topics/state"
	summaryTopicReps  = "topics/representatives"
)

const (
	// minTopicArticles is the least number of articles a topic model is
	// fitted on: with fewer, topics are mostly the articles themselves (the
	// bundled sample has 31, enough for five broad topics).
	minTopicArticles = 25
	// representativesPerTopic is the number of articles a topic page
	// lists.
	representativesPerTopic = 10
	// topicsAuto is the --topics value that chooses K from the corpus
	// size (topics.DefaultK).
	topicsAuto = -1
)

// topicState is what is stored about the topic model besides the model
// itself (summary topics/state, JSON).
type topicState struct {
	// Setting is the --topics value it was fitted under.
	Setting int `json:"setting"`
	// FittedRun is the run that fitted it, FittedDocs the articles it was
	// fitted on (non-empty ones).
	FittedRun  int64 `json:"fitted_run"`
	FittedDocs int64 `json:"fitted_docs"`
	// Reason says why it was fitted.
	Reason string `json:"reason"`
	// Drift summarises the residuals of the articles added since the fit.
	Drift topics.Drift `json:"drift"`
	// Coherence is each topic's NPMI over the articles at the fit.
	Coherence []float64 `json:"coherence"`
	// Continuity says which topic of the model before each continues.
	Continuity []topics.Continuity `json:"continuity"`
}

// topicRun is the topic model's part of a run: the model the articles'
// shares come from, what is stored about it, and what this run changes.
type topicRun struct {
	// model is nil when topics are off or none is fitted.
	model *topics.DocModel
	state topicState
	reps  *topics.Representatives
	// fitted is set when this run fitted the model; all when every stored
	// article's shares must be set again (a refit, or topics turned off).
	fitted, all, clear bool
	// note says why there is no model (for the report).
	note string

	inferrer *topics.Inferrer
	inf      topics.Inference
	doc      topics.Doc
	coh      *topics.Coherence
}

// planTopics decides whether this run infers with the stored model,
// fits a new one, or clears the articles' topics, and fits when it must.
func (u *updater) planTopics(ctx context.Context) error {
	tr := &topicRun{}
	u.topics = tr
	stored, state, reps, err := loadTopics(u.cat.Read(ctx))
	if err != nil {
		return err
	}
	tr.state, tr.reps = state, reps
	setting := u.opt.Topics
	if setting == 0 {
		tr.note = "topics are off (--topics 0)"
		if stored != nil {
			// Every article loses its shares, and the summaries with them.
			tr.clear, tr.all = true, u.stored > 0
		}
		return nil
	}
	n := u.articlesAfter()
	reason := ""
	switch {
	case stored == nil:
		reason = "first fit"
	case u.opt.RefitTopics:
		reason = "asked for (--refit-topics)"
	case tr.state.Setting != setting:
		reason = fmt.Sprintf("--topics changed from %s to %s", topicsSetting(tr.state.Setting), topicsSetting(setting))
	case n >= 2*tr.state.FittedDocs && tr.state.FittedDocs > 0:
		reason = fmt.Sprintf("the corpus has doubled since the fit (%d articles, fitted on %d)", n, tr.state.FittedDocs)
	default:
		if loss, drifted := stored.Drifted(tr.state.Drift); drifted {
			reason = fmt.Sprintf("drift: the %d articles added since the fit lose %.0f%% of the explained variance (threshold %.0f%%)",
				tr.state.Drift.Docs, 100*loss, 100*topics.DriftThreshold)
		}
	}
	if reason == "" {
		tr.model = stored
		for id := range u.gone {
			tr.reps.Remove(id)
		}
		tr.inferrer = stored.NewInferrer()
		return nil
	}
	if n < minTopicArticles {
		tr.note = fmt.Sprintf("the corpus has %d articles; a topic model is fitted from %d", n, minTopicArticles)
		if stored != nil {
			// Keep inferring with the model there is.
			tr.model = stored
			tr.inferrer = stored.NewInferrer()
			tr.note = ""
		}
		return nil
	}
	u.log.Info("fitting the topic model", "reason", reason, "articles", n)
	m, err := u.fitTopics(ctx, stored)
	if err != nil {
		return fmt.Errorf("topic model: %w", err)
	}
	tr.model, tr.fitted, tr.all = m, true, u.stored > 0
	tr.state = topicState{Setting: setting, FittedRun: u.run, FittedDocs: m.Info().Docs - m.Info().Empty, Reason: reason}
	if stored != nil {
		aligned, cont, err := m.Align(stored)
		if err != nil {
			return fmt.Errorf("topic model: align with the stored model: %w", err)
		}
		tr.model, tr.state.Continuity = aligned, cont
	}
	tr.reps = topics.NewRepresentatives(tr.model.K(), representativesPerTopic)
	tr.coh = topics.NewCoherence(tr.model.TopIDs(10))
	tr.inferrer = tr.model.NewInferrer()
	return nil
}

// loadTopics reads the stored topic model, its state and its
// representatives; the model is nil when none is stored.
func loadTopics(r interface{ Summary(string) ([]byte, error) }) (*topics.DocModel, topicState, *topics.Representatives, error) {
	var state topicState
	mb, err := r.Summary(summaryTopicModel)
	if err != nil || mb == nil {
		return nil, state, nil, err
	}
	m := &topics.DocModel{}
	if err := m.UnmarshalBinary(mb); err != nil {
		return nil, state, nil, fmt.Errorf("summary %s: %w", summaryTopicModel, err)
	}
	sb, err := r.Summary(summaryTopicState)
	if err != nil {
		return nil, state, nil, err
	}
	if err := json.Unmarshal(sb, &state); err != nil {
		return nil, state, nil, fmt.Errorf("summary %s: %w", summaryTopicState, err)
	}
	reps := topics.NewRepresentatives(m.K(), representativesPerTopic)
	rb, err := r.Summary(summaryTopicReps)
	if err != nil {
		return nil, state, nil, err
	}
	if rb != nil {
		if err := reps.UnmarshalBinary(rb); err != nil {
			return nil, state, nil, fmt.Errorf("summary %s: %w", summaryTopicReps, err)
		}
	}
	return m, state, reps, nil
}

// topicsSetting names a --topics value.
func topicsSetting(k int) string {
	if k == topicsAuto {
		return "auto"
	}
	return fmt.Sprint(k)
}

// articlesAfter is the number of articles the store holds after the run.
func (u *updater) articlesAfter() int64 {
	removing := 0
	for id := range u.gone {
		if !u.replaced[id] {
			removing++
		}
	}
	return int64(u.stored + u.counts.New - removing)
}

// inferTopics is the sweep's topics hook: it sets an article's topic
// shares from the model, and keeps the drift, the representatives and,
// after a fit, the coherence counts.
func (u *updater) inferTopics(d *aggregate.Doc) error {
	tr := u.topics
	if tr.model == nil {
		d.Article.Topics = nil
		return nil
	}
	tr.doc = tr.model.Vocab().Doc(tr.doc, d.Seqs...)
	tr.inferrer.Infer(&tr.inf, tr.doc)
	if tr.inf.Empty {
		d.Article.Topics = nil
	} else {
		d.Article.SetTopics(tr.inf.Proportions)
	}
	if tr.fitted {
		tr.coh.Add(tr.doc)
	} else if d.Old == nil {
		tr.state.Drift.Add(&tr.inf)
	}
	if tr.fitted || d.Old == nil {
		tr.reps.Add(d.Article.ArticleID, tr.inf.Weights)
	}
	return nil
}

// commitTopics stores the model, its state and the representatives.
func (u *updater) commitTopics(tx *catalog.Tx) error {
	tr := u.topics
	if tr == nil {
		return nil
	}
	if tr.model == nil {
		if !tr.clear {
			return nil
		}
		for _, name := range []string{summaryTopicModel, summaryTopicState, summaryTopicReps} {
			if err := tx.PutSummary(name, nil); err != nil {
				return err
			}
		}
		return nil
	}
	if tr.fitted {
		tr.state.Coherence = roundAll(tr.coh.NPMI())
		mb, err := tr.model.MarshalBinary()
		if err != nil {
			return err
		}
		if err := tx.PutSummary(summaryTopicModel, mb); err != nil {
			return err
		}
	}
	sb, err := json.Marshal(tr.state)
	if err != nil {
		return err
	}
	if err := tx.PutSummary(summaryTopicState, sb); err != nil {
		return err
	}
	rb, err := tr.reps.AppendBinary(nil)
	if err != nil {
		return err
	}
	return tx.PutSummary(summaryTopicReps, rb)
}

func roundAll(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Round(v*1e6) / 1e6
	}
	return out
}

// fitTopics fits a topic model to every article the store holds after
// the run: the stored ones not gone and the new ones, in sweep order (so
// that a refit of a store and a first run over the same corpus fit the
// same documents in the same order). It never holds the corpus: the
// articles' vocabulary words go to a temporary file in that order, the
// vocabulary is chosen from the corpus totals, and the fit reads the
// documents from a second file once per pass.
func (u *updater) fitTopics(ctx context.Context, old *topics.DocModel) (*topics.DocModel, error) {
	phrases := terms.Phrases(u.totals, u.opt.Phrases)
	outlets, err := u.topicOutlets(ctx)
	if err != nil {
		return nil, err
	}
	vopt := topics.VocabOptions{Exclude: u.topicStop, Names: topics.OutletTerms(u.totals, u.derive.Stopwords, outlets)}
	// A wider vocabulary first: the terms one outlet owns are found in it
	// and left out of the final one, its first DefaultVocabSize others.
	wide := vopt
	wide.Size = topics.DefaultVocabSize + topics.DefaultVocabSize/4
	v1, err := topics.ChooseVocab(u.totals, phrases, wide)
	if err != nil {
		return nil, err
	}
	seqs, err := u.writeTopicSeqs(ctx, v1)
	if err != nil {
		return nil, err
	}
	defer os.Remove(seqs.path)
	owned, err := seqs.owned(v1)
	if err != nil {
		return nil, err
	}
	var list []string
	var df []int64
	for i := range v1.Len() {
		if len(list) == topics.DefaultVocabSize {
			break
		}
		if !owned[i] {
			list, df = append(list, v1.Term(i)), append(df, v1.DF(i))
		}
	}
	vocab, err := topics.NewVocab(list, df)
	if err != nil {
		return nil, err
	}
	docs, err := seqs.writeDocs(vocab, filepath.Join(u.tmp, "topic-docs"))
	if err != nil {
		return nil, err
	}
	defer os.Remove(docs)
	k := u.opt.Topics
	if k == topicsAuto {
		k = topics.DefaultK(seqs.docs)
	}
	u.log.Info("topic vocabulary", "terms", vocab.Len(), "owned by one outlet", len(owned), "articles", seqs.docs, "k", k)
	return topics.Fit(docsSource(docs), vocab, topics.FitOptions{K: k, Workers: u.workers})
}

// topicOutlets lists the outlets with their hosts: those of the stored
// summaries and those the map step saw in the new articles.
func (u *updater) topicOutlets(ctx context.Context) ([]topics.Outlet, error) {
	hosts := outletHosts{}
	hosts.merge(u.newHosts)
	err := u.cat.Read(ctx).Summaries(cellPrefix, func(name string, data []byte) error {
		cs := aggregate.NewCellSummary()
		if err := cs.UnmarshalBinary(data); err != nil {
			return fmt.Errorf("summary %q: %w", name, err)
		}
		c := aggregate.CellOf(strings.TrimPrefix(name, cellPrefix))
		hosts.add(c.Outlet, "")
		for h := range cs.Hosts {
			hosts.add(c.Outlet, h)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []topics.Outlet
	for _, name := range slices.Sorted(maps.Keys(hosts)) {
		out = append(out, topics.Outlet{Name: name, Hosts: slices.Sorted(maps.Keys(hosts[name]))})
	}
	return out, nil
}

// topicSeqs is a temporary file of every article's paragraphs reduced to
// the words of a vocabulary with their positions: enough to make each
// article's bag of terms for that vocabulary or any part of it
// (topics.Vocab.Doc reads only words and positions).
type topicSeqs struct {
	path  string
	words []string // word ids of the file
	// docs counts the articles, outlets names them by the ids the file
	// uses.
	docs    int64
	outlets []string
}

// writeTopicSeqs writes the topicSeqs file for the words of v, in sweep
// order: the stored articles not gone and the new ones go through a
// sorting spill keyed as the sweep orders articles.
func (u *updater) writeTopicSeqs(ctx context.Context, v *topics.Vocab) (*topicSeqs, error) {
	ts := &topicSeqs{path: filepath.Join(u.tmp, "topic-seqs")}
	wordID := map[string]int32{}
	for _, t := range v.Terms() {
		for _, w := range strings.Fields(t) {
			if _, ok := wordID[w]; !ok {
				wordID[w] = int32(len(ts.words))
				ts.words = append(ts.words, w)
			}
		}
	}
	outletID := map[string]int{}
	sorter := newSpill(u.tmp, spillLimit/2)
	defer sorter.Close()
	encode := func(key, outlet string, seqs []terms.Seq) error {
		o, ok := outletID[outlet]
		if !ok {
			o = len(ts.outlets)
			outletID[outlet] = o
			ts.outlets = append(ts.outlets, outlet)
		}
		e := codec.Encoder{}
		e.Uvarint(uint64(o))
		e.Uvarint(uint64(len(seqs)))
		for _, s := range seqs {
			n := 0
			for _, t := range s.Terms {
				if _, ok := wordID[t]; ok {
					n++
				}
			}
			e.Uvarint(uint64(n))
			last := int32(0)
			for i, t := range s.Terms {
				if id, ok := wordID[t]; ok {
					e.Uvarint(uint64(id))
					e.Uvarint(uint64(s.Pos[i] - last))
					last = s.Pos[i]
				}
			}
		}
		return sorter.Add(key, e.B)
	}
	// The stored articles, chunk by chunk.
	r := u.cat.Read(ctx)
	var chunks []catalog.Chunk
	if err := r.Chunks(func(c catalog.Chunk) error { chunks = append(chunks, c); return nil }); err != nil {
		return nil, err
	}
	for _, c := range chunks {
		refs, err := r.ChunkArticles(c.Day, c.Name)
		if err != nil {
			return nil, err
		}
		byID := make(map[string]*catalog.Article, len(refs))
		for i := range refs {
			if _, gone := u.gone[refs[i].ID]; !gone {
				byID[refs[i].ID] = &refs[i]
			}
		}
		if len(byID) == 0 {
			continue
		}
		paras, err := u.store.ReadParagraphs(c.Paragraphs)
		if err != nil {
			return nil, err
		}
		for i := 0; i < len(paras); {
			j := i
			for j < len(paras) && paras[j].ArticleID == paras[i].ArticleID {
				j++
			}
			if ref := byID[paras[i].ArticleID]; ref != nil {
				seqs := make([]terms.Seq, 0, j-i)
				for _, p := range paras[i:j] {
					seqs = append(seqs, u.derive.Seq(p.Text))
				}
				if m, ok := u.moved[ref.ID]; ok {
					ref.File, ref.Line = m.file, m.line
				}
				if err := encode(spillKey(ref.Day, ref.ID, ref.File, ref.Line), ref.Outlet, seqs); err != nil {
					return nil, err
				}
			}
			i = j
		}
	}
	// The new articles.
	next, err := u.spill.Peek()
	if err != nil {
		return nil, err
	}
	for {
		key, data, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		d := codec.Decoder{B: data}
		ar, prs, err := article.DecodeRows(d.Bytes())
		if err != nil {
			return nil, err
		}
		if len(prs) == 0 {
			continue
		}
		seqs := make([]terms.Seq, len(prs))
		for i := range prs {
			seqs[i] = u.derive.Seq(prs[i].Text)
		}
		if err := encode(key, ar.Outlet, seqs); err != nil {
			return nil, err
		}
	}
	// In sweep order to the file.
	f, err := os.Create(ts.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	sorted, err := sorter.Sorted()
	if err != nil {
		return nil, err
	}
	for {
		_, data, err := sorted()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(binary.AppendUvarint(nil, uint64(len(data)))); err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
		ts.docs++
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return ts, f.Close()
}

// each calls fn with every article of the file: its outlet id and its
// paragraphs' sequences (valid during the call).
func (ts *topicSeqs) each(fn func(outlet int, seqs []terms.Seq) error) error {
	var seqs []terms.Seq
	return readFrames(ts.path, func(buf []byte) error {
		d := codec.Decoder{B: buf}
		outlet := int(d.Uvarint())
		np := d.Count(len(d.B))
		seqs = seqs[:0]
		for range np {
			nt := d.Count(len(d.B))
			s := terms.Seq{Terms: make([]string, 0, nt), Pos: make([]int32, 0, nt)}
			pos := int32(0)
			for range nt {
				id := d.Count(len(ts.words) - 1)
				pos += int32(d.Uvarint())
				s.Terms = append(s.Terms, ts.words[id])
				s.Pos = append(s.Pos, pos)
			}
			if len(s.Pos) > 0 {
				s.Len = s.Pos[len(s.Pos)-1] + 1
			}
			seqs = append(seqs, s)
		}
		if err := d.Finish(); err != nil {
			return fmt.Errorf("%s: %w", ts.path, err)
		}
		return fn(outlet, seqs)
	})
}

// errStopFrames ends readFrames early without an error.
var errStopFrames = errors.New("stop")

// readFrames calls fn with every length-prefixed frame of the file at
// path (a uvarint length, then the bytes: what writeTopicSeqs and
// writeDocs write); the slice is reused for the next frame.
func readFrames(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var buf []byte
	for {
		n, err := binary.ReadUvarint(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		buf = slices.Grow(buf[:0], int(n))[:n]
		if _, err := io.ReadFull(br, buf); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := fn(buf); err != nil {
			if errors.Is(err, errStopFrames) {
				return nil
			}
			return err
		}
	}
}

// owned returns the terms of v that one outlet all but owns: more than
// topics.DefaultMaxOutletShare of the paragraphs that have the term are
// that outlet's, and the outlet has less than half of all paragraphs (as
// topics.VocabOptions.ByOutlet). Two passes: a majority vote per term
// (Boyer and Moore, "MJRTY — a fast majority vote algorithm", 1991)
// finds the only outlet that can own it, then the counts are checked; so
// memory is O(V), not O(V × outlets).
func (ts *topicSeqs) owned(v *topics.Vocab) (map[int]bool, error) {
	cand := make([]int32, v.Len())
	votes := make([]int32, v.Len())
	var doc topics.Doc
	err := ts.each(func(outlet int, seqs []terms.Seq) error {
		for _, s := range seqs {
			doc = v.Doc(doc, s)
			for _, id := range doc.IDs {
				switch {
				case votes[id] == 0:
					cand[id], votes[id] = int32(outlet), 1
				case cand[id] == int32(outlet):
					votes[id]++
				default:
					votes[id]--
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	mine := make([]int64, v.Len())
	all := make([]int64, v.Len())
	paras := make([]int64, len(ts.outlets))
	var total int64
	err = ts.each(func(outlet int, seqs []terms.Seq) error {
		for _, s := range seqs {
			paras[outlet]++
			total++
			doc = v.Doc(doc, s)
			for _, id := range doc.IDs {
				all[id]++
				if votes[id] > 0 && cand[id] == int32(outlet) {
					mine[id]++
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := map[int]bool{}
	for id := range all {
		if votes[id] > 0 && 2*paras[cand[id]] < total && float64(mine[id]) > topics.DefaultMaxOutletShare*float64(all[id]) {
			out[id] = true
		}
	}
	return out, nil
}

// writeDocs writes every article's bag of terms of v to path (articles
// without a term of v are left out), for docsSource.
func (ts *topicSeqs) writeDocs(v *topics.Vocab, path string) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	var doc topics.Doc
	var e codec.Encoder
	err = ts.each(func(_ int, seqs []terms.Seq) error {
		doc = v.Doc(doc, seqs...)
		if len(doc.IDs) == 0 {
			return nil
		}
		e.B = e.B[:0]
		e.Uvarint(uint64(len(doc.IDs)))
		prev := int32(0)
		for i, id := range doc.IDs {
			e.Uvarint(uint64(id - prev))
			prev = id
			e.Uvarint(uint64(doc.Counts[i]))
		}
		if _, err := w.Write(binary.AppendUvarint(nil, uint64(len(e.B)))); err != nil {
			return err
		}
		_, err := w.Write(e.B)
		return err
	})
	if err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	return path, f.Close()
}

// docsSource reads the documents writeDocs wrote, once per call.
func docsSource(path string) topics.Source {
	return func(yield func(topics.Doc) bool) error {
		var doc topics.Doc
		return readFrames(path, func(buf []byte) error {
			d := codec.Decoder{B: buf}
			k := d.Count(len(d.B))
			doc.IDs, doc.Counts = doc.IDs[:0], doc.Counts[:0]
			id := int32(0)
			for range k {
				id += int32(d.Uvarint())
				doc.IDs = append(doc.IDs, id)
				doc.Counts = append(doc.Counts, float32(d.Uvarint()))
			}
			if err := d.Finish(); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			if !yield(doc) {
				return errStopFrames
			}
			return nil
		})
	}
}
