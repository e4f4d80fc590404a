package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// The bars of issue 10 §5 (and §4 for the map step).
const (
	barMBps        = 10.0 // full run, input MB/s on 2 cores
	barRSS         = 1e9  // peak RSS, bytes (1 GB)
	barRSSx4       = 1.25 // x4 peak RSS over x1's
	barIncremental = 0.05 // +1% run over the full run's wall time
	barFootprint   = 1.5  // state + one published run over the input bytes
	barMapNs       = 50e3 // whole per-article analysis, CPU ns per BBC paragraph
)

func pass(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// printTable prints the corpus's figures against the bars as a Markdown
// table.
func (r *corpusReport) printTable(w io.Writer) {
	in := r.base
	final := r.base.plus(r.added)
	fmt.Fprintf(w, "\n### %s\n\n", r.name)
	fmt.Fprintf(w, "%s. Measured with `%s` on %d CPUs (load average %s at the start, %s at the end).\n\n",
		r.description, commandLine(), r.cpus, r.loadStart, r.loadEnd)
	fmt.Fprintln(w, "| measure | figure | bar | |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	row := func(measure, figure, bar, verdict string) {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", measure, figure, bar, verdict)
	}

	mbps := float64(in.JSONBytes) / 1e6 / r.full.wall.Seconds()
	bar := fmt.Sprintf("≥ %g MB/s on 2 cores", barMBps)
	if r.cpus != 2 {
		bar += fmt.Sprintf(" (this machine: %d)", r.cpus)
	}
	row(fmt.Sprintf("full run: %s articles, %s outlets, %s", thousands(int64(in.Articles)), thousands(int64(r.outlets)), inputBytes(in)),
		fmt.Sprintf("%s = %.2f MB/s (CPU %s user + %s sys)", seconds(r.full.wall.Seconds()), mbps,
			seconds(r.full.user.Seconds()), seconds(r.full.sys.Seconds())),
		bar, pass(mbps >= barMBps))
	row("stages of the full run", r.full.stageList(), "", "")

	peak := max(r.full.maxRSS, r.inc.maxRSS)
	row("peak RSS", fmt.Sprintf("%s full run, %s +%g%% run", mb(r.full.maxRSS), mb(r.inc.maxRSS), r.pct),
		"≤ 1 GB", pass(peak <= barRSS))
	if r.name == "allsides-x4" {
		if r.rssOfX1 > 0 {
			ratio := float64(r.full.maxRSS) / float64(r.rssOfX1)
			row("peak RSS of the full run, x4 / x1", fmt.Sprintf("%.2f× (%s / %s)", ratio, mb(r.full.maxRSS), mb(r.rssOfX1)),
				fmt.Sprintf("≤ %g×", barRSSx4), pass(ratio <= barRSSx4))
		} else {
			row("peak RSS of the full run, x4 / x1", "not measured (run allsides too)", fmt.Sprintf("≤ %g×", barRSSx4), "")
		}
	}

	incFigure := fmt.Sprintf("%s = %.1f%% of the full run; articles read back: %s, chunks written: %s",
		seconds(r.inc.wall.Seconds()), 100*r.share, thousands(r.inc.counts["articles read back"]), thousands(r.inc.counts["chunks written"]))
	incVerdict := pass(r.share <= barIncremental)
	if r.incrementalErr != "" {
		incFigure += " (" + r.incrementalErr + ")"
		incVerdict = "invalid"
	}
	row(fmt.Sprintf("+%g%%: %s newest articles, %s", r.pct, thousands(int64(r.added.Articles)), inputBytes(r.added)),
		incFigure, fmt.Sprintf("≤ %g%% of the full run", 100*barIncremental), incVerdict)
	row(fmt.Sprintf("stages of the +%g%% run", r.pct), r.inc.stageList(), "", "")

	f := r.afterFull
	ratio := float64(f.StateAndRun()) / float64(in.JSONBytes)
	row("state + one published run, after the full run",
		fmt.Sprintf("%s = %.2f× the input (catalog %s, result store %s, run %s beyond the store)",
			mb(f.StateAndRun()), ratio, mb(f.Catalog), mb(f.Store), mb(f.Run)),
		fmt.Sprintf("≤ %g× the input", barFootprint), pass(ratio <= barFootprint))
	g := r.afterInc
	ratioInc := float64(g.StateAndRun()) / float64(final.JSONBytes)
	row(fmt.Sprintf("state + one published run, after the +%g%% run", r.pct),
		fmt.Sprintf("%s = %.2f× the input (catalog %s, result store %s, run %s)",
			mb(g.StateAndRun()), ratioInc, mb(g.Catalog), mb(g.Store), mb(g.Run)),
		fmt.Sprintf("≤ %g× the input", barFootprint), pass(ratioInc <= barFootprint))
	row("the previous run, kept", fmt.Sprintf("adds %s (%.2f%% of the input; the +%g%% were %s)",
		mb(g.Kept), 100*float64(g.Kept)/float64(final.JSONBytes), r.pct, mb(r.added.JSONBytes)),
		"only what changed", "")

	if r.clean != nil {
		row("clean run over the final corpus (-verify)", fmt.Sprintf("%s = %.2f MB/s, peak RSS %s; stages: %s",
			seconds(r.clean.wall.Seconds()), float64(final.JSONBytes)/1e6/r.clean.wall.Seconds(), mb(r.clean.maxRSS), r.clean.stageList()), "", "")
	}
	if v := r.verify; v != nil {
		figure := fmt.Sprintf("%d CSV/JSON-lines files byte-identical, %s Parquet rows equal in %s partitions",
			v.Files, thousands(v.Rows), thousands(int64(v.Partitions)))
		if len(v.Diff) > 0 {
			shown := v.Diff
			if len(shown) > 5 {
				shown = append(shown[:5:5], fmt.Sprintf("%d more", len(v.Diff)-5))
			}
			figure = fmt.Sprintf("%d of %d files and partitions differ: %s", len(v.Diff), v.Files+v.Partitions,
				strings.ReplaceAll(strings.Join(shown, "; "), "\n", " "))
		}
		row(fmt.Sprintf("exports of the +%g%% run = a clean run's", r.pct), figure, "identical", pass(len(v.Diff) == 0))
	}
	if r.scoringParas > 0 {
		bar, verdict := "", ""
		if r.name == "bbc" {
			bar, verdict = fmt.Sprintf("whole analysis ≤ %g µs per BBC paragraph (§4)", barMapNs/1e3), pass(r.scoringNs[1] <= barMapNs)
		}
		row(fmt.Sprintf("map step, CPU per paragraph (%s source paragraphs, one thread)", thousands(int64(r.scoringParas))),
			fmt.Sprintf("scoring path %.1f µs, whole analysis %.1f µs", r.scoringNs[0]/1e3, r.scoringNs[1]/1e3), bar, verdict)
	}
	if len(r.profiles) > 0 {
		fmt.Fprintf(w, "\nProfiles: %s (`go tool pprof -top BIN FILE`).\n", strings.Join(r.profiles, ", "))
	}
}

// printSummary prints one line per corpus, for the README.
func printSummary(w io.Writer, reports []*corpusReport) {
	if len(reports) == 0 {
		return
	}
	fmt.Fprintf(w, "\n### Summary\n\nMeasured with `%s`.\n\n", commandLine())
	fmt.Fprintln(w, "| corpus | input (full run) | full run | MB/s (≥ 10) | peak RSS (≤ 1 GB) | +1% run (≤ 5%) | state + 1 run (≤ 1.5×) | a kept run adds |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, r := range reports {
		mbps := float64(r.base.JSONBytes) / 1e6 / r.full.wall.Seconds()
		rss := mb(max(r.full.maxRSS, r.inc.maxRSS))
		if r.rssOfX1 > 0 {
			rss += fmt.Sprintf(" (%.2f× x1)", float64(r.full.maxRSS)/float64(r.rssOfX1))
		}
		fmt.Fprintf(w, "| %s | %s articles, %s outlets, %s | %s | %.2f | %s | %s = %.1f%% | %.2f× | %s |\n",
			r.name, thousands(int64(r.base.Articles)), thousands(int64(r.outlets)), inputBytes(r.base),
			seconds(r.full.wall.Seconds()), mbps, rss,
			seconds(r.inc.wall.Seconds()), 100*r.share,
			float64(r.afterFull.StateAndRun())/float64(r.base.JSONBytes), mb(r.afterInc.Kept))
	}
}

// commandLine is how benchrun was started, for the tables.
func commandLine() string {
	args := append([]string{"benchrun"}, os.Args[1:]...)
	for i, a := range args {
		if strings.ContainsAny(a, " \t\"'") {
			args[i] = fmt.Sprintf("%q", a)
		}
	}
	return strings.Join(args, " ")
}

// inputBytes describes input bytes: the JSON, and the gzipped size when
// the files are smaller on disk.
func inputBytes(s inputSize) string {
	if s.FileBytes < s.JSONBytes {
		return fmt.Sprintf("%s JSON (%s gzipped)", mb(s.JSONBytes), mb(s.FileBytes))
	}
	return mb(s.JSONBytes) + " JSON"
}

func mb(b int64) string {
	switch {
	case b >= 100e6:
		return fmt.Sprintf("%.0f MB", float64(b)/1e6)
	case b >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(b)/1e6)
	default:
		return fmt.Sprintf("%.2f MB", float64(b)/1e6)
	}
}

func seconds(s float64) string {
	switch {
	case s >= 100:
		return fmt.Sprintf("%.0f s", s)
	case s >= 10:
		return fmt.Sprintf("%.1f s", s)
	default:
		return fmt.Sprintf("%.2f s", s)
	}
}

// thousands formats n with commas between groups of three digits.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
