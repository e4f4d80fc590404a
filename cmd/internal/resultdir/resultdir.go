// Package resultdir is the layout of a directory of computed results: what
// the Beam pipeline (cmd/newsframe-beam) writes and `newsframe report
// --from DIR` renders. The pipeline computes, the single-machine command
// renders, and this package is the contract between them:
//
//	DIR/articles/day=YYYY-MM-DD/part-CHUNK.r1.parquet    the articles dataset (package results)
//	DIR/paragraphs/day=YYYY-MM-DD/part-CHUNK.r1.parquet  the paragraphs dataset
//	DIR/index/day=YYYY-MM-DD/part-CHUNK.r1.jsonl         the catalog's row of each article of the chunk ([Article])
//	DIR/summaries.bin   the corpus-level summaries under the catalog's names ([Records])
//	DIR/days.bin        the (day, cell) summaries, keyed DAY NUL CELL ([DayKey])
//	DIR/problems.jsonl  the bad inputs and warnings (source.Problem), in input order
//	DIR/pipeline.json   the settings ([Settings]); written last, when everything else is
//
// The undated partition is day=__HIVE_DEFAULT_PARTITION__ in all three
// datasets, and chunks are cut as a first local run cuts them, so the
// Parquet files have the names and the rows of `newsframe run`'s.
package resultdir

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/codec"
	"newsframe/analysis/stance"
	"newsframe/analysis/terms"
	"newsframe/cmd/internal/results"
)

// Files and directories of a result directory.
const (
	SettingsFile  = "pipeline.json"
	ProblemsFile  = "problems.jsonl"
	SummariesFile = "summaries.bin"
	DaysFile      = "days.bin"
	// Index is the dataset of catalog rows, partitioned as the Parquet
	// datasets are.
	Index = "index"
)

// Run is the run number in the names of the files, that of a first local
// run.
const Run int64 = 1

// Names of the summaries in SummariesFile: those of the catalog's
// summaries table (cmd/newsframe commit.go), so that the blobs go into a
// catalog as they are. A cell's key is aggregate.Cell.Key().
const (
	SummaryTotals   = "totals"
	SummaryCooc     = "cooc"
	SummaryWindow   = "cooc/window"
	SummaryEntities = "entities"
	SummaryShared   = "shared"
	CellPrefix      = "cell/"
	TermsPrefix     = "terms/"
)

// IndexPath returns the path, relative to DIR, of a chunk's index file.
func IndexPath(day, chunk string) string {
	return fmt.Sprintf("%s/part-%s.r%d.jsonl", results.PartitionDir(Index, day), chunk, Run)
}

// Settings are what the pipeline ran with: what the report shows and
// needs to compare as the pipeline counted (targets, label pairs, the
// co-occurrence settings).
type Settings struct {
	// Version is the pipeline's build.
	Version string `json:"version"`
	// Corpus are the corpus paths as given.
	Corpus []string `json:"corpus"`
	// Analysis fingerprints the per-article analysis (the catalog's
	// articles.settings).
	Analysis      string `json:"analysis"`
	TopTerms      int    `json:"top_terms"`
	Window        int    `json:"window"`
	CompareBy     string `json:"compare_by"`
	IncludeShared bool   `json:"include_shared"`
	// TargetsFile, Stopwords, Boilerplate, LabelPairsFile, CSVColumns and
	// MaxLine are the flags as given; Targets and LabelPairs what was
	// loaded from them.
	TargetsFile    string            `json:"targets_file"`
	TargetFlags    []string          `json:"target_flags"`
	Targets        []stance.Target   `json:"targets"`
	Stopwords      string            `json:"stopwords"`
	Boilerplate    string            `json:"boilerplate"`
	LabelPairsFile string            `json:"label_pairs_file"`
	LabelPairs     []terms.LabelPair `json:"label_pairs"`
	CSVColumns     string            `json:"csv_columns"`
	MaxLine        int               `json:"max_line"`
	// Started and Finished time the pipeline.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
}

// Article is an article's row of the catalog (cmd/newsframe's
// catalog.Article), as the pipeline decided it.
type Article struct {
	ID        string     `json:"id"`
	Hash      string     `json:"hash"`
	Settings  string     `json:"settings"`
	File      string     `json:"file"`
	Line      int        `json:"line"`
	Outlet    string     `json:"outlet"`
	Day       string     `json:"day"`
	Chunk     string     `json:"chunk"`
	Published *time.Time `json:"published,omitempty"`
	Story     string     `json:"story"`
	Title     string     `json:"title"`
	// Terms are its most frequent content terms, comma-separated (story
	// labels).
	Terms string `json:"terms"`
}

// DayKey is the key of a (day, cell) summary in DaysFile.
func DayKey(day string, c aggregate.Cell) string { return day + "\x00" + c.Key() }

// SplitDayKey parses a DayKey into the day and the cell's key.
func SplitDayKey(key string) (day, cell string) {
	day, cell, _ = strings.Cut(key, "\x00")
	return day, cell
}

// recordsVersion starts a records file.
const recordsVersion = 1

// ErrCorrupt is returned for a records file that is not one.
var ErrCorrupt = errors.New("resultdir: corrupt records file")

// Records writes a records file: a version byte, then (key, data) pairs
// as uvarint lengths and bytes, sorted by key, until the end of the file.
type Records struct {
	w    *bufio.Writer
	last string
	n    int
	hdr  [2 * binary.MaxVarintLen64]byte
}

// NewRecords starts a records file on w.
func NewRecords(w io.Writer) (*Records, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := bw.WriteByte(recordsVersion); err != nil {
		return nil, err
	}
	return &Records{w: bw}, nil
}

// Add writes a record; keys must come in increasing order.
func (r *Records) Add(key string, data []byte) error {
	if r.n > 0 && key <= r.last {
		return fmt.Errorf("resultdir: records out of order: %q after %q", key, r.last)
	}
	r.last, r.n = key, r.n+1
	n := binary.PutUvarint(r.hdr[:], uint64(len(key)))
	n += binary.PutUvarint(r.hdr[n:], uint64(len(data)))
	r.w.Write(r.hdr[:n])
	r.w.WriteString(key)
	_, err := r.w.Write(data)
	return err
}

// Flush writes what is buffered.
func (r *Records) Flush() error { return r.w.Flush() }

// ReadRecords calls fn for each record of a records file, in order.
func ReadRecords(r io.Reader, fn func(key string, data []byte) error) error {
	br := bufio.NewReaderSize(r, 1<<16)
	v, err := br.ReadByte()
	if err != nil || v != recordsVersion {
		return ErrCorrupt
	}
	for {
		kl, err := binary.ReadUvarint(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return ErrCorrupt
		}
		dl, err := binary.ReadUvarint(br)
		if err != nil || kl > 1<<20 || dl > 1<<40 {
			return ErrCorrupt
		}
		buf := make([]byte, kl+dl)
		if _, err := io.ReadFull(br, buf); err != nil {
			return ErrCorrupt
		}
		if err := fn(string(buf[:kl]), buf[kl:]); err != nil {
			return err
		}
	}
}

// EncodeEntities encodes the entity totals by name as the catalog keeps
// them (summary SummaryEntities).
func EncodeEntities(m map[string]aggregate.EntityTotal) []byte {
	e := codec.Encoder{B: []byte{1}}
	names := slices.Sorted(maps.Keys(m))
	e.Uvarint(uint64(len(names)))
	for _, n := range names {
		t := m[n]
		e.String(n)
		e.Varint(t.Mentions)
		e.Varint(t.Articles)
		e.Varint(t.Person)
	}
	return e.B
}
