# Vernier — build, demo and test on a fresh Debian machine with only the Swift toolchain.
#
#   make demo    install missing system packages, build, run the main job
#   make test    the same set-up, then the whole test suite (what CI runs)
#   make lint    swift format lint --strict
#   make examples   build examples/library, the "Use Vernier from Swift" package, against this checkout
#   make bench   every benchmark suite (not part of the tests)
#   make bench-compare   the training benchmark beside PyTorch on the same workloads, with ratios
#                        (PEER_PYTHON=/path/to/python with torch; FULL=1 adds the CNN's 5-epoch accuracy)

SWIFT       ?= swift
CONFIG      ?= release
BUILD_FLAGS ?= -c $(CONFIG) -Xswiftc -enable-testing
BIN         := .build/$(CONFIG)/vernier
# Debian packages the build and tests need (pkg-config finds OpenBLAS, SQLite, zlib; a test reads the CSV and
# JSON exports back with python3's csv and json modules).
SYSTEM_PACKAGES := pkg-config libopenblas-dev libsqlite3-dev zlib1g-dev libpq-dev postgresql python3
# Data sets: Fashion-MNIST for the image experiments and benchmarks.
DATA_PACKAGES   := dataset-fashion-mnist

.PHONY: all deps build demo test lint examples bench bench-compare clean

all: build

deps:
	@Scripts/install-deps.sh $(SYSTEM_PACKAGES) $(DATA_PACKAGES)

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# The main job: a sensitivity study of the spirals classifier (one hyperparameter at a time around a good
# configuration, 3 seeds each), stored in SQLite (running it again resumes and reprints the results).
demo: build
	@mkdir -p runs
	$(BIN) tune spirals --sampler sensitivity --repeats 3 --storage sqlite:runs/vernier.db --out runs/tune/spirals-sensitivity

# `swift test` builds every target (the `vernier` binary the CLI tests run included) with the test build's
# settings; a `swift build` before it would compile the whole package a second time (measured: 5 of CI's 12 min).
test: deps
	$(SWIFT) test $(BUILD_FLAGS) --parallel --num-workers 2
	@echo "All tests passed."

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift examples/library

# The README's library example, built as a user's package would build it (its own .build folder).
examples: deps
	$(SWIFT) build --package-path examples/library

# Vernier's training benchmark beside the same workloads in PyTorch (CPU, 2 threads), with ratios; `FULL=1` adds
# the 5-epoch CNN test accuracy (mean of seeds 0, 1, 2) on both sides (a few more minutes). PEER_PYTHON names a
# Python with torch and numpy; without one, this developer convenience creates a virtual environment in .venv and
# installs `torch numpy` into it with pip (a download, said before it starts; never part of the tests or of a run).
PEER_PYTHON ?= .venv/bin/python
FULL        ?=
BENCH_FULL  := $(if $(FULL),--full,)
bench-compare: build
	@[ -x $(PEER_PYTHON) ] || [ "$(PEER_PYTHON)" != .venv/bin/python ] || { \
		echo "bench-compare: no .venv/bin/python; creating .venv and downloading torch and numpy into it with" \
			"pip (pass PEER_PYTHON=/path/to/python to use an existing one)"; \
		python3 -m venv .venv && .venv/bin/pip install -q torch numpy; }
	@[ -x $(PEER_PYTHON) ] || { echo "bench-compare: PEER_PYTHON=$(PEER_PYTHON) is not an executable" >&2; exit 1; }
	@mkdir -p runs/bench
	$(BIN) bench training $(BENCH_FULL) --json runs/bench/vernier-training.json
	$(PEER_PYTHON) benchmarks/peers/torch_training.py --threads 2 $(BENCH_FULL) --json runs/bench/torch-training.json > /dev/null
	@python3 benchmarks/compare.py runs/bench/vernier-training.json runs/bench/torch-training.json

bench: build
	$(BIN) bench all

clean:
	rm -rf .build runs
