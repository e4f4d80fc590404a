package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Article is an article as stored: its identity, content hash, metadata and
// the results computed for it.
type Article struct {
	ID string
	// File is the input file it was read from, as in [File.Path].
	File string
	// Source is "path" or "path:line".
	Source string
	Outlet string
	// Day is YYYY-MM-DD, "" when unknown.
	Day string
	// Hash is the content hash (corpus.Article.Hash).
	Hash string
	// SettingsHash is the settings fingerprint the results were computed
	// under; a run with other settings recomputes them.
	SettingsHash string
	// Meta is a JSON object (title, author, url, ...); Result is the
	// article-level result. Both are opaque here.
	Meta, Result []byte
	Paragraphs   []Paragraph
}

// Paragraph is one paragraph of a stored article with its results. The
// blobs are opaque here; their packages define them.
type Paragraph struct {
	Text string
	// Result holds sentiment, stance and quotes; Terms the content-term
	// sequence; MinHash the near-duplicate signature.
	Result, Terms, MinHash []byte
}

// Digest is what a run needs to decide whether a stored article must be
// analysed again.
type Digest struct {
	Hash, SettingsHash, File string
	// Source is "path" or "path:line": an article that moved within its
	// file is stored again so that its source stays right.
	Source string
}

// File is an input file already read.
type File struct {
	// Path is relative to the corpus root, with forward slashes.
	Path    string
	Size    int64
	ModTime time.Time
	// Hash is the hex SHA-256 of the content, "" when not computed.
	Hash string
}

// PartialKey names a partial-count blob.
type PartialKey struct {
	Kind   string
	Outlet string
	// Day is YYYY-MM-DD, "" when unknown.
	Day string
}

// BadInput is an input that could not be read. Line is 1-based; 0 means
// the whole file.
type BadInput struct {
	Path   string
	Line   int
	Reason string
}

// Run is the record of a finished run.
type Run struct {
	// ID is assigned by AddRun, increasing.
	ID                int64
	Started, Finished time.Time
	// Status is "ok", "partial" (some inputs were bad), ...
	Status string
	// Seen is the number of articles read or known this run; the others
	// split it (Removed counts articles gone since the previous run).
	Seen, New, Changed, Unchanged, Removed int
	// Bad is the number of bad inputs.
	Bad int
	// Summary is JSON for the history page.
	Summary []byte
}

// Fingerprint identifies what produced the stored results: a change in any
// field means some results must be recomputed.
type Fingerprint struct {
	// Model is the scoring model version, Lexicon and Targets the hashes
	// of the lexicons and target definitions, Settings the hash of the
	// settings that change results (it includes the three others).
	Model, Lexicon, Targets, Settings string
}

// fingerprintKeys are the settings keys of a Fingerprint's fields.
var fingerprintKeys = [4]string{"model", "lexicon", "targets", "settings"}

func (f *Fingerprint) fields() [4]*string {
	return [4]*string{&f.Model, &f.Lexicon, &f.Targets, &f.Settings}
}

// Store is an open state database.
type Store struct {
	path string
	// w is the single writer connection; r a pool of read-only ones.
	w, r *sql.DB
	// Statements prepared on w, used inside transactions via tx.Stmt.
	putArticle, putParagraph, deleteParagraphs, deleteArticle *sql.Stmt
}

// Open opens the state at path, creating it or upgrading its schema. Its
// directory must exist.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, migrations)
}

func open(ctx context.Context, path string, migs []string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "file:") {
		// The driver would read these as a URI or its options.
		return nil, fmt.Errorf("state %q: the path must not be empty, start with file: or contain ? or #", path)
	}
	// Per-connection settings go in the DSN so that a reopened connection
	// has them too; the file-level ones (page size, WAL) are set by migrate
	// once it knows the file is ours.
	const common = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(0)"
	// Page caches (in KiB): the writer appends batches of articles, whose
	// B-tree paths stay cached in far less than this; readers scan once in
	// key order and gain nothing from more than a few pages. Both sit
	// outside the Go heap, in the process's resident memory.
	w, err := sql.Open("sqlite", path+"?"+common+"&_pragma=cache_size(-16384)&_synchronous=FULL&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and database/sql then
	// serialises Begin for us instead of failing with SQLITE_BUSY.
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &Store{path: path, w: w}
	if err := migrate(ctx, w, migs); err != nil {
		w.Close()
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	s.r, err = sql.Open("sqlite", path+"?"+common+"&_pragma=cache_size(-4096)&_query_only=1")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	s.r.SetMaxOpenConns(4)
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&s.putArticle, `INSERT OR REPLACE INTO articles (id, file, source, outlet, day, hash, settings_hash, meta, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&s.putParagraph, `INSERT INTO paragraphs (article_id, idx, text, result, terms, minhash) VALUES (?, ?, ?, ?, ?, ?)`},
		{&s.deleteParagraphs, `DELETE FROM paragraphs WHERE article_id = ?`},
		{&s.deleteArticle, `DELETE FROM articles WHERE id = ?`},
	} {
		if *p.stmt, err = w.PrepareContext(ctx, p.sql); err != nil {
			s.Close()
			return nil, fmt.Errorf("state %s: prepare: %w", path, err)
		}
	}
	return s, nil
}

// Remove deletes the state at path with its -wal and -shm files, to
// rebuild it from scratch; a missing file is not an error. The caller must
// hold the lock and have closed the Store.
func Remove(path string) error {
	for _, suffix := range []string{"-wal", "-shm", ""} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("state: %w", err)
		}
	}
	return nil
}

// Path returns the database path.
func (s *Store) Path() string { return s.path }

// Close closes the database. Transactions must have ended.
func (s *Store) Close() error {
	for _, st := range []*sql.Stmt{s.putArticle, s.putParagraph, s.deleteParagraphs, s.deleteArticle} {
		if st != nil {
			st.Close()
		}
	}
	var rerr error
	if s.r != nil {
		rerr = s.r.Close()
	}
	if err := s.w.Close(); err != nil {
		return fmt.Errorf("state %s: close: %w", s.path, err)
	}
	if rerr != nil {
		return fmt.Errorf("state %s: close: %w", s.path, rerr)
	}
	return nil
}

// Check runs SQLite's PRAGMA integrity_check and newsframe's own checks
// (no paragraph without its article). It returns nil when all pass, else an
// error listing the first problems.
func (s *Store) Check(ctx context.Context) error {
	var problems []string
	rows, err := s.r.QueryContext(ctx, "PRAGMA integrity_check(20)")
	if err != nil {
		return fmt.Errorf("state %s: integrity check: %w", s.path, err)
	}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return fmt.Errorf("state %s: integrity check: %w", s.path, err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("state %s: integrity check: %w", s.path, err)
	}
	var orphans int
	err = s.r.QueryRowContext(ctx, `SELECT count(*) FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = p.article_id)`).Scan(&orphans)
	if err != nil {
		return fmt.Errorf("state %s: integrity check: %w", s.path, err)
	}
	if orphans > 0 {
		problems = append(problems, fmt.Sprintf("%d paragraphs without their article", orphans))
	}
	if len(problems) > 0 {
		return fmt.Errorf("state %s: integrity check failed: %s", s.path, strings.Join(problems, "; "))
	}
	return nil
}

// Settings returns every stored setting.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, s.wrap("settings", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, s.wrap("settings", err)
		}
		m[k] = v
	}
	return m, s.wrap("settings", rows.Err())
}

// Fingerprint returns the stored fingerprint; fields never set are "".
func (s *Store) Fingerprint(ctx context.Context) (Fingerprint, error) {
	var f Fingerprint
	m, err := s.Settings(ctx)
	if err != nil {
		return f, err
	}
	for i, p := range f.fields() {
		*p = m[fingerprintKeys[i]]
	}
	return f, nil
}

// Digests returns the digest of every stored article by id.
func (s *Store) Digests(ctx context.Context) (map[string]Digest, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, hash, settings_hash, file, source FROM articles`)
	if err != nil {
		return nil, s.wrap("digests", err)
	}
	defer rows.Close()
	m := map[string]Digest{}
	for rows.Next() {
		var id string
		var d Digest
		if err := rows.Scan(&id, &d.Hash, &d.SettingsHash, &d.File, &d.Source); err != nil {
			return nil, s.wrap("digests", err)
		}
		m[id] = d
	}
	return m, s.wrap("digests", rows.Err())
}

// Files returns every stored input file by path.
func (s *Store) Files(ctx context.Context) (map[string]File, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT path, size, mtime_ns, hash FROM files`)
	if err != nil {
		return nil, s.wrap("files", err)
	}
	defer rows.Close()
	m := map[string]File{}
	for rows.Next() {
		var f File
		var ns int64
		if err := rows.Scan(&f.Path, &f.Size, &ns, &f.Hash); err != nil {
			return nil, s.wrap("files", err)
		}
		f.ModTime = time.Unix(0, ns)
		m[f.Path] = f
	}
	return m, s.wrap("files", rows.Err())
}

// Counts returns the number of stored articles and paragraphs.
func (s *Store) Counts(ctx context.Context) (articles, paragraphs int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM paragraphs)`).Scan(&articles, &paragraphs)
	return articles, paragraphs, s.wrap("counts", err)
}

// Article returns the stored article id, or nil when there is none.
func (s *Store) Article(ctx context.Context, id string) (*Article, error) {
	a, err := getArticle(ctx, s.r, id)
	return a, s.wrap("article "+id, err)
}

// Columns selects the paragraph fields Scan reads.
type Columns uint8

// The paragraph fields; ColAll reads them all. With none, Scan reads the
// articles alone and leaves Paragraphs nil.
const (
	ColText Columns = 1 << iota
	ColResult
	ColTerms
	ColMinHash
	ColAll = ColText | ColResult | ColTerms | ColMinHash
)

// paragraphColumns appends to the select list q the paragraph columns
// cols selects, and returns the list with, per column in order, where a
// row's value goes in a Paragraph (for Rows.Scan).
func paragraphColumns(q string, cols Columns) (string, []func(*Paragraph) any) {
	var dest []func(*Paragraph) any
	for _, c := range []struct {
		col  Columns
		name string
		dest func(*Paragraph) any
	}{
		{ColText, "text", func(p *Paragraph) any { return &p.Text }},
		{ColResult, "result", func(p *Paragraph) any { return &p.Result }},
		{ColTerms, "terms", func(p *Paragraph) any { return &p.Terms }},
		{ColMinHash, "minhash", func(p *Paragraph) any { return &p.MinHash }},
	} {
		if cols&c.col != 0 {
			q += ", " + c.name
			dest = append(dest, c.dest)
		}
	}
	return q, dest
}

// Scan calls fn for every stored article with the paragraph fields cols
// selects (the others are left empty), in id order (byte order of the
// UTF-8 ids), holding one article in memory at a time. Each *Article is new
// and fn may keep it. An error from fn stops the scan and is returned as
// is. Scan sees the state as committed when it starts.
func (s *Store) Scan(ctx context.Context, cols Columns, fn func(*Article) error) error {
	// One read transaction: both queries see the same snapshot.
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.wrap("scan", err)
	}
	defer tx.Rollback()
	// Two sequential scans of tables clustered on the article id, merged
	// here: a join would copy each article's columns once per paragraph.
	arows, err := tx.QueryContext(ctx, `SELECT id, file, source, outlet, day, hash, settings_hash, meta, result FROM articles ORDER BY id`)
	if err != nil {
		return s.wrap("scan", err)
	}
	defer arows.Close()

	var (
		pending bool   // p is a paragraph read and not yet handed out
		pid     string // its article id
		pidx    int
		p       Paragraph
		prows   *sql.Rows
	)
	next := func() error { return nil }
	if cols&ColAll != 0 {
		q, dest := paragraphColumns("SELECT article_id, idx", cols)
		prows, err = tx.QueryContext(ctx, q+" FROM paragraphs ORDER BY article_id, idx")
		if err != nil {
			return s.wrap("scan", err)
		}
		defer prows.Close()
		args := make([]any, 2+len(dest))
		next = func() error {
			pending = prows.Next()
			if !pending {
				return prows.Err()
			}
			p = Paragraph{}
			args[0], args[1] = &pid, &pidx
			for i, d := range dest {
				args[2+i] = d(&p)
			}
			return prows.Scan(args...)
		}
	}
	if err := next(); err != nil {
		return s.wrap("scan", err)
	}
	for arows.Next() {
		a := &Article{}
		if err := arows.Scan(&a.ID, &a.File, &a.Source, &a.Outlet, &a.Day, &a.Hash, &a.SettingsHash, &a.Meta, &a.Result); err != nil {
			return s.wrap("scan", err)
		}
		// Paragraphs sorting before a.ID have no article (Check reports
		// them); skip them.
		for pending && pid <= a.ID {
			if pid == a.ID {
				if pidx != len(a.Paragraphs) {
					return s.wrap("scan", fmt.Errorf("article %s: paragraph %d stored where %d was expected", a.ID, pidx, len(a.Paragraphs)))
				}
				a.Paragraphs = append(a.Paragraphs, p)
			}
			if err := next(); err != nil {
				return s.wrap("scan", err)
			}
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return s.wrap("scan", arows.Err())
}

// Partial returns the blob stored under k, or nil when there is none.
func (s *Store) Partial(ctx context.Context, k PartialKey) ([]byte, error) {
	b, err := getPartial(ctx, s.r, k)
	return b, s.wrap("partial", err)
}

// Partials calls fn for every partial of kind (every kind if kind is "")
// in (kind, outlet, day) order.
func (s *Store) Partials(ctx context.Context, kind string, fn func(PartialKey, []byte) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT kind, outlet, day, data FROM partials WHERE ?1 = '' OR kind = ?1 ORDER BY kind, outlet, day`, kind)
	if err != nil {
		return s.wrap("partials", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k PartialKey
		var data []byte
		if err := rows.Scan(&k.Kind, &k.Outlet, &k.Day, &data); err != nil {
			return s.wrap("partials", err)
		}
		if err := fn(k, data); err != nil {
			return err
		}
	}
	return s.wrap("partials", rows.Err())
}

// Runs returns the run records, oldest first.
func (s *Store) Runs(ctx context.Context) ([]Run, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, started, finished, status, seen, new, changed, unchanged, removed, bad, summary FROM runs ORDER BY id`)
	if err != nil {
		return nil, s.wrap("runs", err)
	}
	defer rows.Close()
	var runs []Run
	for rows.Next() {
		var r Run
		var started, finished, summary string
		if err := rows.Scan(&r.ID, &started, &finished, &r.Status, &r.Seen, &r.New, &r.Changed, &r.Unchanged, &r.Removed, &r.Bad, &summary); err != nil {
			return nil, s.wrap("runs", err)
		}
		if r.Started, err = time.Parse(time.RFC3339Nano, started); err != nil {
			return nil, s.wrap("runs", fmt.Errorf("run %d: %w", r.ID, err))
		}
		if r.Finished, err = time.Parse(time.RFC3339Nano, finished); err != nil {
			return nil, s.wrap("runs", fmt.Errorf("run %d: %w", r.ID, err))
		}
		r.Summary = []byte(summary)
		runs = append(runs, r)
	}
	return runs, s.wrap("runs", rows.Err())
}

// BadInputs returns the bad inputs recorded for the current files, by path
// and line.
func (s *Store) BadInputs(ctx context.Context) ([]BadInput, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT path, line, reason FROM bad_inputs ORDER BY path, line, rowid`)
	if err != nil {
		return nil, s.wrap("bad inputs", err)
	}
	defer rows.Close()
	var bad []BadInput
	for rows.Next() {
		var b BadInput
		if err := rows.Scan(&b.Path, &b.Line, &b.Reason); err != nil {
			return nil, s.wrap("bad inputs", err)
		}
		bad = append(bad, b)
	}
	return bad, s.wrap("bad inputs", rows.Err())
}

func (s *Store) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("state %s: %s: %w", s.path, what, err)
}

// Tx is the write transaction. Its methods must be called from one
// goroutine. End it with Commit or Rollback.
type Tx struct {
	s   *Store
	ctx context.Context
	tx  *sql.Tx
	// Statements bound to tx.
	putArticle, putParagraph, deleteParagraphs, deleteArticle *sql.Stmt
}

// Begin starts the write transaction, waiting while another is open. ctx
// bounds the whole transaction: cancelling it rolls back.
func (s *Store) Begin(ctx context.Context) (*Tx, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.wrap("begin", err)
	}
	return &Tx{
		s: s, ctx: ctx, tx: tx,
		putArticle:       tx.StmtContext(ctx, s.putArticle),
		putParagraph:     tx.StmtContext(ctx, s.putParagraph),
		deleteParagraphs: tx.StmtContext(ctx, s.deleteParagraphs),
		deleteArticle:    tx.StmtContext(ctx, s.deleteArticle),
	}, nil
}

// Commit makes the transaction's changes durable.
func (t *Tx) Commit() error { return t.s.wrap("commit", t.tx.Commit()) }

// Rollback discards the transaction's changes. After Commit it does
// nothing and returns nil, so it can be deferred.
func (t *Tx) Rollback() error {
	err := t.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return t.s.wrap("rollback", err)
}

// PutArticle stores a, replacing any stored article with its id and all
// of that article's paragraphs.
func (t *Tx) PutArticle(a *Article) error {
	if _, err := t.deleteParagraphs.ExecContext(t.ctx, a.ID); err != nil {
		return t.s.wrap("put article "+a.ID, err)
	}
	if _, err := t.putArticle.ExecContext(t.ctx, a.ID, a.File, a.Source, a.Outlet, a.Day, a.Hash, a.SettingsHash, a.Meta, a.Result); err != nil {
		return t.s.wrap("put article "+a.ID, err)
	}
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		if _, err := t.putParagraph.ExecContext(t.ctx, a.ID, i, p.Text, p.Result, p.Terms, p.MinHash); err != nil {
			return t.s.wrap(fmt.Sprintf("put article %s: paragraph %d", a.ID, i), err)
		}
	}
	return nil
}

// DeleteArticle removes the article id and its paragraphs; an unknown id is
// not an error.
func (t *Tx) DeleteArticle(id string) error {
	if _, err := t.deleteParagraphs.ExecContext(t.ctx, id); err != nil {
		return t.s.wrap("delete article "+id, err)
	}
	if _, err := t.deleteArticle.ExecContext(t.ctx, id); err != nil {
		return t.s.wrap("delete article "+id, err)
	}
	return nil
}

// Article returns the article id as this transaction sees it (before a
// replacement, to subtract its old counts), or nil when there is none.
func (t *Tx) Article(id string) (*Article, error) {
	a, err := getArticle(t.ctx, t.tx, id)
	return a, t.s.wrap("article "+id, err)
}

// PutPartial stores data under k; nil or empty data deletes the entry.
func (t *Tx) PutPartial(k PartialKey, data []byte) error {
	var err error
	if len(data) == 0 {
		_, err = t.tx.ExecContext(t.ctx, `DELETE FROM partials WHERE kind = ? AND outlet = ? AND day = ?`, k.Kind, k.Outlet, k.Day)
	} else {
		_, err = t.tx.ExecContext(t.ctx, `INSERT OR REPLACE INTO partials (kind, outlet, day, data) VALUES (?, ?, ?, ?)`, k.Kind, k.Outlet, k.Day, data)
	}
	return t.s.wrap("put partial", err)
}

// Partial returns the blob under k as this transaction sees it, or nil.
func (t *Tx) Partial(k PartialKey) ([]byte, error) {
	b, err := getPartial(t.ctx, t.tx, k)
	return b, t.s.wrap("partial", err)
}

// ClearPartials deletes every partial of kind, or all of them if kind is
// "" (before recounting from scratch).
func (t *Tx) ClearPartials(kind string) error {
	_, err := t.tx.ExecContext(t.ctx, `DELETE FROM partials WHERE ?1 = '' OR kind = ?1`, kind)
	return t.s.wrap("clear partials", err)
}

// PutFile records an input file as read.
func (t *Tx) PutFile(f File) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT OR REPLACE INTO files (path, size, mtime_ns, hash) VALUES (?, ?, ?, ?)`,
		f.Path, f.Size, f.ModTime.UnixNano(), f.Hash)
	return t.s.wrap("put file "+f.Path, err)
}

// DeleteFile forgets an input file and its bad inputs (not its articles:
// delete those with DeleteArticle).
func (t *Tx) DeleteFile(path string) error {
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM files WHERE path = ?`, path); err != nil {
		return t.s.wrap("delete file "+path, err)
	}
	_, err := t.tx.ExecContext(t.ctx, `DELETE FROM bad_inputs WHERE path = ?`, path)
	return t.s.wrap("delete file "+path, err)
}

// SetBadInputs replaces the bad inputs recorded for the file path (none
// when bad is empty). The Path of each element is ignored.
func (t *Tx) SetBadInputs(path string, bad []BadInput) error {
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM bad_inputs WHERE path = ?`, path); err != nil {
		return t.s.wrap("bad inputs of "+path, err)
	}
	for _, b := range bad {
		if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO bad_inputs (path, line, reason) VALUES (?, ?, ?)`, path, b.Line, b.Reason); err != nil {
			return t.s.wrap("bad inputs of "+path, err)
		}
	}
	return nil
}

// SetSetting stores value under key.
func (t *Tx) SetSetting(key, value string) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)`, key, value)
	return t.s.wrap("set "+key, err)
}

// SetFingerprint stores f's fields under their settings keys.
func (t *Tx) SetFingerprint(f Fingerprint) error {
	for i, p := range f.fields() {
		if err := t.SetSetting(fingerprintKeys[i], *p); err != nil {
			return err
		}
	}
	return nil
}

// AddRun records a finished run and returns its id. r.ID is ignored.
func (t *Tx) AddRun(r Run) (int64, error) {
	summary := string(r.Summary)
	if summary == "" {
		summary = "{}"
	}
	res, err := t.tx.ExecContext(t.ctx, `INSERT INTO runs (started, finished, status, seen, new, changed, unchanged, removed, bad, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Started.UTC().Format(time.RFC3339Nano), r.Finished.UTC().Format(time.RFC3339Nano), r.Status,
		r.Seen, r.New, r.Changed, r.Unchanged, r.Removed, r.Bad, summary)
	if err != nil {
		return 0, t.s.wrap("add run", err)
	}
	id, err := res.LastInsertId()
	return id, t.s.wrap("add run", err)
}

// querier is what getArticle and getPartial need of *sql.DB and *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getArticle(ctx context.Context, q querier, id string) (*Article, error) {
	a := &Article{}
	err := q.QueryRowContext(ctx, `SELECT id, file, source, outlet, day, hash, settings_hash, meta, result FROM articles WHERE id = ?`, id).
		Scan(&a.ID, &a.File, &a.Source, &a.Outlet, &a.Day, &a.Hash, &a.SettingsHash, &a.Meta, &a.Result)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT text, result, terms, minhash FROM paragraphs WHERE article_id = ? ORDER BY idx`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p Paragraph
		if err := rows.Scan(&p.Text, &p.Result, &p.Terms, &p.MinHash); err != nil {
			return nil, err
		}
		a.Paragraphs = append(a.Paragraphs, p)
	}
	return a, rows.Err()
}

func getPartial(ctx context.Context, q querier, k PartialKey) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT data FROM partials WHERE kind = ? AND outlet = ? AND day = ?`, k.Kind, k.Outlet, k.Day).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return b, err
}
