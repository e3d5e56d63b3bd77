package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain keeps the tests away from the user's files: preferences, the
// default database and Fyne's cache go to a temporary home.
func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "soc2ready-ui-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": home + "/.config", "XDG_CACHE_HOME": home + "/.cache",
		"XDG_DATA_HOME": home + "/.local/share", "SOC2READY_DB": "",
	} {
		os.Setenv(k, v)
	}
	// The file dialogs list the desktop's folders, and log an error for each
	// one the home does not define.
	var dirs strings.Builder
	for _, name := range []string{"Desktop", "Documents", "Downloads", "Music", "Pictures", "Videos"} {
		os.MkdirAll(filepath.Join(home, name), 0o700)
		fmt.Fprintf(&dirs, "XDG_%s_DIR=\"$HOME/%s\"\n", strings.ToUpper(name), name)
	}
	os.MkdirAll(filepath.Join(home, ".config"), 0o700)
	os.WriteFile(filepath.Join(home, ".config", "user-dirs.dirs"), []byte(dirs.String()), 0o600)
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}
