package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"newsframe/analysis/corpus"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/topics"
	"newsframe/data"
)

// article is what the bench keeps of a parsed article: its id, its label
// (the -label field) and its paragraphs' content-term sequences.
type article struct {
	id, label, day string
	seqs           []terms.Seq
}

// prepare reads a JSON-lines corpus as a newsframe run does (default
// boilerplate and stopword lists, text.Words, terms.Extract), chooses the
// topic vocabulary as a run would (terms.Phrases on the merged counts,
// topics.ChooseVocab with topic-stopwords.txt, topics.OutletTerms and the
// per-outlet counts), and writes to dir vocab.tsv (term, paragraph DF) and
// docs.tsv (id, label, day, then the bag of terms as id:count pairs).
func prepare(path, labelField, dir string, vopt topics.VocabOptions) error {
	bp, err := data.FS.ReadFile("lists/boilerplate.txt")
	if err != nil {
		return err
	}
	boiler, err := corpus.ParseBoilerplate(strings.NewReader(string(bp)))
	if err != nil {
		return fmt.Errorf("boilerplate: %w", err)
	}
	sw, err := data.FS.ReadFile("lists/stopwords.txt")
	if err != nil {
		return err
	}
	stop, err := text.ParseStopwords(sw)
	if err != nil {
		return fmt.Errorf("stopwords: %w", err)
	}
	ts, err := fs.ReadFile(data.FS, "lists/topic-stopwords.txt")
	if err != nil {
		return err
	}
	if vopt.Exclude, err = topics.ParseStopTerms(ts); err != nil {
		return fmt.Errorf("topic-stopwords.txt: %w", err)
	}

	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		r = gz
	}
	jr := corpus.NewJSONLReader(corpus.Origin{Path: filepath.Base(path)}, r, &corpus.Options{Boilerplate: boiler})
	ex := terms.NewExtractor(stop)
	counts := terms.NewCounts()
	byOutlet := make(map[string]*terms.Counts)
	hosts := make(map[string]map[string]bool) // outlet → hosts
	var arts []article
	for {
		a, err := jr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *corpus.ParseError
		if errors.As(err, &pe) {
			slog.Warn("skip", "err", err)
			continue
		}
		if err != nil {
			return err
		}
		art := article{id: a.ID, label: a.Outlet, day: a.Day()}
		if labelField != "outlet" {
			v, _ := a.Meta[labelField].(string)
			art.label = v
		}
		oc := byOutlet[a.Outlet]
		if oc == nil {
			oc = terms.NewCounts()
			byOutlet[a.Outlet] = oc
		}
		for _, p := range a.Paragraphs {
			s := ex.Extract(p)
			s.Terms = slices.Clone(s.Terms)
			counts.Add(s)
			oc.Add(s)
			art.seqs = append(art.seqs, s)
		}
		arts = append(arts, art)
		if hosts[a.Outlet] == nil {
			hosts[a.Outlet] = make(map[string]bool)
		}
		for _, u := range []any{a.URL, a.Meta["outlet_url"]} {
			if s, ok := u.(string); ok && s != "" {
				hosts[a.Outlet][s] = true
			}
		}
	}
	var outlets []topics.Outlet
	for name, hs := range hosts {
		o := topics.Outlet{Name: name}
		for h := range hs {
			o.Hosts = append(o.Hosts, h)
		}
		slices.Sort(o.Hosts)
		outlets = append(outlets, o)
	}
	slices.SortFunc(outlets, func(a, b topics.Outlet) int { return strings.Compare(a.Name, b.Name) })
	vopt.Names = topics.OutletTerms(counts, stop, outlets)
	phrases := terms.Phrases(counts, terms.PhraseOptions{})
	all, err := topics.ChooseVocab(counts, phrases, vopt)
	if err != nil {
		return err
	}
	vopt.ByOutlet = byOutlet
	vocab, err := topics.ChooseVocab(counts, phrases, vopt)
	if err != nil {
		return err
	}
	var owned []string
	for i := range all.Len() {
		if _, ok := vocab.ID(all.Term(i)); !ok {
			owned = append(owned, fmt.Sprintf("%s (%d)", all.Term(i), all.DF(i)))
		}
	}
	slog.Info("terms one outlet owns", "n", len(owned), "first", owned[:min(60, len(owned))])
	freq := vopt
	freq.MaxDF, freq.Size, freq.ByOutlet = 1, 200, nil
	if top, err := topics.ChooseVocab(counts, phrases, freq); err == nil {
		var over []string
		limit := int64(topics.DefaultMaxDF * float64(counts.Paragraphs))
		if vopt.MaxDF > 0 {
			limit = int64(vopt.MaxDF * float64(counts.Paragraphs))
		}
		for i := range top.Len() {
			if top.DF(i) > limit {
				over = append(over, fmt.Sprintf("%s (%.1f%%)", top.Term(i), 100*float64(top.DF(i))/float64(counts.Paragraphs)))
			}
		}
		slog.Info("terms above MaxDF", "n", len(over), "terms", over)
	}
	slog.Info("vocabulary", "articles", len(arts), "paragraphs", counts.Paragraphs,
		"terms", vocab.Len(), "phrases", len(phrases), "outlet terms", len(vopt.Names))

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var vb strings.Builder
	for i := range vocab.Len() {
		fmt.Fprintf(&vb, "%s\t%d\n", vocab.Term(i), vocab.DF(i))
	}
	if err := os.WriteFile(filepath.Join(dir, "vocab.tsv"), []byte(vb.String()), 0o644); err != nil {
		return err
	}
	var nb strings.Builder
	for _, t := range vopt.Names {
		nb.WriteString(t + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "outlet-terms.txt"), []byte(nb.String()), 0o644); err != nil {
		return err
	}
	out, err := os.Create(filepath.Join(dir, "docs.tsv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	var d topics.Doc
	empty := 0
	for _, a := range arts {
		d = vocab.Doc(d, a.seqs...)
		if len(d.IDs) == 0 {
			empty++
		}
		line := []byte(a.id + "\t" + a.label + "\t" + a.day + "\t")
		for i, id := range d.IDs {
			if i > 0 {
				line = append(line, ' ')
			}
			line = strconv.AppendInt(line, int64(id), 10)
			line = append(line, ':')
			line = strconv.AppendInt(line, int64(d.Counts[i]), 10)
		}
		line = append(line, '\n')
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	slog.Info("documents", "written", len(arts), "empty", empty)
	return out.Close()
}
