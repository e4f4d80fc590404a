package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// applicationID marks a newsframe state in the SQLite header ("nfst").
const applicationID = 0x6e667374

// migrations[i] turns schema version i into version i+1. Append only:
// never edit a migration that has been released, add the next one.
// Comments inside CREATE statements are kept by SQLite and shown by the
// sqlite3 shell's .schema.
var migrations = []string{
	// 1: the initial schema.
	`
CREATE TABLE settings (
	key   TEXT PRIMARY KEY, -- "model", "lexicon", "targets", "settings", ...
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE files (
	path     TEXT PRIMARY KEY,  -- relative to the corpus root, forward slashes
	size     INTEGER NOT NULL,  -- bytes
	mtime_ns INTEGER NOT NULL,  -- modification time, Unix nanoseconds
	hash     TEXT NOT NULL      -- hex SHA-256 of the content, '' if not computed
) WITHOUT ROWID;

CREATE TABLE articles (
	id            TEXT PRIMARY KEY,
	file          TEXT NOT NULL,  -- files.path of the input it came from
	source        TEXT NOT NULL,  -- "path" or "path:line"
	outlet        TEXT NOT NULL,
	day           TEXT NOT NULL,  -- YYYY-MM-DD, '' when unknown
	hash          TEXT NOT NULL,  -- hex SHA-256 of the content (corpus.Article.Hash)
	settings_hash TEXT NOT NULL,  -- settings fingerprint the result was computed under
	meta          BLOB,           -- JSON object: title, author, url, ...
	result        BLOB            -- article-level result (pipeline format)
) WITHOUT ROWID;
CREATE INDEX articles_file ON articles(file);

CREATE TABLE paragraphs (
	article_id TEXT NOT NULL,     -- articles.id
	idx        INTEGER NOT NULL,  -- position in the article, from 0
	text       TEXT NOT NULL,
	result     BLOB,              -- sentiment, stance, quotes (pipeline format)
	terms      BLOB,              -- content-term sequence (analysis/terms format)
	minhash    BLOB,              -- MinHash signature (analysis/wire format)
	PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE partials (
	kind   TEXT NOT NULL,  -- what the counts are, e.g. "terms"
	outlet TEXT NOT NULL,
	day    TEXT NOT NULL,  -- YYYY-MM-DD, '' when unknown
	data   BLOB NOT NULL,  -- mergeable counts (format of the kind's package)
	PRIMARY KEY (kind, outlet, day)
) WITHOUT ROWID;

CREATE TABLE runs (
	id        INTEGER PRIMARY KEY,
	started   TEXT NOT NULL,     -- RFC 3339, UTC
	finished  TEXT NOT NULL,     -- RFC 3339, UTC
	status    TEXT NOT NULL,     -- "ok", "partial" (some bad inputs), ...
	seen      INTEGER NOT NULL,  -- articles read or known this run
	new       INTEGER NOT NULL,
	changed   INTEGER NOT NULL,
	unchanged INTEGER NOT NULL,
	removed   INTEGER NOT NULL,
	bad       INTEGER NOT NULL,  -- bad inputs
	summary   TEXT NOT NULL      -- JSON, for the history page
);

CREATE TABLE bad_inputs (
	path   TEXT NOT NULL,     -- files.path
	line   INTEGER NOT NULL,  -- 1-based, 0 = the whole file
	reason TEXT NOT NULL
);
CREATE INDEX bad_inputs_path ON bad_inputs(path, line);
`,
	// 2: paragraphs in a rowid table. In the WITHOUT ROWID table of
	// version 1, a row longer than about a quarter of a page (a long
	// paragraph with its signature and results) kept only 1 KB in its
	// leaf and put the rest alone in an overflow page: half of a 100 MB
	// corpus's state file was unused space in those pages. A rowid table
	// keeps rows of up to a page in its leaves; the unique index keeps
	// the (article_id, idx) order and key.
	`
CREATE TABLE paragraphs_v2 (
	article_id TEXT NOT NULL,     -- articles.id
	idx        INTEGER NOT NULL,  -- position in the article, from 0
	text       TEXT NOT NULL,
	result     BLOB,              -- sentiment, stance, quotes (pipeline format)
	terms      BLOB,              -- content-term sequence (analysis/terms format)
	minhash    BLOB               -- MinHash signature (analysis/wire format)
);
INSERT INTO paragraphs_v2 (article_id, idx, text, result, terms, minhash)
	SELECT article_id, idx, text, result, terms, minhash FROM paragraphs ORDER BY article_id, idx;
DROP TABLE paragraphs;
ALTER TABLE paragraphs_v2 RENAME TO paragraphs;
CREATE UNIQUE INDEX paragraphs_key ON paragraphs(article_id, idx);
`,
	// 3: what the aggregation keeps between runs, so that a run reads the
	// paragraphs of the articles that changed only. A state upgraded from
	// version 2 has none of it: its first run rebuilds it from every
	// article.
	`
CREATE TABLE records (
	id   TEXT PRIMARY KEY,  -- articles.id
	data BLOB NOT NULL      -- the article's figures as the aggregation last counted them (pipeline format)
) WITHOUT ROWID;

CREATE TABLE placements (
	id   TEXT PRIMARY KEY,  -- articles.id
	data BLOB NOT NULL      -- the article's story-clustering terms and frequencies (stories format)
) WITHOUT ROWID;

CREATE TABLE pending (
	id      TEXT PRIMARY KEY,  -- an article added, changed or removed since the last aggregation
	retired BLOB               -- its record, placement and terms as last aggregated; NULL if never aggregated
) WITHOUT ROWID;

CREATE TABLE aggregates (
	name TEXT PRIMARY KEY,  -- e.g. "dict", "terms/OUTLET", "cooc", "wire/base/00", "cell/NAME"
	data BLOB NOT NULL      -- mergeable counts and indexes (pipeline format)
);
`,
}

// SchemaVersion is the schema version this newsframe writes.
var SchemaVersion = len(migrations)

var (
	// ErrNewerSchema is wrapped by Open's error when the database was
	// written by a newer newsframe.
	ErrNewerSchema = errors.New("state schema is newer than this newsframe")
	// ErrNotState is wrapped by Open's error when the file is an SQLite
	// database that is not a newsframe state.
	ErrNotState = errors.New("not a newsframe state database")
)

// migrate brings db to len(migs), one transaction per step, so that a run
// killed during an upgrade leaves the last complete version.
func migrate(ctx context.Context, db *sql.DB, migs []string) error {
	var version, appID, objects int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects); err != nil {
		return err
	}
	switch {
	case appID != 0 && appID != applicationID:
		return fmt.Errorf("%w (application_id %#x)", ErrNotState, appID)
	case appID == 0 && objects > 0:
		return fmt.Errorf("%w (it already has %d tables or indexes)", ErrNotState, objects)
	case version > len(migs):
		return fmt.Errorf("%w: version %d, this newsframe knows up to %d; use a newer newsframe or another --state", ErrNewerSchema, version, len(migs))
	}
	if objects == 0 {
		// 8 KiB pages: measured faster than 4, 16 and 32 KiB for rows of
		// news paragraphs (BenchmarkPut, BenchmarkScan). Only a new
		// database can take it: WAL mode fixes the page size.
		if _, err := db.ExecContext(ctx, "PRAGMA page_size = 8192"); err != nil {
			return err
		}
	}
	// WAL: readers do not block the writer, and a killed writer leaves
	// the last committed transaction. The mode is stored in the file.
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("cannot switch to WAL mode (journal mode %q); is the file on a network file system?", mode)
	}
	for v := version; v < len(migs); v++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		// Both pragmas write the database header inside the transaction.
		_, err = tx.ExecContext(ctx, fmt.Sprintf("%s\nPRAGMA application_id = %d;\nPRAGMA user_version = %d;", migs[v], applicationID, v+1))
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
		if err != nil {
			return fmt.Errorf("migrate to schema version %d: %w", v+1, err)
		}
	}
	return nil
}
