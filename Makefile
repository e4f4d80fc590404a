# newsframe — build, run, test.
#
#   make run        build and analyse the bundled sample corpus; prints the report path
#   make test       assets + vet + gofmt check + all tests (what CI runs via .ci/run)
#   make bench      end-to-end throughput/RSS/disk, incremental run cost, scoring ns/op
#   make calibrate  refit data/sentiment/weights.json from ../shared/eval (reproducible)
#   make lint       gofmt + go vet
#   make fuzz       run every fuzz target for FUZZTIME (default 30s) each
#   make duckdb-check  DuckDB (npm) reads the Parquet datasets of a run and compares
#                   them with its --jsonl export; DUCKDB_OUT=DIR checks an existing run
#   make topics-bench  the topic model beside gensim and scikit-learn (cmd/topicbench)
#   make beam-run CORPUS=PATH OUT=DIR  the Apache Beam pipeline (cmd/newsframe-beam)
#                   on the prism runner, then newsframe report --from into DIR
#   make beam-test  the Beam module's tests (its own go.mod: not in make test)

GO        ?= go
BIN       := bin/newsframe
OUT       ?= out
EVAL      ?= ../shared/eval
CORPUS    ?= ../shared/corpus
FUZZTIME  ?= 30s
BENCHCORPORA ?= bbc allsides
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)

.PHONY: all assets build run test bench lint calibrate fuzz clean duckdb duckdb-check topics-bench beam-build beam-run beam-corpus-given beam-test

all: build

# ECharts comes from npm (echarts@5.6.0, pinned by package-lock.json with
# integrity hashes), checked against reports/assets/SHA256SUMS and embedded.
assets: reports/assets/js/echarts.min.js
reports/assets/js/echarts.min.js: reports/assets/build.sh reports/assets/npm/package.json reports/assets/npm/package-lock.json reports/assets/SHA256SUMS
	sh reports/assets/build.sh

# DuckDB from npm (@duckdb/node-api, pinned by .ci/duckdb/package-lock.json
# with integrity hashes; its native library ships inside an npm package, so
# no install script runs) is the independent reader of the Parquet exports.
duckdb: .ci/duckdb/node_modules/.package-lock.json
.ci/duckdb/node_modules/.package-lock.json: .ci/duckdb/package.json .ci/duckdb/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "duckdb: npm not found: install Node.js and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	cd .ci/duckdb && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# duckdb-check: without DUCKDB_OUT, the Go test that runs newsframe --jsonl on
# the sample plus undated and non-ASCII articles and then .ci/duckdb/check.mjs
# (what CI runs inside make test); with DUCKDB_OUT=DIR, the check of a run
# made with --jsonl (e.g. make run, then ./bin/newsframe run --jsonl).
DUCKDB_OUT ?=
duckdb-check: assets duckdb
	@if [ -n "$(DUCKDB_OUT)" ]; then \
	  node .ci/duckdb/check.mjs "$(DUCKDB_OUT)"; \
	else \
	  NEWSFRAME_REQUIRE_DUCKDB=1 $(GO) test -count=1 -run '^TestParquetReadByDuckDB$$' -v ./cmd/newsframe/; \
	fi

build: assets
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/newsframe

run: build
	./$(BIN) run --out $(OUT)
	@echo "Report: $(abspath $(OUT))/index.html"

lint: assets
	@fmt_out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$fmt_out" ]; then echo "gofmt needed:"; echo "$$fmt_out"; exit 1; fi
	$(GO) vet ./...

test: assets lint
	$(GO) test -count=1 -timeout 20m ./...

# bench: the scoring path's benchmarks (sentiment sentences/s, pipeline
# ns/paragraph), then cmd/benchrun on each corpus of BENCHCORPORA (bbc:
# the BBC set replicated to 100 MB over 5 outlets; allsides: the AllSides
# half as it is; allsides-x4: that replicated four times with dates shifted
# by whole years): a full run (MB/s of the JSON read, peak RSS of the
# child, stage times), the newest 1% added and an incremental run (its time
# as a share of the full run's), the disk taken by the state and the
# published runs, and a Markdown table per corpus against the bars of
# issue 10 §5. E.g. make bench BENCHCORPORA="bbc allsides allsides-x4";
# BENCHFLAGS=-verify also checks that the incremental run's exports equal a
# clean run's (CSV byte for byte, Parquet rows); BENCHFLAGS="-limit 1000"
# takes the first 1,000 articles of each source (a quick check).
bench: build
	$(GO) test -run '^$$' -bench . -benchtime 2s ./analysis/sentiment/ ./analysis/article/
	$(GO) run ./cmd/benchrun -data $(CORPUS) -corpora "$(BENCHCORPORA)" -mb 100 -bin $(BIN) $(BENCHFLAGS)

# topics-bench: newsframe's topic model beside gensim's LdaMulticore and
# scikit-learn's NMF, on the same documents and vocabulary (cmd/topicbench
# prepare writes them with newsframe's tokenisation), each fitted in a
# process of its own: the BBC set at K = 5 and its default K (NMI and AMI
# against the five categories, NPMI coherence; gensim gets 20 passes on this
# small set) and the AllSides half at K = 50 (coherence, fit time, peak RSS;
# gensim 2 passes, as in issue 13). Debian's python3-gensim and
# python3-sklearn are installed with apt-get when missing; one BLAS thread
# per process. The table goes to stdout and $(TOPICS_OUT)/table.md.
PYTHON     ?= /usr/bin/python3
TOPICS_OUT ?= /tmp/newsframe-topics-bench
topics-bench:
	@$(PYTHON) -c 'import gensim, sklearn' 2>/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq python3-gensim python3-sklearn; }
	$(GO) build -o bin/topicbench ./cmd/topicbench
	bin/topicbench prepare -corpus $(CORPUS)/bbc/articles.jsonl -label category -dir $(TOPICS_OUT)/bbc
	bin/topicbench prepare -corpus $(CORPUS)/allsides/articles.jsonl.gz -label bias -dir $(TOPICS_OUT)/allsides
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(PYTHON) cmd/topicbench/topicbench.py run --go bin/topicbench \
	  --data bbc=$(TOPICS_OUT)/bbc:5,17:20 --data allsides=$(TOPICS_OUT)/allsides:50:2 --out $(TOPICS_OUT)/table.md

# The Apache Beam pipeline lives in a Go module of its own
# (cmd/newsframe-beam/go.mod, Beam SDK v2.77.0, newsframe through a replace
# directive), so `go test ./...` here never builds the SDK: its first build
# takes minutes. beam-run runs it on prism (in this process, no network)
# into $(BEAM_RESULTS), which it empties first, and renders that with
# newsframe report --from into $(OUT); BEAMFLAGS go to newsframe-beam
# (e.g. --workers=2 --window=10, or --runner=... for a cluster: README,
# "Running on a cluster"). beam-test runs the module's tests, among them
# the equivalence test against newsframe run (CI runs it from .ci/run).
BEAM_BIN     := bin/newsframe-beam
BEAM_RESULTS ?= $(OUT).beam
BEAMFLAGS    ?=
REPORTFLAGS  ?=
beam-build: assets
	cd cmd/newsframe-beam && $(GO) build -o ../../$(BEAM_BIN) .

beam-run: beam-corpus-given build beam-build
	rm -rf $(BEAM_RESULTS)
	./$(BEAM_BIN) $(foreach c,$(CORPUS),--corpus $(c)) --out $(BEAM_RESULTS) $(BEAMFLAGS)
	./$(BIN) report --from $(BEAM_RESULTS) --out $(OUT) $(REPORTFLAGS)
	@echo "Report: $(abspath $(OUT))/index.html"

# CORPUS has a default (the shared corpora, for bench): beam-run wants it given.
beam-corpus-given:
	@if [ "$(origin CORPUS)" != "command line" ] && [ "$(origin CORPUS)" != "environment" ]; then \
	  echo "beam-run: give the corpus: make beam-run CORPUS=PATH OUT=DIR" >&2; exit 2; fi

beam-test: assets
	cd cmd/newsframe-beam && $(GO) vet ./... && $(GO) test -count=1 -timeout 30m ./...

calibrate:
	$(GO) run ./cmd/calibrate -eval $(EVAL) -corpus $(CORPUS)/basil-dev/articles.jsonl

fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin $(OUT) $(OUT).runs $(OUT).beam
