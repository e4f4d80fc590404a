package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// applicationID marks a newsframe catalog in the SQLite header ("nfca").
// oldStateID marks the state of newsframe versions before the catalog,
// which held every paragraph ("nfst"): [Open] replaces such a file.
const (
	applicationID = 0x6e666361
	oldStateID    = 0x6e667374
)

// migrations[i] turns schema version i into version i+1. Append only.
// Comments inside CREATE statements are kept by SQLite and shown by the
// sqlite3 shell's .schema.
var migrations = []string{
	// 1: the initial catalog.
	`
CREATE TABLE settings (
	key   TEXT PRIMARY KEY, -- "model", "lexicon", "targets", "settings", "summaries", ...
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE files (
	path     TEXT PRIMARY KEY,  -- as the corpus walker names it
	size     INTEGER NOT NULL,  -- bytes
	mtime_ns INTEGER NOT NULL   -- modification time, Unix nanoseconds
) WITHOUT ROWID;

CREATE TABLE articles (
	id        TEXT PRIMARY KEY,
	hash      TEXT NOT NULL,     -- content hash (corpus.Article.Hash)
	settings  TEXT NOT NULL,     -- fingerprint of the analysis settings its rows were computed under
	file      TEXT NOT NULL,     -- files.path of the input it came from
	line      INTEGER NOT NULL,  -- 1-based line in the file, 0 for a file of one article
	outlet    TEXT NOT NULL,
	day       TEXT NOT NULL,     -- YYYY-MM-DD, '' when undated
	chunk     TEXT NOT NULL,     -- the chunk of the day's partition holding its rows
	published INTEGER,           -- Unix milliseconds, NULL when undated
	story     TEXT NOT NULL,     -- story ID, '' when none
	title     TEXT NOT NULL,
	terms     TEXT NOT NULL      -- its most frequent content terms, comma-separated (story labels)
) WITHOUT ROWID;
CREATE INDEX articles_file ON articles(file);
CREATE INDEX articles_chunk ON articles(day, chunk);
CREATE INDEX articles_story ON articles(story);
CREATE INDEX articles_recent ON articles(published DESC, id);
CREATE INDEX articles_undated ON articles(day, file, line, id);

CREATE TABLE chunks (
	day        TEXT NOT NULL,     -- partition: YYYY-MM-DD, '' for undated
	name       TEXT NOT NULL,     -- chunk name within the partition
	articles   TEXT NOT NULL,     -- result-store path of its articles file
	paragraphs TEXT NOT NULL,     -- result-store path of its paragraphs file
	rows       INTEGER NOT NULL,  -- articles in it
	bytes      INTEGER NOT NULL,  -- size of both files
	PRIMARY KEY (day, name)
) WITHOUT ROWID;

CREATE TABLE summaries (
	name TEXT PRIMARY KEY,  -- "cell/OUTLET\0GROUP", "terms/OUTLET\0GROUP", "corpus", "totals", "cooc", ...
	data BLOB NOT NULL      -- mergeable summary (analysis/aggregate format)
);

CREATE TABLE days (
	day  TEXT NOT NULL,  -- YYYY-MM-DD, '' for undated
	cell TEXT NOT NULL,  -- OUTLET\0GROUP
	data BLOB NOT NULL,  -- the cell's articles of that day (aggregate.DaySummary)
	PRIMARY KEY (day, cell)
) WITHOUT ROWID;

CREATE TABLE daydf (
	day  INTEGER PRIMARY KEY,  -- days since 1970-01-01
	n    INTEGER NOT NULL,     -- dated articles that day
	data BLOB NOT NULL         -- their document frequencies (story clustering)
);

CREATE TABLE stories (
	id       TEXT PRIMARY KEY,
	first    INTEGER,            -- earliest member, Unix milliseconds; NULL when undated
	last     INTEGER,
	articles INTEGER NOT NULL,
	outlets  INTEGER NOT NULL,
	label    TEXT NOT NULL,      -- top terms, comma-separated
	title    TEXT NOT NULL,      -- the earliest member's title
	terms    BLOB,               -- the members' term counts (terms format)
	run      INTEGER NOT NULL    -- the run that last changed it
) WITHOUT ROWID;
CREATE INDEX stories_size ON stories(articles DESC, id);

CREATE TABLE runs (
	id        INTEGER PRIMARY KEY,
	started   TEXT NOT NULL,     -- RFC 3339, UTC
	finished  TEXT NOT NULL,
	status    TEXT NOT NULL,     -- "ok", "partial" (some bad inputs)
	seen      INTEGER NOT NULL,
	new       INTEGER NOT NULL,
	changed   INTEGER NOT NULL,
	unchanged INTEGER NOT NULL,
	removed   INTEGER NOT NULL,
	bad       INTEGER NOT NULL,
	summary   TEXT NOT NULL      -- JSON, for the history page
);

CREATE TABLE bad_inputs (
	path   TEXT NOT NULL,     -- files.path
	line   INTEGER NOT NULL,  -- 1-based, 0 = the whole file
	kind   TEXT NOT NULL,     -- "binary", "utf8", "json", ...
	reason TEXT NOT NULL
);
CREATE INDEX bad_inputs_path ON bad_inputs(path, line);
`,
	// 2: the article_topics file of each chunk.
	`
ALTER TABLE chunks ADD COLUMN topics TEXT NOT NULL DEFAULT ''; -- result-store path of its article_topics file, '' when none
`,
}

// SchemaVersion is the schema version this newsframe writes.
var SchemaVersion = len(migrations)

var (
	// ErrNewerSchema is wrapped by Open's error when the database was
	// written by a newer newsframe.
	ErrNewerSchema = errors.New("catalog schema is newer than this newsframe")
	// ErrNotCatalog is wrapped by Open's error when the file is an SQLite
	// database that is not a newsframe catalog.
	ErrNotCatalog = errors.New("not a newsframe catalog")
	// errOldState is returned by migrate for a state of an older
	// newsframe, which Open replaces.
	errOldState = errors.New("state of an older newsframe")
)

// migrate brings db to len(migs), one transaction per step.
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
	case appID == oldStateID:
		return errOldState
	case appID != 0 && appID != applicationID:
		return fmt.Errorf("%w (application_id %#x)", ErrNotCatalog, appID)
	case appID == 0 && objects > 0:
		return fmt.Errorf("%w (it already has %d tables or indexes)", ErrNotCatalog, objects)
	case version > len(migs):
		return fmt.Errorf("%w: version %d, this newsframe knows up to %d; use a newer newsframe or another --state", ErrNewerSchema, version, len(migs))
	}
	if objects == 0 {
		if _, err := db.ExecContext(ctx, "PRAGMA page_size = 8192"); err != nil {
			return err
		}
	}
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
