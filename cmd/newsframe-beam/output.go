package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/codec"
	"newsframe/analysis/terms"
	"newsframe/cmd/internal/resultdir"
)

// joinPath joins a result directory (local or a URL) and a relative path.
func joinPath(dir, rel string) string { return strings.TrimSuffix(dir, "/") + "/" + rel }

// writeFile writes a file through the Beam file systems (local, gs://,
// s3://): the file is complete once Close returns.
func writeFile(ctx context.Context, path string, fn func(io.Writer) error) error {
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer fsys.Close()
	w, err := fsys.OpenWrite(ctx, path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = fn(w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// pairKV packs a key and a value into one element (a single-key group
// cannot hold KVs as values).
func pairKV(key string, value []byte) []byte {
	e := codec.Encoder{}
	e.String(key)
	e.Bytes(value)
	return e.B
}

// writeSummariesFn writes the combined summaries (every key, in one
// group) as resultdir.SummariesFile and resultdir.DaysFile, under the
// catalog's names and in the catalog's encodings; totals is the corpus
// totals (side input).
type writeSummariesFn struct {
	Cfg Config
}

func (f *writeSummariesFn) ProcessElement(ctx context.Context, _ int, items func(*[]byte) bool, totals []byte) error {
	summaries := map[string][]byte{}
	days := map[string][]byte{}
	entities := map[string]aggregate.EntityTotal{}
	shared := terms.NewCounts()
	var b []byte
	for items(&b) {
		d := codec.Decoder{B: b}
		name, v := d.String(), d.Bytes()
		if err := d.Finish(); err != nil || len(v) == 0 {
			return fmt.Errorf("summary record: %v", cmp.Or(err, fmt.Errorf("empty %q", name)))
		}
		kind, blob := v[0], v[1:]
		switch {
		case kind == kindDay:
			days[strings.TrimPrefix(name, dayPrefix)] = blob
		case kind == kindEntity:
			t, err := decodeEntity(blob)
			if err != nil {
				return fmt.Errorf("summary %q: %w", name, err)
			}
			entities[strings.TrimPrefix(name, entityPrefix)] = t
		case kind == kindTerms:
			t := aggregate.NewCellTerms()
			if err := t.UnmarshalBinary(blob); err != nil {
				return fmt.Errorf("summary %q: %w", name, err)
			}
			shared.Merge(t.Shared)
			summaries[name] = blob
		default:
			summaries[name] = blob
		}
	}
	var err error
	if summaries[resultdir.SummaryShared], err = shared.AppendBinary(nil); err != nil {
		return err
	}
	summaries[resultdir.SummaryEntities] = resultdir.EncodeEntities(entities)
	if len(totals) == 0 {
		if totals, err = terms.NewCounts().AppendBinary(nil); err != nil {
			return err
		}
	}
	summaries[resultdir.SummaryTotals] = totals
	for file, m := range map[string]map[string][]byte{resultdir.SummariesFile: summaries, resultdir.DaysFile: days} {
		err := writeFile(ctx, joinPath(f.Cfg.Out, file), func(w io.Writer) error {
			rw, err := resultdir.NewRecords(w)
			if err != nil {
				return err
			}
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if err := rw.Add(k, m[k]); err != nil {
					return err
				}
			}
			return rw.Flush()
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeProblemsFn writes the problems (every one, in one group) as
// resultdir.ProblemsFile, in input order.
type writeProblemsFn struct {
	Cfg Config
}

func (f *writeProblemsFn) ProcessElement(ctx context.Context, _ int, items func(*[]byte) bool) error {
	var list []problemRecord
	var b []byte
	for items(&b) {
		var p problemRecord
		if err := json.Unmarshal(b, &p); err != nil {
			return fmt.Errorf("problem record: %w", err)
		}
		list = append(list, p)
	}
	slices.SortFunc(list, func(a, b problemRecord) int {
		return cmp.Or(cmp.Compare(a.FileIndex, b.FileIndex), cmp.Compare(a.Ordinal, b.Ordinal),
			strings.Compare(a.Problem.Path, b.Problem.Path), strings.Compare(a.Problem.Reason, b.Problem.Reason))
	})
	return writeFile(ctx, joinPath(f.Cfg.Out, resultdir.ProblemsFile), func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		enc := json.NewEncoder(bw)
		for i := range list {
			if err := enc.Encode(&list[i].Problem); err != nil {
				return err
			}
		}
		return bw.Flush()
	})
}
