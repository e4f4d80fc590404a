package state

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// childEnv makes the test binary a writer that runs until killed.
const childEnv = "NEWSFRAME_STATE_TEST_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		if err := writeForever(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

const killBatch = 100

// writeForever adds batches of killBatch articles of 3 paragraphs and, in
// the same transaction, a partial counting the articles, until killed.
func writeForever(path string) error {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	n, _, err := s.Counts(ctx)
	if err != nil {
		return err
	}
	key := PartialKey{Kind: "count"}
	for {
		tx, err := s.Begin(ctx)
		if err != nil {
			return err
		}
		for range killBatch {
			if err := tx.PutArticle(article(fmt.Sprintf("a%08d", n), 3)); err != nil {
				return err
			}
			n++
		}
		if err := tx.PutPartial(key, []byte(strconv.Itoa(n))); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}

// TestKilledWriter SIGKILLs a writing process at 12 seeded random moments:
// after each kill the state opens, passes the integrity check, holds whole
// batches only, and its partial agrees with its articles.
func TestKilledWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; skipped with -short")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	rng := rand.New(rand.NewPCG(6, 1))
	last := 0
	for kill := range 12 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+path)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(250)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("kill %d: writer ended by itself", kill)
		}

		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("kill %d: Open: %v", kill, err)
		}
		if err := s.Check(ctx); err != nil {
			t.Errorf("kill %d: %v", kill, err)
		}
		na, np, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		count, _ := s.Partial(ctx, PartialKey{Kind: "count"})
		switch {
		case na%killBatch != 0 || np != 3*na:
			t.Errorf("kill %d: %d articles and %d paragraphs, want whole batches of %d articles of 3", kill, na, np, killBatch)
		case na > 0 && string(count) != strconv.Itoa(na):
			t.Errorf("kill %d: partial count %q, want %d: the counts and the articles disagree", kill, count, na)
		case na < last:
			t.Errorf("kill %d: %d articles, fewer than the %d committed before", kill, na, last)
		}
		last = na
		s.Close()
	}
	t.Logf("12 kills, %d articles committed in the end", last)
	if last == 0 {
		t.Error("no batch was ever committed; the test proved nothing")
	}
}
