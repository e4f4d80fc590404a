package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"newsframe/analysis/corpus"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/topics"
	"newsframe/analysis/wire"
	"newsframe/data"
)

// pipelineVersion changes whenever the analysis of an article changes in a
// way the other fingerprints do not capture (new fields, new rules): stored
// results computed by another version are recomputed.
const pipelineVersion = "pipeline/4" // 2: entity names drop leading modifiers, common acronyms and title-case runs; 3: quoted programme titles are no quotations; 4: wire signatures by one-permutation hashing, speakers introduced by a role

// cdipaoloModel names the naive Bayes model newsframe uses as one signal.
const cdipaoloModel = "github.com/cdipaolo/sentiment@v0.0.0-20200617002423-c697f64e7f10"

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// dataOptions are the flags that choose word lists, lexicons and targets.
type dataOptions struct {
	targetsFile string
	targets     listFlag
	stopwords   string
	boilerplate string
	labelPairs  string
	columns     string
	maxLine     int
	// groups is the --groups file (outlet,group per line).
	groups string
	// thresholds is a label thresholds file (sentiment.ParseThresholds).
	thresholds string
}

// loaded is everything read from data/ and user files.
type loaded struct {
	model       *sentiment.Model
	targets     []stance.Target
	stopwords   text.Stopwords
	boilerplate *corpus.Boilerplate
	labelPairs  []terms.LabelPair
	columns     map[string]string
	wire        wire.Params
	// groups maps outlets to groups (--groups); nil when not given.
	groups map[string]string
	// topicStop are the terms kept out of topic vocabularies.
	topicStop []string

	// levels are the label thresholds in use and levelsSource where they
	// come from.
	levels       sentiment.Levels
	levelsSource string

	// hashes of what was loaded, for the state fingerprints.
	modelHash, lexiconHash, targetsHash, stopwordsHash, parseHash, labelsHash string
}

// readUserOrData reads a user file when path is set, else the embedded
// default.
func readUserOrData(path, def string) ([]byte, string, error) {
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, "", err
		}
		return b, path, nil
	}
	b, err := fs.ReadFile(data.FS, def)
	if err != nil {
		return nil, "", fmt.Errorf("embedded %s: %w", def, err)
	}
	return b, "data/" + def, nil
}

func hashOf(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// fingerprints identify the scoring models built into the binary: model
// covers the naive Bayes model's version and the fitted weights (what
// manifest.json and the state call the model fingerprint), lexicon the
// news lexicon laid over VADER's, weights the fitted weights alone. Each is
// the first 16 hex digits of a SHA-256 ([hashOf]).
type fingerprints struct {
	model, lexicon, weights string
}

// modelFingerprints computes the fingerprints from the embedded data.
func modelFingerprints() (fingerprints, error) {
	lexicon, err := fs.ReadFile(data.FS, sentiment.LexiconPath)
	if err != nil {
		return fingerprints{}, fmt.Errorf("embedded %s: %w", sentiment.LexiconPath, err)
	}
	weights, err := fs.ReadFile(data.FS, sentiment.WeightsPath)
	if err != nil {
		return fingerprints{}, fmt.Errorf("embedded %s: %w", sentiment.WeightsPath, err)
	}
	return fingerprints{
		model:   hashOf([]byte(cdipaoloModel), weights),
		lexicon: hashOf(lexicon),
		weights: hashOf(weights),
	}, nil
}

// load reads the models and lists. Parsing errors name the file and line.
func load(opt dataOptions, needTargets bool) (*loaded, error) {
	l := &loaded{wire: wire.DefaultParams()}
	var err error
	if l.model, err = sentiment.Load(data.FS); err != nil {
		return nil, fmt.Errorf("load sentiment model: %w", err)
	}
	fp, err := modelFingerprints()
	if err != nil {
		return nil, err
	}
	l.lexiconHash = fp.lexicon
	l.levels, l.levelsSource = l.model.Levels(), "built-in defaults"
	var thresholds []byte
	if opt.thresholds != "" {
		if thresholds, err = os.ReadFile(opt.thresholds); err != nil {
			return nil, fmt.Errorf("%w: --thresholds: %v", errUsage, err)
		}
		if l.levels, _, err = sentiment.ParseThresholds(opt.thresholds, thresholds, l.levels); err != nil {
			return nil, fmt.Errorf("%w: --thresholds: %v", errUsage, err)
		}
		l.levelsSource = opt.thresholds
		l.model = l.model.WithLevels(l.levels)
	}
	// Labels are stored with each article: other thresholds are another
	// model. The weights record the hashed target model's SHA-256.
	l.modelHash = fp.model
	if thresholds != nil {
		l.modelHash = hashOf([]byte(fp.model), thresholds)
	}

	b, name, err := readUserOrData(opt.stopwords, "lists/stopwords.txt")
	if err != nil {
		return nil, fmt.Errorf("stopwords: %w", err)
	}
	if l.stopwords, err = text.ParseStopwords(b); err != nil {
		return nil, fmt.Errorf("stopwords %s: %w", name, err)
	}
	l.stopwordsHash = hashOf(b)

	ts, err := fs.ReadFile(data.FS, "lists/topic-stopwords.txt")
	if err != nil {
		return nil, fmt.Errorf("embedded topic stopwords: %w", err)
	}
	if l.topicStop, err = topics.ParseStopTerms(ts); err != nil {
		return nil, fmt.Errorf("embedded topic stopwords: %w", err)
	}

	bp, err := fs.ReadFile(data.FS, "lists/boilerplate.txt")
	if err != nil {
		return nil, fmt.Errorf("embedded boilerplate: %w", err)
	}
	lists := [][]byte{bp}
	if opt.boilerplate != "" {
		extra, err := os.ReadFile(opt.boilerplate)
		if err != nil {
			return nil, fmt.Errorf("boilerplate: %w", err)
		}
		lists = append(lists, extra)
	}
	if l.boilerplate, err = parseBoilerplate(lists); err != nil {
		return nil, fmt.Errorf("boilerplate: %w", err)
	}
	if opt.columns != "" {
		if l.columns, err = corpus.ParseColumns(opt.columns); err != nil {
			return nil, fmt.Errorf("%w: --csv-columns: %v", errUsage, err)
		}
	}
	l.parseHash = hashOf(append(lists, []byte(opt.columns), []byte(fmt.Sprint(opt.maxLine)))...)

	b, name, err = readUserOrData(opt.labelPairs, "lists/label-pairs.txt")
	if err != nil {
		return nil, fmt.Errorf("label pairs: %w", err)
	}
	if l.labelPairs, err = terms.ParseLabelPairs(b, l.stopwords); err != nil {
		return nil, fmt.Errorf("label pairs %s: %w", name, err)
	}
	l.labelsHash = hashOf(b)

	if opt.groups != "" {
		if l.groups, err = loadGroups(opt.groups); err != nil {
			return nil, err
		}
	}
	if needTargets {
		if l.targets, err = loadTargets(opt.targetsFile, opt.targets); err != nil {
			return nil, err
		}
	}
	tj, err := json.Marshal(l.targets)
	if err != nil {
		return nil, err
	}
	l.targetsHash = hashOf(tj)
	return l, nil
}

func parseBoilerplate(lists [][]byte) (*corpus.Boilerplate, error) {
	rs := make([]io.Reader, len(lists))
	for i, b := range lists {
		rs[i] = bytes.NewReader(b)
	}
	return corpus.ParseBoilerplate(rs...)
}

// loadGroups reads the --groups file: CSV lines "outlet,group" (a first
// line "outlet,group" is a header). A missing or malformed file is a
// usage error.
func loadGroups(file string) (map[string]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("%w: --groups: %v", errUsage, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 2
	r.TrimLeadingSpace = true
	groups := map[string]string{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: --groups %s: %v", errUsage, file, err)
		}
		if line == 1 && strings.EqualFold(rec[0], "outlet") && strings.EqualFold(rec[1], "group") {
			continue
		}
		if rec[0] == "" || rec[1] == "" {
			return nil, fmt.Errorf("%w: --groups %s: line %d: empty outlet or group", errUsage, file, line)
		}
		groups[rec[0]] = rec[1]
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("%w: --groups %s: no outlet,group lines", errUsage, file)
	}
	return groups, nil
}

// loadTargets reads --targets FILE and adds the --target flags.
func loadTargets(file string, flags []string) ([]stance.Target, error) {
	var targets []stance.Target
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("%w: --targets: %v", errUsage, err)
		}
		if targets, err = stance.ParseTargets(filepath.Base(file), b); err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	var extra []stance.Target
	for _, f := range flags {
		t, err := stance.ParseTargetFlag(f)
		if err != nil {
			return nil, fmt.Errorf("%w: --target %q: %v", errUsage, f, err)
		}
		extra = append(extra, t)
	}
	return stance.MergeTargets(targets, extra...), nil
}

// checkData reads and parses the files and values that opt names, so that
// a bad one is a usage error (exit 2) found before anything is locked or
// written: targets (file and flags), stopwords, boilerplate, label pairs,
// CSV columns and the line limit.
func checkData(opt dataOptions) error {
	if _, err := loadTargets(opt.targetsFile, opt.targets); err != nil {
		return err
	}
	userFile := func(flag, path string) ([]byte, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%w: --%s: %v", errUsage, flag, err)
		}
		return b, nil
	}
	stopwords, name, err := readUserOrData("", "lists/stopwords.txt")
	if opt.stopwords != "" {
		stopwords, err = userFile("stopwords", opt.stopwords)
		name = opt.stopwords
	}
	if err != nil {
		return err
	}
	sw, err := text.ParseStopwords(stopwords)
	if err != nil {
		return fmt.Errorf("%w: --stopwords %s: %v", errUsage, name, err)
	}
	if opt.boilerplate != "" {
		b, err := userFile("boilerplate", opt.boilerplate)
		if err != nil {
			return err
		}
		if _, err := parseBoilerplate([][]byte{b}); err != nil {
			return fmt.Errorf("%w: --boilerplate %s: %v", errUsage, opt.boilerplate, err)
		}
	}
	if opt.labelPairs != "" {
		b, err := userFile("label-pairs", opt.labelPairs)
		if err != nil {
			return err
		}
		if _, err := terms.ParseLabelPairs(b, sw); err != nil {
			return fmt.Errorf("%w: --label-pairs %s: %v", errUsage, opt.labelPairs, err)
		}
	}
	if _, err := corpus.ParseColumns(opt.columns); err != nil {
		return fmt.Errorf("%w: --csv-columns: %v", errUsage, err)
	}
	if opt.maxLine < 1 {
		return fmt.Errorf("%w: --max-line must be at least 1 byte", errUsage)
	}
	return nil
}

// settingsHash fingerprints everything that changes an article's stored
// results.
func (l *loaded) settingsHash() string {
	wp, _ := json.Marshal(l.wire)
	return hashOf([]byte(pipelineVersion), []byte(l.modelHash), []byte(l.lexiconHash),
		[]byte(l.targetsHash), []byte(l.stopwordsHash), wp)
}
