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

// TestDepsWithoutApt runs .ci/deps as on macOS, Windows (MSYS2) and a Linux
// without apt: a PATH with bash and go but no dpkg-query or apt-get, and fake
// uname, xcode-select and compilers. It must install nothing, name what to
// install, and fail only when the C compiler is missing.
func TestDepsWithoutApt(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
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
			dir := t.TempDir()
			for name, target := range map[string]string{"bash": bash, "go": goBin} {
				if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
			fakes := map[string]string{"uname": "echo " + tc.uname}
			for _, tool := range tc.tools {
				fakes[tool] = "exit 0"
			}
			if fakes["xcode-select"] == "" {
				fakes["xcode-select"] = "exit 2" // the stub macOS has without the tools
			}
			for name, body := range fakes {
				if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command(script)
			if tc.mode != "" {
				cmd.Args = append(cmd.Args, tc.mode)
			}
			cmd.Env = append(os.Environ(), "PATH="+dir, "CC=")
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.wantCode {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.wantCode, stderr.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
			if strings.Contains(stderr.String(), "installing") {
				t.Errorf("installed something without apt:\n%s", stderr.String())
			}
		})
	}
}
