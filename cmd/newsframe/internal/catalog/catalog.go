// Package catalog is newsframe's state between runs: an SQLite database
// (modernc.org/sqlite, pure Go) that records what the result store holds
// and what the summaries add up to, but holds no paragraph: the input files
// already read, one row per article (id, content hash, day, the chunk of
// the result store that holds its rows, its story), the result store's
// files per chunk, the mergeable summaries per cell, per (day, cell) and
// for the corpus, the stories, the runs and the bad inputs.
//
// # Opening and writing
//
// [Open] creates the database or upgrades its schema, in WAL mode with
// synchronous=FULL: a run killed at any moment leaves the last committed
// transaction. There is one writer ([Store.Begin]); reads outside the
// transaction see the last committed state. A run writes the result
// store's new files first, makes them durable, and then commits, in one
// transaction, the chunks that name them with the articles and summaries
// that go with them: a killed run leaves either the old catalog, whose
// files are all still there, or the new one.
//
// # Tables
//
// `sqlite3 STATE .schema` shows the SQL with comments. Blobs belong to the
// packages that write them: summaries and days to analysis/aggregate,
// daydf to analysis/stories, stories.terms to analysis/terms.
package catalog

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

// Store is an open catalog.
type Store struct {
	path string
	// w is the single writer connection; r a pool of read-only ones.
	w, r *sql.DB
}

// Open opens the catalog at path, creating it or upgrading its schema.
// Its directory must exist. The state of a newsframe from before the
// catalog is replaced (its first run rebuilds everything); replaced
// reports it.
func Open(ctx context.Context, path string) (s *Store, replaced bool, err error) {
	s, err = open(ctx, path)
	if errors.Is(err, errOldState) {
		if err := Remove(path); err != nil {
			return nil, false, err
		}
		s, err = open(ctx, path)
		return s, true, err
	}
	return s, false, err
}

func open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("state %q: the path must not be empty, start with file: or contain ? or #", path)
	}
	const common = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(0)"
	w, err := sql.Open("sqlite", path+"?"+common+"&_pragma=cache_size(-16384)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w, migrations); err != nil {
		w.Close()
		if errors.Is(err, errOldState) {
			return nil, err
		}
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", path+"?"+common+"&_pragma=cache_size(-4096)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	return &Store{path: path, w: w, r: r}, nil
}

// Remove deletes the catalog at path with its -wal and -shm files; a
// missing file is not an error. The caller must hold the lock.
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
	rerr := s.r.Close()
	if err := s.w.Close(); err != nil {
		return fmt.Errorf("state %s: close: %w", s.path, err)
	}
	if rerr != nil {
		return fmt.Errorf("state %s: close: %w", s.path, rerr)
	}
	return nil
}

func (s *Store) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("state %s: %s: %w", s.path, what, err)
}

// Check runs SQLite's integrity check.
func (s *Store) Check(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, "PRAGMA integrity_check(20)")
	if err != nil {
		return s.wrap("integrity check", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return s.wrap("integrity check", err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := rows.Err(); err != nil {
		return s.wrap("integrity check", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("state %s: integrity check failed: %s", s.path, strings.Join(problems, "; "))
	}
	return nil
}

// querier is what both the read pool and a transaction offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Reader holds the reads the catalog offers, on the read pool (the last
// committed state) or inside a transaction (its own writes included).
type Reader struct {
	s   *Store
	ctx context.Context
	q   querier
}

// Read returns a Reader of the last committed state.
func (s *Store) Read(ctx context.Context) *Reader { return &Reader{s: s, ctx: ctx, q: s.r} }

// Settings returns every stored setting.
func (r *Reader) Settings() (map[string]string, error) {
	rows, err := r.q.QueryContext(r.ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, r.s.wrap("settings", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, r.s.wrap("settings", err)
		}
		m[k] = v
	}
	return m, r.s.wrap("settings", rows.Err())
}

// File is an input file already read.
type File struct {
	Path    string
	Size    int64
	ModTime time.Time
}

// Files returns the files read so far, by path.
func (r *Reader) Files() (map[string]File, error) {
	rows, err := r.q.QueryContext(r.ctx, `SELECT path, size, mtime_ns FROM files`)
	if err != nil {
		return nil, r.s.wrap("files", err)
	}
	defer rows.Close()
	m := map[string]File{}
	for rows.Next() {
		var f File
		var ns int64
		if err := rows.Scan(&f.Path, &f.Size, &ns); err != nil {
			return nil, r.s.wrap("files", err)
		}
		f.ModTime = time.Unix(0, ns)
		m[f.Path] = f
	}
	return m, r.s.wrap("files", rows.Err())
}

// Article is an article's row in the catalog.
type Article struct {
	ID, Hash, Settings string
	File               string
	Line               int
	Outlet, Day, Chunk string
	// Published is zero when undated.
	Published time.Time
	Story     string
	Title     string
	// Terms are its most frequent content terms.
	Terms string
}

const articleColumns = `id, hash, settings, file, line, outlet, day, chunk, published, story, title, terms`

func scanArticles(rows *sql.Rows) ([]Article, error) {
	defer rows.Close()
	var out []Article
	for rows.Next() {
		var a Article
		var pub sql.NullInt64
		if err := rows.Scan(&a.ID, &a.Hash, &a.Settings, &a.File, &a.Line, &a.Outlet, &a.Day, &a.Chunk, &pub, &a.Story, &a.Title, &a.Terms); err != nil {
			return nil, err
		}
		if pub.Valid {
			a.Published = time.UnixMilli(pub.Int64).UTC()
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (r *Reader) articles(what, where string, args ...any) ([]Article, error) {
	rows, err := r.q.QueryContext(r.ctx, `SELECT `+articleColumns+` FROM articles `+where, args...)
	if err != nil {
		return nil, r.s.wrap(what, err)
	}
	out, err := scanArticles(rows)
	return out, r.s.wrap(what, err)
}

// FileArticles returns the articles read from file.
func (r *Reader) FileArticles(file string) ([]Article, error) {
	return r.articles("articles of "+file, `WHERE file = ? ORDER BY id`, file)
}

// FileCount returns the number of articles read from file.
func (r *Reader) FileCount(file string) (int, error) {
	var n int
	err := r.q.QueryRowContext(r.ctx, `SELECT count(*) FROM articles WHERE file = ?`, file).Scan(&n)
	return n, r.s.wrap("articles of "+file, err)
}

// Article returns the article id, nil when unknown.
func (r *Reader) Article(id string) (*Article, error) {
	as, err := r.articles("article "+id, `WHERE id = ?`, id)
	if err != nil || len(as) == 0 {
		return nil, err
	}
	return &as[0], nil
}

// ChunkArticles returns the articles of a chunk, by id.
func (r *Reader) ChunkArticles(day, chunk string) ([]Article, error) {
	return r.articles("articles of chunk", `WHERE day = ? AND chunk = ? ORDER BY id`, day, chunk)
}

// DayArticles returns the articles of a day, by id.
func (r *Reader) DayArticles(day string) ([]Article, error) {
	return r.articles("articles of "+day, `WHERE day = ? ORDER BY id`, day)
}

// StoryArticles returns the members of a story, by publication then id.
func (r *Reader) StoryArticles(story string) ([]Article, error) {
	return r.articles("members of "+story, `WHERE story = ? ORDER BY published IS NULL, published, id`, story)
}

// Recent returns the n most recent dated articles (newest first, then
// by id), then undated ones by id when fewer are dated.
func (r *Reader) Recent(n int) ([]Article, error) {
	return r.articles("recent articles", `ORDER BY published IS NULL, published DESC, id LIMIT ?`, n)
}

// UndatedChunk is a chunk of the undated partition and its first article
// in (file, line, id) order.
type UndatedChunk struct {
	Name, File string
	Line       int
	ID         string
}

// UndatedChunks returns the chunks of the undated partition with their
// first articles, in (file, line, id) order of those: the boundaries of the
// sweep's pass over the undated partition. It reads every undated article's
// place once, chunk by chunk through the index on (day, chunk) (SQLite
// would otherwise scan the undated articles in order from the first for
// each chunk), and holds one row per chunk.
func (r *Reader) UndatedChunks() ([]UndatedChunk, error) {
	rows, err := r.q.QueryContext(r.ctx, `SELECT c.name, a.file, a.line, a.id FROM chunks c JOIN articles a
		ON a.id = (SELECT id FROM articles INDEXED BY articles_chunk WHERE day = '' AND chunk = c.name ORDER BY file, line, id LIMIT 1)
		WHERE c.day = '' ORDER BY a.file, a.line, a.id`)
	if err != nil {
		return nil, r.s.wrap("undated chunks", err)
	}
	defer rows.Close()
	var out []UndatedChunk
	for rows.Next() {
		var c UndatedChunk
		if err := rows.Scan(&c.Name, &c.File, &c.Line, &c.ID); err != nil {
			return nil, r.s.wrap("undated chunks", err)
		}
		out = append(out, c)
	}
	return out, r.s.wrap("undated chunks", rows.Err())
}

// Counts returns the number of articles and the sum of the chunks' rows.
func (r *Reader) Counts() (articles int, err error) {
	err = r.q.QueryRowContext(r.ctx, `SELECT count(*) FROM articles`).Scan(&articles)
	return articles, r.s.wrap("counts", err)
}

// Chunk is one chunk of the result store: a day's partition, or part of
// it, and its two files.
type Chunk struct {
	Day, Name            string
	Articles, Paragraphs string
	// Topics is the path of its article_topics file, "" when its
	// articles have no topic shares (topics off, or none fitted yet).
	Topics      string
	Rows, Bytes int64
}

// Files returns the chunk's result-store paths.
func (c Chunk) Files() []string {
	if c.Topics == "" {
		return []string{c.Articles, c.Paragraphs}
	}
	return []string{c.Articles, c.Paragraphs, c.Topics}
}

// Chunks calls fn for every chunk, by day then name.
func (r *Reader) Chunks(fn func(Chunk) error) error {
	rows, err := r.q.QueryContext(r.ctx, `SELECT day, name, articles, paragraphs, topics, rows, bytes FROM chunks ORDER BY day, name`)
	if err != nil {
		return r.s.wrap("chunks", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Chunk
		if err := rows.Scan(&c.Day, &c.Name, &c.Articles, &c.Paragraphs, &c.Topics, &c.Rows, &c.Bytes); err != nil {
			return r.s.wrap("chunks", err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return r.s.wrap("chunks", rows.Err())
}

// DayChunks returns the names of a day's chunks (day "" for the undated).
func (r *Reader) DayChunks(day string) ([]string, error) {
	rows, err := r.q.QueryContext(r.ctx, `SELECT name FROM chunks WHERE day = ? ORDER BY name`, day)
	if err != nil {
		return nil, r.s.wrap("chunks of "+day, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, r.s.wrap("chunks of "+day, err)
		}
		out = append(out, n)
	}
	return out, r.s.wrap("chunks of "+day, rows.Err())
}

// NextDay returns the first dated day after day that has chunks.
func (r *Reader) NextDay(day string) (string, bool, error) {
	var next sql.NullString
	err := r.q.QueryRowContext(r.ctx, `SELECT min(day) FROM chunks WHERE day > ? AND day != ''`, day).Scan(&next)
	if err != nil {
		return "", false, r.s.wrap("next day", err)
	}
	return next.String, next.Valid, nil
}

// Chunk returns one chunk, nil when there is none.
func (r *Reader) Chunk(day, name string) (*Chunk, error) {
	c := Chunk{Day: day, Name: name}
	err := r.q.QueryRowContext(r.ctx, `SELECT articles, paragraphs, topics, rows, bytes FROM chunks WHERE day = ? AND name = ?`, day, name).
		Scan(&c.Articles, &c.Paragraphs, &c.Topics, &c.Rows, &c.Bytes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, r.s.wrap("chunk", err)
	}
	return &c, nil
}

// Summary returns the summary blob name, nil when there is none.
func (r *Reader) Summary(name string) ([]byte, error) {
	var b []byte
	err := r.q.QueryRowContext(r.ctx, `SELECT data FROM summaries WHERE name = ?`, name).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, r.s.wrap("summary "+name, err)
	}
	b, err = unpack(b)
	return b, r.s.wrap("summary "+name, err)
}

// Summaries calls fn for every summary whose name starts with prefix, in
// name order.
func (r *Reader) Summaries(prefix string, fn func(name string, data []byte) error) error {
	rows, err := r.q.QueryContext(r.ctx, `SELECT name, data FROM summaries WHERE name >= ? AND name < ? ORDER BY name`, prefix, prefix+"\U0010FFFF")
	if err != nil {
		return r.s.wrap("summaries", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var data []byte
		if err := rows.Scan(&name, &data); err != nil {
			return r.s.wrap("summaries", err)
		}
		if data, err = unpack(data); err != nil {
			return r.s.wrap("summary "+name, err)
		}
		if err := fn(name, data); err != nil {
			return err
		}
	}
	return r.s.wrap("summaries", rows.Err())
}

// Day returns the summary of a cell on a day, nil when there is none.
func (r *Reader) Day(day, cell string) ([]byte, error) {
	var b []byte
	err := r.q.QueryRowContext(r.ctx, `SELECT data FROM days WHERE day = ? AND cell = ?`, day, cell).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, r.s.wrap("day summary", err)
	}
	b, err = unpack(b)
	return b, r.s.wrap("day summary", err)
}

// Days calls fn for every (day, cell) summary, by day then cell.
func (r *Reader) Days(fn func(day, cell string, data []byte) error) error {
	rows, err := r.q.QueryContext(r.ctx, `SELECT day, cell, data FROM days ORDER BY day, cell`)
	if err != nil {
		return r.s.wrap("days", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, cell string
		var data []byte
		if err := rows.Scan(&day, &cell, &data); err != nil {
			return r.s.wrap("days", err)
		}
		if data, err = unpack(data); err != nil {
			return r.s.wrap("day summary "+day, err)
		}
		if err := fn(day, cell, data); err != nil {
			return err
		}
	}
	return r.s.wrap("days", rows.Err())
}

// DayDF returns the stored document frequencies of a day number, nil when
// it has no dated article.
func (r *Reader) DayDF(day int) ([]byte, error) {
	var b []byte
	err := r.q.QueryRowContext(r.ctx, `SELECT data FROM daydf WHERE day = ?`, day).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, r.s.wrap("day frequencies", err)
	}
	b, err = unpack(b)
	return b, r.s.wrap("day frequencies", err)
}

// DayCount returns the number of dated articles of a day number.
func (r *Reader) DayCount(day int) (int32, error) {
	var n int32
	err := r.q.QueryRowContext(r.ctx, `SELECT n FROM daydf WHERE day = ?`, day).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, r.s.wrap("day frequencies", err)
}

// Story is a story's row.
type Story struct {
	ID          string
	First, Last time.Time // zero when undated
	Articles    int
	Outlets     int
	Label       string
	Title       string
	Terms       []byte
	Run         int64
}

const storyColumns = `id, first, last, articles, outlets, label, title, terms, run`

func scanStories(rows *sql.Rows, fn func(Story) error) error {
	defer rows.Close()
	for rows.Next() {
		var s Story
		var first, last sql.NullInt64
		if err := rows.Scan(&s.ID, &first, &last, &s.Articles, &s.Outlets, &s.Label, &s.Title, &s.Terms, &s.Run); err != nil {
			return err
		}
		if first.Valid {
			s.First = time.UnixMilli(first.Int64).UTC()
		}
		if last.Valid {
			s.Last = time.UnixMilli(last.Int64).UTC()
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Story returns a story, nil when unknown.
func (r *Reader) Story(id string) (*Story, error) {
	rows, err := r.q.QueryContext(r.ctx, `SELECT `+storyColumns+` FROM stories WHERE id = ?`, id)
	if err != nil {
		return nil, r.s.wrap("story "+id, err)
	}
	var out *Story
	err = scanStories(rows, func(s Story) error { out = &s; return nil })
	return out, r.s.wrap("story "+id, err)
}

// Stories calls fn for every story, largest first (then by id); limit > 0
// stops after that many.
func (r *Reader) Stories(limit int, fn func(Story) error) error {
	if limit <= 0 {
		limit = -1
	}
	rows, err := r.q.QueryContext(r.ctx, `SELECT `+storyColumns+` FROM stories ORDER BY articles DESC, id LIMIT ?`, limit)
	if err != nil {
		return r.s.wrap("stories", err)
	}
	return r.s.wrap("stories", scanStories(rows, fn))
}

// StoryCount returns the number of stories.
func (r *Reader) StoryCount() (int, error) {
	var n int
	err := r.q.QueryRowContext(r.ctx, `SELECT count(*) FROM stories`).Scan(&n)
	return n, r.s.wrap("stories", err)
}

// Run is one finished run.
type Run struct {
	ID                                     int64
	Started, Finished                      time.Time
	Status                                 string
	Seen, New, Changed, Unchanged, Removed int
	Bad                                    int
	Summary                                []byte
}

// Runs returns every run, oldest first.
func (r *Reader) Runs() ([]Run, error) {
	rows, err := r.q.QueryContext(r.ctx, `SELECT id, started, finished, status, seen, new, changed, unchanged, removed, bad, summary FROM runs ORDER BY id`)
	if err != nil {
		return nil, r.s.wrap("runs", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var x Run
		var started, finished, summary string
		if err := rows.Scan(&x.ID, &started, &finished, &x.Status, &x.Seen, &x.New, &x.Changed, &x.Unchanged, &x.Removed, &x.Bad, &summary); err != nil {
			return nil, r.s.wrap("runs", err)
		}
		x.Started, _ = time.Parse(time.RFC3339Nano, started)
		x.Finished, _ = time.Parse(time.RFC3339Nano, finished)
		x.Summary = []byte(summary)
		out = append(out, x)
	}
	return out, r.s.wrap("runs", rows.Err())
}

// ReserveRun returns a new run id and records it at once, in its own
// transaction: the id names the result files the run writes, so a run
// killed after its commit but before AddRun must not hand its id (and
// its file names, which the catalog now records) to the next run, which
// would truncate them. Killed runs leave gaps in the ids.
func (s *Store) ReserveRun(ctx context.Context) (int64, error) {
	tx, err := s.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var id sql.NullInt64
	err = tx.tx.QueryRowContext(ctx, `SELECT max(v) FROM (SELECT max(id) AS v FROM runs UNION ALL SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?)`, settingReservedRun).Scan(&id)
	if err != nil {
		return 0, s.wrap("reserve run", err)
	}
	next := id.Int64 + 1
	if err := tx.SetSetting(settingReservedRun, fmt.Sprint(next)); err != nil {
		return 0, err
	}
	return next, tx.Commit()
}

// settingReservedRun is the last run id ReserveRun handed out.
const settingReservedRun = "reserved_run"

// BadInput is an input that could not be read. Line is 1-based; 0 means
// the whole file.
type BadInput struct {
	Path   string
	Line   int
	Kind   string
	Reason string
}

// BadInputs returns every recorded bad input, by path then line.
func (r *Reader) BadInputs() ([]BadInput, error) {
	rows, err := r.q.QueryContext(r.ctx, `SELECT path, line, kind, reason FROM bad_inputs ORDER BY path, line`)
	if err != nil {
		return nil, r.s.wrap("bad inputs", err)
	}
	defer rows.Close()
	var out []BadInput
	for rows.Next() {
		var b BadInput
		if err := rows.Scan(&b.Path, &b.Line, &b.Kind, &b.Reason); err != nil {
			return nil, r.s.wrap("bad inputs", err)
		}
		out = append(out, b)
	}
	return out, r.s.wrap("bad inputs", rows.Err())
}

// Tx is the write transaction; its Reader sees its own writes. Use it
// from one goroutine; end it with Commit or Rollback.
type Tx struct {
	*Reader
	tx *sql.Tx
}

// Begin starts the write transaction, waiting while another is open.
func (s *Store) Begin(ctx context.Context) (*Tx, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.wrap("begin", err)
	}
	return &Tx{Reader: &Reader{s: s, ctx: ctx, q: tx}, tx: tx}, nil
}

// Commit makes the transaction's changes durable.
func (t *Tx) Commit() error { return t.s.wrap("commit", t.tx.Commit()) }

// Rollback discards the transaction; after Commit it does nothing.
func (t *Tx) Rollback() error {
	err := t.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return t.s.wrap("rollback", err)
}

func (t *Tx) exec(what, query string, args ...any) error {
	_, err := t.tx.ExecContext(t.ctx, query, args...)
	return t.s.wrap(what, err)
}

// SetSetting stores value under key.
func (t *Tx) SetSetting(key, value string) error {
	return t.exec("set "+key, `INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)`, key, value)
}

// PutFile records an input file as read.
func (t *Tx) PutFile(f File) error {
	return t.exec("put file "+f.Path, `INSERT OR REPLACE INTO files (path, size, mtime_ns) VALUES (?, ?, ?)`, f.Path, f.Size, f.ModTime.UnixNano())
}

// DeleteFile forgets an input file and its bad inputs.
func (t *Tx) DeleteFile(path string) error {
	if err := t.exec("delete file "+path, `DELETE FROM files WHERE path = ?`, path); err != nil {
		return err
	}
	return t.exec("delete file "+path, `DELETE FROM bad_inputs WHERE path = ?`, path)
}

// PutArticle stores or replaces an article's row.
func (t *Tx) PutArticle(a *Article) error {
	var pub any
	if !a.Published.IsZero() {
		pub = a.Published.UnixMilli()
	}
	return t.exec("put article "+a.ID, `INSERT OR REPLACE INTO articles (`+articleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Hash, a.Settings, a.File, a.Line, a.Outlet, a.Day, a.Chunk, pub, a.Story, a.Title, a.Terms)
}

// DeleteArticle removes an article's row.
func (t *Tx) DeleteArticle(id string) error {
	return t.exec("delete article "+id, `DELETE FROM articles WHERE id = ?`, id)
}

// PutChunk records a chunk's files, replacing the previous ones.
func (t *Tx) PutChunk(c Chunk) error {
	return t.exec("put chunk", `INSERT OR REPLACE INTO chunks (day, name, articles, paragraphs, topics, rows, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.Day, c.Name, c.Articles, c.Paragraphs, c.Topics, c.Rows, c.Bytes)
}

// DeleteChunk forgets a chunk.
func (t *Tx) DeleteChunk(day, name string) error {
	return t.exec("delete chunk", `DELETE FROM chunks WHERE day = ? AND name = ?`, day, name)
}

// PutSummary stores a summary; nil data deletes it.
func (t *Tx) PutSummary(name string, data []byte) error {
	if data == nil {
		return t.exec("summary "+name, `DELETE FROM summaries WHERE name = ?`, name)
	}
	return t.exec("summary "+name, `INSERT OR REPLACE INTO summaries (name, data) VALUES (?, ?)`, name, pack(data))
}

// ClearSummaries deletes every summary, day summary, day frequency and
// story (before rebuilding them from the stored rows).
func (t *Tx) ClearSummaries() error {
	for _, table := range []string{"summaries", "days", "daydf", "stories"} {
		if err := t.exec("clear "+table, `DELETE FROM `+table); err != nil {
			return err
		}
	}
	return nil
}

// PutDay stores a (day, cell) summary; nil data deletes it.
func (t *Tx) PutDay(day, cell string, data []byte) error {
	if data == nil {
		return t.exec("day summary", `DELETE FROM days WHERE day = ? AND cell = ?`, day, cell)
	}
	return t.exec("day summary", `INSERT OR REPLACE INTO days (day, cell, data) VALUES (?, ?, ?)`, day, cell, pack(data))
}

// PutDayDF stores the document frequencies of a day number; n = 0
// deletes them.
func (t *Tx) PutDayDF(day int, n int32, data []byte) error {
	if n == 0 {
		return t.exec("day frequencies", `DELETE FROM daydf WHERE day = ?`, day)
	}
	return t.exec("day frequencies", `INSERT OR REPLACE INTO daydf (day, n, data) VALUES (?, ?, ?)`, day, n, pack(data))
}

// PutStory stores or replaces a story.
func (t *Tx) PutStory(s *Story) error {
	var first, last any
	if !s.First.IsZero() {
		first, last = s.First.UnixMilli(), s.Last.UnixMilli()
	}
	return t.exec("put story "+s.ID, `INSERT OR REPLACE INTO stories (`+storyColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, first, last, s.Articles, s.Outlets, s.Label, s.Title, s.Terms, s.Run)
}

// DeleteStory removes a story.
func (t *Tx) DeleteStory(id string) error {
	return t.exec("delete story "+id, `DELETE FROM stories WHERE id = ?`, id)
}

// SetBadInputs replaces the bad inputs of a file.
func (t *Tx) SetBadInputs(path string, bad []BadInput) error {
	if err := t.exec("bad inputs of "+path, `DELETE FROM bad_inputs WHERE path = ?`, path); err != nil {
		return err
	}
	for _, b := range bad {
		if err := t.exec("bad inputs of "+path, `INSERT INTO bad_inputs (path, line, kind, reason) VALUES (?, ?, ?, ?)`, path, b.Line, b.Kind, b.Reason); err != nil {
			return err
		}
	}
	return nil
}

// AddRun records a finished run with the id ReserveRun gave.
func (t *Tx) AddRun(r Run) error {
	summary := string(r.Summary)
	if summary == "" {
		summary = "{}"
	}
	return t.exec("add run", `INSERT INTO runs (id, started, finished, status, seen, new, changed, unchanged, removed, bad, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Started.UTC().Format(time.RFC3339Nano), r.Finished.UTC().Format(time.RFC3339Nano), r.Status,
		r.Seen, r.New, r.Changed, r.Unchanged, r.Removed, r.Bad, summary)
}
