package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// AppID is the application ID. It must equal FyneApp.toml's ID: the GUI's
// app.Storage() root, and so the default database, are named after it.
const AppID = "com.soc2ready.desktop"

// DBFileName is the database's name inside the app's storage folder.
const DBFileName = "soc2ready.db"

// EnvDB names the environment variable that overrides the database path.
const EnvDB = "SOC2READY_DB"

// DefaultPath is the database the GUI uses: DBFileName inside the folder that
// Fyne's app.Storage().RootURI() points at for AppID, so that the headless CLI
// and the GUI open the same file.
//
// Fyne does not export that folder without starting an app (which needs a
// display), so this mirrors fyne.io/fyne/v2@v2.8.1 internal/app/config_*.go
// and app/preferences_other.go: filepath.Join(rootConfigDir(), AppID) with
//
//	Linux and the BSDs  os.UserConfigDir()/fyne   ($XDG_CONFIG_HOME or ~/.config)
//	Windows             ~/AppData/Roaming/fyne    (from the home folder, not %AppData%)
//	macOS               ~/Library/Preferences/fyne
//
// Check it again when upgrading Fyne. (Fyne builds with the "ci" tag, and
// platforms other than these, use a temporary folder, which is no place for a
// database; they get an error here and need --db or SOC2READY_DB.)
func DefaultPath() (string, error) {
	var root string
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the default database: %w", err)
		}
		root = filepath.Join(dir, "fyne")
	case "windows":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the default database: %w", err)
		}
		root = filepath.Join(home, "AppData", "Roaming", "fyne")
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the default database: %w", err)
		}
		root = filepath.Join(home, "Library", "Preferences", "fyne")
	default:
		return "", fmt.Errorf("find the default database: no default location on %s: use --db or %s", runtime.GOOS, EnvDB)
	}
	return filepath.Join(root, AppID, dataDir, DBFileName), nil
}

// dataDir keeps the database in a folder of its own inside the app's storage
// root: Fyne watches the root for changes to preferences.json, and every save
// beside it made Fyne reread its preferences on the UI goroutine.
const dataDir = "data"

// ResolvePath picks the database: the --db flag's value if given, else
// $SOC2READY_DB, else DefaultPath. The result is absolute, so that messages
// name the file unambiguously.
func ResolvePath(flag string) (string, error) {
	p := flag
	if p == "" {
		p = os.Getenv(EnvDB)
	}
	if p == "" {
		return DefaultPath()
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("database path %q: %w", p, err)
	}
	return abs, nil
}
