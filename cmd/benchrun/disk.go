package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// fileKey identifies a file on disk: hard links share it.
type fileKey struct{ dev, ino uint64 }

// diskUsage sums apparent sizes (as `du -sb` does: files, directories and
// symbolic links, not blocks) over trees, counting each file once however
// many hard links to it the trees hold. Trees are added one after another,
// so the bytes each adds beyond the ones before can be read off.
type diskUsage struct {
	seen  map[fileKey]bool
	Bytes int64
}

func newDiskUsage() *diskUsage { return &diskUsage{seen: map[fileKey]bool{}} }

// add walks the trees at paths (files or directories; a path that does
// not exist adds nothing; symbolic links are counted, not followed) and
// returns the bytes they added.
func (u *diskUsage) add(paths ...string) (int64, error) {
	before := u.Bytes
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			st, ok := info.Sys().(*syscall.Stat_t)
			if !ok {
				u.Bytes += info.Size()
				return nil
			}
			k := fileKey{uint64(st.Dev), uint64(st.Ino)}
			if u.seen[k] {
				return nil
			}
			u.seen[k] = true
			u.Bytes += info.Size()
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return u.Bytes - before, err
		}
	}
	return u.Bytes - before, nil
}

// footprint is the disk a report directory takes: the state (the SQLite
// catalog and the result store) and its published runs.
type footprint struct {
	Catalog int64
	Store   int64
	// Run is what the newest run adds to the state (its pages, CSVs and
	// anything it does not share with the store); Kept what the other
	// kept runs add to both.
	Run  int64
	Kept int64
	Runs int
}

// StateAndRun is the state plus the newest published run.
func (f footprint) StateAndRun() int64 { return f.Catalog + f.Store + f.Run }

// measureFootprint measures the state of the report out (out.state.db*,
// out.state.db.results/) and its runs in out.runs/; the newest run is the
// one out links to.
func measureFootprint(out string) (footprint, error) {
	var f footprint
	u := newDiskUsage()
	state := out + ".state.db"
	var err error
	if f.Catalog, err = u.add(state, state+"-wal", state+"-shm"); err != nil {
		return f, err
	}
	if f.Store, err = u.add(state + ".results"); err != nil {
		return f, err
	}
	newestRun, err := filepath.EvalSymlinks(out)
	if err != nil {
		return f, err
	}
	if f.Run, err = u.add(newestRun); err != nil {
		return f, err
	}
	entries, err := os.ReadDir(out + ".runs")
	if err != nil {
		return f, err
	}
	for _, e := range entries {
		p := filepath.Join(out+".runs", e.Name())
		if !e.IsDir() || sameFile(p, newestRun) {
			continue
		}
		n, err := u.add(p)
		if err != nil {
			return f, err
		}
		f.Kept += n
		f.Runs++
	}
	f.Runs++
	return f, nil
}

func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}
