package main

import (
	"bytes"
	"context"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// needTool skips when a tool is missing on a developer's machine, but fails
// in CI, where .ci/deps installs everything and a skip would hide a gap.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed; .ci/deps should have installed it", name)
		}
		t.Skipf("%s is not installed (run .ci/deps test)", name)
	}
}

// buildBinary builds the real app once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "soc2ready")
	cmd := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startXvfb starts a private X server and returns its DISPLAY.
func startXvfb(t *testing.T) string {
	t.Helper()
	needTool(t, "Xvfb")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	buf := make([]byte, 16)
	r.SetReadDeadline(time.Now().Add(20 * time.Second))
	n, err := r.Read(buf)
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	return ":" + strings.TrimSpace(string(buf[:n]))
}

// TestSmokeGUI starts the real binary under Xvfb with LANG=C.UTF-8, waits for
// its window, takes a screenshot, checks it is not blank, and closes the app.
func TestSmokeGUI(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real app")
	}
	needTool(t, "xdotool")
	needTool(t, "import")
	display := startXvfb(t)
	bin := buildBinary(t)
	home := t.TempDir()

	var stderr bytes.Buffer
	app := exec.Command(bin)
	app.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=")
	app.Stderr = &stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer func() {
		app.Process.Kill()
		<-exited
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	search := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--name", "^SOC 2 Readiness$")
	search.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := search.Output()
	if err != nil {
		t.Fatalf("window did not appear: %v\nstderr: %s", err, stderr.String())
	}
	window := strings.Fields(string(out))[0]

	shot := filepath.Join(t.TempDir(), "smoke.png")
	img := waitForPaint(t, display, window, shot)
	if n := distinctColours(img); n < 8 {
		t.Fatalf("screenshot has only %d colours: the window is blank", n)
	}
	if dir := os.Getenv("SOC2READY_SCREENSHOTS"); dir != "" {
		data, _ := os.ReadFile(shot)
		os.WriteFile(filepath.Join(dir, "smoke.png"), data, 0o644)
	}

	if err := app.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("app exited with %v after SIGTERM\nstderr: %s", err, stderr.String())
		}
		exited <- nil // for the deferred cleanup
	case <-time.After(15 * time.Second):
		t.Fatal("app did not exit within 15 s of SIGTERM")
	}
	for _, noise := range []string{"Error parsing user locale", "Fyne error"} {
		if strings.Contains(stderr.String(), noise) {
			t.Errorf("stderr has %q:\n%s", noise, stderr.String())
		}
	}
}

// waitForPaint takes screenshots until the window shows more than its
// background (the first frame can lag the window's mapping), up to 30 s.
func waitForPaint(t *testing.T, display, window, path string) image.Image {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		cmd := exec.Command("import", "-window", window, path)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, err := cmd.CombinedOutput()
		if err == nil {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			img, _, err := image.Decode(f)
			f.Close()
			if err == nil && (distinctColours(img) >= 8 || time.Now().After(deadline)) {
				return img
			}
		} else if time.Now().After(deadline) {
			t.Fatalf("import -window: %v\n%s", err, out)
		}
		// Pace the polling with the X tools rather than a test sleep.
		exec.Command("xdotool", "sleep", "0.2").Run()
	}
}

func distinctColours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if len(seen) > 64 {
				return len(seen)
			}
		}
	}
	return len(seen)
}
