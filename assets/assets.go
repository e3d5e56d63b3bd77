// Package assets holds the data embedded in the binary: the question bank, the
// sample assessment, the report fonts and the icon. Beyond parsing the bank
// once, it has no logic.
package assets

import (
	_ "embed"
	"sync"

	"soc2ready/assessment"
)

// BankYAML is the built-in question bank.
//
//go:embed bank.yaml
var BankYAML []byte

// Bank returns the built-in question bank, parsed and validated once.
var Bank = sync.OnceValues(func() (*assessment.Bank, error) {
	return assessment.ParseBank(BankYAML)
})

// IconPNG is the app icon, a 512×512 shield with a check mark (drawn from
// icon.svg).
//
//go:embed icon.png
var IconPNG []byte

// SampleAssessment is a realistic, partly answered sample company in the
// interchange format, offered on first launch.
//
//go:embed sample.soc2ready.json
var SampleAssessment []byte
