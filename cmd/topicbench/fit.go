package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"newsframe/analysis/topics"
)

// meta is what docs.tsv says of a document besides its terms.
type meta struct{ id, label, day string }

// readDocs reads vocab.tsv and docs.tsv as prepare wrote them.
func readDocs(dir string) (*topics.Vocab, []topics.Doc, error) {
	v, docs, _, err := readDocsMeta(dir)
	return v, docs, err
}

// readVocab reads vocab.tsv.
func readVocab(dir string) (*topics.Vocab, []string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "vocab.tsv"))
	if err != nil {
		return nil, nil, err
	}
	var list []string
	for line := range strings.SplitSeq(strings.TrimRight(string(b), "\n"), "\n") {
		term, _, _ := strings.Cut(line, "\t")
		list = append(list, term)
	}
	vocab, err := topics.NewVocab(list, nil)
	return vocab, list, err
}

// readDocsMeta is readDocs with each document's id, label and day.
func readDocsMeta(dir string) (*topics.Vocab, []topics.Doc, []meta, error) {
	vocab, _, err := readVocab(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	f, err := os.Open(filepath.Join(dir, "docs.tsv"))
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var docs []topics.Doc
	var metas []meta
	for n := 1; sc.Scan(); n++ {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 4 {
			return nil, nil, nil, fmt.Errorf("docs.tsv: line %d: %d fields", n, len(fields))
		}
		metas = append(metas, meta{fields[0], fields[1], fields[2]})
		var d topics.Doc
		for kv := range strings.FieldsSeq(fields[3]) {
			k, v, _ := strings.Cut(kv, ":")
			id, err1 := strconv.Atoi(k)
			c, err2 := strconv.ParseFloat(v, 32)
			if err1 != nil || err2 != nil {
				return nil, nil, nil, fmt.Errorf("docs.tsv: line %d: bad entry %q", n, kv)
			}
			d.IDs = append(d.IDs, int32(id))
			d.Counts = append(d.Counts, float32(c))
		}
		docs = append(docs, d)
	}
	return vocab, docs, metas, sc.Err()
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// maxRSSMB returns the peak resident set size of this program, in MB:
// VmHWM from /proc/self/status, which starts afresh at exec (getrusage's
// ru_maxrss does not: a child forked from a large Python process would
// report the parent's size), else ru_maxrss.
func maxRSSMB() float64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
				if err == nil {
					return kb / 1024
				}
			}
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // kilobytes on Linux
}

// fileSource returns a Source that reads docs.tsv afresh on every pass,
// holding one document at a time.
func fileSource(dir string) topics.Source {
	return func(yield func(topics.Doc) bool) error {
		f, err := os.Open(filepath.Join(dir, "docs.tsv"))
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		var d topics.Doc
		for n := 1; sc.Scan(); n++ {
			line := sc.Bytes()
			tab := bytes.LastIndexByte(line, '\t')
			if tab < 0 {
				return fmt.Errorf("docs.tsv: line %d: no tab", n)
			}
			d.IDs, d.Counts = d.IDs[:0], d.Counts[:0]
			for kv := range bytes.FieldsSeq(line[tab+1:]) {
				k, v, _ := bytes.Cut(kv, []byte{':'})
				id, err1 := strconv.Atoi(string(k))
				c, err2 := strconv.ParseFloat(string(v), 32)
				if err1 != nil || err2 != nil {
					return fmt.Errorf("docs.tsv: line %d: bad entry %q", n, kv)
				}
				d.IDs = append(d.IDs, int32(id))
				d.Counts = append(d.Counts, float32(c))
			}
			if !yield(d) {
				return nil
			}
		}
		return sc.Err()
	}
}

// fit fits newsframe's topic model to the prepared documents and writes
// topics.txt (each topic's 20 terms of highest weight, as ids), main.txt
// (each document's topic of largest proportion), model.bin and stats.json
// (fit time, CPU, peak RSS at the end of the fit, mean inference time per
// document, the package's own NPMI) to out. With stream, every pass reads
// docs.tsv again and no more than a document is held at a time; otherwise
// the documents are read into memory first, as gensim and scikit-learn
// hold them.
func fit(dir string, opt topics.FitOptions, out string, stream bool) error {
	var src topics.Source
	var vocab *topics.Vocab
	if stream {
		v, _, err := readVocab(dir)
		if err != nil {
			return err
		}
		vocab, src = v, fileSource(dir)
	} else {
		v, docs, err := readDocs(dir)
		if err != nil {
			return err
		}
		vocab, src = v, topics.DocsSource(docs)
	}
	opt.Progress = func(pass int, kind string, r float64) {
		slog.Info("pass", "n", pass, "kind", kind, "residual", r)
	}
	t0, c0 := time.Now(), cpuSeconds()
	m, err := topics.Fit(src, vocab, opt)
	if err != nil {
		return err
	}
	fitS, cpuS, rss := time.Since(t0).Seconds(), cpuSeconds()-c0, maxRSSMB()

	// Inference of every document (its main topic) and the package's own
	// coherence counts, to check against topicbench.py's.
	in := m.NewInferrer()
	var inf topics.Inference
	var main []int
	coh := topics.NewCoherence(m.TopIDs(10))
	var inferDur time.Duration
	err = src(func(d topics.Doc) bool {
		t := time.Now()
		in.Infer(&inf, d)
		inferDur += time.Since(t)
		best, bestP := -1, 0.0
		for t, p := range inf.Proportions {
			if p > bestP {
				best, bestP = t, p
			}
		}
		main = append(main, best)
		coh.Add(d)
		return true
	})
	if err != nil {
		return err
	}
	inferUS := float64(inferDur.Microseconds()) / float64(len(main))
	var npmi float64
	for _, x := range coh.NPMI() {
		npmi += x / float64(m.K())
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var tb strings.Builder
	for t := range m.K() {
		for i, tw := range m.Top(t, 20) {
			if i > 0 {
				tb.WriteByte(' ')
			}
			id, _ := vocab.ID(tw.Term)
			tb.WriteString(strconv.Itoa(id))
		}
		tb.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(out, "topics.txt"), []byte(tb.String()), 0o644); err != nil {
		return err
	}
	var mb strings.Builder
	for _, t := range main {
		mb.WriteString(strconv.Itoa(t) + "\n")
	}
	if err := os.WriteFile(filepath.Join(out, "main.txt"), []byte(mb.String()), 0o644); err != nil {
		return err
	}
	enc, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "model.bin"), enc, 0o644); err != nil {
		return err
	}
	info := m.Info()
	stats, err := json.Marshal(map[string]any{"fit_s": fitS, "cpu_s": cpuS, "rss_mb": rss,
		"infer_us": inferUS, "passes": info.Passes, "residual": info.Residual, "workers": opt.Workers,
		"npmi_go": npmi})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "stats.json"), stats, 0o644)
}
