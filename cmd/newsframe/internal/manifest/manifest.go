// Package manifest defines OUT/manifest.json, the machine-readable account
// of a run: what version and settings produced the report, how many inputs
// were seen, new, changed, unchanged, removed or bad (each bad one with its
// file:line and reason), how long each stage took, and how fast the run
// went. Monitoring reads it instead of parsing logs.
//
// The JSON keeps the field order of [Manifest] and always has every key,
// with [] for empty lists, so that tools (jq, a dashboard) can rely on the
// shape. Times are RFC 3339 in UTC, durations in seconds, sizes in bytes,
// MB = 10⁶ bytes. An example:
//
//	{
//	  "format": 1,
//	  "version": "1.2.0 (4f1c2e3a9b0d)",
//	  "run": "20261125T020003Z-000042",
//	  "started": "2026-11-25T02:00:03Z",
//	  "finished": "2026-11-25T02:01:10.5Z",
//	  "status": "partial",
//	  "settings": {"lexicon": "default", "workers": 2},
//	  "fingerprint": {"model": "...", "lexicon": "...", "targets": "...", "settings": "..."},
//	  "inputs": {
//	    "files": 120, "files_read": 3, "bytes": 104857600, "bytes_read": 1048576,
//	    "seen": 41000, "new": 400, "changed": 2, "unchanged": 40598, "rescored": 0, "removed": 1,
//	    "bad": 1, "bad_inputs": [{"path": "cnn/feed.jsonl", "line": 77, "reason": "invalid JSON"}],
//	    "bad_omitted": 0,
//	    "warnings": 1, "warnings_by_kind": {"charset": 1},
//	    "warning_inputs": [{"path": "fox/a.txt", "line": 3, "kind": "charset",
//	                        "reason": "invalid UTF-8: 1 runs of bad bytes replaced with U+FFFD"}],
//	    "warnings_omitted": 0,
//	    "skipped": {"unknown": 2, "by_extension": {".pdf": 2}, "paths": ["crawl/a.pdf", "crawl/b.pdf"],
//	                "paths_omitted": 0, "docs": 1, "hidden": 0, "links": 0, "special": 0}
//	  },
//	  "stages": [{"name": "read", "seconds": 0.4}, {"name": "score", "seconds": 1.2}, ...],
//	  "throughput": {"seconds": 67.5, "articles_analysed": 402, "articles_per_second": 5.96,
//	                 "mb_read": 1.048576, "mb_per_second": 0.0155}
//	}
package manifest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"

	"newsframe/analysis/corpus"
)

// FormatVersion is the manifest format this package writes; it changes
// only when a key is renamed or removed (adding keys keeps it).
const FormatVersion = 1

// MaxBad is the number of bad inputs listed; the others are counted in
// Inputs.BadOmitted.
const MaxBad = 1000

// Manifest is the content of manifest.json.
type Manifest struct {
	// Format is FormatVersion.
	Format int `json:"format"`
	// Version is the newsframe version that made the run.
	Version string `json:"version"`
	// Run names the run directory (see package publish).
	Run      string    `json:"run"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Status is "ok", or "partial" when some inputs were bad.
	Status string `json:"status"`
	// Settings are the run's settings as the command gives them.
	Settings    json.RawMessage `json:"settings"`
	Fingerprint Fingerprint     `json:"fingerprint"`
	Inputs      Inputs          `json:"inputs"`
	// Stages are in the order they first started.
	Stages     []Stage    `json:"stages"`
	Throughput Throughput `json:"throughput"`
}

// Fingerprint identifies what produced the results (versions or hex
// hashes); a change re-scores what it affects.
type Fingerprint struct {
	Model    string `json:"model"`
	Lexicon  string `json:"lexicon"`
	Targets  string `json:"targets"`
	Settings string `json:"settings"`
}

// Inputs counts the run's input files and articles.
type Inputs struct {
	// Files is the number of input files found; FilesRead of those read
	// (new or changed), the others being unchanged since the last run.
	Files     int `json:"files"`
	FilesRead int `json:"files_read"`
	// Bytes is the size of all input files; BytesRead of those read.
	Bytes     int64 `json:"bytes"`
	BytesRead int64 `json:"bytes_read"`
	// Seen is the number of articles in the corpus this run:
	// Seen = New + Changed + Unchanged + Rescored.
	Seen      int `json:"seen"`
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	// Rescored counts unchanged articles analysed again because the
	// model, lexicon, targets or settings changed.
	Rescored int `json:"rescored"`
	// Removed counts stored articles whose input is gone.
	Removed int `json:"removed"`
	// Bad is the number of bad inputs; BadInputs lists the first MaxBad
	// by path and line, BadOmitted counts the rest.
	Bad        int   `json:"bad"`
	BadInputs  []Bad `json:"bad_inputs"`
	BadOmitted int   `json:"bad_omitted"`
	// Warnings counts articles kept with a defect: text that was not
	// valid UTF-8 (kind "charset": converted from Windows-1252, or bad
	// bytes replaced), an unparsable date ("date"), a field of the wrong
	// type ("field"). WarningsByKind counts them by kind; WarningInputs
	// lists the first MaxBad by path and line, WarningsOmitted counts the
	// rest.
	Warnings        int            `json:"warnings"`
	WarningsByKind  map[string]int `json:"warnings_by_kind"`
	WarningInputs   []Warning      `json:"warning_inputs"`
	WarningsOmitted int            `json:"warnings_omitted"`
	// Skipped counts the files of the corpus that were not read.
	Skipped Skipped `json:"skipped"`
}

// Warning is an article kept with a defect. Line is 1-based; 0 means the
// whole file.
type Warning struct {
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

// Skipped counts the directory entries of the corpus that were not read.
type Skipped struct {
	// Unknown counts files of an unknown format; ByExtension counts them
	// by lower-case extension ("" for none); Paths names the first ones
	// (see the source package), PathsOmitted counts the rest.
	Unknown      int            `json:"unknown"`
	ByExtension  map[string]int `json:"by_extension"`
	Paths        []string       `json:"paths"`
	PathsOmitted int            `json:"paths_omitted"`
	// Docs counts README, LICENSE, COPYING and CHANGELOG files; Hidden
	// hidden files and directories; Links links to directories and
	// broken links; Special devices, pipes and sockets.
	Docs    int `json:"docs"`
	Hidden  int `json:"hidden"`
	Links   int `json:"links"`
	Special int `json:"special"`
}

// Bad is an input that could not be read. Line is 1-based; 0 means the
// whole file.
type Bad struct {
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// Stage is the wall time of one stage of the run.
type Stage struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
}

// Throughput gives the run's speed over its wall time:
//
//	articles_per_second = articles_analysed / seconds
//	mb_per_second       = mb_read / seconds,  mb_read = bytes_read / 10⁶
//
// where articles_analysed = new + changed + rescored.
type Throughput struct {
	Seconds           float64 `json:"seconds"`
	ArticlesAnalysed  int     `json:"articles_analysed"`
	ArticlesPerSecond float64 `json:"articles_per_second"`
	MBRead            float64 `json:"mb_read"`
	MBPerSecond       float64 `json:"mb_per_second"`
}

// Counts are article counts to add to a Builder.
type Counts struct {
	New, Changed, Unchanged, Rescored, Removed int
}

// Builder collects a manifest while the run goes. Its methods are safe for
// concurrent use.
type Builder struct {
	mu       sync.Mutex
	now      func() time.Time
	m        Manifest
	bad      []Bad     // bounded: see AddBad
	warnings []Warning // bounded likewise
	stages   map[string]int
}

// NewBuilder starts the manifest of a run of newsframe version. now is the
// clock (time.Now when nil); the run starts at its first reading.
func NewBuilder(version string, now func() time.Time) *Builder {
	if now == nil {
		now = time.Now
	}
	b := &Builder{now: now, stages: map[string]int{}}
	b.m = Manifest{Format: FormatVersion, Version: version, Started: now().UTC()}
	return b
}

// SetRun records the run directory's name.
func (b *Builder) SetRun(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m.Run = name
}

// SetSettings records the settings; v must marshal to JSON (a struct with
// json tags, or a map, whose keys are then sorted).
func (b *Builder) SetSettings(v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("manifest: settings: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m.Settings = raw
	return nil
}

// SetFingerprint records what produced the results.
func (b *Builder) SetFingerprint(f Fingerprint) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m.Fingerprint = f
}

// AddFile counts an input file of size bytes; read tells whether this run
// read it (it was new or changed).
func (b *Builder) AddFile(size int64, read bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m.Inputs.Files++
	b.m.Inputs.Bytes += size
	if read {
		b.m.Inputs.FilesRead++
		b.m.Inputs.BytesRead += size
	}
}

// AddCounts adds article counts.
func (b *Builder) AddCounts(c Counts) {
	b.mu.Lock()
	defer b.mu.Unlock()
	in := &b.m.Inputs
	in.New += c.New
	in.Changed += c.Changed
	in.Unchanged += c.Unchanged
	in.Rescored += c.Rescored
	in.Removed += c.Removed
}

// AddBad records a bad input.
func (b *Builder) AddBad(path string, line int, reason string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m.Inputs.Bad++
	b.bad = append(b.bad, Bad{Path: path, Line: line, Reason: reason})
	// Keep memory bounded on a corpus of garbage: only the first MaxBad
	// in (path, line) order are listed, so the rest can go.
	if len(b.bad) >= 2*MaxBad {
		sortBad(b.bad)
		b.bad = b.bad[:MaxBad]
	}
}

// AddWarning records an article kept with a defect of kind ("charset",
// "date", "field").
func (b *Builder) AddWarning(path string, line int, kind, reason string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	in := &b.m.Inputs
	in.Warnings++
	if in.WarningsByKind == nil {
		in.WarningsByKind = make(map[string]int)
	}
	in.WarningsByKind[kind]++
	b.warnings = append(b.warnings, Warning{Path: path, Line: line, Kind: kind, Reason: reason})
	if len(b.warnings) >= 2*MaxBad {
		sortWarnings(b.warnings)
		b.warnings = b.warnings[:MaxBad]
	}
}

// SetSkipped records the files the listing of the corpus passed over; s
// lists the paths it names (PathsOmitted = Unknown − len(Paths)).
func (b *Builder) SetSkipped(s Skipped) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s.ByExtension = maps.Clone(s.ByExtension)
	s.Paths = slices.Clone(s.Paths)
	s.PathsOmitted = max(0, s.Unknown-len(s.Paths))
	b.m.Inputs.Skipped = s
}

// AddBadError records err as a bad input: a *corpus.ParseError gives its
// path, line and cause; any other error is recorded against path, line 0.
func (b *Builder) AddBadError(path string, err error) {
	var pe *corpus.ParseError
	if errors.As(err, &pe) {
		reason := "unknown"
		if pe.Err != nil {
			reason = pe.Err.Error()
		}
		b.AddBad(pe.Path, pe.Line, reason)
		return
	}
	b.AddBad(path, 0, err.Error())
}

// Stage starts timing the stage name and returns the function that stops
// it. Timing the same name again adds to its time.
func (b *Builder) Stage(name string) (stop func()) {
	start := b.now()
	b.mu.Lock()
	if _, ok := b.stages[name]; !ok {
		b.stages[name] = len(b.m.Stages)
		b.m.Stages = append(b.m.Stages, Stage{Name: name})
	}
	b.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			d := b.now().Sub(start)
			b.mu.Lock()
			defer b.mu.Unlock()
			b.m.Stages[b.stages[name]].Seconds += d.Seconds()
		})
	}
}

// Build finishes the manifest now: it derives Seen, Status and Throughput
// and sorts the bad inputs. The Builder may go on and Build again.
func (b *Builder) Build() Manifest {
	finished := b.now().UTC()
	b.mu.Lock()
	defer b.mu.Unlock()
	m := b.m
	m.Finished = finished
	in := &m.Inputs
	in.Seen = in.New + in.Changed + in.Unchanged + in.Rescored
	bad := slices.Clone(b.bad)
	sortBad(bad)
	if len(bad) > MaxBad {
		bad = bad[:MaxBad]
	}
	in.BadInputs = bad
	if in.BadInputs == nil {
		in.BadInputs = []Bad{}
	}
	in.BadOmitted = in.Bad - len(in.BadInputs)
	warnings := slices.Clone(b.warnings)
	sortWarnings(warnings)
	if len(warnings) > MaxBad {
		warnings = warnings[:MaxBad]
	}
	in.WarningInputs = warnings
	if in.WarningInputs == nil {
		in.WarningInputs = []Warning{}
	}
	in.WarningsOmitted = in.Warnings - len(in.WarningInputs)
	in.WarningsByKind = maps.Clone(in.WarningsByKind)
	if in.WarningsByKind == nil {
		in.WarningsByKind = map[string]int{}
	}
	in.Skipped.ByExtension = maps.Clone(in.Skipped.ByExtension)
	if in.Skipped.ByExtension == nil {
		in.Skipped.ByExtension = map[string]int{}
	}
	in.Skipped.Paths = slices.Clone(in.Skipped.Paths)
	if in.Skipped.Paths == nil {
		in.Skipped.Paths = []string{}
	}
	m.Stages = slices.Clone(b.m.Stages)
	if m.Stages == nil {
		m.Stages = []Stage{}
	}
	if m.Settings == nil {
		m.Settings = json.RawMessage("{}")
	}
	m.Status = "ok"
	if in.Bad > 0 {
		m.Status = "partial"
	}
	t := &m.Throughput
	t.Seconds = m.Finished.Sub(m.Started).Seconds()
	t.ArticlesAnalysed = in.New + in.Changed + in.Rescored
	t.MBRead = float64(in.BytesRead) / 1e6
	if t.Seconds > 0 {
		t.ArticlesPerSecond = float64(t.ArticlesAnalysed) / t.Seconds
		t.MBPerSecond = t.MBRead / t.Seconds
	}
	return m
}

func sortBad(bad []Bad) {
	slices.SortStableFunc(bad, func(x, y Bad) int {
		return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Line, y.Line))
	})
}

func sortWarnings(w []Warning) {
	slices.SortStableFunc(w, func(x, y Warning) int {
		return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Line, y.Line))
	})
}

// WriteTo writes m as indented JSON ending with a newline.
func (m *Manifest) WriteTo(w io.Writer) (int64, error) {
	buf, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return 0, fmt.Errorf("manifest: %w", err)
	}
	buf = append(buf, '\n')
	n, err := w.Write(buf)
	return int64(n), err
}

// Read parses a manifest, refusing one of a newer format.
func Read(r io.Reader) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(r)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if m.Format > FormatVersion {
		return nil, fmt.Errorf("manifest: format %d is newer than %d, which this newsframe reads", m.Format, FormatVersion)
	}
	if len(m.Settings) > 0 {
		// Drop the indentation WriteTo added, as SetSettings stores it.
		var compact bytes.Buffer
		if err := json.Compact(&compact, m.Settings); err != nil {
			return nil, fmt.Errorf("manifest: settings: %w", err)
		}
		m.Settings = compact.Bytes()
	}
	return &m, nil
}
