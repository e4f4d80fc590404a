package publish

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runFiles are the files every test run writes; each holds the run's name
// at its start and end, so a reader can tell a whole file of one run.
var runFiles = []string{"index.html", "paragraphs.jsonl", "articles/a.html"}

func content(name string, size int) string {
	return "run " + name + "\n" + strings.Repeat("x", size) + "\nend " + name + "\n"
}

// writeRun begins a run, writes runFiles and returns it uncommitted.
func writeRun(t testing.TB, tg *Target, now time.Time, size int) *Run {
	t.Helper()
	r, err := tg.Begin(now)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range runFiles {
		w, err := r.Create(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.WriteString(content(r.Name(), size)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func publishRun(t testing.TB, tg *Target, now time.Time) string {
	t.Helper()
	r := writeRun(t, tg, now, 10)
	if err := r.Commit(); err != nil {
		t.Fatal(err)
	}
	return r.Name()
}

// checkOut verifies that every file read through OUT belongs, whole, to
// the run want.
func checkOut(t testing.TB, out, want string) {
	t.Helper()
	for _, f := range runFiles {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Errorf("read %s: %v", f, err)
			continue
		}
		s := string(b)
		if !strings.HasPrefix(s, "run "+want+"\n") || !strings.HasSuffix(s, "\nend "+want+"\n") {
			t.Errorf("%s: got %.40q...%q, want the whole file of run %s", f, s, s[max(0, len(s)-30):], want)
		}
	}
}

var t0 = time.Date(2026, 11, 25, 2, 0, 3, 0, time.UTC)

func TestOpen(t *testing.T) {
	for _, tc := range []struct {
		name string
		// setup prepares OUT in dir.
		setup      func(t *testing.T, dir, out string)
		wantErr    error // nil for success
		wantErrMsg string
	}{
		{name: "absent", setup: func(*testing.T, string, string) {}},
		{name: "empty directory", setup: func(t *testing.T, _, out string) { mustMkdir(t, out) }},
		{
			name:       "directory with files",
			setup:      func(t *testing.T, _, out string) { mustMkdir(t, out); mustWrite(t, filepath.Join(out, "index.html")) },
			wantErr:    ErrNotManaged,
			wantErrMsg: "move it away",
		},
		{
			name:       "regular file",
			setup:      func(t *testing.T, _, out string) { mustWrite(t, out) },
			wantErr:    ErrNotManaged,
			wantErrMsg: "not a directory",
		},
		{
			name: "link elsewhere",
			setup: func(t *testing.T, dir, out string) {
				mustMkdir(t, filepath.Join(dir, "mine"))
				mustSymlink(t, "mine", out)
			},
			wantErr:    ErrNotManaged,
			wantErrMsg: "not a run in",
		},
		{
			name: "link to a partial run",
			setup: func(t *testing.T, dir, out string) {
				mustMkdir(t, filepath.Join(out+".runs", "20261125T020003Z-000001.partial"))
				mustSymlink(t, "out.runs/20261125T020003Z-000001.partial", out)
			},
			wantErr: ErrNotManaged,
		},
		{
			name: "link to a run",
			setup: func(t *testing.T, dir, out string) {
				mustMkdir(t, filepath.Join(out+".runs", "20261125T020003Z-000001"))
				mustSymlink(t, "out.runs/20261125T020003Z-000001", out)
			},
		},
		{
			name: "absolute link to a run",
			setup: func(t *testing.T, dir, out string) {
				run := filepath.Join(out+".runs", "20261125T020003Z-000001")
				mustMkdir(t, run)
				mustSymlink(t, run, out)
			},
		},
		{
			name: "dangling link into the runs directory",
			setup: func(t *testing.T, dir, out string) {
				mustSymlink(t, "out.runs/20261125T020003Z-000001", out)
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			tc.setup(t, dir, out)
			_, err := Open(out)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("Open: %v, want success", err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Open: got %v, want %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErrMsg) || !strings.Contains(err.Error(), out) {
				t.Errorf("Open: message %q, want it to name %s and contain %q", err, out, tc.wantErrMsg)
			}
		})
	}
}

func TestOpenRejectsDot(t *testing.T) {
	for _, out := range []string{".", "/", "a/.."} {
		if _, err := Open(out); err == nil {
			t.Errorf("Open(%q): got nil error, want a refusal", out)
		}
	}
}

func TestPublishCycle(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	tg, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if cur, err := tg.Current(); cur != "" || err != nil {
		t.Fatalf("Current before any run = %q, %v; want empty", cur, err)
	}
	var names []string
	for i := range 3 {
		name := publishRun(t, tg, t0.Add(time.Duration(i)*time.Hour))
		names = append(names, name)
		checkOut(t, out, name)
		if cur, err := tg.Current(); cur != name || err != nil {
			t.Errorf("Current = %q, %v; want %q", cur, err, name)
		}
	}
	want := []string{"20261125T020003Z-000001", "20261125T030003Z-000002", "20261125T040003Z-000003"}
	if !slices.Equal(names, want) {
		t.Errorf("run names %q, want %q", names, want)
	}
	if runs, err := tg.Runs(); !slices.Equal(runs, want) || err != nil {
		t.Errorf("Runs = %q, %v; want %q", runs, err, want)
	}
	link, err := os.Readlink(out)
	if err != nil || link != "out.runs/"+want[2] {
		t.Errorf("Readlink(OUT) = %q, %v; want a relative link %q", link, err, "out.runs/"+want[2])
	}
	// A clock set back does not reorder: the sequence decides.
	name := publishRun(t, tg, t0.Add(-24*time.Hour))
	if want := "20261124T020003Z-000004"; name != want {
		t.Errorf("run after clock change named %q, want %q", name, want)
	}
	if removed, err := tg.Prune(1); err != nil || len(removed) != 3 {
		t.Errorf("Prune(1) removed %q, %v; want the 3 older runs", removed, err)
	}
	checkOut(t, out, name)
}

func TestEmptyDirectoryReplaced(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	mustMkdir(t, out)
	tg, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	name := publishRun(t, tg, t0)
	checkOut(t, out, name)
	if fi, err := os.Lstat(out); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("OUT is %v (err %v), want a symbolic link", fi.Mode(), err)
	}
}

func TestAbort(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	tg, _ := Open(out)
	first := publishRun(t, tg, t0)
	r := writeRun(t, tg, t0.Add(time.Hour), 10)
	if err := r.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(r.Dir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("aborted run directory still there: %v", err)
	}
	checkOut(t, out, first)
	if err := r.Commit(); err == nil {
		t.Error("Commit after Abort: got nil error")
	}
}

func TestCreateRejectsEscapes(t *testing.T) {
	tg, _ := Open(filepath.Join(t.TempDir(), "out"))
	r, err := tg.Begin(t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"../x", "/etc/x", "a/../../x", ""} {
		if f, err := r.Create(name); err == nil {
			f.Close()
			t.Errorf("Create(%q): got nil error, want a refusal", name)
		}
	}
	f, err := r.Create("assets/js/echarts.min.js")
	if err != nil {
		t.Fatalf("Create in a subdirectory: %v", err)
	}
	f.Close()
}

// TestCommitInterrupted stops Commit before each of its steps, as a crash
// would: OUT must be the previous run until the swap and the new one
// after, whole either way; a later run then publishes and Prune removes the
// leftovers.
func TestCommitInterrupted(t *testing.T) {
	errCrash := errors.New("simulated crash")
	for _, tc := range []struct {
		step     string
		emptyDir bool // OUT starts as an empty directory, no run yet
		wantNew  bool // the interrupted run is published
	}{
		{step: "sync"},
		{step: "rename"},
		{step: "link"},
		{step: "swap"},
		{step: "sync-parent", wantNew: true},
		{step: "remove-empty-dir", emptyDir: true},
		{step: "swap", emptyDir: true},
	} {
		name := tc.step
		if tc.emptyDir {
			name += " from an empty directory"
		}
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			var prev string
			if tc.emptyDir {
				mustMkdir(t, out)
			} else {
				tg, _ := Open(out)
				prev = publishRun(t, tg, t0)
			}
			tg, err := Open(out)
			if err != nil {
				t.Fatal(err)
			}
			tg.failpoint = func(step string) error {
				if step == tc.step {
					return errCrash
				}
				return nil
			}
			r := writeRun(t, tg, t0.Add(time.Hour), 1000)
			if err := r.Commit(); !errors.Is(err, errCrash) {
				t.Fatalf("Commit: got %v, want the simulated crash", err)
			}
			switch {
			case tc.wantNew:
				checkOut(t, out, r.Name())
			case prev != "":
				checkOut(t, out, prev)
			default:
				if _, err := os.Stat(filepath.Join(out, "index.html")); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("nothing published yet, but OUT/index.html: %v", err)
				}
			}

			// The next process starts afresh.
			tg, err = Open(out)
			if err != nil {
				t.Fatalf("Open after the crash: %v", err)
			}
			last := publishRun(t, tg, t0.Add(2*time.Hour))
			checkOut(t, out, last)
			if _, err := tg.Prune(1); err != nil {
				t.Fatal(err)
			}
			if got := entries(t, filepath.Dir(out)); !slices.Equal(got, []string{"out", "out.runs"}) {
				t.Errorf("beside OUT after Prune: %q, want only out and out.runs", got)
			}
			if got := entries(t, tg.RunsDir()); !slices.Equal(got, []string{last}) {
				t.Errorf("runs after Prune: %q, want only %q", got, last)
			}
		})
	}
}

func TestPrune(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	tg, _ := Open(out)
	var names []string
	for i := range 5 {
		names = append(names, publishRun(t, tg, t0.Add(time.Duration(i)*time.Minute)))
	}
	// Roll OUT back to the second run, as an operator might by hand.
	mustSymlink(t, "out.runs/"+names[1], out+".tmp")
	if err := os.Rename(out+".tmp", out); err != nil {
		t.Fatal(err)
	}
	// Leftovers of crashes and things that are not ours.
	stale := filepath.Join(tg.RunsDir(), "20261120T000000Z-000006.partial")
	mustMkdir(t, stale)
	mustMkdir(t, filepath.Join(tg.RunsDir(), "20261120T000000Z-000007.deleting", "articles"))
	mustMkdir(t, filepath.Join(tg.RunsDir(), "notes"))
	mustWrite(t, filepath.Join(tg.RunsDir(), "20261120T000000Z-000009"))
	active, err := tg.Begin(t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	removed, err := tg.Prune(2)
	if err != nil {
		t.Fatal(err)
	}
	wantRemoved := []string{names[0], names[2], "20261120T000000Z-000006.partial", "20261120T000000Z-000007.deleting"}
	if !slices.Equal(removed, wantRemoved) {
		t.Errorf("Prune(2) removed %q, want %q", removed, wantRemoved)
	}
	wantLeft := []string{"20261120T000000Z-000009", names[1], names[3], names[4], active.Name() + ".partial", "notes"}
	slices.Sort(wantLeft)
	if got := entries(t, tg.RunsDir()); !slices.Equal(got, wantLeft) {
		t.Errorf("left after Prune(2): %q, want %q", got, wantLeft)
	}
	checkOut(t, out, names[1])

	if removed, err := tg.Prune(0); err != nil || len(removed) != 0 {
		t.Errorf("Prune(0) removed %q, %v; want nothing", removed, err)
	}
}

// TestPruneInterrupted stops Prune between renaming a run away and
// deleting it: the half-deleted run is not a run any more, and the next
// Prune finishes the job.
func TestPruneInterrupted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	tg, _ := Open(out)
	first := publishRun(t, tg, t0)
	second := publishRun(t, tg, t0.Add(time.Minute))
	tg.failpoint = func(step string) error {
		if step == "prune-remove" {
			return errors.New("simulated crash")
		}
		return nil
	}
	if _, err := tg.Prune(1); err == nil {
		t.Fatal("Prune: got nil error, want the simulated crash")
	}
	if runs, _ := tg.Runs(); !slices.Equal(runs, []string{second}) {
		t.Errorf("Runs after an interrupted Prune = %q, want %q", runs, []string{second})
	}
	tg.failpoint = nil
	if removed, err := tg.Prune(1); err != nil || !slices.Equal(removed, []string{first + ".deleting"}) {
		t.Errorf("next Prune removed %q, %v; want %q", removed, err, first+".deleting")
	}
}

// childEnv makes the test binary a publisher that runs until killed.
const childEnv = "NEWSFRAME_PUBLISH_TEST_CHILD"

func TestMain(m *testing.M) {
	if out := os.Getenv(childEnv); out != "" {
		publishForever(out)
	}
	os.Exit(m.Run())
}

// publishForever publishes runs of 200 KB files at out, pruning to 3,
// until the process is killed.
func publishForever(out string) {
	for i := 0; ; i++ {
		tg, err := Open(out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		r := writeRun(&fatalTB{}, tg, time.Now(), 200<<10)
		if err := r.Commit(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if _, err := tg.Prune(3); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// fatalTB lets writeRun run outside a test.
type fatalTB struct{ testing.TB }

func (fatalTB) Helper() {}
func (fatalTB) Fatal(args ...any) {
	fmt.Fprintln(os.Stderr, args...)
	os.Exit(1)
}

// TestKilled runs a publisher in another process and SIGKILLs it at 20
// seeded random moments, while this process keeps reading OUT. Every read
// must find whole files of one run, every restart must find a usable OUT,
// and a final clean run plus Prune must leave no debris.
func TestKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "out")
	rng := rand.New(rand.NewPCG(6, 2))
	stop := make(chan struct{})
	readerDone := make(chan int)
	go func() {
		reads := 0
		defer func() { readerDone <- reads }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(filepath.Join(out, "index.html"))
			if errors.Is(err, os.ErrNotExist) {
				continue // nothing published yet
			}
			if err != nil {
				t.Errorf("reader: %v", err)
				return
			}
			s := string(b)
			name, _, ok := strings.Cut(strings.TrimPrefix(s, "run "), "\n")
			if !ok || !strings.HasSuffix(s, "\nend "+name+"\n") {
				t.Errorf("reader: got a partial or mixed file of %d bytes", len(b))
				return
			}
			reads++
		}
	}()
	published := 0
	for kill := range 20 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+out)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rng.IntN(180)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("kill %d: publisher ended by itself: %v", kill, err)
		}
		tg, err := Open(out)
		if err != nil {
			t.Fatalf("kill %d: Open after the kill: %v", kill, err)
		}
		cur, err := tg.Current()
		if err != nil {
			t.Fatalf("kill %d: %v", kill, err)
		}
		if cur != "" {
			checkOut(t, out, cur)
			published++
		}
	}
	close(stop)
	reads := <-readerDone
	tg, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	last := publishRun(t, tg, time.Now())
	if _, err := tg.Prune(1); err != nil {
		t.Fatal(err)
	}
	checkOut(t, out, last)
	if got := entries(t, tg.RunsDir()); !slices.Equal(got, []string{last}) {
		t.Errorf("runs after the final Prune: %q, want only %q", got, last)
	}
	t.Logf("20 kills, %d with a run published, %d whole reads by the concurrent reader", published, reads)
	if reads == 0 {
		t.Error("the reader never saw a published run; the test proved nothing")
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func mustMkdir(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCommit publishes runs of 1000 files of 4 KiB (a report with
// its article pages): the cost is mostly one fsync per file.
func BenchmarkCommit(b *testing.B) {
	out := filepath.Join(b.TempDir(), "out")
	tg, err := Open(out)
	if err != nil {
		b.Fatal(err)
	}
	page := []byte(strings.Repeat("x", 4<<10))
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		r, err := tg.Begin(t0.Add(time.Duration(i) * time.Second))
		if err != nil {
			b.Fatal(err)
		}
		for j := range 1000 {
			f, err := r.Create(fmt.Sprintf("articles/%04d.html", j))
			if err != nil {
				b.Fatal(err)
			}
			f.Write(page)
			f.Close()
		}
		b.StartTimer()
		if err := r.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if _, err := tg.Prune(1); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// TestSharesUnchangedFiles checks that a run's files equal to the
// published run's become hard links to them, and the others stay.
func TestSharesUnchangedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	tg, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	write := func(r *Run, name, body string) {
		f, err := r.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(body)
		f.Close()
	}
	r1, _ := tg.Begin(t0)
	write(r1, "same.html", "unchanged page")
	write(r1, "sub/also.csv", "a,b\n1,2\n")
	write(r1, "changed.html", "night 1")
	if err := r1.Commit(); err != nil {
		t.Fatal(err)
	}
	r2, _ := tg.Begin(t0.Add(time.Hour))
	write(r2, "same.html", "unchanged page")
	write(r2, "sub/also.csv", "a,b\n1,2\n")
	write(r2, "changed.html", "night 2")
	if err := r2.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		shared bool
	}{{"same.html", true}, {"sub/also.csv", true}, {"changed.html", false}} {
		a, err1 := os.Stat(filepath.Join(tg.RunsDir(), r1.Name(), tt.name))
		b, err2 := os.Stat(filepath.Join(out, tt.name))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got := os.SameFile(a, b); got != tt.shared {
			t.Errorf("%s shared with the previous run = %v, want %v", tt.name, got, tt.shared)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "changed.html")); string(b) != "night 2" {
		t.Errorf("changed.html = %q", b)
	}
}
