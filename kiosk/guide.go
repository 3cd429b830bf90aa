package kiosk

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// MaxQuery caps what the guide's search box holds.
const MaxQuery = 24

// guideView is the service guide: a search box typed on the letter keypad (pinyin
// initials or full pinyin, or Chinese from a keyboard's input method), department chips,
// and a tile per matching service. Each keystroke searches the hub in the background;
// only the answer to the latest query is shown.
type guideView struct {
	f       *flow
	obj     fyne.CanvasObject
	back    *widget.Button
	title   *widget.Label
	search  *widget.Entry
	hint    *widget.Label
	status  *widget.Label
	chipBox *fyne.Container
	list    *fyne.Container
	pad     *keypad

	applying bool          // entered from 预约申请
	all      []app.Service // the whole catalogue, for the chips
	dept     string        // the chosen department's Chinese name, "" for all
	chips    []*widget.Button
	results  []app.Service         // the latest answer, before the department filter
	items    []*guideItem          // tiles shown
	tiles    map[string]*guideItem // every tile made so far, by service ID
	seq      int                   // bumped per query; an answer for an older one is dropped
	query    string                // the query of seq
	busy     bool                  // a search is in flight
	err      error
}

// guideItem is one service's tile in the results.
type guideItem struct {
	svc  app.Service
	btn  *widget.Button
	name *widget.Label
	dept *widget.Label
	obj  fyne.CanvasObject
	lang string // the language of its texts
}

func newGuideView(f *flow) *guideView {
	v := &guideView{f: f}
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(f.k.GoHome)
	v.title = heading(theme.SizeNameHeadingText)
	v.search = widget.NewEntry()
	v.search.TextStyle.Bold = true
	v.search.OnChanged = v.changed
	v.hint = wrapped(theme.SizeNameText)
	v.status = wrapped(theme.SizeNameSubHeadingText)
	v.status.Hide()
	v.chipBox = container.NewHBox()
	v.list = container.NewVBox()
	v.pad = newLetterPad(v.key)
	top := container.NewVBox(
		topBar(backObj, v.title),
		ui.WithHeight(v.search, ButtonHeight), v.hint,
		container.NewHScroll(v.chipBox),
		v.status)
	v.obj = container.NewBorder(top, container.NewVBox(widget.NewSeparator(), v.pad.obj), nil, nil,
		container.NewVScroll(v.list))
	return v
}

// enter shows the guide, loading the catalogue for the chips the first time.
func (v *guideView) enter() {
	v.f.show(v.obj, ScreenGuide)
	if len(v.all) == 0 {
		v.run("")
	}
	v.retext()
}

// key is a keypad tap: it runs without the kiosk's lock, since the entry's OnChanged
// (changed) takes it.
func (v *guideView) key(k string) {
	if k != KeyBack && k != KeyClear {
		k = strings.ToLower(k)
	}
	v.search.SetText(press(v.search.Text, k, MaxQuery))
}

// changed runs when the search text changes, from the keypad or a keyboard.
func (v *guideView) changed(s string) {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenGuide {
		return
	}
	v.f.touch()
	v.run(s)
}

// run searches for q in the background; the answer replaces the results if no newer
// query was typed meanwhile.
func (v *guideView) run(q string) {
	v.seq++
	seq := v.seq
	v.query, v.busy = q, true
	q = strings.ToLower(strings.TrimSpace(q))
	go func() {
		ctx, cancel := v.f.request()
		defer cancel()
		list, err := v.f.guide.SearchServices(ctx, q)
		v.f.k.g.Do(func() {
			if seq != v.seq {
				return // the visitor typed on
			}
			v.busy, v.err = false, err
			if err == nil {
				v.results = list
				if q == "" && len(v.all) == 0 && len(list) > 0 {
					v.all = list
					v.buildChips()
				}
				v.buildList()
			}
			v.showStatus()
		})
	}()
	v.showStatus()
}

// buildChips makes a chip per department, in the catalogue's order, after 全部.
func (v *guideView) buildChips() {
	v.chipBox.RemoveAll()
	v.chips = v.chips[:0]
	seen := map[string]bool{}
	add := func(dept string) {
		b := widget.NewButton("", func() { v.choose(dept) })
		b.Importance = widget.MediumImportance
		v.chips = append(v.chips, b)
		v.chipBox.Add(ui.WithHeight(b, ButtonHeight))
	}
	add("")
	for _, s := range v.all {
		if !seen[s.Department] {
			seen[s.Department] = true
			add(s.Department)
		}
	}
	v.retextChips()
	restyle(v.obj)
}

// choose is a chip's tap.
func (v *guideView) choose(dept string) {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	v.f.touch()
	v.dept = dept
	v.retextChips()
	v.buildList()
	v.showStatus()
}

// buildList shows a tile per result in the chosen department.
func (v *guideView) buildList() {
	if v.tiles == nil {
		v.tiles = map[string]*guideItem{}
	}
	objs := make([]fyne.CanvasObject, 0, len(v.results))
	v.items = v.items[:0]
	fresh := false
	for _, s := range v.results {
		if v.dept != "" && s.Department != v.dept {
			continue
		}
		// A service's tile is made once and kept: each keystroke only picks tiles.
		it := v.tiles[s.ID]
		if it == nil {
			it = &guideItem{svc: s}
			it.btn = widget.NewButton("", func() { v.open(s) })
			it.name = heading(theme.SizeNameSubHeadingText)
			it.dept = widget.NewLabel("")
			// Taps on the labels reach the button beneath them.
			it.obj = ui.WithHeight(container.NewStack(it.btn,
				container.NewPadded(ui.VCenter(container.NewVBox(it.name, it.dept)))), TileHeight)
			v.tiles[s.ID] = it
			fresh = true
		}
		if it.lang != v.f.k.loc.Lang() {
			v.retextItem(it)
		}
		objs = append(objs, it.obj)
		v.items = append(v.items, it)
	}
	v.list.Objects = objs
	v.list.Refresh()
	if fresh {
		restyle(v.obj) // new tiles take the touch theme
	}
}

// open is a result's tap: the service's page.
func (v *guideView) open(s app.Service) {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenGuide {
		return
	}
	v.f.sv.enter(s)
}

func (v *guideView) showStatus() {
	loc := v.f.k.loc
	switch {
	case v.err != nil:
		setStatus(v.status, loc.ErrorText(v.err), widget.DangerImportance)
	case v.busy && len(v.items) == 0:
		setStatus(v.status, loc.T("guide.searching"), widget.MediumImportance)
	case !v.busy && len(v.items) == 0:
		setStatus(v.status, loc.T("guide.none"), widget.WarningImportance)
	default:
		setStatus(v.status, loc.Tf("guide.count", map[string]any{"Count": strconv.Itoa(len(v.items))}), widget.MediumImportance)
	}
}

func (v *guideView) retextItem(it *guideItem) {
	lang := v.f.k.loc.Lang()
	it.lang = lang
	it.name.SetText(ui.ServiceName(it.svc, lang))
	it.dept.SetText(ui.Pick(it.svc.Department, it.svc.DepartmentEN, lang))
}

func (v *guideView) retextChips() {
	loc := v.f.k.loc
	depts := []string{""}
	seen := map[string]bool{}
	en := map[string]string{}
	for _, s := range v.all {
		if !seen[s.Department] {
			seen[s.Department] = true
			depts = append(depts, s.Department)
			en[s.Department] = s.DepartmentEN
		}
	}
	for i, b := range v.chips {
		if i >= len(depts) {
			break
		}
		d := depts[i]
		if d == "" {
			b.SetText(loc.T("guide.all"))
		} else {
			b.SetText(ui.Pick(d, en[d], loc.Lang()))
		}
		if d == v.dept {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
}

func (v *guideView) retext() {
	loc := v.f.k.loc
	v.back.SetText(loc.T("guide.back_home"))
	if v.applying {
		v.title.SetText(loc.T("apply.choose"))
	} else {
		v.title.SetText(loc.T("guide.title"))
	}
	v.search.SetPlaceHolder(loc.T("guide.placeholder"))
	v.hint.SetText(loc.T("guide.hint"))
	v.pad.retext(loc)
	v.retextChips()
	for _, it := range v.items {
		v.retextItem(it)
	}
	v.showStatus()
}

// reset clears the search for the next visitor; the catalogue stays.
func (v *guideView) reset() {
	v.seq++ // drop any answer in flight
	on := v.search.OnChanged
	v.search.OnChanged = nil
	v.search.SetText("")
	v.search.OnChanged = on
	v.query, v.busy, v.err, v.dept, v.applying = "", false, nil, "", false
	v.results = v.all
	v.retextChips()
	v.buildList()
}

// serviceView is one service's guide entry: kind, terms, fee, windows, every material
// with its form and count, the legal basis, a button that prints the materials list and
// one that starts a pre-application.
type serviceView struct {
	f         *flow
	obj       fyne.CanvasObject
	back      *widget.Button
	name      *widget.Label
	meta      *widget.Label
	terms     *widget.Label
	fee       *widget.Label
	windows   *widget.Label
	matTitle  *widget.Label
	materials *fyne.Container
	basis     *widget.Label
	status    *widget.Label
	printBtn  *widget.Button
	applyBtn  *widget.Button

	svc     app.Service
	detail  *app.ServiceDetail
	loadErr error
	print   string // PrintNone…PrintFailed of the materials list, "" before a tap
	seq     int
}

func newServiceView(f *flow) *serviceView {
	v := &serviceView{f: f}
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(v.goBack)
	v.name = heading(theme.SizeNameHeadingText)
	v.meta = wrapped(theme.SizeNameSubHeadingText)
	v.terms = wrapped(theme.SizeNameSubHeadingText)
	v.fee = wrapped(theme.SizeNameSubHeadingText)
	v.windows = wrapped(theme.SizeNameSubHeadingText)
	v.matTitle = heading(theme.SizeNameSubHeadingText)
	v.materials = container.NewVBox()
	v.basis = wrapped(theme.SizeNameText)
	v.status = wrapped(theme.SizeNameSubHeadingText)
	v.status.Hide()
	v.printBtn = widget.NewButtonWithIcon("", theme.DocumentPrintIcon(), v.printList)
	v.applyBtn = widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), v.apply)
	v.applyBtn.Importance = widget.HighImportance
	if f.k.opts.PrintMaterials == nil {
		v.printBtn.Hide()
	}
	if f.apps == nil {
		v.applyBtn.Hide()
	}
	body := container.NewVBox(v.name, v.meta, widget.NewSeparator(), v.terms, v.fee, v.windows,
		widget.NewSeparator(), v.matTitle, v.materials, widget.NewSeparator(), v.basis)
	buttons := container.NewGridWithColumns(2, ui.WithHeight(v.printBtn, TileHeight), ui.WithHeight(v.applyBtn, TileHeight))
	v.obj = container.NewBorder(topBar(backObj, widget.NewLabel("")),
		container.NewVBox(v.status, buttons), nil, nil, container.NewVScroll(body))
	return v
}

// enter shows s's page and loads its guide entry in the background.
func (v *serviceView) enter(s app.Service) {
	v.seq++
	seq := v.seq
	v.svc, v.detail, v.loadErr, v.print = s, nil, nil, ""
	v.f.show(v.obj, ScreenService)
	v.retext()
	go func() {
		ctx, cancel := v.f.request()
		defer cancel()
		d, err := v.f.guide.Service(ctx, s.ID)
		v.f.k.g.Do(func() {
			if seq != v.seq {
				return
			}
			if err != nil {
				v.loadErr = err
			} else {
				v.detail = &d
			}
			v.retext()
		})
	}()
}

func (v *serviceView) goBack() {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenService {
		return
	}
	v.seq++
	v.f.show(v.f.gv.obj, ScreenGuide)
}

// apply starts the pre-application of the service shown.
func (v *serviceView) apply() {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenService || v.detail == nil {
		return
	}
	v.f.fv.enter(*v.detail)
}

// printList prints the materials list of the service shown.
func (v *serviceView) printList() {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	pr := v.f.k.opts.PrintMaterials
	if v.f.k.screen != ScreenService || v.detail == nil || pr == nil || v.print == PrintPrinting {
		return
	}
	v.f.touch()
	v.print = PrintPrinting
	v.showStatus()
	d, seq := *v.detail, v.seq
	go func() {
		ctx, cancel := context.WithTimeout(v.f.k.scope.Context(), DefaultPrintTimeout)
		defer cancel()
		err := pr(ctx, d)
		v.f.k.g.Do(func() {
			if seq != v.seq {
				return
			}
			if err != nil {
				v.print = PrintFailed
			} else {
				v.print = PrintDone
			}
			v.showStatus()
		})
	}()
}

func (v *serviceView) showStatus() {
	loc := v.f.k.loc
	switch {
	case v.loadErr != nil:
		setStatus(v.status, loc.ErrorText(v.loadErr), widget.DangerImportance)
	case v.detail == nil && v.svc.ID != "":
		setStatus(v.status, loc.T("kiosk.loading"), widget.MediumImportance)
	case v.print == PrintPrinting:
		setStatus(v.status, loc.T("guide.printing"), widget.MediumImportance)
	case v.print == PrintDone:
		setStatus(v.status, loc.T("guide.printed"), widget.SuccessImportance)
	case v.print == PrintFailed:
		setStatus(v.status, loc.T("guide.print_failed"), widget.DangerImportance)
	default:
		setStatus(v.status, "", widget.MediumImportance)
	}
	if v.detail == nil {
		v.printBtn.Disable()
		v.applyBtn.Disable()
	} else {
		v.printBtn.Enable()
		v.applyBtn.Enable()
	}
}

func (v *serviceView) retext() {
	loc := v.f.k.loc
	lang := loc.Lang()
	v.back.SetText(loc.T("guide.back"))
	v.printBtn.SetText(loc.T("guide.print"))
	v.applyBtn.SetText(loc.T("guide.apply"))
	v.matTitle.SetText(loc.T("guide.materials"))
	v.name.SetText(ui.ServiceName(v.svc, lang))
	v.materials.RemoveAll()
	d := v.detail
	if d == nil {
		v.meta.SetText(ui.Pick(v.svc.Department, v.svc.DepartmentEN, lang))
		for _, l := range []*widget.Label{v.terms, v.fee, v.windows, v.basis} {
			l.SetText("")
		}
		v.showStatus()
		return
	}
	v.meta.SetText(ui.Pick(d.DepartmentName, d.DepartmentNameEN, lang) + " · " + ui.KindText(loc, d.Kind))
	v.terms.SetText(ui.TermsText(loc, d.CatalogueService))
	v.fee.SetText(ui.FeeText(loc, d.FeeFen))
	wins := make([]string, len(d.Windows))
	for i, w := range d.Windows {
		wins[i] = strconv.Itoa(w)
	}
	v.windows.SetText(loc.Tf("guide.windows", map[string]any{"Windows": strings.Join(wins, loc.T("guide.list_sep"))}))
	for i, m := range d.Materials {
		name := ui.Pick(m.Name, m.NameEN, lang)
		line := loc.Tf("guide.material", map[string]any{
			"N": strconv.Itoa(i + 1), "Name": name, "Form": ui.MaterialFormText(loc, m.Form), "Count": strconv.Itoa(m.Count)})
		l := wrapped(theme.SizeNameSubHeadingText)
		l.SetText(line)
		v.materials.Add(l)
		if notes := ui.Pick(m.Notes, m.NotesEN, lang); notes != "" {
			n := wrapped(theme.SizeNameText)
			n.SetText("    " + notes)
			n.TextStyle.Italic = true
			v.materials.Add(n)
		}
	}
	v.basis.SetText(loc.Tf("guide.basis", map[string]any{"Basis": d.LegalBasis}))
	v.showStatus()
	restyle(v.obj)
}

// reset forgets the service shown.
func (v *serviceView) reset() {
	v.seq++
	v.svc, v.detail, v.loadErr, v.print = app.Service{}, nil, nil, ""
	v.materials.RemoveAll()
}
