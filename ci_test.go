package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The scripts under .ci run here with a PATH of their own: symlinks to a few
// real tools and shell scripts standing in for the rest, so that macOS,
// Windows and a 20-minute cross-compile can be played on Linux in
// milliseconds.

// fakePath returns a folder for PATH holding links to the named real tools
// (the test skips when one is missing) and a script per fakes entry: name to
// the shell body after #!/bin/sh.
func fakePath(t *testing.T, real []string, fakes map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range real {
		p, err := exec.LookPath(name)
		if err != nil {
			t.Skipf("%s is not installed", name)
		}
		if err := os.Symlink(p, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range fakes {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runScript runs script with args in dir and returns its exit status,
// stdout and stderr.
func runScript(t *testing.T, dir string, env []string, script string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(script, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), stdout.String(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stdout.String(), stderr.String()
}

// TestDepsWithoutApt runs .ci/deps as on macOS, Windows (MSYS2) and a Linux
// without apt: bash and go but no dpkg-query or apt-get, and fake uname,
// xcode-select and compilers. It must install nothing, name what to install,
// and fail only when a C compiler is missing.
func TestDepsWithoutApt(t *testing.T) {
	script, err := filepath.Abs(filepath.Join(".ci", "deps"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, uname, mode string
		tools             []string // fake commands that succeed
		wantCode          int
		want              []string // in stderr
	}{
		{"linux without a compiler", "Linux", "", nil, 1,
			[]string{"no apt-get/dpkg here, so nothing is installed", "libgl1-mesa-dev", "missing gcc"}},
		{"linux with gcc", "Linux", "", []string{"gcc"}, 0,
			[]string{"no apt-get/dpkg here", "libx11-dev"}},
		{"macOS without the command line tools", "Darwin", "", nil, 1,
			[]string{"xcode-select --install", "missing the Xcode command line tools"}},
		{"macOS with the command line tools", "Darwin", "", []string{"xcode-select"}, 0,
			[]string{"xcode-select --install"}},
		{"windows without gcc", "MINGW64_NT-10.0-19045", "", nil, 1,
			[]string{"mingw-w64-x86_64-gcc", "TDM-GCC", "missing gcc"}},
		{"windows with gcc", "MINGW64_NT-10.0-19045", "", []string{"gcc"}, 0,
			[]string{"mingw-w64-x86_64-gcc"}},
		{"windows package without mingw", "Linux", "windows", []string{"gcc"}, 1,
			[]string{"make package-windows also needs x86_64-w64-mingw32-gcc", "missing x86_64-w64-mingw32-gcc"}},
		{"windows package with mingw", "Linux", "windows", []string{"gcc", "x86_64-w64-mingw32-gcc"}, 0, nil},
		{"unknown mode", "Linux", "bogus", []string{"gcc"}, 2,
			[]string{`unknown mode "bogus"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.mode == "windows" && runtime.GOARCH != "amd64" {
				t.Skip("package-windows cross-compiles from x86-64 only")
			}
			fakes := map[string]string{"uname": "echo " + tc.uname, "xcode-select": "exit 2"} // the stub macOS has without the tools
			for _, tool := range tc.tools {
				fakes[tool] = "exit 0"
			}
			path := fakePath(t, []string{"bash", "go"}, fakes)
			var args []string
			if tc.mode != "" {
				args = append(args, tc.mode)
			}
			code, _, stderr := runScript(t, t.TempDir(), []string{"PATH=" + path, "CC="}, script, args...)
			if code != tc.wantCode {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.wantCode, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "installing") {
				t.Errorf("installed something without apt:\n%s", stderr)
			}
		})
	}
}

// TestPackageScript runs .ci/package with a fake go that logs how it was
// called, makes the package and, as fyne package does, raises Build in
// FyneApp.toml; and fake file and wrestool describing the .exe.
func TestPackageScript(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(".ci", "package"))
	if err != nil {
		t.Fatal(err)
	}
	const toml = "[Details]\n  Version = \"0.1.0\"\n  Build = 1\n"
	const gui = "PE32+ executable (GUI) x86-64 (stripped to external PDB), for MS Windows, 12 sections"
	const resources = "--type=3 --name=3 [type=icon]\n--type=14 --name=2 [type=group_icon]\n--type=16 --name=1 [type=version]\n--type=24 --name=1"
	fakeGo := `case "$1" in
env) echo "$FAKE_GOOS" ;;
run) echo "CGO_ENABLED=${CGO_ENABLED:-} CC=${CC:-} $*" >go.log
     printf 'Build = 2\n' >>FyneApp.toml
     : >"$FAKE_OUT"
     exit "$FAKE_RC" ;;
esac`
	tests := []struct {
		name, host, arg string
		out             string // what fake fyne makes
		fyneFails       bool
		file, res       string // fake file and wrestool output; "" leaves the tool out
		wantCode        int
		wantGo          string // go.log
		want            string // in stdout or stderr
	}{
		{"linux host", "linux", "", "soc2ready.tar.xz", false, "", "", 0,
			"CGO_ENABLED= CC= run fyne.io/tools/cmd/fyne@v1.7.4 package -os linux -tags migrated_fynedo -release", ""},
		{"macOS host", "darwin", "", "soc2ready.app", false, "", "", 0,
			"CGO_ENABLED= CC= run fyne.io/tools/cmd/fyne@v1.7.4 package -os darwin", ""},
		{"windows from linux", "linux", "windows", "soc2ready.exe", false, gui, resources, 0,
			"CGO_ENABLED=0 CC=x86_64-w64-mingw32-gcc run fyne.io/tools/cmd/fyne@v1.7.4 package -os windows",
			"soc2ready.exe: PE32+ executable (GUI) x86-64"},
		{"windows host", "windows", "", "soc2ready.exe", false, gui, resources, 0,
			"CGO_ENABLED= CC= run fyne.io/tools/cmd/fyne@v1.7.4 package -os windows", "with an icon and version information"},
		{"exe without version", "linux", "windows", "soc2ready.exe", false, gui,
			"--type=14 --name=2 [type=group_icon]", 1, "-os windows", "soc2ready.exe has no version resource"},
		{"exe without icon", "linux", "windows", "soc2ready.exe", false, gui,
			"--type=16 --name=1 [type=version]", 1, "-os windows", "soc2ready.exe has no group_icon resource"},
		{"console exe", "linux", "windows", "soc2ready.exe", false,
			"PE32+ executable (console) x86-64, for MS Windows", resources, 1, "-os windows", "not a 64-bit Windows GUI program"},
		{"no tools to check", "linux", "windows", "soc2ready.exe", false, "", "", 0, "-os windows", "not checked"},
		{"fyne fails", "linux", "", "soc2ready.tar.xz", true, "", "", 1, "-os linux", ""},
		{"unknown target", "linux", "plan9", "", false, "", "", 2, "", `cannot package for "plan9"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, ".ci"), 0o755); err != nil {
				t.Fatal(err)
			}
			script := filepath.Join(dir, ".ci", "package")
			if err := os.WriteFile(script, src, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "FyneApp.toml"), []byte(toml), 0o644); err != nil {
				t.Fatal(err)
			}
			fakes := map[string]string{"go": fakeGo}
			if tc.file != "" {
				fakes["file"] = "echo '" + tc.file + "'"
				fakes["wrestool"] = "echo '" + tc.res + "'"
			}
			path := fakePath(t, []string{"bash", "cp", "rm", "mktemp", "grep", "dirname"}, fakes)
			rc := "0"
			if tc.fyneFails {
				rc = "1"
			}
			var args []string
			if tc.arg != "" {
				args = append(args, tc.arg)
			}
			code, stdout, stderr := runScript(t, dir,
				[]string{"PATH=" + path, "FAKE_GOOS=" + tc.host, "FAKE_OUT=" + tc.out, "FAKE_RC=" + rc, "CGO_ENABLED=", "CC="},
				script, args...)
			if code != tc.wantCode {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.wantCode, stderr)
			}
			log, _ := os.ReadFile(filepath.Join(dir, "go.log"))
			if !strings.Contains(string(log), tc.wantGo) || (tc.wantGo == "") != (len(log) == 0) {
				t.Errorf("go was run as %q, want %q", log, tc.wantGo)
			}
			if !strings.Contains(stdout+stderr, tc.want) {
				t.Errorf("output lacks %q:\n%s%s", tc.want, stdout, stderr)
			}
			if got, err := os.ReadFile(filepath.Join(dir, "FyneApp.toml")); err != nil || string(got) != toml {
				t.Errorf("FyneApp.toml afterwards = %q, %v; want it as it was, %q", got, err, toml)
			}
		})
	}
}
