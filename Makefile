# The two commands a newcomer needs (see README.md). Both install what is
# missing first, so they work on a fresh Debian/Ubuntu machine with Go.
TAGS := migrated_fynedo

.PHONY: run test build package mutate

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

# A Linux desktop package (soc2ready.tar.xz) with icon and .desktop file.
package:
	.ci/deps
	go run fyne.io/tools/cmd/fyne@v1.7.4 package -os linux -tags $(TAGS) -release
