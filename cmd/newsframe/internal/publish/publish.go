// Package publish writes each run's reports and exports into a directory of
// their own and publishes the newest complete one atomically, so that
// readers always find a whole report at the same paths (OUT/index.html,
// OUT/paragraphs.jsonl, ...), and a run that crashes or is killed at any
// moment leaves the previous report as it was.
//
// # Layout
//
// For an output path OUT (say /srv/newsframe/out) the runs live in the
// sibling directory OUT.runs, and OUT is a symbolic link to one of them:
//
//	/srv/newsframe/out -> out.runs/20261125T020003Z-000042
//	/srv/newsframe/out.runs/
//	    20261124T020001Z-000041/          an older complete run (kept by --keep)
//	    20261125T020003Z-000042/          the current run
//	    20261126T020002Z-000043.partial/  a run being written (or left by a crash)
//
// A run is named by its UTC start time and a sequence number one above the
// highest in OUT.runs; the sequence, not the clock, orders runs, so a clock
// set back does not confuse --keep. The link is relative, so the parent
// directory can be moved or mounted elsewhere.
//
// # Publishing
//
// [Target.Begin] creates NAME.partial; the caller writes files into it;
// [Run.Commit] then
//
//  1. fsyncs every file and directory in NAME.partial,
//  2. renames NAME.partial to NAME and fsyncs OUT.runs,
//  3. creates a new symbolic link .OUT.next beside OUT pointing at
//     OUT.runs/NAME,
//  4. renames .OUT.next over OUT (rename(2) replaces a link atomically) and
//     fsyncs the parent directory.
//
// A crash before step 4 leaves OUT pointing at the previous run; a crash
// after it leaves the new one published. Leftovers (NAME.partial, an
// orphaned NAME, .OUT.next) are harmless and removed by the next
// [Target.Prune].
//
// A reader that opens OUT/index.html gets one run's file, complete. A
// reader that needs several files from the same run should resolve the
// link once (readlink OUT, or [Target.Current]) and read through that
// path, since OUT may switch to a newer run between two opens.
//
// # A plain directory at OUT
//
// An existing non-empty directory or a file at OUT is refused with
// [ErrNotManaged]: it cannot be swapped for a link atomically, and deleting
// or moving a user's directory unasked is not ours to do. An empty
// directory is replaced. A link to anything but a run in OUT.runs is also
// refused.
//
// Everything here assumes one writer at a time: the command holds the
// state lock while it publishes and prunes.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"golang.org/x/sys/unix"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"syscall"
	"time"
)

// ErrNotManaged is wrapped by Open's error when OUT exists and is not a
// link to a run that newsframe published.
var ErrNotManaged = errors.New("not a newsframe output link")

const (
	partialSuffix  = ".partial"
	deletingSuffix = ".deleting"
	timeLayout     = "20060102T150405Z"
)

// runName matches run directory names: time, sequence, optional state.
var runName = regexp.MustCompile(`^(\d{8}T\d{6}Z)-(\d{6,})(\.partial|\.deleting)?$`)

// Target is an output path OUT and its runs directory OUT.runs.
type Target struct {
	out  string // OUT, cleaned
	runs string // OUT.runs
	next string // .OUT.next, the link being prepared
	// replaceEmptyDir records that OUT was an empty directory at Open.
	replaceEmptyDir bool
	// active names the runs begun and not yet committed or aborted; Prune
	// never removes them.
	active map[string]bool
	// failpoint, when set by tests, is called before each named step of
	// Commit and Prune; an error stops there, as a crash would.
	failpoint func(step string) error
}

// Open checks OUT and returns its Target. OUT may be absent, an empty
// directory, or a link published earlier; anything else is refused with an
// error wrapping ErrNotManaged that says what to do.
func Open(out string) (*Target, error) {
	out = filepath.Clean(out)
	base := filepath.Base(out)
	if base == "." || base == ".." || base == string(filepath.Separator) {
		return nil, fmt.Errorf("publish %s: the output must name a directory entry, not %q", out, base)
	}
	t := &Target{
		out:    out,
		runs:   out + ".runs",
		next:   filepath.Join(filepath.Dir(out), "."+base+".next"),
		active: map[string]bool{},
	}
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return t, nil
	case err != nil:
		return nil, fmt.Errorf("publish %s: %w", out, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		if _, err := t.Current(); err != nil {
			return nil, err
		}
		return t, nil
	case fi.IsDir():
		entries, err := os.ReadDir(out)
		if err != nil {
			return nil, fmt.Errorf("publish %s: %w", out, err)
		}
		if len(entries) > 0 {
			return nil, fmt.Errorf("publish %s: %w: it is a directory with files in it, and newsframe publishes OUT as a symbolic link to the newest run in %s; move it away (mv %s %s.old) or choose another output", out, ErrNotManaged, t.runs, out, out)
		}
		t.replaceEmptyDir = true
		return t, nil
	default:
		return nil, fmt.Errorf("publish %s: %w: it is a %v, not a directory; remove it or choose another output", out, ErrNotManaged, fi.Mode().Type())
	}
}

// Out returns OUT.
func (t *Target) Out() string { return t.out }

// RunsDir returns OUT.runs.
func (t *Target) RunsDir() string { return t.runs }

// Current returns the name of the run OUT points at, or "" when nothing has
// been published yet.
func (t *Target) Current() (string, error) {
	fi, err := os.Lstat(t.out)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("publish %s: %w", t.out, err)
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return "", nil // the empty directory Open accepted
	}
	dest, err := os.Readlink(t.out)
	if err != nil {
		return "", fmt.Errorf("publish %s: %w", t.out, err)
	}
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(filepath.Dir(t.out), dest)
	}
	dest = filepath.Clean(dest)
	name := filepath.Base(dest)
	m := runName.FindStringSubmatch(name)
	if filepath.Dir(dest) != t.runs || m == nil || m[3] != "" {
		return "", fmt.Errorf("publish %s: %w: it links to %s, which is not a run in %s; remove the link or choose another output", t.out, ErrNotManaged, dest, t.runs)
	}
	return name, nil
}

// Runs returns the names of the complete runs in OUT.runs, oldest first.
func (t *Target) Runs() ([]string, error) {
	all, err := t.list()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range all {
		if e.state == "" {
			names = append(names, e.name)
		}
	}
	return names, nil
}

// Begin creates the directory of a new run, named after now (in UTC) and
// the next sequence number, and returns it. Write the run's files with
// [Run.Create] or into [Run.Dir], then Commit or Abort.
func (t *Target) Begin(now time.Time) (*Run, error) {
	if err := os.MkdirAll(t.runs, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	all, err := t.list()
	if err != nil {
		return nil, err
	}
	seq := 1
	if len(all) > 0 {
		seq = all[len(all)-1].seq + 1
	}
	name := fmt.Sprintf("%s-%06d", now.UTC().Format(timeLayout), seq)
	r := &Run{t: t, name: name, dir: filepath.Join(t.runs, name+partialSuffix)}
	if err := os.Mkdir(r.dir, 0o755); err != nil {
		return nil, fmt.Errorf("publish: begin run: %w", err)
	}
	t.active[name] = true
	return r, nil
}

// Prune removes the complete runs older than the newest keep, except the
// current one, and the leftovers of crashed runs (partial directories not
// being written by this Target, runs half deleted, a stray link). keep < 1
// keeps every complete run. It returns the names removed. Entries of
// OUT.runs that newsframe did not create are left alone.
func (t *Target) Prune(keep int) ([]string, error) {
	all, err := t.list()
	if err != nil {
		return nil, err
	}
	current, err := t.Current()
	if err != nil {
		return nil, err
	}
	if err := os.Remove(t.next); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("publish: remove stale link: %w", err)
	}
	// Keep the newest keep complete runs and the current one.
	kept := map[string]bool{current: true}
	complete := 0
	for _, e := range slices.Backward(all) {
		if e.state == "" {
			complete++
			if keep < 1 || complete <= keep {
				kept[e.name] = true
			}
		}
	}
	var removed []string
	for _, e := range all {
		var drop bool
		switch e.state {
		case "":
			drop = !kept[e.name]
		case partialSuffix:
			drop = !t.active[e.name]
		case deletingSuffix:
			drop = true
		}
		if !drop {
			continue
		}
		if err := t.remove(e); err != nil {
			return removed, err
		}
		removed = append(removed, e.name+e.state)
	}
	return removed, nil
}

// remove deletes a run directory: first renamed to NAME.deleting, so a
// crash in the middle of a long RemoveAll never leaves something that looks
// like a complete run.
func (t *Target) remove(e entry) error {
	path := filepath.Join(t.runs, e.name+e.state)
	if e.state != deletingSuffix {
		dst := filepath.Join(t.runs, e.name+deletingSuffix)
		if err := t.step("prune-rename"); err != nil {
			return err
		}
		if err := os.Rename(path, dst); err != nil {
			return fmt.Errorf("publish: prune %s: %w", e.name, err)
		}
		path = dst
	}
	if err := t.step("prune-remove"); err != nil {
		return err
	}
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("publish: prune %s: %w", e.name, err)
	}
	return nil
}

func (t *Target) step(name string) error {
	if t.failpoint != nil {
		return t.failpoint(name)
	}
	return nil
}

// entry is a recognised name in OUT.runs.
type entry struct {
	name  string // time-seq
	seq   int
	state string // "", partialSuffix or deletingSuffix
}

// list returns the recognised entries of OUT.runs by sequence.
func (t *Target) list() ([]entry, error) {
	des, err := os.ReadDir(t.runs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	var all []entry
	for _, de := range des {
		m := runName.FindStringSubmatch(de.Name())
		if m == nil || !de.IsDir() {
			continue
		}
		seq, err := strconv.Atoi(m[2])
		if err != nil {
			continue
		}
		all = append(all, entry{name: m[1] + "-" + m[2], seq: seq, state: m[3]})
	}
	slices.SortFunc(all, func(a, b entry) int { return a.seq - b.seq })
	return all, nil
}

// Run is a run directory being written.
type Run struct {
	t    *Target
	name string
	dir  string
	done bool
}

// Name returns the run's name, e.g. "20261125T020003Z-000042".
func (r *Run) Name() string { return r.name }

// Dir returns the directory to write the run's files into (NAME.partial
// until Commit).
func (r *Run) Dir() string { return r.dir }

// Create creates the file at the slash-separated relative path name inside
// the run, with its parent directories. The file is synced by Commit; the
// caller closes it.
func (r *Run) Create(name string) (*os.File, error) {
	rel := filepath.FromSlash(name)
	if !filepath.IsLocal(rel) {
		return nil, fmt.Errorf("publish: create %q: not a relative path inside the run", name)
	}
	path := filepath.Join(r.dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return f, nil
}

// Commit makes the run durable and publishes it as OUT (see the package
// doc for the steps). After an error the previous run is still published
// unless the error came after the swap; the run directory is left for
// Prune either way.
func (r *Run) Commit() error {
	if r.done {
		return fmt.Errorf("publish: run %s already committed or aborted", r.name)
	}
	t := r.t
	if prev, err := t.Current(); err == nil && prev != "" {
		// Files equal to the published run's are shared with it.
		if err := shareUnchanged(r.dir, filepath.Join(t.runs, prev)); err != nil {
			return fmt.Errorf("publish: run %s: %w", r.name, err)
		}
	}
	if err := t.step("sync"); err != nil {
		return err
	}
	if err := syncTree(r.dir); err != nil {
		return fmt.Errorf("publish: run %s: %w", r.name, err)
	}
	final := filepath.Join(t.runs, r.name)
	if err := t.step("rename"); err != nil {
		return err
	}
	if err := os.Rename(r.dir, final); err != nil {
		return fmt.Errorf("publish: run %s: %w", r.name, err)
	}
	r.dir = final
	r.done = true
	delete(t.active, r.name)
	if err := syncDir(t.runs); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := t.step("link"); err != nil {
		return err
	}
	if err := os.Remove(t.next); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Symlink(filepath.Join(filepath.Base(t.runs), r.name), t.next); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if t.replaceEmptyDir {
		// rename(2) cannot put a link over a directory. Only an empty one
		// is ever removed, and Remove refuses if files appeared since Open.
		if err := t.step("remove-empty-dir"); err != nil {
			return err
		}
		if err := os.Remove(t.out); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("publish %s: replace empty directory: %w", t.out, err)
		}
		t.replaceEmptyDir = false
	}
	if err := t.step("swap"); err != nil {
		return err
	}
	if err := os.Rename(t.next, t.out); err != nil {
		return fmt.Errorf("publish %s: %w", t.out, err)
	}
	if err := t.step("sync-parent"); err != nil {
		return err
	}
	if err := syncDir(filepath.Dir(t.out)); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// Abort removes the run's directory; OUT is unchanged. It does nothing
// after Commit.
func (r *Run) Abort() error {
	if r.done {
		return nil
	}
	r.done = true
	delete(r.t.active, r.name)
	if err := os.RemoveAll(r.dir); err != nil {
		return fmt.Errorf("publish: abort run %s: %w", r.name, err)
	}
	return nil
}

// shareUnchanged replaces each file of dir that is byte for byte the file
// at the same path in prev with a hard link to prev's: a nightly run whose
// pages and exports mostly did not change then adds to the disk only what
// did. Files already linked (the result store's) are left alone; a file
// that cannot be linked stays a copy.
func shareUnchanged(dir, prev string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		old := filepath.Join(prev, rel)
		a, err := os.Stat(path)
		if err != nil {
			return err
		}
		b, err := os.Stat(old)
		if err != nil || !b.Mode().IsRegular() || a.Size() != b.Size() || os.SameFile(a, b) {
			return nil
		}
		if st, ok := a.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
			return nil
		}
		same, err := sameContent(path, old)
		if err != nil || !same {
			return err
		}
		tmp := path + ".link"
		if err := os.Link(old, tmp); err != nil {
			return nil
		}
		return os.Rename(tmp, path)
	})
}

func sameContent(a, b string) (bool, error) {
	x, err := os.ReadFile(a)
	if err != nil {
		return false, err
	}
	y, err := os.ReadFile(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(x, y), nil
}

// syncTree makes everything under root durable: one syncfs(2) of its file
// system instead of an fsync per file (a run links thousands of result
// files, already durable, beside the pages it wrote).
func syncTree(root string) error {
	d, err := os.Open(root)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := unix.Syncfs(int(d.Fd())); err != nil {
		return fmt.Errorf("sync %s: %w", root, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

func syncDir(path string) error {
	return syncFile(path)
}
