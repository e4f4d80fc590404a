package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"newsframe/analysis/evaluate"
	"newsframe/analysis/quotes"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/text"
	"newsframe/data"
)

// usagef returns a usage error wrapped in errUsage, which main prints with
// the command's usage line and maps to exit status 2.
func usagef(env *environment, format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

// loadModel builds the sentiment model from the embedded data.
func loadModel() (*sentiment.Model, error) {
	return sentiment.Load(data.FS)
}

const scoreSynopsis = `score [--in FILE] [--targets FILE] [--target "Name=alias1,alias2"]...
       [--thresholds FILE]

Reads JSON lines {"id", "text", "target"?, "target_span"?} from --in or
standard input and writes one JSON line per input line:

  {"id", "sentiment": {"score", "label", "cues"}, "stance"?: {...}, "stances"?: [...]}

sentiment scores the whole text (score in [-1, 1]; label negative, neutral
or positive; cues are the words that moved it, with byte offsets).
With a "target" on the line, "stance" gives the stance toward it: at the
mention given by "target_span" ([from, to) in Unicode code points of text)
or, without a span, over all its mentions; a configured target of the same
name lends its aliases. Without a line target, "stances" lists the stance
toward every configured target (--targets, --target) the text mentions.
Labels follow one rule: a score below the level's negative threshold is
negative (against), above its positive threshold positive (favor), else
neutral; --thresholds FILE (from eval --fit-thresholds) replaces the
built-in thresholds. A bad line is reported on standard error with its
line number and skipped.`

func newScoreCommand() *command {
	return &command{
		name:    "score",
		summary: "score sentiment and stance of JSON lines (stdin or --in)",
		run: func(ctx context.Context, env *environment, args []string) error {
			fs := newFlagSet(env, "score", scoreSynopsis)
			in := fs.String("in", "", "read JSON lines from `file` instead of standard input")
			targetsFile := fs.String("targets", "", "targets `file` (TOML or YAML)")
			var targets listFlag
			fs.Var(&targets, "target", "a target `Name=alias1,alias2` (repeatable)")
			thresholds := fs.String("thresholds", "", "label thresholds `file` (from eval --fit-thresholds; default: built-in)")
			if err := parseFlags(fs, args); err != nil {
				return err
			}
			if fs.NArg() > 0 {
				return usagef(env, "score takes no arguments")
			}
			ts, err := loadTargets(*targetsFile, targets)
			if err != nil {
				return err
			}
			r, name := env.stdin, "stdin"
			if *in != "" {
				f, err := os.Open(*in)
				if err != nil {
					return err
				}
				defer f.Close()
				r, name = f, *in
			}
			model, err := loadModel()
			if err != nil {
				return err
			}
			if *thresholds != "" {
				levels, err := readThresholds(*thresholds, model)
				if err != nil {
					return usagef(env, "%v", err)
				}
				model = model.WithLevels(levels)
			}
			return runScore(ctx, env, model, ts, r, name)
		},
	}
}

// scoreLine is one input line of `newsframe score`.
type scoreLine struct {
	ID         json.RawMessage `json:"id"`
	Text       *string         `json:"text"`
	Target     string          `json:"target"`
	TargetSpan []int           `json:"target_span"`
}

// scoreOutput is one output line of `newsframe score`.
type scoreOutput struct {
	ID        json.RawMessage  `json:"id"`
	Sentiment sentiment.Result `json:"sentiment"`
	Stance    *stance.Result   `json:"stance,omitempty"`
	Stances   []stance.Result  `json:"stances,omitempty"`
}

func runScore(ctx context.Context, env *environment, model *sentiment.Model, targets []stance.Target, r io.Reader, name string) error {
	var configured *stance.Scorer
	if len(targets) > 0 {
		var err error
		if configured, err = stance.NewScorer(model, targets); err != nil {
			return err
		}
	}
	br := bufio.NewReaderSize(r, 1<<16)
	w := bufio.NewWriter(env.stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	bad := 0
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, rerr := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			out, err := scoreOne(model, targets, configured, line)
			if err != nil {
				bad++
				fmt.Fprintf(env.stderr, "newsframe score: %s:%d: %v\n", name, n, err)
			} else if err := enc.Encode(out); err != nil {
				return err
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return fmt.Errorf("read %s: line %d: %w", name, n, rerr)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if bad > 0 {
		return fmt.Errorf("%w: %d bad lines skipped", errPartial, bad)
	}
	return nil
}

func scoreOne(model *sentiment.Model, targets []stance.Target, configured *stance.Scorer, line []byte) (*scoreOutput, error) {
	var in scoreLine
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if in.Text == nil {
		return nil, errors.New(`no "text"`)
	}
	if in.ID == nil {
		in.ID = json.RawMessage("null")
	}
	txt := *in.Text
	toks, sents := text.Words(txt), text.Sentences(txt)
	out := &scoreOutput{ID: in.ID, Sentiment: roundResult(model.Paragraph(txt, toks, sents))}
	switch {
	case in.Target != "":
		res, err := lineStance(model, targets, txt, toks, sents, in.Target, in.TargetSpan)
		if err != nil {
			return nil, err
		}
		out.Stance = &res
	case len(in.TargetSpan) > 0:
		return nil, errors.New(`"target_span" without "target"`)
	case configured != nil:
		qa := quotes.Analyze([]string{txt}, nil)
		out.Stances = configured.Paragraph(txt, toks, sents, stance.VoiceOf(qa, 0))
		for i := range out.Stances {
			roundStance(&out.Stances[i])
		}
	}
	return out, nil
}

// lineStance scores the stance toward a line's own target.
func lineStance(model *sentiment.Model, targets []stance.Target, txt string, toks []text.Token, sents []text.Span,
	target string, span []int) (stance.Result, error) {
	t := stance.Target{Name: target}
	for _, c := range targets {
		if strings.EqualFold(c.Name, target) {
			t = c
		}
	}
	sc, err := stance.NewScorer(model, []stance.Target{t})
	if err != nil {
		return stance.Result{}, err
	}
	voice := stance.VoiceOf(quotes.Analyze([]string{txt}, nil), 0)
	var res stance.Result
	if len(span) > 0 {
		if len(span) != 2 {
			return stance.Result{}, errors.New(`"target_span": want [from, to)`)
		}
		start, end, err := evaluate.SpanBytes(txt, target, span[0], span[1])
		if err != nil {
			return stance.Result{}, err
		}
		lo, hi := sentiment.TokenRange(toks, text.Span{Start: start, End: end})
		if lo >= hi { // the span cuts a token: take the tokens it overlaps
			for lo > 0 && toks[lo-1].End > start {
				lo--
			}
			for hi < len(toks) && toks[hi].Start < end {
				hi++
			}
		}
		if lo >= hi {
			return stance.Result{}, fmt.Errorf(`"target_span" %v covers no word`, span)
		}
		res = sc.Mention(txt, toks, sents, stance.Mention{Target: 0, Lo: lo, Hi: hi, Start: toks[lo].Start, End: toks[hi-1].End}, voice)
	} else {
		rs := sc.Paragraph(txt, toks, sents, voice)
		res = stance.Result{Target: t.Name, Label: stance.Neutral}
		if len(rs) > 0 {
			res = rs[0]
		}
	}
	roundStance(&res)
	return res, nil
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func roundResult(r sentiment.Result) sentiment.Result {
	r.Score = round4(r.Score)
	return r
}

func roundStance(r *stance.Result) {
	r.Score = round4(r.Score)
	r.Latent = round4(r.Latent)
}
