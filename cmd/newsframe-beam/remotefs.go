package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"newsframe/cmd/internal/source"
)

// remoteRoot returns a corpus root on a file system of the Beam SDK
// (gs://, s3://, memfs://): a single file, a directory (every file under
// it, see treeGlobs), or a glob (s3://b/corpus/*/*.jsonl: * matches within
// one directory level). The corpus walker then reads it as it reads a
// local root: the same formats, the same outlet from the first folder
// under the root.
func remoteRoot(ctx context.Context, p string) (source.Root, error) {
	fsys, err := filesystem.New(ctx, p)
	if err != nil {
		return source.Root{}, fmt.Errorf("corpus %s: %w", p, err)
	}
	if !hasGlob(p) {
		if _, err := fsys.Size(ctx, p); err == nil {
			dir, file := path.Split(p)
			return source.Root{FS: &remoteFS{ctx: ctx, fsys: fsys, base: dir, globs: []string{p}}, Name: p, File: file}, nil
		}
		base := strings.TrimSuffix(p, "/") + "/"
		return source.Root{FS: &remoteFS{ctx: ctx, fsys: fsys, base: base, globs: treeGlobs(p, base)}, Name: strings.TrimSuffix(p, "/")}, nil
	}
	i := strings.IndexAny(p, "*?[")
	base := p[:strings.LastIndexByte(p[:i], '/')+1]
	return source.Root{FS: &remoteFS{ctx: ctx, fsys: fsys, base: base, globs: []string{p}}, Name: strings.TrimSuffix(base, "/")}, nil
}

// maxTreeDepth is how many directory levels below a directory root are
// listed on file systems whose globs match within one level.
const maxTreeDepth = 8

// treeGlobs returns the globs that list every file under the directory
// base. GCS's ** matches across levels (one listing); the globs of the
// other file systems (S3, memfs) are filepath.Match patterns, whose *
// stops at a slash, so the tree is listed level by level, base/*,
// base/*/*, ... down to maxTreeDepth levels (each a listing of the prefix).
func treeGlobs(root, base string) []string {
	if strings.HasPrefix(root, "gs://") {
		return []string{base + "**"}
	}
	globs := make([]string, maxTreeDepth)
	pattern := base
	for i := range globs {
		if i > 0 {
			pattern += "/"
		}
		pattern += "*"
		globs[i] = pattern
	}
	return globs
}

func hasGlob(p string) bool { return strings.ContainsAny(p, "*?[") }

// remoteFS is an fs.FS of the files its globs list under base: names are
// relative to base; directories are those the names imply. The listing is
// made on the first ReadDir; a file is opened without it.
type remoteFS struct {
	ctx   context.Context
	fsys  filesystem.Interface
	base  string
	globs []string

	once sync.Once
	err  error
	// mu guards dirs and files, set by the listing.
	mu    sync.Mutex
	dirs  map[string][]string // directory → its entries' names, sorted
	files map[string]bool
}

// isDir reports whether name is a directory of the listing (the root
// always is).
func (r *remoteFS) isDir(name string) bool {
	if name == "." {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.dirs[name]
	return ok
}

func (r *remoteFS) list() error {
	r.once.Do(func() {
		var names []string
		for _, g := range r.globs {
			list, err := r.fsys.List(r.ctx, g)
			if err != nil {
				r.err = fmt.Errorf("list %s: %w", g, err)
				return
			}
			names = append(names, list...)
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.dirs = map[string][]string{".": nil}
		r.files = map[string]bool{}
		for _, n := range names {
			rel, ok := strings.CutPrefix(n, r.base)
			if !ok || rel == "" || strings.HasSuffix(rel, "/") {
				continue
			}
			r.files[rel] = true
			for child := rel; ; {
				dir := path.Dir(child)
				entries, seen := r.dirs[dir]
				if !slices.Contains(entries, path.Base(child)) {
					r.dirs[dir] = append(entries, path.Base(child))
				}
				if dir == "." || seen {
					break
				}
				child = dir
			}
		}
		for d := range r.dirs {
			slices.Sort(r.dirs[d])
		}
	})
	return r.err
}

// Open implements fs.FS.
func (r *remoteFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if r.isDir(name) {
		return &remoteDir{r: r, name: name}, nil
	}
	rc, err := r.fsys.OpenRead(r.ctx, r.base+name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &remoteFile{r: r, name: name, rc: rc}, nil
}

// Stat implements fs.StatFS.
func (r *remoteFS) Stat(name string) (fs.FileInfo, error) {
	if r.isDir(name) {
		return remoteInfo{name: path.Base(name), dir: true}, nil
	}
	size, err := r.fsys.Size(r.ctx, r.base+name)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	info := remoteInfo{name: path.Base(name), size: size}
	if lm, ok := r.fsys.(filesystem.LastModifiedGetter); ok {
		info.mod, _ = lm.LastModified(r.ctx, r.base+name)
	}
	return info, nil
}

// ReadDir implements fs.ReadDirFS.
func (r *remoteFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := r.list(); err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	r.mu.Lock()
	entries, ok := r.dirs[name]
	r.mu.Unlock()
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, remoteEntry{r: r, rel: path.Join(name, e)})
	}
	return out, nil
}

type remoteEntry struct {
	r   *remoteFS
	rel string
}

func (e remoteEntry) Name() string { return path.Base(e.rel) }
func (e remoteEntry) IsDir() bool {
	e.r.mu.Lock()
	defer e.r.mu.Unlock()
	return !e.r.files[e.rel]
}
func (e remoteEntry) Type() fs.FileMode {
	if e.IsDir() {
		return fs.ModeDir
	}
	return 0
}
func (e remoteEntry) Info() (fs.FileInfo, error) { return e.r.Stat(e.rel) }

type remoteInfo struct {
	name string
	size int64
	mod  time.Time
	dir  bool
}

func (i remoteInfo) Name() string { return i.name }
func (i remoteInfo) Size() int64  { return i.size }
func (i remoteInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i remoteInfo) ModTime() time.Time { return i.mod }
func (i remoteInfo) IsDir() bool        { return i.dir }
func (i remoteInfo) Sys() any           { return nil }

type remoteFile struct {
	r    *remoteFS
	name string
	rc   io.ReadCloser
}

func (f *remoteFile) Stat() (fs.FileInfo, error) { return f.r.Stat(f.name) }
func (f *remoteFile) Read(b []byte) (int, error) { return f.rc.Read(b) }
func (f *remoteFile) Close() error               { return f.rc.Close() }

type remoteDir struct {
	r    *remoteFS
	name string
}

func (d *remoteDir) Stat() (fs.FileInfo, error) {
	return remoteInfo{name: path.Base(d.name), dir: true}, nil
}
func (d *remoteDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *remoteDir) Close() error { return nil }
