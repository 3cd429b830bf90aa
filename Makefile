# servicehall — the two commands a new machine needs are `make run` and `make test`.
# Both install what they need first (see scripts/deps.sh; skipped when present).

GO        ?= go
BIN       := bin
DATA      ?= $(HOME)/.local/share/servicehall/demo
PKGS      := ./...
# Tests run Fyne on its software driver: no C compiler, no X11 headers, no display.
TESTENV   := CGO_ENABLED=0 LANG=zh_CN.UTF-8
TESTTAGS  := -tags ci
export LANG ?= zh_CN.UTF-8

.PHONY: all run test bench screenshots deps build vet check clean

all: build

deps:
	@./scripts/deps.sh

## build: the GUI (cgo, OpenGL) and the two pure-Go servers.
build: deps
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/servicehall ./cmd/servicehall
	CGO_ENABLED=0 $(GO) build -o $(BIN)/hallhub ./cmd/hallhub
	CGO_ENABLED=0 $(GO) build -o $(BIN)/central ./cmd/central

## run: the demo — central, hub and the kiosk, counter and board windows, on SQLite.
run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "make run: no display (DISPLAY is not set), so the demo windows cannot open."; \
	  echo "  On a desktop, run it from a terminal inside the desktop session."; \
	  echo "  On a server, run it under a virtual display:  xvfb-run -a -s '-screen 0 1920x1080x24' make run"; \
	  exit 1; fi
	$(BIN)/servicehall demo --data $(DATA)

vet:
	$(TESTENV) $(GO) vet $(TESTTAGS) $(PKGS)

## test: vet, every test, and the real cgo GUI build (a broken GUI build cannot land).
test: deps vet
	$(TESTENV) $(GO) test $(TESTTAGS) -count=1 -timeout 15m $(PKGS)
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/servicehall ./cmd/servicehall
	CGO_ENABLED=0 $(GO) build -o $(BIN)/hallhub ./cmd/hallhub
	CGO_ENABLED=0 $(GO) build -o $(BIN)/central ./cmd/central
	@echo "make test: vet, tests and the GUI build passed"

## bench: every benchmark, figures for the issue notes.
bench: deps
	$(TESTENV) $(GO) test $(TESTTAGS) -run '^$$' -bench . -benchmem -benchtime 2s $(PKGS)
	./scripts/startup-bench.sh

## screenshots: every screen, slip and document rendered to PNG under docs/screenshots.
screenshots: deps build
	./scripts/screenshots.sh

## check: the shared contract checks.
check:
	../shared/checks/run-all

clean:
	rm -rf $(BIN)
