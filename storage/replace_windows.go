package storage

// On Windows a rename over a file another program holds open fails; try a
// few times (about 1.3 s in all) before saying so.
const renameTries = 7

func inUse(err error, path string) bool { return windowsInUse(err, path) }

// openElsewhere reports whether opening the database failed because another
// program holds it (mapped to ErrLocked).
func openElsewhere(err error) bool { return windowsSharing(err) }
