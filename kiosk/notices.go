package kiosk

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// noticeView is the government information the hall discloses (政务公开): the notices
// central published, cached at the hub so they read and search with the link down. A
// search runs per keystroke in the background and keeps only the latest answer; a notice
// opens whole.
type noticeView struct {
	fb *feedback

	obj     fyne.CanvasObject
	back    *widget.Button
	title   *widget.Label
	entry   *widget.Entry
	message *widget.Label
	list    *fyne.Container
	kb      *PinyinKeyboard // Chinese search words; typing updates the box, which searches

	one     fyne.CanvasObject
	oneBack *widget.Button
	oneHead *widget.Label
	oneMeta *widget.Label
	oneBody *widget.Label

	notices []app.Notice
	items   []*widget.Button
	shown   *app.Notice
	query   string
	err     error
	busy    bool
	seq     int
}

func newNoticeView(fb *feedback) *noticeView {
	v := &noticeView{fb: fb}
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(fb.k.GoHome)
	v.title = heading(theme.SizeNameHeadingText)
	v.entry = widget.NewEntry()
	v.entry.TextStyle.Bold = true
	v.entry.OnChanged = func(string) { v.typed() }
	v.message = wrapped(theme.SizeNameSubHeadingText)
	v.message.Hide()
	v.list = container.NewVBox()
	v.kb = NewPinyinKeyboard(fb.k.loc, v.entry)
	v.obj = themed(container.NewBorder(container.NewVBox(topBar(backObj, v.title), ui.WithHeight(v.entry, ButtonHeight), v.message),
		container.NewVBox(widget.NewSeparator(), v.kb), nil, nil, container.NewVScroll(v.list)))

	var oneBackObj fyne.CanvasObject
	v.oneBack, oneBackObj = backButton(v.closeOne)
	v.oneHead = heading(theme.SizeNameHeadingText)
	v.oneMeta = wrapped(theme.SizeNameText)
	v.oneBody = wrapped(theme.SizeNameSubHeadingText)
	v.one = themed(container.NewBorder(topBar(oneBackObj, widget.NewLabel("")), nil, nil, nil,
		container.NewVScroll(container.NewVBox(v.oneHead, v.oneMeta, widget.NewSeparator(), v.oneBody))))
	return v
}

func (v *noticeView) enter() {
	v.fb.show(v.obj, ScreenNotices)
	v.retext()
	v.search()
}

// typed runs after a keyboard (or a scanner) changed the box.
func (v *noticeView) typed() {
	v.fb.k.g.Lock()
	defer v.fb.k.g.Unlock()
	if v.fb.k.screen != ScreenNotices {
		return
	}
	v.fb.touch()
	v.search()
}

// setText changes the box without its OnChanged (which locks the kiosk): callers hold
// the lock.
func (v *noticeView) setText(s string) {
	on := v.entry.OnChanged
	v.entry.OnChanged = nil
	v.entry.SetText(s)
	v.entry.OnChanged = on
}

// search asks the hub for the notices matching the box, in the background; only the
// latest answer shows.
func (v *noticeView) search() {
	v.seq++
	seq, q := v.seq, v.entry.Text
	v.busy = true
	v.show()
	go func() {
		ctx, cancel := v.fb.request()
		defer cancel()
		list, err := v.fb.notices.Notices(ctx, q)
		v.fb.k.g.Do(func() {
			if seq != v.seq {
				return
			}
			v.busy, v.err, v.query = false, err, q
			if err == nil {
				v.notices = list
			}
			v.build()
			v.show()
		})
	}()
}

func (v *noticeView) build() {
	v.list.RemoveAll()
	v.items = v.items[:0]
	for _, n := range v.notices {
		b := widget.NewButton("", func() { v.openOne(n) })
		title := heading(theme.SizeNameSubHeadingText)
		title.SetText(n.Title)
		meta := widget.NewLabel(hallTime(n.PublishedAt) + "  " + n.Department)
		// Taps on the labels reach the button beneath them.
		v.list.Add(ui.WithHeight(container.NewStack(b, container.NewBorder(nil, nil,
			container.NewPadded(widget.NewIcon(theme.DocumentIcon())), nil, container.NewVBox(title, meta))), TileHeight))
		v.items = append(v.items, b)
	}
	v.list.Refresh()
	restyle(v.obj)
}

func (v *noticeView) show() {
	loc := v.fb.k.loc
	switch {
	case v.err != nil:
		setStatus(v.message, loc.ErrorText(v.err), widget.DangerImportance)
	case v.busy && len(v.notices) == 0:
		setStatus(v.message, loc.T("kiosk.loading"), widget.MediumImportance)
	case !v.busy && len(v.notices) == 0 && v.query != "":
		setStatus(v.message, loc.T("notice.none_found"), widget.WarningImportance)
	case !v.busy && len(v.notices) == 0:
		setStatus(v.message, loc.T("notice.none"), widget.MediumImportance)
	case !v.busy:
		setStatus(v.message, loc.Tf("notice.count", map[string]any{"Count": strconv.Itoa(len(v.notices))}), widget.MediumImportance)
	}
}

func (v *noticeView) openOne(n app.Notice) {
	v.fb.k.g.Lock()
	defer v.fb.k.g.Unlock()
	if v.fb.k.screen != ScreenNotices {
		return
	}
	v.shown = &n
	v.oneHead.SetText(n.Title)
	v.oneMeta.SetText(hallTime(n.PublishedAt) + "  " + n.Department)
	v.oneBody.SetText(n.Body)
	v.fb.show(v.one, ScreenNotice)
	v.retext()
}

func (v *noticeView) closeOne() {
	v.fb.k.g.Lock()
	defer v.fb.k.g.Unlock()
	if v.fb.k.screen != ScreenNotice {
		return
	}
	v.shown = nil
	v.fb.show(v.obj, ScreenNotices)
}

func (v *noticeView) retext() {
	loc := v.fb.k.loc
	v.back.SetText(loc.T("guide.back_home"))
	v.oneBack.SetText(loc.T("notice.back"))
	v.title.SetText(loc.T("notice.title"))
	v.entry.SetPlaceHolder(loc.T("notice.placeholder"))
	v.kb.Retext(loc)
	v.show()
}

func (v *noticeView) reset() {
	v.seq++
	v.setText("")
	v.kb.Reset()
	v.notices, v.items, v.shown, v.query, v.err, v.busy = nil, nil, nil, "", nil, false
	v.list.RemoveAll()
	v.oneHead.SetText("")
	v.oneBody.SetText("")
	setStatus(v.message, "", widget.MediumImportance)
}
