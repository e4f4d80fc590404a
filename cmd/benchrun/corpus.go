package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sourceArticle is one line of the BBC JSON-lines corpus; the fields the
// replicas keep.
type sourceArticle struct {
	ID        string  `json:"id"`
	Outlet    string  `json:"outlet"`
	Category  string  `json:"category,omitempty"`
	Published *string `json:"published"`
	Title     string  `json:"title"`
	URL       *string `json:"url"`
	Text      string  `json:"text"`
}

// readSource reads the first limit articles of a JSON-lines file, plain
// or gzipped (all when limit <= 0), and the uncompressed bytes of their
// lines.
func readSource(path string, limit int) ([]sourceArticle, int64, error) {
	var arts []sourceArticle
	var size int64
	err := eachLine(path, limit, func(_ int, line []byte) (bool, error) {
		size += int64(len(line)) + 1
		var a sourceArticle
		if err := json.Unmarshal(line, &a); err != nil {
			return false, err
		}
		arts = append(arts, a)
		return true, nil
	})
	if err != nil {
		return nil, 0, err
	}
	if len(arts) == 0 {
		return nil, 0, fmt.Errorf("%s: no articles", path)
	}
	return arts, size, nil
}

// replicator writes mutated copies of a corpus. Copy k gets ids prefixed
// "cK-", the outlet "bbc-X" with X = 'a' + k mod outlets, and, for k > 0,
// one lower-case word in mutateOneIn replaced by another word of the
// corpus vocabulary: its image under one fixed pseudo-random map of the
// vocabulary onto itself. Which positions change depends on a hash of
// (copy, article, position).
//
// Why mutate: exact copies in other outlets would all be wire copy, and
// exact copies in the same outlet all "repeated", so every paragraph of
// the benchmark would take the near-duplicate path and none of the
// outlet comparisons would see text of its own. With one word in eight
// replaced, about half of a copy's 5-word shingles change: two copies
// share a Jaccard similarity near 0.2–0.35, below the 0.8 threshold, so
// replicas count as distinct paragraphs (the BBC set's own repeated
// articles stay repeated within copy 0). Replacement words come from the
// corpus's own vocabulary through one fixed map, so the word vocabulary
// does not grow with the copies and the adjacent-pair vocabulary at most
// quadruples ((a, b) can also appear as (f(a), b), (a, f(b)), (f(a),
// f(b))): memory that grows with the vocabulary stays close to one
// copy's, while everything that grows with the number of articles grows
// with the replication. Capitalised words and numbers are kept, so
// names, entities and sentence starts are unchanged; titles are kept, so
// the copies of an article cluster as one story covered by several
// outlets.
type replicator struct {
	arts    []sourceArticle
	vocab   []string
	outlets int
}

// mutateOneIn is the inverse rate of replaced words in copies after the
// first.
const mutateOneIn = 8

func newReplicator(arts []sourceArticle, outlets int) *replicator {
	seen := map[string]bool{}
	for _, a := range arts {
		for _, w := range strings.Fields(a.Text) {
			core, _, _ := splitWord(w)
			if isLowerWord(core) {
				seen[core] = true
			}
		}
	}
	vocab := make([]string, 0, len(seen))
	for w := range seen {
		vocab = append(vocab, w)
	}
	sort.Strings(vocab)
	return &replicator{arts: arts, vocab: vocab, outlets: outlets}
}

// splitWord splits a whitespace-separated token into leading punctuation,
// its core and trailing punctuation.
func splitWord(w string) (core, lead, trail string) {
	i := strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	if i < 0 {
		return "", w, ""
	}
	j := strings.LastIndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	_, size := utf8.DecodeRuneInString(w[j:])
	return w[i : j+size], w[:i], w[j+size:]
}

func isLowerWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// mutate returns text with about one lower-case word in mutateOneIn
// replaced; paragraph breaks and other whitespace are kept.
func (r *replicator) mutate(copyIdx int, id, text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	pos := 0
	i := 0
	for i < len(text) {
		// Copy whitespace as is.
		j := i
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		b.WriteString(text[i:j])
		if j == len(text) {
			break
		}
		k := j
		for k < len(text) && !isSpace(text[k]) {
			k++
		}
		w := text[j:k]
		core, lead, trail := splitWord(w)
		h := hash3(copyIdx, id, pos)
		if isLowerWord(core) && h%mutateOneIn == 0 {
			b.WriteString(lead)
			b.WriteString(r.vocab[hash3(-1, core, 0)%uint64(len(r.vocab))])
			b.WriteString(trail)
		} else {
			b.WriteString(w)
		}
		pos++
		i = k
	}
	return b.String()
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// hash3 hashes (k, id, pos): FNV-1a over their bytes, finished with
// SplitMix64 (FNV's low bits are weak).
func hash3(k int, id string, pos int) uint64 {
	const prime = 1099511628211
	z := uint64(14695981039346656037)
	for _, v := range [2]uint64{uint64(k), uint64(pos)} {
		for range 8 {
			z ^= v & 0xff
			z *= prime
			v >>= 8
		}
	}
	for i := 0; i < len(id); i++ {
		z ^= uint64(id[i])
		z *= prime
	}
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// writeCopy writes copy k of the articles selected by keep (all when nil)
// as JSON lines to w, prefixing ids with prefix.
func (r *replicator) writeCopy(w io.Writer, k int, prefix string, keep func(i int) bool) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	for i, a := range r.arts {
		if keep != nil && !keep(i) {
			continue
		}
		c := a
		c.ID = fmt.Sprintf("%s%d-%s", prefix, k, a.ID)
		c.Outlet = fmt.Sprintf("bbc-%c", 'a'+k%r.outlets)
		if k > 0 {
			c.Text = r.mutate(k, a.ID, a.Text)
		}
		if err := enc.Encode(&c); err != nil {
			return n, err
		}
		n++
	}
	return n, bw.Flush()
}

// corpusLayout is the replicated corpus on disk.
type corpusLayout struct {
	Dir      string
	Copies   int
	Articles int
	Bytes    int64
}

// replicate writes copies of the source into dir until it holds at least
// minBytes, one file per copy (so that an incremental run finds the old
// files unchanged).
func (r *replicator) replicate(dir string, minBytes int64) (*corpusLayout, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	out := &corpusLayout{Dir: dir}
	for k := 0; out.Bytes < minBytes; k++ {
		path := filepath.Join(dir, fmt.Sprintf("copy-%03d.jsonl", k))
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		n, err := r.writeCopy(f, k, "c", nil)
		if err == nil {
			err = f.Close()
		} else {
			f.Close()
		}
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		out.Copies++
		out.Articles += n
		out.Bytes += fi.Size()
	}
	return out, nil
}

// addNew writes dir/new.jsonl holding pct percent of the corpus's
// article count: a further mutated copy of every m-th source article,
// under new ids. It returns the number of articles and bytes written.
func (r *replicator) addNew(l *corpusLayout, pct float64, dir string) (int, int64, error) {
	want := int(float64(l.Articles)*pct/100 + 0.5)
	if want < 1 {
		want = 1
	}
	if want > len(r.arts) {
		want = len(r.arts)
	}
	step := len(r.arts) / want
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, err
	}
	path := filepath.Join(dir, "new.jsonl")
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	picked := 0
	n, err := r.writeCopy(f, l.Copies, "n", func(i int) bool {
		if i%step == 0 && picked < want {
			picked++
			return true
		}
		return false
	})
	if err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		return 0, 0, fmt.Errorf("write %s: %w", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	return n, fi.Size(), nil
}
