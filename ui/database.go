package ui

import "fyne.io/fyne/v2/dialog"

// switchDatabase opens another database file and remembers it.
func (u *App) switchDatabase(path string) {
	u.fy.Preferences().SetString(prefDBPath, path)
	u.openDatabase(path)
	if u.dbErr != nil {
		u.showError("Could not open the database", u.dbErr)
	}
	u.ShowHome()
}

// backupDatabase writes a hot backup of the database to a file the user
// chooses, off the UI goroutine, with progress shown.
func (u *App) backupDatabase() {
	if u.store == nil {
		u.showError("Nothing to back up", u.dbErr)
		return
	}
	saveDialog(u, "soc2ready-backup-"+u.opts.Now().Format("2006-01-02")+".db", ".db", func(path string) {
		st := u.store
		u.runLong("Backing up the database…", func() error {
			return st.BackupTo(path)
		}, func() {
			dialog.ShowInformation("Backup written", "The database was copied to\n"+path+"\n\nTo restore it, choose it with \"Open another database…\".", u.win)
		})
	})
}
