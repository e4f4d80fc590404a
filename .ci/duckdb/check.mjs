// check.mjs is the independent reader check of newsframe's Parquet datasets
// (issue 10 §3): DuckDB, not the Go code that wrote them, reads
//
//	OUT/articles/**/*.parquet and OUT/paragraphs/**/*.parquet
//
// as hive-partitioned datasets, as a pandas, R or DuckDB user would, and
// compares them with the --jsonl export of the same run (OUT/articles.jsonl,
// OUT/paragraphs.jsonl), which the Go code writes through another path
// (reports.ExportWriter):
//
//   - files: DuckDB's glob finds every .parquet file under the dataset, and
//     every column chunk is zstd-compressed;
//   - row counts: one Parquet row per JSON line, keys unique;
//   - column types as DuckDB sees them, exactly (a schema change fails here
//     until EXPECTED below is updated on purpose);
//   - values: every field both exports carry, for every article and
//     paragraph (strings exactly, integers and booleans exactly, floats to
//     1e-9), nested lists of structs entry by entry;
//   - the hive column day: each row's publication day in UTC, or "undated";
//   - what only Parquet carries, against the rows themselves: an article's
//     paragraph, shared, word and character counts against its paragraph
//     rows, character counts and cue and quote spans in code points against
//     the text.
//
// Usage (after `npm ci` in this directory; `make duckdb-check` does both):
//
//	node .ci/duckdb/check.mjs [--summary FILE] [--schema] OUT
//
// It prints a short summary and exits 0, or prints every mismatch (the first
// 50) and exits 1; 2 on a usage error or unreadable input. --summary writes
// the counts, the observed schema and each article's publication instant
// (ISO 8601, UTC, as DuckDB reads it) as JSON; --schema prints the observed
// schema. It holds both exports in memory: it is meant for test-sized runs.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { isDeepStrictEqual } from 'node:util';

// UNDATED is the partition of articles without a publication date. With
// Hive's name for a null partition value, "__HIVE_DEFAULT_PARTITION__",
// readers give day as NULL and DuckDB types day DATE in every run.
const UNDATED = '__HIVE_DEFAULT_PARTITION__';

// FLOAT_TOLERANCE is the largest difference allowed between a float in
// Parquet and the same float in the JSON export.
const FLOAT_TOLERANCE = 1e-9;

const MAX_REPORTED = 50;

const struct = (...fields) => `STRUCT(${fields.map(([n, t]) => `${n} ${t}`).join(', ')})`;
const list = (t) => `${t}[]`;
const CUE = struct(['text', 'VARCHAR'], ['weight', 'DOUBLE'], ['start', 'INTEGER'], ['end', 'INTEGER']);

// EXPECTED is each dataset's schema as DuckDB 1.5 reads it (DESCRIBE, with
// identifier quotes removed), in column order, without the hive column day.
const EXPECTED = {
  articles: [
    ['article_id', 'VARCHAR'],
    ['outlet', 'VARCHAR'],
    ['published', 'TIMESTAMP WITH TIME ZONE'],
    ['title', 'VARCHAR'],
    ['subtitle', 'VARCHAR'],
    ['author', 'VARCHAR'],
    ['url', 'VARCHAR'],
    ['source', 'VARCHAR'],
    ['hash', 'VARCHAR'],
    ['story_id', 'VARCHAR'],
    ['story_similarity', 'DOUBLE'],
    ['paragraphs', 'INTEGER'],
    ['shared_paragraphs', 'INTEGER'],
    ['sentiment_mean', 'DOUBLE'],
    ['sentiment_label', 'VARCHAR'],
    ['stance', list(struct(['target', 'VARCHAR'], ['label', 'VARCHAR'], ['score', 'DOUBLE'], ['latent', 'DOUBLE'],
      ['headline', 'BOOLEAN'], ['mentions', 'INTEGER'], ['paragraphs', 'INTEGER'], ['quoted_paragraphs', 'INTEGER']))],
    ['quoted_share', 'DOUBLE'],
    ['quotations', 'INTEGER'],
    ['attributed_quotes', 'INTEGER'],
    ['speakers', list(struct(['speaker', 'VARCHAR'], ['quotes', 'INTEGER']))],
    ['entities', list(struct(['name', 'VARCHAR'], ['mentions', 'INTEGER'], ['person', 'BOOLEAN']))],
    ['words', 'INTEGER'],
    ['chars', 'INTEGER'],
    ['topics', list(struct(['topic', 'INTEGER'], ['weight', 'DOUBLE']))],
    ['meta', 'JSON'],
  ],
  article_topics: [
    ['article_id', 'VARCHAR'],
    ['outlet', 'VARCHAR'],
    ['published', 'TIMESTAMP WITH TIME ZONE'],
    ['topic', 'INTEGER'],
    ['rank', 'INTEGER'],
    ['weight', 'DOUBLE'],
  ],
  paragraphs: [
    ['article_id', 'VARCHAR'],
    ['outlet', 'VARCHAR'],
    ['published', 'TIMESTAMP WITH TIME ZONE'],
    ['paragraph', 'INTEGER'],
    ['story_id', 'VARCHAR'],
    ['text', 'VARCHAR'],
    ['sentiment_score', 'DOUBLE'],
    ['sentiment_label', 'VARCHAR'],
    ['sentiment_cues', list(CUE)],
    ['stance', list(struct(['target', 'VARCHAR'], ['label', 'VARCHAR'], ['score', 'DOUBLE'], ['latent', 'DOUBLE'],
      ['cues', list(CUE)], ['quoted', 'BOOLEAN'], ['speaker', 'VARCHAR'], ['mentions', 'INTEGER'], ['scored', 'INTEGER']))],
    ['quoted_share', 'DOUBLE'],
    ['quotes', list(struct(['start', 'INTEGER'], ['end', 'INTEGER'], ['speaker', 'VARCHAR']))],
    ['shared', 'BOOLEAN'],
    ['words', 'INTEGER'],
    ['chars', 'INTEGER'],
  ],
};

// dayType is the type DuckDB infers for the hive column day: DATE when
// every partition name is a date (or Hive's null), VARCHAR once "undated"
// is among them.
const dayType = (hasUndated) => (hasUndated && UNDATED !== '__HIVE_DEFAULT_PARTITION__' ? 'VARCHAR' : 'DATE');

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = { summary: '', schema: false, out: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--summary') {
      if (i + 1 >= argv.length) throw new UsageError('--summary needs a file');
      opts.summary = argv[++i];
    } else if (a === '--schema') {
      opts.schema = true;
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown flag ${a}`);
    } else if (opts.out === '') {
      opts.out = a;
    } else {
      throw new UsageError(`more than one OUT directory: ${opts.out}, ${a}`);
    }
  }
  if (opts.out === '') throw new UsageError('no OUT directory');
  return opts;
}

// Mismatches collects what differs; each is reported with where it is.
class Mismatches {
  constructor() {
    this.list = [];
    this.compared = 0;
  }

  add(where, msg) {
    this.list.push(`${where}: ${msg}`);
  }

  str(where, field, got, want) {
    this.compared++;
    if (got !== want) this.add(where, `${field}: parquet ${show(got)}, jsonl ${show(want)}`);
  }

  int(where, field, got, want) {
    this.compared++;
    if (!Number.isInteger(got) || got !== want) this.add(where, `${field}: parquet ${show(got)}, jsonl ${show(want)}`);
  }

  bool(where, field, got, want) {
    this.compared++;
    if (got !== want) this.add(where, `${field}: parquet ${show(got)}, jsonl ${show(want)}`);
  }

  float(where, field, got, want) {
    this.compared++;
    if (typeof got !== 'number' || typeof want !== 'number' || !Number.isFinite(got) ||
      !(Math.abs(got - want) <= FLOAT_TOLERANCE)) {
      this.add(where, `${field}: parquet ${show(got)}, jsonl ${show(want)} (tolerance ${FLOAT_TOLERANCE})`);
    }
  }

  // check records a failed property of the Parquet rows themselves.
  check(where, ok, msg) {
    this.compared++;
    if (!ok) this.add(where, msg);
  }
}

const show = (v) => (typeof v === 'string' ? JSON.stringify(v.length > 80 ? v.slice(0, 77) + '...' : v) : String(v));

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

// readJSONL parses a JSON-lines file line by line (a whole corpus's export
// can exceed the longest string V8 allows).
async function readJSONL(file) {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file (run newsframe with --jsonl)`);
  const rows = [];
  let n = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line));
    } catch (err) {
      throw new UsageError(`${file}:${n}: ${err.message}`);
    }
  }
  return rows;
}

// parquetFiles lists the .parquet files under dir, as a reader walking the
// directory finds them.
function parquetFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.parquet')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

const codePoints = (s) => Array.from(s);

// utcDay returns YYYY-MM-DD of an instant in milliseconds since the epoch.
const utcDay = (ms) => new Date(ms).toISOString().slice(0, 10);

async function rows(conn, sql) {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson();
}

async function describe(conn, view) {
  return (await rows(conn, `DESCRIBE ${view}`)).map((r) => [r.column_name, r.column_type.replaceAll('"', '')]);
}

function checkSchema(m, dataset, got, hasUndated) {
  const want = [...EXPECTED[dataset], ['day', dayType(hasUndated)]];
  if (isDeepStrictEqual(got, want)) return;
  const before = m.list.length;
  const gotMap = new Map(got), wantMap = new Map(want);
  for (const [name, type] of want) {
    if (!gotMap.has(name)) m.add(`${dataset} schema`, `column ${name} missing (want ${type})`);
    else if (gotMap.get(name) !== type) m.add(`${dataset} schema`, `column ${name}: DuckDB reads ${gotMap.get(name)}, want ${type}`);
  }
  for (const [name, type] of got) {
    if (!wantMap.has(name)) m.add(`${dataset} schema`, `unexpected column ${name} ${type}`);
  }
  if (m.list.length === before) {
    m.add(`${dataset} schema`, `column order: DuckDB reads ${got.map((c) => c[0]).join(', ')}, want ${want.map((c) => c[0]).join(', ')}`);
  }
}

function checkDay(m, where, row) {
  const want = row.published_ms === null ? (UNDATED === '__HIVE_DEFAULT_PARTITION__' ? null : UNDATED) : utcDay(Number(row.published_ms));
  m.check(where, row.day === want, `hive day ${show(row.day)}, want ${show(want)} (published ${row.published_ms === null ? 'null' : new Date(Number(row.published_ms)).toISOString()})`);
}

// checkPublished compares a Parquet timestamp with the JSON export's day
// (YYYY-MM-DD in UTC, or null).
function checkPublished(m, where, ms, want) {
  m.compared++;
  const got = ms === null ? null : utcDay(Number(ms));
  if (got !== want) m.add(where, `published: parquet ${ms === null ? 'null' : new Date(Number(ms)).toISOString()}, jsonl ${show(want)}`);
  if (ms !== null && Number(ms) % 1 !== 0) m.add(where, `published: ${ms} is not whole milliseconds`);
}

function checkList(m, where, field, got, want, each) {
  m.compared++;
  if (!Array.isArray(got)) {
    m.add(where, `${field}: parquet ${show(got)}, want a list`);
    return;
  }
  if (got.length !== want.length) {
    m.add(where, `${field}: parquet has ${got.length} entries, jsonl ${want.length}`);
    return;
  }
  got.forEach((g, i) => each(`${where} ${field}[${i}]`, g, want[i]));
}

// checkSpans checks cue or quote spans in code points against the text.
function checkSpans(m, where, field, spans, cps, withText) {
  spans.forEach((s, i) => {
    const ok = Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= cps.length;
    m.check(where, ok, `${field}[${i}]: span [${s.start}, ${s.end}) outside the text's ${cps.length} code points`);
    if (ok && withText) {
      const sub = cps.slice(s.start, s.end).join('');
      m.check(where, sub === s.text, `${field}[${i}]: text ${show(s.text)} but code points [${s.start}, ${s.end}) of the text are ${show(sub)}`);
    }
  });
}

function compareCues(m, where, field, got, want) {
  checkList(m, where, field, got, want ?? [], (w, g, j) => {
    m.str(w, 'text', g.text, j.text);
    m.float(w, 'weight', g.weight, j.weight);
    m.int(w, 'start', g.start, j.start);
    m.int(w, 'end', g.end, j.end);
  });
}

function compareParagraph(m, p, j, cps) {
  const where = `paragraph ${p.article_id}#${p.paragraph}`;
  m.str(where, 'outlet', p.outlet, j.outlet);
  checkPublished(m, where, p.published_ms, j.published);
  m.str(where, 'story_id', p.story_id, j.story_id);
  m.str(where, 'text', p.text, j.text);
  m.float(where, 'sentiment_score', p.sentiment_score, j.sentiment?.score);
  m.str(where, 'sentiment_label', p.sentiment_label, j.sentiment?.label);
  compareCues(m, where, 'sentiment_cues', p.sentiment_cues, j.sentiment?.cues);
  checkList(m, where, 'stance', p.stance, j.stance ?? [], (w, g, s) => {
    m.str(w, 'target', g.target, s.target);
    m.str(w, 'label', g.label, s.label);
    m.float(w, 'score', g.score, s.score);
    m.float(w, 'latent', g.latent, s.latent);
    compareCues(m, w, 'cues', g.cues, s.cues);
    m.bool(w, 'quoted', g.quoted, s.quoted);
    m.str(w, 'speaker', g.speaker, s.speaker ?? '');
    m.int(w, 'mentions', g.mentions, s.mentions);
    m.int(w, 'scored', g.scored, s.scored);
  });
  m.float(where, 'quoted_share', p.quoted_share, j.quoted_share);
  m.bool(where, 'shared', p.shared, j.shared);
  // paragraphs.jsonl's speakers are the distinct speakers of the quotes,
  // in order of first quotation.
  const speakers = [];
  for (const q of p.quotes ?? []) if (q.speaker !== '' && !speakers.includes(q.speaker)) speakers.push(q.speaker);
  m.compared++;
  if (!isDeepStrictEqual(speakers, j.speakers)) m.add(where, `speakers of quotes: parquet ${JSON.stringify(speakers)}, jsonl ${JSON.stringify(j.speakers)}`);

  // Only Parquet carries these: check them against the text.
  m.check(where, p.chars === cps.length, `chars ${p.chars}, the text has ${cps.length} code points`);
  m.check(where, Number.isInteger(p.words) && p.words >= 0, `words ${p.words}`);
  checkSpans(m, where, 'sentiment_cues', p.sentiment_cues ?? [], cps, true);
  (p.stance ?? []).forEach((s, i) => checkSpans(m, where, `stance[${i}].cues`, s.cues ?? [], cps, true));
  checkSpans(m, where, 'quotes', p.quotes ?? [], cps, false);
}

function compareArticle(m, a, j, paras) {
  const where = `article ${a.article_id}`;
  for (const f of ['outlet', 'title', 'subtitle', 'author', 'url', 'source', 'hash', 'story_id']) m.str(where, f, a[f], j[f]);
  checkPublished(m, where, a.published_ms, j.published);
  m.int(where, 'paragraphs', a.paragraphs, j.paragraphs);
  m.int(where, 'shared_paragraphs', a.shared_paragraphs, j.shared_paragraphs);
  m.float(where, 'sentiment_mean', a.sentiment_mean, j.sentiment?.mean);
  m.str(where, 'sentiment_label', a.sentiment_label, j.sentiment?.label);
  checkList(m, where, 'stance', a.stance, j.stance ?? [], (w, g, s) => {
    m.str(w, 'target', g.target, s.target);
    m.str(w, 'label', g.label, s.label);
    m.float(w, 'score', g.score, s.score);
    m.float(w, 'latent', g.latent, s.latent);
    m.bool(w, 'headline', g.headline, s.headline ?? false);
    m.int(w, 'mentions', g.mentions, s.mentions);
    m.int(w, 'paragraphs', g.paragraphs, s.paragraphs);
    m.int(w, 'quoted_paragraphs', g.quoted_paragraphs, s.quoted_paragraphs);
  });
  checkList(m, where, 'topics', a.topics ?? [], j.topics ?? [], (w, g, s) => {
    m.int(w, 'topic', g.topic, s.topic);
    m.float(w, 'weight', g.weight, s.weight);
  });
  if ((a.topics ?? []).length > 0) {
    const sum = a.topics.reduce((t, x) => t + x.weight, 0);
    m.check(where, Math.abs(sum - 1) < 1e-4, `topic weights sum to ${sum}, want 1`);
    for (let i = 1; i < a.topics.length; i++) {
      m.check(where, a.topics[i - 1].weight >= a.topics[i].weight, `topics not largest first: ${JSON.stringify(a.topics)}`);
    }
  }
  m.float(where, 'quoted_share', a.quoted_share, j.quotes?.share);
  m.int(where, 'quotations', a.quotations, j.quotes?.quotes);
  // speakers: a list sorted by name in Parquet, an object in JSON.
  const speakers = a.speakers ?? [];
  const names = speakers.map((s) => s.speaker);
  m.check(where, isDeepStrictEqual(names, [...new Set(names)].sort(cmp)), `speakers not sorted and unique: ${JSON.stringify(names)}`);
  m.compared++;
  const asObject = Object.fromEntries(speakers.map((s) => [s.speaker, s.quotes]));
  if (!isDeepStrictEqual(asObject, j.quotes?.speakers ?? {})) {
    m.add(where, `speakers: parquet ${JSON.stringify(asObject)}, jsonl ${JSON.stringify(j.quotes?.speakers)}`);
  }
  m.compared++;
  let meta;
  try {
    meta = JSON.parse(a.meta);
  } catch (err) {
    m.add(where, `meta ${show(a.meta)} is not JSON: ${err.message}`);
  }
  if (meta !== undefined && !isDeepStrictEqual(meta, j.meta ?? {})) {
    m.add(where, `meta: parquet ${show(a.meta)}, jsonl ${show(JSON.stringify(j.meta))}`);
  }

  // Only Parquet carries these: check them against the article's
  // paragraph rows and its own lists.
  const sum = (f) => paras.reduce((t, p) => t + p[f], 0);
  m.check(where, paras.length === a.paragraphs, `paragraphs ${a.paragraphs}, the paragraphs dataset has ${paras.length} rows`);
  m.check(where, paras.every((p, i) => p.paragraph === i), `paragraph indices ${JSON.stringify(paras.map((p) => p.paragraph))}, want 0..${paras.length - 1}`);
  m.check(where, paras.filter((p) => p.shared).length === a.shared_paragraphs, `shared_paragraphs ${a.shared_paragraphs}, ${paras.filter((p) => p.shared).length} paragraph rows shared`);
  m.check(where, sum('words') === a.words, `words ${a.words}, its paragraphs ${sum('words')}`);
  m.check(where, sum('chars') === a.chars, `chars ${a.chars}, its paragraphs ${sum('chars')}`);
  for (const p of paras) {
    for (const f of ['outlet', 'story_id', 'published_ms', 'day']) {
      m.check(where, p[f] === a[f], `${f} ${show(a[f])}, paragraph ${p.paragraph} has ${show(p[f])}`);
    }
  }
  m.check(where, speakers.reduce((t, s) => t + s.quotes, 0) === a.attributed_quotes && a.attributed_quotes <= a.quotations,
    `attributed_quotes ${a.attributed_quotes} (quotations ${a.quotations}), speakers count ${speakers.reduce((t, s) => t + s.quotes, 0)}`);
  const ents = (a.entities ?? []).map((e) => e.name);
  m.check(where, Array.isArray(a.entities) && isDeepStrictEqual(ents, [...new Set(ents)].sort(cmp)), `entities not a sorted list of distinct names: ${JSON.stringify(ents)}`);
  m.check(where, (a.entities ?? []).every((e) => Number.isInteger(e.mentions) && e.mentions > 0 && typeof e.person === 'boolean'), 'entities: mentions < 1 or person not a boolean');
  m.check(where, typeof a.story_similarity === 'number' && a.story_similarity >= 0 && a.story_similarity <= 1 + FLOAT_TOLERANCE, `story_similarity ${a.story_similarity} outside [0, 1]`);
}

// cmp orders strings by UTF-8 bytes, as Go's sort does (for the code
// points newsframe stores, the same as by code point).
const cmp = (a, b) => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return Buffer.compare(x, y);
};

// keyed indexes rows by key, reporting duplicates.
function keyed(m, what, list, key) {
  const map = new Map();
  for (const r of list) {
    const k = key(r);
    if (map.has(k)) m.add(what, `key ${k} appears twice`);
    map.set(k, r);
  }
  return map;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.out)) throw new UsageError(`${opts.out}: no such directory`);
  const out = fs.realpathSync(opts.out);
  const m = new Mismatches();
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  const version = (await rows(conn, 'SELECT version() AS v'))[0].v;

  const summary = { duckdb: version, out, datasets: {} };
  const data = {};
  for (const ds of ['articles', 'paragraphs', 'article_topics']) {
    const dir = path.join(out, ds);
    if (ds === 'article_topics' && !fs.existsSync(dir)) continue; // no topic model in this run
    if (!fs.existsSync(dir)) throw new UsageError(`${dir}: no such dataset`);
    const onDisk = parquetFiles(dir);
    if (onDisk.length === 0) throw new UsageError(`${dir}: no .parquet files`);
    const glob = sqlString(path.join(dir, '**', '*.parquet'));
    await conn.run(`CREATE VIEW ${ds} AS SELECT * FROM read_parquet(${glob}, hive_partitioning = true)`);

    const read = (await rows(conn, `SELECT DISTINCT filename FROM read_parquet(${glob}, hive_partitioning = true, filename = true) ORDER BY 1`)).map((r) => r.filename);
    m.check(`${ds} files`, isDeepStrictEqual(read, onDisk), `DuckDB read ${read.length} files, the directory has ${onDisk.length}: ${JSON.stringify(onDisk.filter((f) => !read.includes(f)))} not read`);
    const codecs = await rows(conn, `SELECT compression, count(*)::INTEGER AS n FROM parquet_metadata(${glob}) GROUP BY ALL ORDER BY 1`);
    m.check(`${ds} files`, codecs.length === 1 && codecs[0].compression === 'ZSTD', `column chunks compressed ${JSON.stringify(codecs)}, want ZSTD only`);

    const schema = await describe(conn, ds);
    const hasUndated = fs.existsSync(path.join(dir, `day=${UNDATED}`));
    checkSchema(m, ds, schema, hasUndated);
    if (opts.schema) {
      console.log(`${ds}:`);
      for (const [n, t] of schema) console.log(`  ${n} ${t}`);
    }
    const cols = schema.map((c) => c[0]);
    const select = cols.filter((c) => c !== 'published' && c !== 'day').map((c) => `"${c}"`).join(', ');
    const dayExpr = cols.includes('day') ? 'day::VARCHAR AS day' : 'NULL AS day';
    const pubExpr = cols.includes('published') ? 'epoch_ms(published) AS published_ms' : 'NULL AS published_ms';
    const parquet = (await rows(conn, `SELECT ${select}, ${pubExpr}, ${dayExpr} FROM ${ds}`)).map((r) => ({
      ...r,
      published_ms: r.published_ms === null ? null : Number(r.published_ms),
    }));
    if (ds === 'article_topics') {
      // No JSON-lines twin: it is checked against the articles' topics.
      data[ds] = { parquet };
      summary.datasets[ds] = { rows: parquet.length, files: onDisk.length, schema };
      continue;
    }
    const jsonl = await readJSONL(path.join(out, `${ds}.jsonl`));
    data[ds] = { parquet, jsonl };
    summary.datasets[ds] = { rows: parquet.length, jsonl_lines: jsonl.length, files: onDisk.length, schema };
    m.check(`${ds} rows`, parquet.length === jsonl.length, `DuckDB reads ${parquet.length} rows, ${ds}.jsonl has ${jsonl.length} lines`);
  }
  if (m.list.some((x) => x.includes(' schema:'))) {
    // With the wrong columns the value comparison would only repeat it.
    return finish(m, opts, summary);
  }

  const arts = data.articles, paras = data.paragraphs;
  const pArt = keyed(m, 'articles (parquet)', arts.parquet, (r) => r.article_id);
  const jArt = keyed(m, 'articles.jsonl', arts.jsonl, (r) => r.id);
  const pKey = (id, i) => `${id}#${i}`;
  const pPar = keyed(m, 'paragraphs (parquet)', paras.parquet, (r) => pKey(r.article_id, r.paragraph));
  const jPar = keyed(m, 'paragraphs.jsonl', paras.jsonl, (r) => pKey(r.article_id, r.paragraph));

  const byArticle = new Map();
  for (const p of paras.parquet) {
    if (!byArticle.has(p.article_id)) byArticle.set(p.article_id, []);
    byArticle.get(p.article_id).push(p);
  }
  for (const list of byArticle.values()) list.sort((x, y) => x.paragraph - y.paragraph);

  for (const [k, p] of pPar) {
    const where = `paragraph ${k}`;
    checkDay(m, where, p);
    const j = jPar.get(k);
    if (j === undefined) {
      m.add(where, 'in Parquet, not in paragraphs.jsonl');
      continue;
    }
    compareParagraph(m, p, j, codePoints(p.text));
  }
  for (const k of jPar.keys()) if (!pPar.has(k)) m.add(`paragraph ${k}`, 'in paragraphs.jsonl, not in Parquet');
  for (const k of byArticle.keys()) if (!pArt.has(k)) m.add(`paragraph ${k}#*`, 'its article is not in the articles dataset');

  summary.published = {};
  let undated = 0;
  for (const [id, a] of pArt) {
    const where = `article ${id}`;
    checkDay(m, where, a);
    summary.published[id] = a.published_ms === null ? null : new Date(a.published_ms).toISOString();
    if (a.published_ms === null) undated++;
    const j = jArt.get(id);
    if (j === undefined) {
      m.add(where, 'in Parquet, not in articles.jsonl');
      continue;
    }
    compareArticle(m, a, j, byArticle.get(id) ?? []);
  }
  for (const k of jArt.keys()) if (!pArt.has(k)) m.add(`article ${k}`, 'in articles.jsonl, not in Parquet');

  // article_topics is the articles' topics in long form, rank by rank,
  // in the same day partition.
  let withTopics = 0;
  for (const a of arts.parquet) if ((a.topics ?? []).length > 0) withTopics++;
  if (data.article_topics) {
    const long = new Map();
    for (const r of data.article_topics.parquet) {
      if (!long.has(r.article_id)) long.set(r.article_id, []);
      long.get(r.article_id).push(r);
    }
    for (const [id, a] of pArt) {
      const where = `article_topics ${id}`;
      const want = a.topics ?? [];
      const got = (long.get(id) ?? []).sort((x, y) => x.rank - y.rank);
      m.check(where, got.length === want.length, `${got.length} rows, the article has ${want.length} topics`);
      got.forEach((r, i) => {
        m.check(where, r.rank === i, `rank ${r.rank} at position ${i}`);
        if (i < want.length) {
          m.int(where, 'topic', r.topic, want[i].topic);
          m.float(where, 'weight', r.weight, want[i].weight);
        }
        m.str(where, 'outlet', r.outlet, a.outlet);
        m.str(where, 'day', r.day, a.day);
        m.check(where, r.published_ms === a.published_ms, `published ${r.published_ms}, article ${a.published_ms}`);
      });
    }
    for (const id of long.keys()) if (!pArt.has(id)) m.add(`article_topics ${id}`, 'no such article');
  } else {
    m.check('article_topics', withTopics === 0, `${withTopics} articles have topics but there is no article_topics dataset`);
  }
  summary.articles_with_topics = withTopics;
  summary.undated = undated;
  summary.days = new Set(arts.parquet.map((a) => a.day)).size;
  return finish(m, opts, summary);
}

function finish(m, opts, summary) {
  summary.compared = m.compared;
  summary.mismatches = m.list.length;
  if (opts.summary !== '') fs.writeFileSync(opts.summary, JSON.stringify(summary, null, 2) + '\n');
  const a = summary.datasets.articles, p = summary.datasets.paragraphs;
  const line = (name, d) => d === undefined ? `  ${name}: not read` :
    `  ${name}: ${d.rows} rows in ${d.files} files, ${name}.jsonl ${d.jsonl_lines} lines, ${d.schema.length} columns`;
  console.log(`duckdb-check: DuckDB ${summary.duckdb} read ${summary.out}`);
  console.log(line('articles', a));
  console.log(line('paragraphs', p));
  const t = summary.datasets.article_topics;
  console.log(t === undefined ? '  article_topics: none (no topic model)' :
    `  article_topics: ${t.rows} rows in ${t.files} files, ${t.schema.length} columns; ${summary.articles_with_topics} articles with topics`);
  if (summary.days !== undefined) console.log(`  ${summary.days} day partitions (${summary.undated} undated articles); ${m.compared} values compared`);
  if (m.list.length === 0) {
    console.log('duckdb-check: ok: the Parquet datasets match the JSON-lines export');
    return 0;
  }
  console.error(`duckdb-check: FAIL: ${m.list.length} mismatches between what DuckDB reads and the JSON-lines export${m.list.length > MAX_REPORTED ? ` (first ${MAX_REPORTED})` : ''}:`);
  for (const x of m.list.slice(0, MAX_REPORTED)) console.error(`  ${x}`);
  return 1;
}

main().then((code) => {
  process.exitCode = code;
}, (err) => {
  if (err instanceof UsageError) {
    console.error(`duckdb-check: ${err.message}\nusage: node check.mjs [--summary FILE] [--schema] OUT`);
  } else {
    console.error(`duckdb-check: ${err.stack ?? err}`);
  }
  process.exitCode = 2;
});
