package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"newsframe/analysis/topics"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: topicbench prepare|fit [flags]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "prepare":
		fl := flag.NewFlagSet("prepare", flag.ExitOnError)
		corpusPath := fl.String("corpus", "", "JSON-lines `file` (.gz allowed)")
		label := fl.String("label", "outlet", "article `field` written as each document's label")
		dir := fl.String("dir", "", "output `dir`")
		var vopt topics.VocabOptions
		fl.IntVar(&vopt.Size, "vocab", 0, "vocabulary size V (0: the default)")
		fl.Parse(os.Args[2:])
		if err := prepare(*corpusPath, *label, *dir, vopt); err != nil {
			fmt.Fprintf(os.Stderr, "topicbench prepare: %v\n", err)
			os.Exit(1)
		}
	case "drift":
		fl := flag.NewFlagSet("drift", flag.ExitOnError)
		dir := fl.String("dir", "", "`dir` prepared by topicbench prepare")
		by := fl.String("by", "", "also hold out each `label` (\"label\"), or what comes after a day (\"day=YYYY-MM-DD\")")
		var opt topics.FitOptions
		fl.IntVar(&opt.K, "k", 0, "number of topics (0: the default for the corpus size)")
		fl.Parse(os.Args[2:])
		if err := drift(*dir, *by, opt); err != nil {
			fmt.Fprintf(os.Stderr, "topicbench drift: %v\n", err)
			os.Exit(1)
		}
	case "fit":
		fl := flag.NewFlagSet("fit", flag.ExitOnError)
		dir := fl.String("dir", "", "`dir` prepared by topicbench prepare")
		out := fl.String("out", "", "output `dir`")
		var opt topics.FitOptions
		fl.IntVar(&opt.K, "k", 0, "number of topics (0: the default for the corpus size)")
		fl.Uint64Var(&opt.Seed, "seed", 0, "seed")
		fl.IntVar(&opt.Workers, "workers", 0, "workers (0: GOMAXPROCS)")
		fl.Float64Var(&opt.Tol, "tol", 0, "relative residual change that ends the fit (0: the default)")
		fl.IntVar(&opt.MaxPasses, "passes", 0, "most passes of alternating least squares (0: the default)")
		fl.IntVar(&opt.PowerIterations, "power", 0, "power iterations of the start (0: the default, <0: none)")
		prof := fl.String("cpuprofile", "", "write a CPU profile to `file`")
		stream := fl.Bool("stream", false, "read docs.tsv afresh on every pass instead of holding the documents")
		fl.Parse(os.Args[2:])
		if *prof != "" {
			pf, err := os.Create(*prof)
			if err != nil {
				fmt.Fprintf(os.Stderr, "topicbench fit: %v\n", err)
				os.Exit(1)
			}
			pprof.StartCPUProfile(pf)
			defer pprof.StopCPUProfile()
		}
		if err := fit(*dir, opt, *out, *stream); err != nil {
			pprof.StopCPUProfile()
			fmt.Fprintf(os.Stderr, "topicbench fit: %v\n", err)
			os.Exit(1)
		}
	}
}
