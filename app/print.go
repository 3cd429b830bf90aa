package app

// PrintFaulter is a print error that knows what is wrong with the printer: fault names
// such as "paper_out", "paper_near_end", "cover_open", "offline", "error". Screens show them
// (translated) instead of a bare "print failed"; printing/device's StatusError is one.
type PrintFaulter interface {
	PrintFaults() []string
}
