package main

import (
	"bufio"
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

// readDocsMeta is readDocs with each document's id, label and day.
func readDocsMeta(dir string) (*topics.Vocab, []topics.Doc, []meta, error) {
	b, err := os.ReadFile(filepath.Join(dir, "vocab.tsv"))
	if err != nil {
		return nil, nil, nil, err
	}
	var list []string
	for line := range strings.SplitSeq(strings.TrimRight(string(b), "\n"), "\n") {
		term, _, _ := strings.Cut(line, "\t")
		list = append(list, term)
	}
	vocab, err := topics.NewVocab(list, nil)
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

func maxRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // kilobytes on Linux
}

// fit fits newsframe's topic model to the prepared documents and writes
// topics.txt (each topic's 20 terms of highest weight, as ids), main.txt
// (each document's topic of largest proportion) and stats.json (fit time,
// CPU, peak RSS, mean inference time per document) to out.
func fit(dir string, opt topics.FitOptions, out string) error {
	vocab, docs, err := readDocs(dir)
	if err != nil {
		return err
	}
	opt.Progress = func(pass int, kind string, r float64) {
		slog.Info("pass", "n", pass, "kind", kind, "residual", r)
	}
	t0, c0 := time.Now(), cpuSeconds()
	m, err := topics.Fit(topics.DocsSource(docs), vocab, opt)
	if err != nil {
		return err
	}
	fitS, cpuS := time.Since(t0).Seconds(), cpuSeconds()-c0

	in := m.NewInferrer()
	var inf topics.Inference
	main := make([]int, len(docs))
	t1 := time.Now()
	for i, d := range docs {
		in.Infer(&inf, d)
		main[i] = -1
		best := 0.0
		for t, p := range inf.Proportions {
			if p > best {
				main[i], best = t, p
			}
		}
	}
	inferUS := float64(time.Since(t1).Microseconds()) / float64(len(docs))

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
	// The package's own coherence counts, to check against topicbench.py's.
	coh := topics.NewCoherence(m.TopIDs(10))
	for _, d := range docs {
		coh.Add(d)
	}
	var npmi float64
	for _, x := range coh.NPMI() {
		npmi += x / float64(m.K())
	}
	info := m.Info()
	stats, err := json.Marshal(map[string]any{"fit_s": fitS, "cpu_s": cpuS, "rss_mb": maxRSSMB(),
		"infer_us": inferUS, "passes": info.Passes, "residual": info.Residual, "workers": opt.Workers,
		"npmi_go": npmi})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "stats.json"), stats, 0o644)
}
