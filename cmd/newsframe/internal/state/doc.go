// Package state is newsframe's incremental state: an SQLite database
// (modernc.org/sqlite, pure Go) holding every article read so far with its
// paragraph results, the mergeable partial counts per outlet and day, the
// files already read, the bad inputs, and a record of each run. A nightly
// run reads it to analyse only what is new or changed.
//
// # Opening
//
// [Open] creates the database or upgrades its schema, in WAL mode with
// synchronous=FULL: a run killed at any moment leaves the last committed
// transaction, and a power loss cannot corrupt the file. A database written
// by a newer newsframe is refused ([ErrNewerSchema]), as is an SQLite file
// that is not a newsframe state ([ErrNotState]).
//
// # Writing
//
// There is a single writer. [Store.Begin] starts a write transaction
// ([Tx]); a second Begin waits until the first ends. Put many articles in
// one transaction (a thousand or so): each commit costs an fsync. Keep
// what must stay consistent in the same transaction, for example an
// article and the partial counts it changed, so that a killed run never
// leaves counts that disagree with the articles.
//
// Reads ([Store.Scan], [Store.Digests], ...) go through a separate pool of
// read-only connections and see the last committed state, also while a
// transaction is open.
//
// # Tables
//
// The file can be opened with the sqlite3 shell (`sqlite3 state.db`,
// `.schema` shows the SQL with these comments). Blobs whose layout belongs
// to the pipeline are opaque here; the pipeline documents them.
//
//	settings(key, value)
//	    Fingerprints of what produced the stored results: keys
//	    "model", "lexicon", "targets", "settings" (see [Fingerprint]),
//	    and any other key the command records. Text values.
//	files(path, size, mtime_ns, hash)
//	    Input files read: path relative to the corpus root with forward
//	    slashes, size in bytes, modification time in Unix nanoseconds,
//	    hex SHA-256 of the content ('' if not computed). A file whose size
//	    and mtime are unchanged is not read again.
//	articles(id, file, source, outlet, day, hash, settings_hash, meta, result)
//	    One row per article: id as in corpus.Article.ID; the input file it
//	    came from (files.path); source "path" or "path:line"; outlet; day
//	    YYYY-MM-DD ('' when unknown); hash = corpus.Article.Hash (hex
//	    SHA-256 of the content); settings_hash = the "settings" fingerprint
//	    under which result was computed; meta = JSON object of the
//	    metadata (title, author, url, ...); result = article-level result
//	    blob.
//	paragraphs(article_id, idx, text, result, terms, minhash)
//	    One row per paragraph of an article, idx from 0: the cleaned text,
//	    the paragraph's result blob (sentiment, stance, quotes), its
//	    content-term sequence blob and its MinHash signature blob. Since
//	    schema version 2 a rowid table with the unique index
//	    paragraphs_key(article_id, idx): rows of up to a page stay in the
//	    table's leaves (in version 1, a WITHOUT ROWID table, longer rows
//	    left most of an overflow page unused, half of the file).
//	partials(outlet, day, kind, data)
//	    Mergeable counts per outlet and day ('' when unknown), one blob per
//	    kind (for example "terms"); a run adds the counts of new articles
//	    and subtracts those of changed or removed ones.
//	runs(id, started, finished, status, seen, new, changed, unchanged, removed, bad, summary)
//	    One row per finished run: times in RFC 3339 UTC, status ("ok",
//	    "partial", ...), input counts, and a JSON summary used by the
//	    history page.
//	bad_inputs(path, line, reason)
//	    The inputs that could not be read, per file (line 0 = the whole
//	    file), kept while the file is unchanged so that every run reports
//	    them.
//
// The schema version is PRAGMA user_version; PRAGMA application_id is
// 0x6e667374 ("nfst"). To rebuild from scratch, delete the database (and
// its -wal and -shm files) while no run holds the lock; the next run
// analyses the whole corpus again.
package state
