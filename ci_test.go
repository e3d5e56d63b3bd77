package main

import (
	"bytes"
	"errors"
	"io/fs"
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

// fakePE returns the start of a Windows program as the linker writes it:
// "MZ", the offset of the PE header at 0x3c, "PE\0\0", and in the optional
// header a CheckSum (offset 64) and the Subsystem (offset 68, 2 for GUI).
func fakePE(subsystem byte) []byte {
	b := make([]byte, 512)
	copy(b, "MZ")
	const pe = 0x80
	b[0x3c] = pe
	copy(b[pe:], "PE\x00\x00")
	copy(b[pe+4+20+64:], []byte{0xe5, 0x31, 0xd9, 0x01})
	b[pe+4+20+68] = subsystem
	for i := pe + 4 + 20 + 96; i < len(b); i++ {
		b[i] = byte(i)
	}
	return b
}

// TestPackageScript runs .ci/package with a fake go that logs how it was
// called, makes the package and, as fyne package does, raises Build in
// FyneApp.toml; and fake file and wrestool describing the .exe files.
func TestPackageScript(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(".ci", "package"))
	if err != nil {
		t.Fatal(err)
	}
	const toml = "[Details]\n  Version = \"0.1.0\"\n  Build = 1\n"
	const gui = "PE32+ executable (GUI) x86-64 (stripped to external PDB), for MS Windows, 12 sections"
	const console = "PE32+ executable (console) x86-64 (stripped to external PDB), for MS Windows, 12 sections"
	const resources = "--type=3 --name=3 [type=icon]\n--type=14 --name=2 [type=group_icon]\n--type=16 --name=1 [type=version]\n--type=24 --name=1"
	fakeGo := `case "$1" in
env) echo "$FAKE_GOOS" ;;
run) echo "CGO_ENABLED=${CGO_ENABLED:-} CC=${CC:-} $*" >go.log
     printf 'Build = 2\n' >>FyneApp.toml
     cp "$FAKE_MADE" "$FAKE_OUT"
     exit "$FAKE_RC" ;;
esac`
	fakeFile := `case "$2" in *-cli.exe) echo "$FAKE_FILE_CLI" ;; *) echo "$FAKE_FILE" ;; esac`
	noSignature := fakePE(2)
	copy(noSignature[0x80:], "NE") // a 16-bit program's header
	wantCLI := fakePE(3)
	copy(wantCLI[0x80+4+20+64:], []byte{0, 0, 0, 0})
	tests := []struct {
		name, host, arg string
		out             string // what fake fyne makes
		made            []byte // its contents
		fyneFails       bool
		file, fileCLI   string // fake file's answer for the GUI and console .exe; "" leaves file and wrestool out
		res             string // fake wrestool's answer
		wantCode        int
		wantGo          string // go.log
		want            string // in stdout or stderr
		wantCLI         []byte // soc2ready-cli.exe, nil for none
	}{
		{"linux host", "linux", "", "soc2ready.tar.xz", []byte("xz"), false, "", "", "", 0,
			"CGO_ENABLED= CC= run fyne.io/tools/cmd/fyne@v1.7.4 package -os linux -tags migrated_fynedo -release", "", nil},
		{"macOS host", "darwin", "", "soc2ready.app", []byte("app"), false, "", "", "", 0,
			"CGO_ENABLED= CC= run fyne.io/tools/cmd/fyne@v1.7.4 package -os darwin", "", nil},
		{"windows from linux", "linux", "windows", "soc2ready.exe", fakePE(2), false, gui, console, resources, 0,
			"CGO_ENABLED=0 CC=x86_64-w64-mingw32-gcc run fyne.io/tools/cmd/fyne@v1.7.4 package -os windows",
			"soc2ready-cli.exe: PE32+ executable (console) x86-64", wantCLI},
		{"windows host", "windows", "", "soc2ready.exe", fakePE(2), false, gui, console, resources, 0,
			"CGO_ENABLED= CC= run fyne.io/tools/cmd/fyne@v1.7.4 package -os windows", "soc2ready.exe: PE32+ executable (GUI) x86-64", wantCLI},
		{"exe without version", "linux", "windows", "soc2ready.exe", fakePE(2), false, gui, console,
			"--type=14 --name=2 [type=group_icon]", 1, "-os windows", "soc2ready.exe has no version resource", wantCLI},
		{"exe without icon", "linux", "windows", "soc2ready.exe", fakePE(2), false, gui, console,
			"--type=16 --name=1 [type=version]", 1, "-os windows", "soc2ready.exe has no group_icon resource", wantCLI},
		{"console exe", "linux", "windows", "soc2ready.exe", fakePE(3), false, console, console, resources, 1,
			"-os windows", "soc2ready.exe is not a Windows GUI program", nil},
		{"not a PE file", "linux", "windows", "soc2ready.exe", []byte("not a program at all, but long enough to read from 0x3c: 0123456789"), false, gui, console, resources, 1,
			"-os windows", "soc2ready.exe is not a Windows GUI program", nil},
		{"no PE signature", "linux", "windows", "soc2ready.exe", noSignature, false, gui, console, resources, 1,
			"-os windows", "soc2ready.exe is not a Windows GUI program", nil},
		{"console copy not console", "linux", "windows", "soc2ready.exe", fakePE(2), false, gui, gui, resources, 1,
			"-os windows", "soc2ready-cli.exe is not a 64-bit Windows console program", wantCLI},
		{"no tools to check", "linux", "windows", "soc2ready.exe", fakePE(2), false, "", "", "", 0, "-os windows", "not checked", wantCLI},
		{"fyne fails", "linux", "", "soc2ready.tar.xz", []byte("xz"), true, "", "", "", 1, "-os linux", "", nil},
		{"unknown target", "linux", "plan9", "", nil, false, "", "", "", 2, "", `cannot package for "plan9"`, nil},
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
			made := filepath.Join(t.TempDir(), "made")
			if err := os.WriteFile(made, tc.made, 0o644); err != nil {
				t.Fatal(err)
			}
			fakes := map[string]string{"go": fakeGo}
			if tc.file != "" {
				fakes["file"] = fakeFile
				fakes["wrestool"] = "echo '" + tc.res + "'"
			}
			path := fakePath(t, []string{"bash", "cp", "rm", "mktemp", "grep", "dirname", "od", "tr", "dd"}, fakes)
			rc := "0"
			if tc.fyneFails {
				rc = "1"
			}
			var args []string
			if tc.arg != "" {
				args = append(args, tc.arg)
			}
			code, stdout, stderr := runScript(t, dir,
				[]string{"PATH=" + path, "FAKE_GOOS=" + tc.host, "FAKE_OUT=" + tc.out, "FAKE_MADE=" + made, "FAKE_RC=" + rc,
					"FAKE_FILE=" + tc.file, "FAKE_FILE_CLI=" + tc.fileCLI, "CGO_ENABLED=", "CC="},
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
			if tc.out != "" {
				if got, err := os.ReadFile(filepath.Join(dir, tc.out)); err != nil || !bytes.Equal(got, tc.made) {
					t.Errorf("%s changed: %v", tc.out, err)
				}
			}
			got, err := os.ReadFile(filepath.Join(dir, "soc2ready-cli.exe"))
			if tc.wantCLI == nil && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("soc2ready-cli.exe made (%v), want none", err)
			}
			if tc.wantCLI != nil && !bytes.Equal(got, tc.wantCLI) {
				t.Errorf("soc2ready-cli.exe = % x (%v)\nwant % x", got, err, tc.wantCLI)
			}
		})
	}
}
