package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

var themeChoices = []string{"System", "Light", "Dark"}

// workshopScale enlarges text and spacing for a projector.
const workshopScale = 1.3

// applySettings applies the stored theme, and the workshop mode's sizes.
//
// The workshop sizes are the app's theme rather than a theme override of
// the window's content: an override reaches only the widgets that exist when
// it is applied, not the rows a list creates later, nor dialogs.
func applySettings(fy fyne.App) {
	var th fyne.Theme
	switch fy.Preferences().StringWithFallback(prefTheme, "system") {
	case "light":
		th = appTheme{theme.DefaultTheme(), variant(theme.VariantLight)}
	case "dark":
		th = appTheme{theme.DefaultTheme(), variant(theme.VariantDark)}
	default:
		th = appTheme{Theme: theme.DefaultTheme()}
	}
	if fy.Preferences().Bool(prefWorkshop) {
		th = scaledTheme{th, workshopScale}
	}
	fy.Settings().SetTheme(th)
}

func variant(v fyne.ThemeVariant) *fyne.ThemeVariant { return &v }

// colorNameHint is the colour of hints (which keys do what, what a screen
// is for): quieter than the text, but readable, unlike Fyne's disabled grey
// (1.3:1 on white), which its low-importance labels use.
const colorNameHint fyne.ThemeColorName = "soc2ready-hint"

// appTheme is Fyne's default theme with the light or dark variant forced
// (nil follows the desktop), and two colours changed for contrast: hints,
// and the borders of fields, unticked checks and radio buttons (Fyne's are
// 1.2:1 against the background, under the 3:1 that controls need).
type appTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	light := v == theme.VariantLight
	switch n {
	case theme.ColorNameInputBorder:
		if light {
			return color.NRGBA{R: 0x94, G: 0x94, B: 0x94, A: 0xff} // 3.0:1 on white
		}
		return color.NRGBA{R: 0x70, G: 0x70, B: 0x72, A: 0xff} // 3.4:1 on the dark background
	case colorNameHint:
		if light {
			return color.NRGBA{R: 0x6a, G: 0x6a, B: 0x6a, A: 0xff} // 5.4:1
		}
		return color.NRGBA{R: 0xa8, G: 0xa8, B: 0xa8, A: 0xff} // 7.6:1
	}
	return t.Theme.Color(n, v)
}

// scaledTheme multiplies every size: text, padding, icons.
type scaledTheme struct {
	fyne.Theme
	scale float32
}

func (t scaledTheme) Size(n fyne.ThemeSizeName) float32 { return t.Theme.Size(n) * t.scale }
