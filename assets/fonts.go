package assets

import _ "embed"

// The report fonts: DejaVu Sans 2.37, regular and bold, which cover Latin,
// Greek and Cyrillic scripts. Their licence is in fonts/LICENSE-DejaVu.txt.
var (
	//go:embed fonts/DejaVuSans.ttf
	DejaVuSans []byte

	//go:embed fonts/DejaVuSans-Bold.ttf
	DejaVuSansBold []byte
)
