//go:build !windows

package storage

// A rename over an open file works on POSIX systems: nothing to retry.
const renameTries = 1

func inUse(error, string) bool { return false }

// openElsewhere: POSIX systems report a held database only through bbolt's
// lock timeout.
func openElsewhere(error) bool { return false }
