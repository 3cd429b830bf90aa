package printing

import (
	"errors"
	"fmt"
)

// code128Widths holds the Code128 symbol patterns by value (0–106): the widths, in
// modules, of bar, space, bar, space, bar, space. The stop symbol (106) has a seventh
// element, its final bar.
var code128Widths = [107]string{
	"212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
	"221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
	"221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
	"212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
	"231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
	"231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
	"314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
	"112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
	"111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
	"214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
	"114131", "311141", "411131", "211412", "211214", "211232", "2331112",
}

const (
	code128StartB = 104
	code128Stop   = 106
)

// Code128Modules is the width in modules of a Code128 set-B symbol of n characters,
// quiet zones not included: start, n data symbols and the check symbol of 11 modules
// each, and the stop symbol of 13.
func Code128Modules(n int) int { return 11*(n+2) + 13 }

// Code128 encodes data in Code128 code set B and returns the element widths in modules,
// alternating bar and space and starting with a bar: start B, the data, the check symbol
// and the stop symbol. data must be non-empty printable ASCII (space to '~').
func Code128(data string) ([]uint8, error) {
	if data == "" {
		return nil, errors.New("printing: empty barcode payload")
	}
	values := make([]int, 0, len(data)+3)
	values = append(values, code128StartB)
	sum := code128StartB
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c < ' ' || c > '~' {
			return nil, fmt.Errorf("printing: barcode payload %q: byte %d (0x%02x) is not printable ASCII", data, i, c)
		}
		v := int(c - ' ')
		values = append(values, v)
		sum += v * (i + 1)
	}
	values = append(values, sum%103, code128Stop)
	out := make([]uint8, 0, 6*len(values)+1)
	for _, v := range values {
		for _, d := range code128Widths[v] {
			out = append(out, uint8(d-'0'))
		}
	}
	return out, nil
}

// Code128ModuleWidth picks the module width in dots (3, else 2) at which a Code128
// set-B symbol of n characters fits paper dots wide; the blank paper margins beside the
// print area serve as quiet zones. A barcode that fits at neither is an error: print its
// text instead. On 58 mm paper (384 dots) that is at most 14 characters, on 80 mm 23.
func Code128ModuleWidth(n, dots int) (int, error) {
	modules := Code128Modules(n)
	for _, w := range []int{3, 2} {
		if modules*w <= dots {
			return w, nil
		}
	}
	return 0, fmt.Errorf("printing: a barcode of %d characters needs %d dots, the paper has %d (at most %d characters fit)",
		n, modules*2, dots, max((dots/2-13)/11-2, 0))
}
