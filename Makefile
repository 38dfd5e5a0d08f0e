# casus — top-level entry points. `make demo` and `make test` are all a fresh machine needs.
BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE_FLAGS ?=
SHARED   ?= ../shared
CASUS    := $(BUILD)/casus
DEMO_DB  ?= $(BUILD)/demo.db

.PHONY: all deps configure build demo test eval bench format lint models clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

# Codes the project's own example articles into the embedded SQLite store and shows the result.
demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(CASUS) code examples/articles --meta examples/meta.jsonl --db $(DEMO_DB)
	@echo
	$(CASUS) events --db $(DEMO_DB) --limit 40
	@echo
	$(CASUS) quotes --db $(DEMO_DB) --limit 20
	@echo
	$(CASUS) places --db $(DEMO_DB) | head -n 25

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 600

# Evaluation against the reference data in $(SHARED); prints its figures.
eval: build
	scripts/eval $(CASUS) $(SHARED)

bench: build
	scripts/bench $(BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc')

lint: build
	clang-tidy -p $(BUILD) --quiet $$(git ls-files 'src/*.cc' | grep -v _test.cc)

# Retrains the shipped language models (data/models/) from the UD EWT and UNER treebanks in
# $(SHARED); deterministic, so it reproduces the committed files.
models: build
	scripts/train-models $(CASUS) $(SHARED) data/models

clean:
	rm -rf $(BUILD)
