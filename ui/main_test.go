package ui

import (
	"fmt"
	"os"
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
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}
