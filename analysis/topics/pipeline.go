package topics

import (
	"fmt"
	"slices"
	"sync"
)

// Source yields the documents of a corpus, in the same order every time
// it is called: [Fit] calls it once per pass. Each Doc only needs to stay
// valid during the yield call (a source may reuse its slices). A source
// stops early when yield returns false, and returns the error that stopped
// it, if any.
type Source func(yield func(Doc) bool) error

// DocsSource returns a Source over documents held in memory.
func DocsSource(docs []Doc) Source {
	return func(yield func(Doc) bool) error {
		for _, d := range docs {
			if !yield(d) {
				return nil
			}
		}
		return nil
	}
}

// chunkSize is the number of documents a worker takes at a time. The
// chunks depend only on the order of the documents, and their results are
// folded in that order, so the sums of a pass are the same whatever the
// number of workers.
const chunkSize = 128

// chunk is a run of documents copied out of the source, with room for
// what a worker computes of each.
type chunk struct {
	seq    int
	ids    []int32
	counts []float32
	ends   []int // doc i is ids[ends[i-1]:ends[i]]
	// x[j] is the weight of entry j (docWeights); a document without
	// weight has empty[i] set.
	x     []float64
	empty []bool
	// out holds width numbers per document; res one.
	out []float64
	res []float64
	err error
}

func (c *chunk) reset() {
	c.ids, c.counts, c.ends = c.ids[:0], c.counts[:0], c.ends[:0]
	c.err = nil
}

func (c *chunk) add(d Doc) {
	c.ids = append(c.ids, d.IDs...)
	c.counts = append(c.counts, d.Counts...)
	c.ends = append(c.ends, len(c.ids))
}

func (c *chunk) len() int { return len(c.ends) }

// doc returns document i of the chunk.
func (c *chunk) doc(i int) (Doc, []float64) {
	lo := 0
	if i > 0 {
		lo = c.ends[i-1]
	}
	hi := c.ends[i]
	return Doc{IDs: c.ids[lo:hi], Counts: c.counts[lo:hi]}, c.x[lo:hi]
}

// weigh validates the chunk's documents against a vocabulary of len(idf)
// terms and computes their weights.
func (c *chunk) weigh(idf []float32) {
	c.x = c.x[:0]
	c.empty = c.empty[:0]
	lo := 0
	for i, hi := range c.ends {
		d := Doc{IDs: c.ids[lo:hi], Counts: c.counts[lo:hi]}
		if err := d.Validate(len(idf)); err != nil && c.err == nil {
			c.err = fmt.Errorf("document %d of chunk %d: %w", i, c.seq, err)
		}
		n := len(c.x)
		c.x = slices.Grow(c.x, hi-lo)[:n+hi-lo]
		x := docWeights(c.x[n:n], d, idf)
		c.empty = append(c.empty, x == nil)
		lo = hi
	}
}

// runPass reads src once, hands chunks of documents to workers that call
// work on each, and calls fold on the chunks in source order, on the
// calling goroutine. newScratch makes one worker's scratch space.
func runPass[S any](src Source, workers int, newScratch func() S, work func(S, *chunk), fold func(*chunk) error) error {
	workers = max(1, workers)
	inflight := 2 * workers
	todo := make(chan *chunk)
	done := make(chan *chunk, inflight)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newScratch()
			for c := range todo {
				work(s, c)
				done <- c
			}
		}()
	}
	free := make([]*chunk, 0, inflight)
	for range inflight {
		free = append(free, &chunk{})
	}
	pending := make(map[int]*chunk)
	next, seq := 0, 0
	var foldErr error
	// receive waits for one finished chunk and folds every chunk that is
	// next in order.
	receive := func() {
		c := <-done
		pending[c.seq] = c
		for {
			c, ok := pending[next]
			if !ok {
				return
			}
			delete(pending, next)
			next++
			if foldErr == nil {
				if c.err != nil {
					foldErr = c.err
				} else {
					foldErr = fold(c)
				}
			}
			free = append(free, c)
		}
	}
	take := func() *chunk {
		for len(free) == 0 {
			receive()
		}
		c := free[len(free)-1]
		free = free[:len(free)-1]
		c.reset()
		return c
	}
	cur := take()
	send := func() {
		cur.seq = seq
		seq++
		todo <- cur
		cur = take()
	}
	srcErr := src(func(d Doc) bool {
		cur.add(d)
		if cur.len() == chunkSize {
			send()
		}
		return foldErr == nil
	})
	if cur.len() > 0 {
		send()
	}
	close(todo)
	for next < seq {
		receive()
	}
	wg.Wait()
	if srcErr != nil {
		return srcErr
	}
	return foldErr
}
