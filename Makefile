# newsframe — build, run, test.
#
#   make run        build and analyse the bundled sample corpus; prints the report path
#   make test       assets + vet + gofmt check + all tests (what CI runs via .ci/run)
#   make bench      end-to-end throughput/RSS, incremental run cost, scoring ns/op
#   make calibrate  refit data/sentiment/weights.json from ../shared/eval (reproducible)
#   make lint       gofmt + go vet
#   make fuzz       run every fuzz target for FUZZTIME (default 30s) each
#   make topics-bench  the topic model beside gensim and scikit-learn (cmd/topicbench)

GO        ?= go
BIN       := bin/newsframe
OUT       ?= out
EVAL      ?= ../shared/eval
CORPUS    ?= ../shared/corpus
FUZZTIME  ?= 30s
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)

.PHONY: all assets build run test bench lint calibrate fuzz clean topics-bench

all: build

# ECharts comes from npm (echarts@5.6.0, pinned by package-lock.json with
# integrity hashes), checked against reports/assets/SHA256SUMS and embedded.
assets: reports/assets/js/echarts.min.js
reports/assets/js/echarts.min.js: reports/assets/build.sh reports/assets/npm/package.json reports/assets/npm/package-lock.json reports/assets/SHA256SUMS
	sh reports/assets/build.sh

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
# ns/paragraph), then cmd/benchrun: BBC replicated to 100 MB, a full run
# (MB/s, peak RSS of the child), an incremental run adding 1% new articles
# (its time as a share of the full run's), and ns/paragraph of scoring.
# BENCHFLAGS=-verify also checks that the incremental run's exports equal a
# clean run's, byte for byte.
bench: build
	$(GO) test -run '^$$' -bench . -benchtime 2s ./analysis/sentiment/ ./analysis/pipeline/
	$(GO) run ./cmd/benchrun -corpus $(CORPUS)/bbc/articles.jsonl -mb 100 -bin $(BIN) $(BENCHFLAGS)

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

calibrate:
	$(GO) run ./cmd/calibrate -eval $(EVAL) -corpus $(CORPUS)/basil-dev/articles.jsonl

fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin $(OUT) $(OUT).runs
