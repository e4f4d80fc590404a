// Package lock makes sure only one newsframe run works on a state at a time.
//
// The lock is an flock(2) on a file beside the state (by convention the
// state path with ".lock" appended, see [FileFor]). The kernel releases an
// flock when its process dies, however it dies, so a lock left by a crashed
// or killed run is never a problem: the next run simply gets it. The file
// also holds a one-line JSON description of the holder (pid, host, start
// time, command) so that a refused run can say who is in the way:
//
//	newsframe: state.db.lock: locked by pid 1234 on host x since 2026-11-25T02:00:03Z (newsframe run ...)
//
// The description is only informative. The lock is the flock; the text may
// be stale (left by a process that died) or empty (the holder has not
// written it yet, or released the lock cleanly), and both are handled.
//
// The lock file is never deleted: removing a file that others may have open
// and be waiting on lets two processes lock two different inodes of the
// same name, each believing it holds the lock.
//
// flock is advisory and, on network file systems, only as good as their
// emulation of it; keep the state on a local disk.
package lock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"
)

// ErrLocked is wrapped by the error Acquire returns when another process
// holds the lock; the command maps it to exit status 3.
var ErrLocked = errors.New("locked")

// FileFor returns the lock file path for a state stored at statePath:
// statePath + ".lock".
func FileFor(statePath string) string {
	return statePath + ".lock"
}

// Holder describes the process that holds (or held) a lock.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
	// Command is the command line, for people reading the message.
	Command string `json:"command"`
}

// Self returns the Holder describing the calling process, started now.
func Self() Holder {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return Holder{
		PID:     os.Getpid(),
		Host:    host,
		Started: time.Now().UTC().Truncate(time.Second),
		Command: strings.Join(os.Args, " "),
	}
}

// String gives the holder as it appears in messages:
// "pid 1234 on host x since 2026-11-25T02:00:03Z (newsframe run)".
func (h Holder) String() string {
	s := fmt.Sprintf("pid %d on host %s since %s", h.PID, h.Host, h.Started.UTC().Format(time.RFC3339))
	if h.Command != "" {
		s += " (" + h.Command + ")"
	}
	return s
}

// LockedError is the error returned when the lock is held by another
// process. It wraps ErrLocked.
type LockedError struct {
	Path string
	// Holder is nil when the lock file did not describe its holder (it was
	// starting, or the description was unreadable).
	Holder *Holder
}

func (e *LockedError) Error() string {
	if e.Holder == nil {
		return fmt.Sprintf("%s: locked by another process (holder not recorded yet)", e.Path)
	}
	return fmt.Sprintf("%s: locked by %s", e.Path, e.Holder)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// Lock is a held lock. Release it with Unlock, typically deferred.
type Lock struct {
	path string
	fl   *flock.Flock
	// Recovered is the description left in the lock file by an earlier
	// holder that ended without releasing the lock cleanly (it crashed or
	// was killed); nil after a clean release. The command may log it.
	Recovered *Holder
}

// Acquire takes the lock at path without waiting. It returns a
// *LockedError (wrapping ErrLocked) when another process holds it. On
// success the lock file describes self until Unlock.
//
// The directory of path must exist. A Lock must not be shared between
// processes (it is not inherited usefully by children) and Acquire must not
// be called twice for the same path in one process while the first Lock is
// held: the second call fails with ErrLocked, as it would in another
// process.
func Acquire(path string, self Holder) (*Lock, error) {
	// O_RDWR rather than flock's default read-only: the holder writes its
	// description into the same file.
	fl := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o644))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		return nil, &LockedError{Path: path, Holder: readHolderSettled(path)}
	}
	l := &Lock{path: path, fl: fl}
	if prev, err := readHolder(path); err == nil && prev != nil {
		// The file still describes someone although we got the lock: that
		// process died holding it (a clean Unlock empties the file).
		l.Recovered = prev
	}
	if err := writeHolder(path, &self); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("lock %s: record holder: %w", path, err)
	}
	return l, nil
}

// AcquireWait is Acquire retrying every interval until it succeeds, the
// wait elapses or ctx is done (restic's --retry-lock). The error after the
// wait is the last *LockedError; after cancellation it is ctx.Err().
func AcquireWait(ctx context.Context, path string, self Holder, wait, interval time.Duration) (*Lock, error) {
	deadline := time.Now().Add(wait)
	for {
		l, err := Acquire(path, self)
		if err == nil || !errors.Is(err, ErrLocked) || !time.Now().Before(deadline) {
			return l, err
		}
		t := time.NewTimer(min(interval, time.Until(deadline)))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// Path returns the lock file path.
func (l *Lock) Path() string { return l.path }

// Unlock empties the holder description and releases the lock. It is safe
// to call more than once.
func (l *Lock) Unlock() error {
	if l == nil || l.fl == nil {
		return nil
	}
	// Empty the description first, while we still hold the lock, so the
	// next holder does not take it for a crashed run.
	werr := writeHolder(l.path, nil)
	uerr := l.fl.Unlock()
	l.fl = nil
	if uerr != nil {
		return fmt.Errorf("unlock %s: %w", l.path, uerr)
	}
	if werr != nil {
		return fmt.Errorf("unlock %s: clear holder: %w", l.path, werr)
	}
	return nil
}

// writeHolder replaces the file's content with h as one JSON line, or
// empties it when h is nil.
func writeHolder(path string, h *Holder) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	var buf []byte
	if h != nil {
		buf, err = json.Marshal(h)
		if err != nil {
			f.Close()
			return err
		}
		buf = append(buf, '\n')
	}
	// Truncate then write: a reader may see an empty file for a moment,
	// which it treats as "not recorded yet", never a half-old text.
	if err := f.Truncate(0); err != nil {
		f.Close()
		return err
	}
	if _, err := f.WriteAt(buf, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readHolder parses the holder description at path. It returns nil, nil
// for an empty file and an error for text that is not a description
// (garbage left by an older version, a truncated write).
func readHolder(path string) (*Holder, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A description is a few hundred bytes; do not read a huge file that
	// someone put there by mistake.
	buf, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return nil, err
	}
	buf = bytes.TrimSpace(buf)
	if len(buf) == 0 {
		return nil, nil
	}
	var h Holder
	if err := json.Unmarshal(buf, &h); err != nil {
		return nil, fmt.Errorf("holder description: %w", err)
	}
	if h.PID <= 0 {
		return nil, errors.New("holder description: no pid")
	}
	return &h, nil
}

// readHolderSettled reads the description of a process that holds the
// lock. The holder writes it just after locking, so for a short while the
// file may be empty or still describe a dead predecessor; retry briefly
// before giving whatever is there (nil if nothing usable).
func readHolderSettled(path string) *Holder {
	var h *Holder
	for range 10 {
		var err error
		h, err = readHolder(path)
		if err == nil && h != nil && !deadOnThisHost(h) {
			return h
		}
		time.Sleep(20 * time.Millisecond)
	}
	if h != nil && deadOnThisHost(h) {
		// Left by a dead process; the live holder never wrote its own.
		return nil
	}
	return h
}

// deadOnThisHost reports whether h names a process of this host that no
// longer exists.
func deadOnThisHost(h *Holder) bool {
	host, err := os.Hostname()
	if err != nil || host != h.Host {
		return false
	}
	p, err := os.FindProcess(h.PID)
	if err != nil {
		return true
	}
	// Signal 0 checks existence without sending anything; EPERM means the
	// process exists but belongs to someone else.
	err = p.Signal(syscall.Signal(0))
	return err != nil && !errors.Is(err, syscall.EPERM)
}
