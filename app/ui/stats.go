package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// StatsPanel shows today's figures per queue and window: issued, served, no-show, mean
// and 90th-percentile wait and service time (minutes).
type StatsPanel struct {
	loc   *Localizer
	title *widget.Label
	grid  *fyne.Container
	box   *fyne.Container
	rows  [][]string
}

// statsCols is how many columns a figures row has.
const statsCols = 8

// NewStatsPanel builds an empty panel.
func NewStatsPanel(loc *Localizer) *StatsPanel {
	p := &StatsPanel{loc: loc}
	p.title = widget.NewLabel(loc.T("queue.stats.title"))
	p.title.TextStyle.Bold = true
	p.title.SizeName = theme.SizeNameSubHeadingText
	p.grid = container.NewGridWithColumns(statsCols)
	p.box = container.NewVBox(p.title, p.grid)
	p.Set(app.DayStats{})
	return p
}

// Content returns the panel's root object.
func (p *StatsPanel) Content() fyne.CanvasObject { return p.box }

func minutes(sec float64) string { return fmt.Sprintf("%.1f", sec/60) }

func figureRow(name string, f app.Figures) []string {
	return []string{name, strconv.Itoa(f.Issued), strconv.Itoa(f.Served), strconv.Itoa(f.NoShow),
		minutes(f.AvgWaitSec), minutes(f.P90WaitSec), minutes(f.AvgServiceSec), minutes(f.P90ServiceSec)}
}

// Set shows st.
func (p *StatsPanel) Set(st app.DayStats) {
	l := p.loc
	rows := [][]string{{l.T("queue.stats.scope"), l.T("queue.stats.issued"), l.T("queue.stats.served"), l.T("queue.stats.no_show"),
		l.T("queue.stats.avg_wait"), l.T("queue.stats.p90_wait"), l.T("queue.stats.avg_service"), l.T("queue.stats.p90_service")}}
	rows = append(rows, figureRow(l.T("queue.stats.total"), st.Total))
	for _, q := range st.Queues {
		rows = append(rows, figureRow(l.Tf("queue.stats.queue", map[string]any{"Queue": q.Queue}), q.Figures))
	}
	for _, w := range st.Windows {
		rows = append(rows, figureRow(l.Tf("queue.stats.window", map[string]any{"Window": strconv.Itoa(w.Window)}), w.Figures))
	}
	p.rows = rows
	p.grid.RemoveAll()
	// Plain texts, not labels: a label's inner padding makes a row half again as tall, and
	// a hall's queues and windows must fit beside the counter without scrolling.
	fg := theme.Color(theme.ColorNameForeground)
	for i, r := range rows {
		for _, cell := range r {
			tx := canvas.NewText(cell, fg)
			tx.TextStyle.Bold = i == 0
			tx.TextSize = theme.TextSize()
			p.grid.Add(container.New(layout.NewCustomPaddedLayout(1, 1, theme.InnerPadding()/2, 0), tx))
		}
	}
	if st.Day != "" {
		p.title.SetText(l.Tf("queue.stats.title_day", map[string]any{"Day": st.Day}))
	}
	p.grid.Refresh()
}

// Rows returns the table as shown, header first.
func (p *StatsPanel) Rows() [][]string { return p.rows }
