package main

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// spill sorts records by key in bounded memory: records are kept in memory
// up to limit bytes, then sorted and written to a temporary file (a run);
// Sorted merges the runs. A full first run analyses the whole corpus
// before the windowed steps can take it day by day, and its results would
// not fit in memory otherwise.
type spill struct {
	dir   string
	limit int
	buf   []spillRecord
	size  int
	runs  []string
}

type spillRecord struct {
	key  string
	data []byte
}

func newSpill(dir string, limit int) *spill { return &spill{dir: dir, limit: limit} }

// Add adds a record; data must not be changed afterwards.
func (s *spill) Add(key string, data []byte) error {
	s.buf = append(s.buf, spillRecord{key, data})
	s.size += len(key) + len(data) + 64
	if s.size >= s.limit {
		return s.flush()
	}
	return nil
}

func (s *spill) sortBuf() {
	slices.SortStableFunc(s.buf, func(a, b spillRecord) int { return strings.Compare(a.key, b.key) })
}

func (s *spill) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	s.sortBuf()
	f, err := os.CreateTemp(s.dir, "spill-*.run")
	if err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var hdr [2 * binary.MaxVarintLen64]byte
	for _, r := range s.buf {
		n := binary.PutUvarint(hdr[:], uint64(len(r.key)))
		n += binary.PutUvarint(hdr[n:], uint64(len(r.data)))
		w.Write(hdr[:n])
		w.WriteString(r.key)
		w.Write(r.data)
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("spill: %w", err)
	}
	s.runs = append(s.runs, f.Name())
	s.buf, s.size = nil, 0
	return nil
}

// Close removes the spill's files.
func (s *spill) Close() {
	for _, r := range s.runs {
		os.Remove(r)
	}
	s.runs = nil
	s.buf = nil
}

// Sorted returns an iterator over every record in key order (records with
// equal keys in the order added within a run). Add must not be called
// afterwards. The iterator releases the records it returns: Sorted can be
// called once (see Peek).
func (s *spill) Sorted() (func() (key string, data []byte, err error), error) {
	return s.sorted(true)
}

// Peek is Sorted without releasing the records, for passes before the
// last.
func (s *spill) Peek() (func() (key string, data []byte, err error), error) {
	return s.sorted(false)
}

func (s *spill) sorted(release bool) (func() (key string, data []byte, err error), error) {
	if len(s.runs) == 0 {
		s.sortBuf()
		i := 0
		return func() (string, []byte, error) {
			if i >= len(s.buf) {
				return "", nil, io.EOF
			}
			r := s.buf[i]
			if release {
				s.buf[i] = spillRecord{}
			}
			i++
			return r.key, r.data, nil
		}, nil
	}
	if err := s.flush(); err != nil {
		return nil, err
	}
	h := &runHeap{}
	for i, name := range s.runs {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("spill: %w", err)
		}
		rr := &runReader{r: bufio.NewReaderSize(f, 1<<20), f: f, order: i}
		if err := rr.next(); err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		} else if err == nil {
			heap.Push(h, rr)
		} else {
			f.Close()
		}
	}
	return func() (string, []byte, error) {
		if h.Len() == 0 {
			return "", nil, io.EOF
		}
		rr := (*h)[0]
		key, data := rr.key, rr.data
		if err := rr.next(); err != nil {
			if !errors.Is(err, io.EOF) {
				return "", nil, err
			}
			heap.Pop(h)
			rr.f.Close()
		} else {
			heap.Fix(h, 0)
		}
		return key, data, nil
	}, nil
}

type runReader struct {
	r     *bufio.Reader
	f     *os.File
	order int
	key   string
	data  []byte
}

func (rr *runReader) next() error {
	kl, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return err
	}
	dl, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	buf := make([]byte, kl+dl)
	if _, err := io.ReadFull(rr.r, buf); err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	rr.key, rr.data = string(buf[:kl]), buf[kl:]
	return nil
}

type runHeap []*runReader

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := strings.Compare(h[i].key, h[j].key); c != 0 {
		return c < 0
	}
	return h[i].order < h[j].order
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
