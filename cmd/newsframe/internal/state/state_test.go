package state

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// article builds a test article with n paragraphs whose blobs depend on
// id, so that mixing two articles' rows would show.
func article(id string, n int) *Article {
	a := &Article{
		ID: id, File: "bbc/" + id + ".txt", Source: "bbc/" + id + ".txt", Outlet: "bbc", Day: "2026-11-24",
		Hash: "h-" + id, SettingsHash: "s1",
		Meta: []byte(`{"title":"` + id + `"}`), Result: []byte("r-" + id),
	}
	for i := range n {
		a.Paragraphs = append(a.Paragraphs, Paragraph{
			Text:    fmt.Sprintf("Paragraph %d of %s — «quoted» naïve café.", i, id),
			Result:  []byte(fmt.Sprintf(`{"p":%d}`, i)),
			Terms:   []byte{byte(i), 0, 0xff, byte(len(id))},
			MinHash: bytes.Repeat([]byte{byte(i + 1)}, 16),
		})
	}
	return a
}

func put(t testing.TB, s *Store, as ...*Article) {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, a := range as {
		if err := tx.PutArticle(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func scanAll(t *testing.T, s *Store) []*Article {
	t.Helper()
	var got []*Article
	if err := s.Scan(context.Background(), ColAll, func(a *Article) error {
		got = append(got, a)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestOpenNew(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	for _, tc := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"user_version", fmt.Sprint(SchemaVersion)},
		{"application_id", fmt.Sprint(applicationID)},
		{"synchronous", "2"}, // FULL
		{"page_size", "8192"},
	} {
		t.Run(tc.pragma, func(t *testing.T) {
			var got string
			if err := s.w.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
			}
		})
	}
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check on a new state: %v", err)
	}
	s.Close()
	// Reopening an up-to-date state changes nothing.
	s2, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	s2.Close()
}

func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		// setup creates the file at path; it returns the path to open.
		setup   func(t *testing.T, path string) string
		wantErr error // nil: any error naming the path
		wantMsg string
	}{
		{
			name: "other sqlite database",
			setup: func(t *testing.T, path string) string {
				db, err := sql.Open("sqlite", path)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if _, err := db.Exec(`CREATE TABLE photos (id INTEGER)`); err != nil {
					t.Fatal(err)
				}
				return path
			},
			wantErr: ErrNotState,
		},
		{
			name: "other application id",
			setup: func(t *testing.T, path string) string {
				db, _ := sql.Open("sqlite", path)
				defer db.Close()
				if _, err := db.Exec(`PRAGMA application_id = 42`); err != nil {
					t.Fatal(err)
				}
				return path
			},
			wantErr: ErrNotState,
			wantMsg: "0x2a",
		},
		{
			name: "text file",
			setup: func(t *testing.T, path string) string {
				os.WriteFile(path, []byte(strings.Repeat("not a database\n", 200)), 0o644)
				return path
			},
		},
		{
			name:  "missing directory",
			setup: func(t *testing.T, path string) string { return filepath.Join(path, "no", "state.db") },
		},
		{
			name:    "question mark in the path",
			setup:   func(t *testing.T, path string) string { return path + "?mode=ro" },
			wantMsg: "must not",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.setup(t, filepath.Join(t.TempDir(), "state.db"))
			s, err := Open(ctx, path)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s): got nil error", path)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("Open: got %v, want %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("Open: message %q, want it to name %s and contain %q", err, path, tc.wantMsg)
			}
			if errors.Is(err, ErrNotState) {
				// Refusing must not have touched someone else's database.
				db, _ := sql.Open("sqlite", path)
				defer db.Close()
				var mode string
				db.QueryRow("PRAGMA journal_mode").Scan(&mode)
				if mode != "delete" {
					t.Errorf("the refused database is now in journal mode %q, want delete as it was", mode)
				}
			}
		})
	}
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	v1 := migrations[:1]
	s, err := open(ctx, path, v1)
	if err != nil {
		t.Fatal(err)
	}
	put(t, s, article("a", 2))
	s.Close()

	// A failing migration leaves the previous version, data intact.
	broken := append(slices.Clone(v1), `ALTER TABLE articles ADD COLUMN lang TEXT NOT NULL DEFAULT ''; CREATE TABLE oops (`)
	if _, err := open(ctx, path, broken); err == nil || !strings.Contains(err.Error(), "schema version 2") {
		t.Fatalf("broken migration: got %v, want an error naming schema version 2", err)
	}

	v2 := append(slices.Clone(v1), `ALTER TABLE articles ADD COLUMN lang TEXT NOT NULL DEFAULT '';`)
	s, err = open(ctx, path, v2)
	if err != nil {
		t.Fatalf("upgrade to version 2: %v", err)
	}
	var version int
	var lang string
	s.w.QueryRow("PRAGMA user_version").Scan(&version)
	if err := s.w.QueryRow("SELECT lang FROM articles WHERE id = 'a'").Scan(&lang); err != nil {
		t.Errorf("new column after upgrade: %v", err)
	}
	if version != 2 {
		t.Errorf("user_version after upgrade = %d, want 2", version)
	}
	if a, err := s.Article(ctx, "a"); err != nil || !reflect.DeepEqual(a, article("a", 2)) {
		t.Errorf("article after upgrade = %+v, %v; want it unchanged", a, err)
	}
	s.Close()

	_, err = open(ctx, path, v1)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("older newsframe: got %v, want ErrNewerSchema", err)
	}
	if want := "version 2, this newsframe knows up to 1"; !strings.Contains(err.Error(), want) {
		t.Errorf("older newsframe: message %q, want it to contain %q", err, want)
	}
}

func TestArticleRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	empty := &Article{ID: "empty", File: "f", Source: "f:3", Outlet: "o", Hash: "h", SettingsHash: "s"}
	as := []*Article{article("c", 3), article("a", 1), empty, article("b/ü", 5), article("b", 0)}
	put(t, s, as...)

	for _, want := range as {
		got, err := s.Article(ctx, want.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Article(%q) = %+v, %v; want %+v", want.ID, got, err, want)
		}
	}
	if got, err := s.Article(ctx, "nope"); got != nil || err != nil {
		t.Errorf("Article(nope) = %v, %v; want nil, nil", got, err)
	}

	byID := slices.Clone(as)
	slices.SortFunc(byID, func(x, y *Article) int { return strings.Compare(x.ID, y.ID) })
	if got := scanAll(t, s); !reflect.DeepEqual(got, byID) {
		t.Errorf("Scan = %v, want %v in id order", ids(got), ids(byID))
	}

	digests, err := s.Digests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := digests["b/ü"], (Digest{Hash: "h-b/ü", SettingsHash: "s1", File: "bbc/b/ü.txt", Source: "bbc/b/ü.txt"}); got != want || len(digests) != len(as) {
		t.Errorf("Digests[b/ü] = %+v of %d, want %+v of %d", got, len(digests), want, len(as))
	}

	// Replace with fewer paragraphs, delete another.
	c := article("c", 1)
	c.Hash, c.SettingsHash = "h2", "s2"
	tx, _ := s.Begin(ctx)
	if old, err := tx.Article("c"); err != nil || len(old.Paragraphs) != 3 {
		t.Errorf("Tx.Article before replacement: %v, %v; want 3 paragraphs", old, err)
	}
	if err := tx.PutArticle(c); err != nil {
		t.Fatal(err)
	}
	if err := tx.DeleteArticle("a"); err != nil {
		t.Fatal(err)
	}
	if err := tx.DeleteArticle("never stored"); err != nil {
		t.Errorf("DeleteArticle of an unknown id: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Article(ctx, "c"); !reflect.DeepEqual(got, c) {
		t.Errorf("replaced article = %+v, want %+v", got, c)
	}
	if got, _ := s.Article(ctx, "a"); got != nil {
		t.Errorf("deleted article still there: %+v", got)
	}
	if na, np, err := s.Counts(ctx); na != 4 || np != 1+0+5+0 || err != nil {
		t.Errorf("Counts = %d, %d, %v; want 4, 6", na, np, err)
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}

func ids(as []*Article) []string {
	var s []string
	for _, a := range as {
		s = append(s, a.ID)
	}
	return s
}

func TestTransactions(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx.PutArticle(article("a", 2))
	if got, _ := tx.Article("a"); got == nil {
		t.Error("the transaction does not see its own write")
	}
	if got, _ := s.Article(ctx, "a"); got != nil {
		t.Error("a reader sees an uncommitted article")
	}

	// The single writer: a second Begin waits for the first.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if tx2, err := s.Begin(short); err == nil {
		tx2.Rollback()
		t.Error("a second Begin while a transaction is open: got nil error, want it to wait until its context ends")
	}

	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Article(ctx, "a"); got != nil {
		t.Error("rolled-back article is stored")
	}
	tx, err = s.Begin(ctx)
	if err != nil {
		t.Fatalf("Begin after Rollback: %v", err)
	}
	tx.PutArticle(article("a", 2))
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Errorf("Rollback after Commit: %v, want nil", err)
	}
	if got, _ := s.Article(ctx, "a"); got == nil {
		t.Error("committed article missing")
	}
}

// TestScanSnapshot commits deletions and additions from inside a Scan: the
// scan goes on over the state as it was when it started.
func TestScanSnapshot(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	var as []*Article
	for i := range 50 {
		as = append(as, article(fmt.Sprintf("a%03d", i), 3))
	}
	put(t, s, as...)
	var seen []string
	err := s.Scan(ctx, ColAll, func(a *Article) error {
		if len(seen) == 0 {
			tx, err := s.Begin(ctx)
			if err != nil {
				return err
			}
			for _, b := range as[10:] {
				tx.DeleteArticle(b.ID)
			}
			tx.PutArticle(article("a000x", 1))
			if err := tx.Commit(); err != nil {
				return err
			}
		}
		if len(a.Paragraphs) != 3 {
			t.Errorf("%s: %d paragraphs, want 3", a.ID, len(a.Paragraphs))
		}
		seen = append(seen, a.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, ids(as)) {
		t.Errorf("Scan during commits saw %d articles %q..., want the 50 of its snapshot", len(seen), seen[:min(3, len(seen))])
	}
	if na, _, _ := s.Counts(ctx); na != 11 {
		t.Errorf("after the scan %d articles, want 11", na)
	}
}

func TestScanColumns(t *testing.T) {
	s := openTemp(t)
	full := article("a", 2)
	put(t, s, full, article("b", 1))
	for _, tc := range []struct {
		name string
		cols Columns
		keep func(p Paragraph) Paragraph
	}{
		{"all", ColAll, func(p Paragraph) Paragraph { return p }},
		{"text", ColText, func(p Paragraph) Paragraph { return Paragraph{Text: p.Text} }},
		{"result and minhash", ColResult | ColMinHash, func(p Paragraph) Paragraph { return Paragraph{Result: p.Result, MinHash: p.MinHash} }},
		{"terms", ColTerms, func(p Paragraph) Paragraph { return Paragraph{Terms: p.Terms} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := *full
			want.Paragraphs = nil
			for _, p := range full.Paragraphs {
				want.Paragraphs = append(want.Paragraphs, tc.keep(p))
			}
			var got []*Article
			s.Scan(context.Background(), tc.cols, func(a *Article) error { got = append(got, a); return nil })
			if len(got) != 2 || !reflect.DeepEqual(got[0], &want) {
				t.Errorf("Scan(%b) = %+v, want %+v first of 2", tc.cols, got, want)
			}
		})
	}
	var got []*Article
	s.Scan(context.Background(), 0, func(a *Article) error { got = append(got, a); return nil })
	if len(got) != 2 || got[0].Paragraphs != nil || got[0].Hash != full.Hash {
		t.Errorf("Scan(0) = %+v, want 2 articles without paragraphs", got)
	}
}

func TestScanStopsOnError(t *testing.T) {
	s := openTemp(t)
	put(t, s, article("a", 1), article("b", 1), article("c", 1))
	stop := errors.New("stop")
	n := 0
	err := s.Scan(context.Background(), ColAll, func(*Article) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if err != stop || n != 2 {
		t.Errorf("Scan = %v after %d calls, want the callback's error after 2", err, n)
	}
}

func TestPartials(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	keys := []PartialKey{
		{"terms", "bbc", "2026-11-24"}, {"terms", "bbc", ""}, {"counts", "cnn", "2026-11-24"}, {"terms", "abc", "2026-11-25"},
	}
	tx, _ := s.Begin(ctx)
	for i, k := range keys {
		if err := tx.PutPartial(k, []byte{byte(i), 1, 2}); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := tx.Partial(keys[0]); !bytes.Equal(got, []byte{0, 1, 2}) {
		t.Errorf("Tx.Partial = %v, want [0 1 2]", got)
	}
	tx.PutPartial(keys[0], []byte{9}) // replace
	tx.Commit()

	for _, tc := range []struct {
		name string
		k    PartialKey
		want []byte
	}{
		{"replaced", keys[0], []byte{9}},
		{"unknown day", keys[1], []byte{1, 1, 2}},
		{"absent", PartialKey{"terms", "bbc", "1999-01-01"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := s.Partial(ctx, tc.k); !bytes.Equal(got, tc.want) || err != nil {
				t.Errorf("Partial(%v) = %v, %v; want %v", tc.k, got, err, tc.want)
			}
		})
	}

	list := func(kind string) []PartialKey {
		var got []PartialKey
		if err := s.Partials(ctx, kind, func(k PartialKey, _ []byte) error { got = append(got, k); return nil }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got, want := list("terms"), []PartialKey{keys[3], keys[1], keys[0]}; !slices.Equal(got, want) {
		t.Errorf("Partials(terms) = %v, want %v", got, want)
	}
	if got := list(""); len(got) != 4 || got[0] != keys[2] {
		t.Errorf("Partials(\"\") = %v, want all 4, counts first", got)
	}

	tx, _ = s.Begin(ctx)
	tx.PutPartial(keys[1], nil)
	tx.ClearPartials("counts")
	tx.Commit()
	if got := list(""); !slices.Equal(got, []PartialKey{keys[3], keys[0]}) {
		t.Errorf("after delete and clear: %v, want %v", got, []PartialKey{keys[3], keys[0]})
	}
	tx, _ = s.Begin(ctx)
	tx.ClearPartials("")
	tx.Commit()
	if got := list(""); len(got) != 0 {
		t.Errorf("after clearing all: %v", got)
	}
}

func TestFilesAndBadInputs(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	mtime := time.Date(2026, 11, 24, 23, 59, 59, 123456789, time.FixedZone("X", 3600))
	files := []File{
		{Path: "bbc/a.txt", Size: 1234, ModTime: mtime, Hash: "abc"},
		{Path: "cnn/feed.jsonl", Size: 1 << 40, ModTime: mtime.Add(time.Nanosecond)},
	}
	tx, _ := s.Begin(ctx)
	for _, f := range files {
		if err := tx.PutFile(f); err != nil {
			t.Fatal(err)
		}
	}
	tx.SetBadInputs("cnn/feed.jsonl", []BadInput{{Line: 7, Reason: "bad JSON"}, {Line: 2, Reason: "no text"}})
	tx.SetBadInputs("bbc/b.bin", []BadInput{{Reason: "binary"}})
	tx.Commit()

	got, err := s.Files(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range files {
		g := got[want.Path]
		if g.Path != want.Path || g.Size != want.Size || g.Hash != want.Hash || !g.ModTime.Equal(want.ModTime) {
			t.Errorf("Files[%s] = %+v, want %+v", want.Path, g, want)
		}
	}
	wantBad := []BadInput{{"bbc/b.bin", 0, "binary"}, {"cnn/feed.jsonl", 2, "no text"}, {"cnn/feed.jsonl", 7, "bad JSON"}}
	if bad, err := s.BadInputs(ctx); !slices.Equal(bad, wantBad) || err != nil {
		t.Errorf("BadInputs = %v, %v; want %v", bad, err, wantBad)
	}

	tx, _ = s.Begin(ctx)
	tx.SetBadInputs("cnn/feed.jsonl", nil) // the file was fixed
	tx.DeleteFile("bbc/b.bin")             // the file was removed
	tx.DeleteFile("bbc/a.txt")
	tx.Commit()
	if bad, _ := s.BadInputs(ctx); len(bad) != 0 {
		t.Errorf("BadInputs after fixing and removing = %v, want none", bad)
	}
	if got, _ := s.Files(ctx); len(got) != 1 {
		t.Errorf("Files after a delete = %v, want 1", got)
	}
}

func TestRunsAndSettings(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	start := time.Date(2026, 11, 25, 2, 0, 3, 500, time.UTC)
	want := []Run{
		{ID: 1, Started: start, Finished: start.Add(90 * time.Second), Status: "ok", Seen: 100, New: 100, Summary: []byte(`{"articles":100}`)},
		{ID: 2, Started: start.Add(24 * time.Hour), Finished: start.Add(24*time.Hour + time.Second), Status: "partial", Seen: 101, New: 1, Unchanged: 99, Changed: 1, Removed: 1, Bad: 2, Summary: []byte(`{}`)},
	}
	fp := Fingerprint{Model: "m1", Lexicon: "l", Targets: "t", Settings: "s"}
	tx, _ := s.Begin(ctx)
	for i, r := range want {
		r.ID = 99
		if i == 1 {
			r.Summary = nil // stored as {}
		}
		if id, err := tx.AddRun(r); id != want[i].ID || err != nil {
			t.Errorf("AddRun = %d, %v; want %d", id, err, want[i].ID)
		}
	}
	tx.SetFingerprint(fp)
	tx.SetSetting("extra", "x")
	tx.Commit()

	got, err := s.Runs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Runs = %+v, want %+v", got, want)
	}
	if got, err := s.Fingerprint(ctx); got != fp || err != nil {
		t.Errorf("Fingerprint = %+v, %v; want %+v", got, err, fp)
	}
	if m, _ := s.Settings(ctx); m["extra"] != "x" || m["model"] != "m1" {
		t.Errorf("Settings = %v", m)
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	t.Run("orphan paragraph", func(t *testing.T) {
		s := openTemp(t)
		put(t, s, article("a", 2))
		if _, err := s.w.Exec(`DELETE FROM articles WHERE id = 'a'`); err != nil {
			t.Fatal(err)
		}
		err := s.Check(ctx)
		if err == nil || !strings.Contains(err.Error(), "2 paragraphs without their article") {
			t.Errorf("Check = %v, want the 2 orphans reported", err)
		}
		// Scan skips them.
		if got := scanAll(t, s); len(got) != 0 {
			t.Errorf("Scan returned %d articles, want 0", len(got))
		}
	})
	t.Run("corrupt page", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "state.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 20 {
			var as []*Article
			for j := range 50 {
				as = append(as, article(fmt.Sprintf("a%02d-%03d", i, j), 4))
			}
			put(t, s, as...)
		}
		// Move everything from the WAL into the main file, then close.
		if _, err := s.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
		s.Close()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// Scribble over the middle of the b-tree pages, past the header.
		for i := len(b) / 3; i < len(b)/3+4096*4 && i < len(b); i++ {
			b[i] = byte(i * 7)
		}
		os.WriteFile(path, b, 0o644)
		s, err = Open(ctx, path)
		if err != nil {
			return // refusing to open is also a detection
		}
		defer s.Close()
		if err := s.Check(ctx); err == nil {
			t.Error("Check on a corrupted file: got nil, want an error")
		} else {
			t.Logf("detected: %.200s", err)
		}
	})
}

func TestRemove(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	put(t, s, article("a", 1))
	s.Close()
	os.WriteFile(path+"-wal", []byte("left by a crash"), 0o644)
	if err := Remove(path); err != nil {
		t.Fatal(err)
	}
	if des, _ := os.ReadDir(dir); len(des) != 0 {
		t.Errorf("after Remove the directory holds %v, want nothing", des)
	}
	if err := Remove(path); err != nil {
		t.Errorf("Remove of a missing state: %v, want nil", err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _, _ := s.Counts(ctx); n != 0 {
		t.Errorf("rebuilt state has %d articles, want 0", n)
	}
}

// TestMigrateParagraphsToRowid upgrades a version 1 state holding
// articles: the paragraphs move to the rowid table unchanged.
func TestMigrateParagraphsToRowid(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := open(ctx, path, migrations[:1])
	if err != nil {
		t.Fatal(err)
	}
	as := []*Article{article("c", 3), article("a", 1), article("b/ü", 5), article("b", 0)}
	put(t, s, as...)
	s.Close()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	var schema string
	if err := s.r.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE name = 'paragraphs'`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(schema, "WITHOUT ROWID") {
		t.Errorf("paragraphs after the upgrade: %s, want a rowid table", schema)
	}
	for _, want := range as {
		if got, err := s.Article(ctx, want.ID); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Article(%q) after the upgrade = %+v, %v; want %+v", want.ID, got, err, want)
		}
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
	// Writing and replacing still work on the new table.
	put(t, s, article("a", 4))
	if got, err := s.Article(ctx, "a"); err != nil || len(got.Paragraphs) != 4 {
		t.Errorf("replaced article a = %+v, %v; want 4 paragraphs", got, err)
	}
}
