# The two set-up commands (see README.md): `make synth` and `make test`.
# Both install the pinned toolchain (Node.js 22 and the AWS CDK CLI, from
# .toolchain/package-lock.json) on first use; Go comes from the machine.

SHELL := /bin/bash
export PATH := $(CURDIR)/.toolchain/node_modules/.bin:$(PATH)
export JSII_NODE := $(CURDIR)/.toolchain/node_modules/.bin/node
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1

TOOLCHAIN := .toolchain/node_modules/.installed

.PHONY: synth test test-go test-web test-e2e preview bench compliance check diff deploy destroy verify

$(TOOLCHAIN): .toolchain/package.json .toolchain/package-lock.json
	npm ci --prefix .toolchain --no-audit --no-fund
	touch $@

## synth: synthesize the stack into cdk.out with zero configuration (no AWS credentials needed)
synth: $(TOOLCHAIN)
	cdk synth --quiet $(CDK_ARGS)
	@echo "Synthesized: cdk.out/$$(ls cdk.out | grep -m1 '\.template\.json$$')"

## test: every test: Go unit and template tests, the library example, the web app's unit tests,
## the IAM proof suite (the template's policies under an independent evaluator), the Amplify client tests,
## Amplify UI's Storage Browser in headless Chromium, the local stand-in's unit tests and the end-to-end tests
## (make verify's script among them, against the stand-in)
test: test-go test-web test-e2e

test-go: $(TOOLCHAIN)
	go test ./...
	cd examples/consumer && go build -o /dev/null . && go vet ./...

test-web: $(TOOLCHAIN)
	cd web && npm ci --no-audit --no-fund && npm test

## compliance: cdk-nag reports (AwsSolutions, NIST 800-53 R5, HIPAA, PCI DSS) for the default and fullest configurations, into compliance/
compliance: $(TOOLCHAIN)
	go run ./cmd/compliance

# Debian's Chromium drives the end-to-end tests (a test tool's own browser
# download cannot work here). Run as root (CI), `make test` installs it with
# apt-get. Without root: `sudo apt-get install -y chromium` once, or use a
# Chromium or Chrome you have: `make test CHROMIUM=/path/to/chrome` (or
# export CHROME_PATH). The end-to-end harness reads the same variables.
DEBIAN_CHROMIUM := /usr/bin/chromium
CHROMIUM ?= $(or $(CHROME_PATH),$(DEBIAN_CHROMIUM))
export CHROMIUM
$(CHROMIUM):
	@if [ "$@" != "$(DEBIAN_CHROMIUM)" ]; then echo "make: no browser at CHROMIUM=$@" >&2; exit 1; fi
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "make: the end-to-end tests need Chromium at $@. Install it once with" >&2; \
	  echo "  sudo apt-get install -y --no-install-recommends chromium" >&2; \
	  echo "or point to one you have: make test CHROMIUM=/path/to/chromium (or export CHROME_PATH)." >&2; \
	  exit 1; \
	fi
	apt-get update && apt-get install -y --no-install-recommends chromium

test-e2e: $(TOOLCHAIN) $(CHROMIUM)
	npm ci --prefix local --no-audit --no-fund
	npm ci --prefix local/test/storage-browser --no-audit --no-fund
	npm --prefix local run test:proof
	npm --prefix local run test:amplify
	npm --prefix local run test:storage-browser
	npm --prefix local test

## preview: the real app in a browser with no AWS account (local stand-in for Cognito and S3) on ports
## 4510-4514; PREVIEW_ARGS="--help" lists the options (--port, --clean, --token-minutes, ...)
preview: $(TOOLCHAIN)
	[ -d local/node_modules ] || npm ci --prefix local --no-audit --no-fund
	node local/preview.mjs $(PREVIEW_ARGS)

## bench: every benchmark, one `name value unit` line per metric (bench/README.md); about 5 minutes
bench: $(TOOLCHAIN)
	bench/all.sh

## check: what CI adds to the tests: vet and formatting
check:
	go vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

## diff, deploy, destroy: need AWS credentials; pass CDK_ARGS="-c key=value ..." for settings
diff: $(TOOLCHAIN)
	cdk diff $(CDK_ARGS)

deploy: $(TOOLCHAIN)
	cdk deploy $(CDK_ARGS)

## verify: after `make deploy`, prove the deployed stack end to end with throwaway users, and remove them
## and every object version written (README "Verify a deployment"); needs the operator's AWS credentials
## and Chromium. The stack is the context's (cdk.json, CDK_ARGS="-c stackName=..."); VERIFY_ARGS="--help".
verify: $(TOOLCHAIN) $(CHROMIUM)
	[ -d local/node_modules ] || npm ci --prefix local --no-audit --no-fund
	CDK_ARGS="$(CDK_ARGS)" node local/verify/verify.mjs $(VERIFY_ARGS)

destroy: $(TOOLCHAIN)
	cdk destroy $(CDK_ARGS)
