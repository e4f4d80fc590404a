package stance

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/goccy/go-yaml"
)

// Kind is what a target is.
type Kind string

// The target kinds. An empty kind is treated like KindOrganisation.
const (
	KindPerson       Kind = "person"
	KindOrganisation Kind = "organisation"
	KindPlace        Kind = "place"
	KindPolicy       Kind = "policy"
	KindClaim        Kind = "claim"
)

// Target is something a text can take a stance toward.
type Target struct {
	Name    string   `toml:"name" yaml:"name" json:"name"`
	Kind    Kind     `toml:"kind" yaml:"kind" json:"kind,omitempty"`
	Aliases []string `toml:"aliases" yaml:"aliases" json:"aliases,omitempty"`
	// Favor and Against are cue phrases of a claim: text that supports or
	// rejects it ("cooperation works", "failed strategy").
	Favor   []string `toml:"favor" yaml:"favor" json:"favor,omitempty"`
	Against []string `toml:"against" yaml:"against" json:"against,omitempty"`
}

// targetFile is the shape of a targets file:
//
//	[[targets]]
//	name = "Claudia Sheinbaum"
//	kind = "person"
//	aliases = ["Sheinbaum"]
//
// or in YAML, "targets:" followed by a list of the same keys.
type targetFile struct {
	Targets []Target `toml:"targets" yaml:"targets"`
}

// ParseTargets parses a targets file from b. The format follows the
// extension of name (.toml, .yaml or .yml); name also prefixes errors. An
// unknown key is an error that names it. Targets are validated (see
// Validate) and a name given twice is an error.
func ParseTargets(name string, b []byte) ([]Target, error) {
	var f targetFile
	switch strings.ToLower(path.Ext(name)) {
	case ".toml":
		md, err := toml.Decode(string(b), &f)
		if err != nil {
			return nil, fmt.Errorf("targets %s: %w", name, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			keys := make([]string, len(und))
			for i, k := range und {
				keys[i] = k.String()
			}
			return nil, fmt.Errorf("targets %s: unknown key %s", name, strings.Join(keys, ", "))
		}
	case ".yaml", ".yml":
		if len(bytes.TrimSpace(b)) > 0 {
			if err := yaml.UnmarshalWithOptions(b, &f, yaml.DisallowUnknownField()); err != nil {
				return nil, fmt.Errorf("targets %s: %w", name, err)
			}
		}
	default:
		return nil, fmt.Errorf("targets %s: unknown format %q, want .toml, .yaml or .yml", name, path.Ext(name))
	}
	seen := make(map[string]int)
	for i := range f.Targets {
		t := &f.Targets[i]
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("targets %s: target %d: %w", name, i+1, err)
		}
		k := strings.ToLower(t.Name)
		if j, dup := seen[k]; dup {
			return nil, fmt.Errorf("targets %s: target %d: name %q already used by target %d", name, i+1, t.Name, j+1)
		}
		seen[k] = i
	}
	return f.Targets, nil
}

// ParseTargetFlag parses a flag value "Name=alias1,alias2" (or just
// "Name") into a target of unspecified kind.
func ParseTargetFlag(v string) (Target, error) {
	name, aliases, _ := strings.Cut(v, "=")
	t := Target{Name: strings.TrimSpace(name)}
	for _, a := range strings.Split(aliases, ",") {
		if a = strings.TrimSpace(a); a != "" {
			t.Aliases = append(t.Aliases, a)
		}
	}
	if err := t.Validate(); err != nil {
		return Target{}, fmt.Errorf("target %q: %w", v, err)
	}
	return t, nil
}

// Validate checks a target: a name, a known kind, aliases and cues that
// contain a word, cues only on claims and at least one cue on a claim.
func (t *Target) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		return errors.New("no name")
	}
	switch t.Kind {
	case "", KindPerson, KindOrganisation, KindPlace, KindPolicy, KindClaim:
	case "organization":
		t.Kind = KindOrganisation
	default:
		return fmt.Errorf("%s: unknown kind %q, want person, organisation, place, policy or claim", t.Name, t.Kind)
	}
	for _, list := range [][]string{t.Aliases, t.Favor, t.Against} {
		for _, a := range list {
			if foldPhrase(a) == "" {
				return fmt.Errorf("%s: phrase %q has no word", t.Name, a)
			}
		}
	}
	if t.Kind != KindClaim && len(t.Favor)+len(t.Against) > 0 {
		return fmt.Errorf("%s: favor and against cues are for kind = \"claim\"", t.Name)
	}
	if t.Kind == KindClaim && len(t.Favor)+len(t.Against) == 0 {
		return fmt.Errorf("%s: a claim needs favor or against cues", t.Name)
	}
	return nil
}

// MergeTargets appends extra to base; a target in extra whose name equals
// one in base (case-insensitive) adds its aliases and cues to it.
func MergeTargets(base []Target, extra ...Target) []Target {
	out := append([]Target(nil), base...)
	index := make(map[string]int, len(out))
	for i, t := range out {
		index[strings.ToLower(t.Name)] = i
	}
	for _, t := range extra {
		if i, ok := index[strings.ToLower(t.Name)]; ok {
			o := &out[i]
			o.Aliases = union(o.Aliases, t.Aliases)
			o.Favor = union(o.Favor, t.Favor)
			o.Against = union(o.Against, t.Against)
			continue
		}
		index[strings.ToLower(t.Name)] = len(out)
		out = append(out, t)
	}
	return out
}

func union(a, b []string) []string {
	seen := make(map[string]bool, len(a))
	out := append([]string(nil), a...)
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
