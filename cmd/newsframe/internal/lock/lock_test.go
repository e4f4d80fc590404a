package lock

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv makes the test binary act as a lock contender (see TestMain).
const childEnv = "NEWSFRAME_LOCK_TEST_CHILD"

// TestMain lets the tests re-execute the test binary as a separate process
// that contends for a lock: flock conflicts are between processes, and a
// dead holder needs a process that can be killed.
//
// Child protocol: read "go" on stdin, Acquire the lock at $NEWSFRAME_LOCK_TEST_CHILD,
// print "acquired" or "locked <message>" or "error <message>", then, if
// acquired, hold the lock until stdin reaches EOF.
func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		os.Exit(contender(path))
	}
	os.Exit(m.Run())
}

func contender(path string) int {
	in := bufio.NewReader(os.Stdin)
	if _, err := in.ReadString('\n'); err != nil {
		return 2
	}
	l, err := Acquire(path, Self())
	switch {
	case errors.Is(err, ErrLocked):
		fmt.Printf("locked %v\n", err)
		return 0
	case err != nil:
		fmt.Printf("error %v\n", err)
		return 1
	}
	fmt.Println("acquired")
	io.Copy(io.Discard, in)
	if err := l.Unlock(); err != nil {
		fmt.Printf("error %v\n", err)
		return 1
	}
	return 0
}

type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
}

func startChild(t *testing.T, path string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout)}
	t.Cleanup(func() {
		c.stdin.Close()
		c.cmd.Process.Kill()
		c.cmd.Wait()
	})
	return c
}

func (c *child) line(t *testing.T) string {
	t.Helper()
	s, err := c.out.ReadString('\n')
	if err != nil {
		t.Fatalf("child %d: read: %v", c.cmd.Process.Pid, err)
	}
	return strings.TrimSpace(s)
}

// TestTwoProcesses starts two processes that try to lock at the same
// moment, several times: exactly one must proceed, and the other's error
// must name the winner's pid.
func TestTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db.lock")
	for round := range 5 {
		a, b := startChild(t, path), startChild(t, path)
		// Both are started and blocked on stdin; release them together.
		io.WriteString(a.stdin, "go\n")
		io.WriteString(b.stdin, "go\n")
		ra, rb := a.line(t), b.line(t)
		var winner, loser *child
		var loserMsg string
		switch {
		case ra == "acquired" && strings.HasPrefix(rb, "locked "):
			winner, loser, loserMsg = a, b, rb
		case rb == "acquired" && strings.HasPrefix(ra, "locked "):
			winner, loser, loserMsg = b, a, ra
		default:
			t.Fatalf("round %d: got %q and %q, want one acquired and one locked", round, ra, rb)
		}
		want := fmt.Sprintf("locked by pid %d on host ", winner.cmd.Process.Pid)
		if !strings.Contains(loserMsg, want) {
			t.Errorf("round %d: loser said %q, want it to contain %q", round, loserMsg, want)
		}
		if err := loser.cmd.Wait(); err != nil {
			t.Errorf("round %d: loser exit: %v", round, err)
		}
		// While the winner holds it, this process is refused too.
		if _, err := Acquire(path, Self()); !errors.Is(err, ErrLocked) {
			t.Errorf("round %d: Acquire while held: got %v, want ErrLocked", round, err)
		}
		winner.stdin.Close()
		if err := winner.cmd.Wait(); err != nil {
			t.Fatalf("round %d: winner exit: %v", round, err)
		}
		l, err := Acquire(path, Self())
		if err != nil {
			t.Fatalf("round %d: Acquire after release: %v", round, err)
		}
		if l.Recovered != nil {
			t.Errorf("round %d: Recovered = %v after a clean release, want nil", round, l.Recovered)
		}
		if err := l.Unlock(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDeadHolderRecovered kills a holder with SIGKILL: the kernel drops its
// flock, the next Acquire succeeds and reports the dead holder.
func TestDeadHolderRecovered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db.lock")
	c := startChild(t, path)
	io.WriteString(c.stdin, "go\n")
	if got := c.line(t); got != "acquired" {
		t.Fatalf("child said %q, want acquired", got)
	}
	pid := c.cmd.Process.Pid
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	c.cmd.Wait()
	l, err := Acquire(path, Self())
	if err != nil {
		t.Fatalf("Acquire after the holder died: %v", err)
	}
	defer l.Unlock()
	if l.Recovered == nil || l.Recovered.PID != pid {
		t.Errorf("Recovered = %v, want pid %d", l.Recovered, pid)
	}
	if h, err := readHolder(path); err != nil || h == nil || h.PID != os.Getpid() {
		t.Errorf("lock file describes %v (err %v), want pid %d", h, err, os.Getpid())
	}
}

// TestLockFileContent covers what an earlier process may have left in the
// lock file, with the lock free and with it held.
func TestLockFileContent(t *testing.T) {
	alive := Self()
	alive.PID = os.Getpid()
	deadPID := deadPID(t)
	dead := Self()
	dead.PID = deadPID
	for _, tc := range []struct {
		name    string
		content string
		// wantRecovered is the pid reported as recovered when the lock is
		// free, 0 for none.
		wantRecovered int
		// wantHolder is in the message when another holder has the lock
		// and never wrote its own description.
		wantHolder string
	}{
		{"empty", "", 0, "holder not recorded yet"},
		{"garbage", "\x00\x01not json at all", 0, "holder not recorded yet"},
		{"truncated json", `{"pid": 12`, 0, "holder not recorded yet"},
		{"no pid", `{"host":"x"}`, 0, "holder not recorded yet"},
		{"dead process", jsonHolder(t, dead), deadPID, "holder not recorded yet"},
		{"live process", jsonHolder(t, alive), alive.PID, fmt.Sprintf("locked by pid %d on host %s", alive.PID, alive.Host)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "l")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			// Held by another open file description that never writes a
			// description, like a holder that has only just locked.
			other, err := Acquire(path, alive)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(path, []byte(tc.content), 0o644)
			_, err = Acquire(path, Self())
			var le *LockedError
			if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
				t.Fatalf("Acquire while held: got %v, want a *LockedError", err)
			}
			if !strings.Contains(err.Error(), tc.wantHolder) {
				t.Errorf("error %q, want it to contain %q", err, tc.wantHolder)
			}
			if err := other.fl.Unlock(); err != nil { // release without clearing the text
				t.Fatal(err)
			}

			l, err := Acquire(path, Self())
			if err != nil {
				t.Fatalf("Acquire when free: %v", err)
			}
			defer l.Unlock()
			got := 0
			if l.Recovered != nil {
				got = l.Recovered.PID
			}
			if got != tc.wantRecovered {
				t.Errorf("Recovered pid = %d, want %d", got, tc.wantRecovered)
			}
		})
	}
}

func jsonHolder(t *testing.T, h Holder) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h")
	os.WriteFile(path, nil, 0o644)
	if err := writeHolder(path, &h); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestLockedErrorMessage(t *testing.T) {
	started := time.Date(2026, 11, 25, 2, 0, 3, 0, time.UTC)
	for _, tc := range []struct {
		name string
		err  *LockedError
		want string
	}{
		{
			name: "holder known",
			err:  &LockedError{Path: "/s/state.db.lock", Holder: &Holder{PID: 1234, Host: "x", Started: started, Command: "newsframe run"}},
			want: "/s/state.db.lock: locked by pid 1234 on host x since 2026-11-25T02:00:03Z (newsframe run)",
		},
		{
			name: "holder in another zone",
			err:  &LockedError{Path: "l", Holder: &Holder{PID: 7, Host: "y", Started: started.In(time.FixedZone("X", 3600))}},
			want: "l: locked by pid 7 on host y since 2026-11-25T02:00:03Z",
		},
		{
			name: "holder unknown",
			err:  &LockedError{Path: "l"},
			want: "l: locked by another process (holder not recorded yet)",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
			if !errors.Is(tc.err, ErrLocked) {
				t.Errorf("errors.Is(%v, ErrLocked) = false", tc.err)
			}
		})
	}
}

func TestUnlockClearsAndReleases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l")
	l, err := Acquire(path, Self())
	if err != nil {
		t.Fatal(err)
	}
	if h, err := readHolder(path); err != nil || h == nil || h.PID != os.Getpid() {
		t.Fatalf("while held the file describes %v (err %v), want pid %d", h, err, os.Getpid())
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := l.Unlock(); err != nil {
		t.Errorf("second Unlock: %v, want nil", err)
	}
	if b, _ := os.ReadFile(path); len(b) != 0 {
		t.Errorf("after Unlock the file holds %q, want empty", b)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("lock file removed by Unlock: %v", err)
	}
}

func TestAcquireMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "l")
	_, err := Acquire(path, Self())
	if err == nil || errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want an error naming %s that is not ErrLocked", err, path)
	}
}

func TestAcquireWait(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l")
	held, err := Acquire(path, Self())
	if err != nil {
		t.Fatal(err)
	}

	if _, err := AcquireWait(context.Background(), path, Self(), 60*time.Millisecond, 10*time.Millisecond); !errors.Is(err, ErrLocked) {
		t.Errorf("wait shorter than the hold: got %v, want ErrLocked", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	if _, err := AcquireWait(ctx, path, Self(), time.Minute, 10*time.Millisecond); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: got %v, want context.Canceled", err)
	}

	time.AfterFunc(50*time.Millisecond, func() { held.Unlock() })
	l, err := AcquireWait(context.Background(), path, Self(), 10*time.Second, 10*time.Millisecond)
	if err != nil {
		t.Fatalf("wait longer than the hold: %v", err)
	}
	l.Unlock()
}

func TestFileFor(t *testing.T) {
	if got, want := FileFor("/var/lib/newsframe/state.db"), "/var/lib/newsframe/state.db.lock"; got != want {
		t.Errorf("FileFor = %q, want %q", got, want)
	}
}
