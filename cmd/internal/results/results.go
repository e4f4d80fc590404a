// Package results is the result store: the per-article and per-paragraph
// rows of the map step (article.ArticleRow, article.ParagraphRow) as Apache
// Parquet files partitioned by publication day,
//
//	DIR/articles/day=YYYY-MM-DD/part-CHUNK.rRUN.parquet
//	DIR/paragraphs/day=YYYY-MM-DD/part-CHUNK.rRUN.parquet
//	DIR/articles/day=__HIVE_DEFAULT_PARTITION__/part-CHUNK.rRUN.parquet (undated)
//
// which are both what newsframe keeps between runs and what it exports:
// pandas/pyarrow, R arrow, Polars and DuckDB read each dataset as one table
// (DuckDB: read_parquet('articles/**/*.parquet', hive_partitioning=true)).
//
// A file is never changed once written: a run that changes a chunk writes
// it under a new name (the run number in it) and the catalog switches to
// the new name in the transaction that commits the run; the old name is
// then unlinked. Published runs hard-link the files they show, so a kept
// run keeps its files whatever the store does later, and a run shares
// every unchanged file with the runs before it.
package results

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go"
	"golang.org/x/sys/unix"

	"newsframe/analysis/article"
)

// The datasets of the store.
const (
	Articles   = "articles"
	Paragraphs = "paragraphs"
	// Topics is the long-form table of the articles' topic shares.
	Topics = "article_topics"
)

// Undated is the partition of articles without a publication date: Hive's
// name for a missing partition value, which DuckDB, Arrow and Spark read
// as a null day (so day stays a DATE column whether or not a corpus has
// undated articles).
const Undated = "__HIVE_DEFAULT_PARTITION__"

// File is one Parquet file of the store, by its path relative to the
// store's directory ("articles/day=2024-03-05/part-0.r7.parquet").
type File struct {
	Path  string
	Rows  int64
	Bytes int64
}

// Store is a directory of Parquet datasets.
type Store struct {
	Dir string
}

// Open returns the store in dir, creating the directory.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("result store: %w", err)
	}
	return &Store{Dir: dir}, nil
}

// PartitionDir returns the directory of a dataset's partition, relative
// to the store: "paragraphs/day=2024-03-05". day is "" for undated
// articles.
func PartitionDir(dataset, day string) string {
	if day == "" {
		day = Undated
	}
	return dataset + "/day=" + day
}

// ChunkPath returns the path, relative to the store, of a dataset's file
// of one chunk written by run: "articles/day=2024-03-05/part-0.r7.parquet".
func ChunkPath(dataset, day, chunk string, run int64) string {
	return fmt.Sprintf("%s/part-%s.r%d.parquet", PartitionDir(dataset, day), chunk, run)
}

// WriteArticles writes the rows of one chunk (sorted by article id) and
// returns the new file. The caller makes the write durable with Sync
// before it records the file.
func (s *Store) WriteArticles(day, chunk string, run int64, rows []article.ArticleRow) (File, error) {
	sortArticles(rows)
	return write(s, ChunkPath(Articles, day, chunk, run), rows)
}

// WriteParagraphs writes the paragraphs of one chunk, sorted by article id
// and paragraph index.
func (s *Store) WriteParagraphs(day, chunk string, run int64, rows []article.ParagraphRow) (File, error) {
	sortParagraphs(rows)
	return write(s, ChunkPath(Paragraphs, day, chunk, run), rows)
}

// WriteTopics writes the topic shares of one chunk's articles, sorted by
// article id and rank.
func (s *Store) WriteTopics(day, chunk string, run int64, rows []article.TopicRow) (File, error) {
	sortTopics(rows)
	return write(s, ChunkPath(Topics, day, chunk, run), rows)
}

// EncodeArticles writes the rows of one chunk to w as WriteArticles writes
// its file (sorted by article id, same schema and compression), for files
// the store does not hold: the Beam pipeline writes them through the file
// systems of its runner (gs://, s3://).
func EncodeArticles(w io.Writer, rows []article.ArticleRow) error {
	sortArticles(rows)
	return encode(w, rows)
}

// EncodeParagraphs is EncodeArticles for the paragraphs of one chunk.
func EncodeParagraphs(w io.Writer, rows []article.ParagraphRow) error {
	sortParagraphs(rows)
	return encode(w, rows)
}

func sortTopics(rows []article.TopicRow) {
	slices.SortFunc(rows, func(a, b article.TopicRow) int {
		return cmp.Or(strings.Compare(a.ArticleID, b.ArticleID), cmp.Compare(a.Rank, b.Rank))
	})
}

func sortArticles(rows []article.ArticleRow) {
	slices.SortFunc(rows, func(a, b article.ArticleRow) int { return strings.Compare(a.ArticleID, b.ArticleID) })
}

func sortParagraphs(rows []article.ParagraphRow) {
	slices.SortFunc(rows, func(a, b article.ParagraphRow) int {
		if c := strings.Compare(a.ArticleID, b.ArticleID); c != 0 {
			return c
		}
		return int(a.Paragraph - b.Paragraph)
	})
}

// writers pools the Parquet writers of each row type: building one (its
// schema, its column buffers) cost more than writing a small day's chunk.
var writers sync.Map // reflect.Type → *sync.Pool of *parquet.GenericWriter[T]

func writerFor[T any](w io.Writer) *parquet.GenericWriter[T] {
	key := reflect.TypeFor[T]()
	p, _ := writers.LoadOrStore(key, &sync.Pool{})
	pool := p.(*sync.Pool)
	if x, ok := pool.Get().(*parquet.GenericWriter[T]); ok {
		x.Reset(w)
		return x
	}
	// No page statistics or page index: a day's chunk is one page per
	// column, which readers scan whole, and the statistics cost 2 KB a
	// file (a sparse corpus has thousands of small days).
	return parquet.NewGenericWriter[T](w, parquet.Compression(pageCodec), parquet.CreatedBy("newsframe", "", ""),
		parquet.DataPageStatistics(false), parquet.SkipPageBounds(), parquet.ColumnIndexSizeLimit(func([]string) int { return 0 }))
}

func putWriter[T any](w *parquet.GenericWriter[T]) {
	p, _ := writers.Load(reflect.TypeFor[T]())
	p.(*sync.Pool).Put(w)
}

// encode writes rows as one Parquet file to w.
func encode[T any](w io.Writer, rows []T) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	pw := writerFor[T](bw)
	_, err := pw.Write(rows)
	if err == nil {
		err = pw.Close()
	}
	if err == nil {
		putWriter(pw)
	}
	if err == nil {
		err = bw.Flush()
	}
	return err
}

func write[T any](s *Store, rel string, rows []T) (File, error) {
	path := filepath.Join(s.Dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return File{}, fmt.Errorf("write %s: %w", rel, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return File{}, fmt.Errorf("write %s: %w", rel, err)
	}
	err = encode(f, rows)
	var size int64
	if err == nil {
		var st os.FileInfo
		if st, err = f.Stat(); err == nil {
			size = st.Size()
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return File{}, fmt.Errorf("write %s: %w", rel, err)
	}
	return File{Path: rel, Rows: int64(len(rows)), Bytes: size}, nil
}

// ReadArticles reads the article rows of a file of the store.
func (s *Store) ReadArticles(rel string) ([]article.ArticleRow, error) {
	return read[article.ArticleRow](filepath.Join(s.Dir, rel))
}

// ReadParagraphs reads the paragraph rows of a file of the store.
func (s *Store) ReadParagraphs(rel string) ([]article.ParagraphRow, error) {
	return read[article.ParagraphRow](filepath.Join(s.Dir, rel))
}

// ReadTopics reads an article_topics file.
func (s *Store) ReadTopics(rel string) ([]article.TopicRow, error) {
	return read[article.TopicRow](filepath.Join(s.Dir, rel))
}

func read[T any](path string) (out []T, err error) {
	// parquet-go reports a file it cannot open (empty, truncated, not
	// Parquet) by panicking on first use.
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("read %s: %v", path, p)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	r := parquet.NewGenericReader[T](f)
	defer r.Close()
	rows := make([]T, r.NumRows())
	n := 0
	for n < len(rows) {
		k, err := r.Read(rows[n:])
		n += k
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s (%d bytes): %w", path, st.Size(), err)
		}
	}
	return rows[:n], nil
}

// Sync makes every file written so far durable: one syncfs(2) of the
// store's file system instead of an fsync per file (a first run writes
// thousands of partitions).
func (s *Store) Sync() error {
	d, err := os.Open(s.Dir)
	if err != nil {
		return fmt.Errorf("sync results: %w", err)
	}
	defer d.Close()
	if err := unix.Syncfs(int(d.Fd())); err != nil {
		return fmt.Errorf("sync results: %w", err)
	}
	return nil
}

// Remove unlinks files that the catalog no longer records. Runs that
// linked them keep their copies.
func (s *Store) Remove(rels []string) error {
	var errs []error
	for _, rel := range rels {
		if err := os.Remove(filepath.Join(s.Dir, rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Sweep removes every file of the store that keep does not name: files a
// run wrote before it was killed, before its catalog transaction. It
// returns the number removed.
func (s *Store) Sweep(keep map[string]bool) (int, error) {
	removed := 0
	for _, ds := range []string{Articles, Paragraphs, Topics} {
		root := filepath.Join(s.Dir, ds)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(s.Dir, path)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if !keep[rel] {
				if err := os.Remove(path); err != nil {
					return err
				}
				removed++
			}
			return nil
		})
		if err != nil {
			return removed, fmt.Errorf("sweep results: %w", err)
		}
	}
	return removed, nil
}

// Link makes the files visible under dir with the same relative paths: a
// hard link where the file systems allow, else a copy (the state and the
// report on different file systems). It returns the number copied.
func (s *Store) Link(dir string, rels []string) (copied int, err error) {
	made := map[string]bool{}
	for _, rel := range rels {
		dst := filepath.Join(dir, rel)
		if d := filepath.Dir(dst); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return copied, fmt.Errorf("link results: %w", err)
			}
			made[d] = true
		}
		src := filepath.Join(s.Dir, rel)
		err := os.Link(src, dst)
		if err == nil || errors.Is(err, fs.ErrExist) {
			continue
		}
		if !errors.Is(err, unix.EXDEV) && !errors.Is(err, unix.EPERM) && !errors.Is(err, unix.EMLINK) {
			return copied, fmt.Errorf("link results: %w", err)
		}
		if err := copyFile(src, dst); err != nil {
			return copied, fmt.Errorf("link results: %w", err)
		}
		copied++
	}
	return copied, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
