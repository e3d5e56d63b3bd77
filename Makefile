# The two commands a newcomer needs (see README.md). Both install what is
# missing first, so they work on a fresh Debian/Ubuntu machine with Go.
TAGS := migrated_fynedo
VERSION = $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)

.PHONY: run test build package package-windows release mutate

# Open the app on the default database.
run:
	.ci/deps
	go run -tags $(TAGS) .

# The whole test suite: gofmt, vet, staticcheck, go test -race, GUI smoke test.
test:
	.ci/test

# Mutation testing of assessment/, storage/ and report/'s model (minutes,
# not part of test): see docs/mutation.md.
mutate:
	.ci/mutate

build:
	.ci/deps
	go build -tags $(TAGS) -o soc2ready .

# This machine's desktop package (see .ci/package): soc2ready.tar.xz on
# Linux, soc2ready.app on macOS, soc2ready.exe on Windows.
package:
	.ci/deps
	.ci/package

# soc2ready.exe for Windows x86-64 with the icon and version information,
# cross-compiled on Linux with mingw-w64, and soc2ready-cli.exe, the same
# program marked as a console one for the subcommands.
package-windows:
	.ci/deps windows
	.ci/package windows

# The files to attach to a release, built on Linux x86-64: the Linux package
# and the two Windows programs, named with the version, and their SHA-256 sums.
release:
	@[ "$$(go env GOOS)/$$(go env GOARCH)" = linux/amd64 ] || \
		{ echo "make release builds on Linux x86-64, not $$(go env GOOS)/$$(go env GOARCH)" >&2; exit 1; }
	@[ -n "$(VERSION)" ] || { echo "no Version in FyneApp.toml" >&2; exit 1; }
	rm -rf dist
	mkdir dist
	.ci/deps windows
	.ci/package linux
	mv soc2ready.tar.xz dist/soc2ready-$(VERSION)-linux-amd64.tar.xz
	.ci/package windows
	mv soc2ready.exe dist/soc2ready-$(VERSION)-windows-amd64.exe
	mv soc2ready-cli.exe dist/soc2ready-cli-$(VERSION)-windows-amd64.exe
	cd dist && sha256sum -- * > SHA256SUMS
	@ls -l dist && cat dist/SHA256SUMS
