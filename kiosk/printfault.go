package kiosk

import (
	"errors"
	"strings"

	"servicehall/app"
	"servicehall/app/ui"
)

// printFaultText says, translated, what is wrong with the printer when the print error
// knows, ready to stand before the failure line ("打印机缺纸："), or nothing.
func printFaultText(loc *ui.Localizer, err error) string {
	var pf app.PrintFaulter
	if !errors.As(err, &pf) {
		return ""
	}
	var words []string
	for _, f := range pf.PrintFaults() {
		if w := loc.T("print.status." + f); w != "" && w != "print.status."+f {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return ""
	}
	return strings.Join(words, loc.T("print.fault.join")) + loc.T("print.fault.sep")
}
