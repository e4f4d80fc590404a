package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// exportComparison is what compareExports found.
type exportComparison struct {
	// Files are the CSV and JSON-lines exports compared byte for byte;
	// Partitions the Parquet partition directories compared row by row and
	// Rows the rows in them.
	Files      int
	Partitions int
	Rows       int64
	// Diff lists what differs, empty when the exports are the same.
	Diff []string
}

// compareExports compares the exports of two report directories: the
// CSV and JSON-lines files byte for byte (not the run history, which
// differs by design: one run against two), and the Parquet datasets row
// by row. Parquet rows are compared as multisets per partition
// directory (paragraphs/day=2019-07-11/ ...): an incremental run and a
// clean one may cut a partition into files differently, and rows within
// a partition need not come in the same order; the schemas must match.
func compareExports(a, b string) (*exportComparison, error) {
	// The report directories are links to their newest runs.
	var err error
	if a, err = filepath.EvalSymlinks(a); err != nil {
		return nil, err
	}
	if b, err = filepath.EvalSymlinks(b); err != nil {
		return nil, err
	}
	filesA, partsA, err := listExports(a)
	if err != nil {
		return nil, err
	}
	filesB, partsB, err := listExports(b)
	if err != nil {
		return nil, err
	}
	if len(filesA) == 0 && len(partsA) == 0 {
		return nil, fmt.Errorf("no exports in %s", a)
	}
	c := &exportComparison{}
	for _, n := range onlyIn(filesA, filesB) {
		c.Diff = append(c.Diff, n+" (only in the incremental run)")
	}
	for _, n := range onlyIn(filesB, filesA) {
		c.Diff = append(c.Diff, n+" (only in the clean run)")
	}
	for _, n := range filesA {
		if !slices.Contains(filesB, n) {
			continue
		}
		x, err := os.ReadFile(filepath.Join(a, n))
		if err != nil {
			return nil, err
		}
		y, err := os.ReadFile(filepath.Join(b, n))
		if err != nil {
			return nil, err
		}
		c.Files++
		if !bytes.Equal(x, y) {
			c.Diff = append(c.Diff, n)
		}
	}
	for _, n := range onlyIn(partsA, partsB) {
		c.Diff = append(c.Diff, n+"/ (only in the incremental run)")
	}
	for _, n := range onlyIn(partsB, partsA) {
		c.Diff = append(c.Diff, n+"/ (only in the clean run)")
	}
	for _, n := range partsA {
		if !slices.Contains(partsB, n) {
			continue
		}
		x, err := readPartition(filepath.Join(a, n))
		if err != nil {
			return nil, err
		}
		y, err := readPartition(filepath.Join(b, n))
		if err != nil {
			return nil, err
		}
		c.Partitions++
		c.Rows += int64(len(x.rows))
		if why := x.differs(y); why != "" {
			c.Diff = append(c.Diff, n+"/: "+why)
		}
	}
	return c, nil
}

// onlyIn returns the names of a that b lacks; both are sorted.
func onlyIn(a, b []string) []string {
	var out []string
	for _, n := range a {
		if _, found := slices.BinarySearch(b, n); !found {
			out = append(out, n)
		}
	}
	return out
}

// listExports lists, relative to dir, the CSV and JSON-lines exports
// (without the run history) and the directories holding Parquet files,
// each sorted.
func listExports(dir string) (files, partitions []string, err error) {
	parts := map[string]bool{}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		switch ext := filepath.Ext(path); {
		case ext == ".parquet":
			parts[filepath.Dir(rel)] = true
		case (ext == ".csv" || ext == ".jsonl") && !strings.HasPrefix(d.Name(), "history"):
			files = append(files, rel)
		}
		return nil
	})
	for p := range parts {
		partitions = append(partitions, p)
	}
	sort.Strings(files)
	sort.Strings(partitions)
	return files, partitions, err
}

// partitionRows are the rows of a partition's Parquet files, each as a
// SHA-256 of its values (column, levels, kind and bytes: exact for
// floats), sorted; and the files' schemas.
type partitionRows struct {
	rows    [][sha256.Size]byte
	schemas []string
}

func (p *partitionRows) differs(q *partitionRows) string {
	if !slices.Equal(p.schemas, q.schemas) {
		return fmt.Sprintf("schemas differ:\n%s\nagainst\n%s", strings.Join(p.schemas, "\n"), strings.Join(q.schemas, "\n"))
	}
	if len(p.rows) != len(q.rows) {
		return fmt.Sprintf("%d rows against %d", len(p.rows), len(q.rows))
	}
	for i := range p.rows {
		if p.rows[i] != q.rows[i] {
			return "rows differ"
		}
	}
	return ""
}

// readPartition reads every Parquet file directly in dir.
func readPartition(dir string) (*partitionRows, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil {
		return nil, err
	}
	p := &partitionRows{}
	schemas := map[string]bool{}
	for _, n := range names {
		s, err := readRowHashes(n, p)
		if err != nil {
			return nil, err
		}
		schemas[s] = true
	}
	for s := range schemas {
		p.schemas = append(p.schemas, s)
	}
	sort.Strings(p.schemas)
	slices.SortFunc(p.rows, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	return p, nil
}

// readRowHashes appends the hashes of the rows of one Parquet file to p
// and returns the file's schema.
func readRowHashes(path string, p *partitionRows) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	r := parquet.NewReader(f)
	defer r.Close()
	buf := make([]parquet.Row, 64)
	var key []byte
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			key = rowKey(key[:0], row)
			p.rows = append(p.rows, sha256.Sum256(key))
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("read %s: %w", path, err)
		}
		if n == 0 {
			break
		}
	}
	return r.Schema().String(), nil
}

// rowKey appends an unambiguous encoding of a row's values to dst.
func rowKey(dst []byte, row parquet.Row) []byte {
	for _, v := range row {
		dst = binary.AppendUvarint(dst, uint64(v.Column()+1))
		dst = binary.AppendUvarint(dst, uint64(v.RepetitionLevel()))
		dst = binary.AppendUvarint(dst, uint64(v.DefinitionLevel()))
		if v.IsNull() {
			dst = append(dst, 0)
			continue
		}
		dst = append(dst, 1+byte(v.Kind()))
		b := v.Bytes()
		dst = binary.AppendUvarint(dst, uint64(len(b)))
		dst = append(dst, b...)
	}
	return dst
}
