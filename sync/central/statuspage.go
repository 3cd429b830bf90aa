package central

import (
	"html/template"
	"net/http"
	"regexp"
	"strings"
	"time"

	"servicehall/app"
)

// trackingPattern is a tracking number: {hall}-{yyyymmdd}-{4-digit seq}.
var trackingPattern = regexp.MustCompile(`^([A-Z0-9]{2,12})-(\d{8})-(\d{4,})$`)

// pageTexts are the status page's words, per language. The page is tiny and served by
// central, which has no go-i18n catalogue of its own: two languages inline, zh-Hans first.
var pageTexts = map[string]map[string]string{
	"zh-Hans": {
		"title": "办件进度查询", "number": "办件编号", "status": "当前状态", "service": "办理事项", "updated": "更新时间",
		"pending":   "该办件尚未同步到市级平台。办事大厅可能暂时离线，恢复联网后会自动上传，请稍后再查。",
		"notfound":  "没有这个办件编号，请核对后再试。",
		"submitted": "已提交", "accepted": "已受理", "in_review": "审查中", "approved": "已办结（准予）",
		"rejected": "已办结（不予）", "delivered": "已送达", "withdrawn": "已撤回", "lang": "English", "langcode": "en",
	},
	"en": {
		"title": "Application progress", "number": "Tracking number", "status": "Status", "service": "Service", "updated": "Updated",
		"pending":   "This application has not reached the city platform yet. The hall may be offline for now; it uploads by itself when the link returns. Please check again later.",
		"notfound":  "There is no application with this tracking number. Please check it and try again.",
		"submitted": "Submitted", "accepted": "Accepted", "in_review": "In review", "approved": "Decided: approved",
		"rejected": "Decided: not approved", "delivered": "Delivered", "withdrawn": "Withdrawn", "lang": "简体中文", "langcode": "zh-Hans",
	},
}

var statusTmpl = template.Must(template.New("s").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.T.title}}</title>
<style>
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC",sans-serif;margin:0;background:#f4f6f9;color:#1b1f24;font-size:18px;line-height:1.5}
header{background:#1a5fb4;color:#fff;padding:16px 20px;font-size:22px}
main{padding:16px}.card{background:#fff;border-radius:8px;padding:16px;box-shadow:0 1px 3px #0002}
dt{color:#555;font-size:15px;margin-top:10px}dd{margin:0;font-size:20px}
.state{font-size:26px;font-weight:bold;color:#1a5fb4}.msg{font-size:18px}
a{color:#1a5fb4}footer{padding:16px;font-size:15px}
</style></head><body>
<header>{{.T.title}}</header><main><div class="card">
<dl><dt>{{.T.number}}</dt><dd>{{.Number}}</dd>
{{if .Found}}<dt>{{.T.status}}</dt><dd class="state" id="state">{{.State}}</dd>
{{if .Service}}<dt>{{.T.service}}</dt><dd>{{.Service}}</dd>{{end}}
<dt>{{.T.updated}}</dt><dd>{{.Updated}}</dd></dl>
{{else}}</dl><p class="msg" id="state">{{.Message}}</p>{{end}}
</div></main><footer><a href="?lang={{.T.langcode}}">{{.T.lang}}</a></footer></body></html>`))

// statusPage serves /s/{tracking_no}: the small mobile page the QR on a receipt opens. It
// tells an application that has not arrived yet (its hall exists and the date is not in the
// future) from a number that does not exist.
func (s *Server) statusPage(w http.ResponseWriter, r *http.Request) {
	lang := "zh-Hans"
	if q := r.URL.Query().Get("lang"); q == "en" || (q == "" && strings.HasPrefix(r.Header.Get("Accept-Language"), "en")) {
		lang = "en"
	}
	t := pageTexts[lang]
	number := strings.ToUpper(strings.TrimSpace(r.PathValue("tracking")))
	data := struct {
		Lang, Number, State, Service, Updated, Message string
		Found                                          bool
		T                                              map[string]string
	}{Lang: lang, Number: number, T: t}
	status := http.StatusOK
	st, err := s.Store.ApplicationByTracking(r.Context(), number)
	switch {
	case err == nil:
		data.Found = true
		data.State = t[st.Status]
		if data.State == "" {
			data.State = st.Status
		}
		data.Service = st.Service
		data.Updated = st.UpdatedAt.In(app.LoadLocation("")).Format("2006-01-02 15:04")
	case app.ErrorCode(err) == app.ENOTFOUND && s.mayArriveLater(r, number):
		data.Message = t["pending"]
	case app.ErrorCode(err) == app.ENOTFOUND:
		data.Message, status = t["notfound"], http.StatusNotFound
	default:
		s.Logger.Error("status page", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = statusTmpl.Execute(w, data)
}

// mayArriveLater: a well-formed number of a hall central knows, dated no later than
// tomorrow (a hall's clock may run ahead), can still be on its way.
func (s *Server) mayArriveLater(r *http.Request, number string) bool {
	m := trackingPattern.FindStringSubmatch(number)
	if m == nil {
		return false
	}
	day, err := time.ParseInLocation("20060102", m[2], app.LoadLocation(""))
	if err != nil || day.After(s.Store.Now().Add(24*time.Hour)) {
		return false
	}
	ok, err := s.Store.HallExists(r.Context(), m[1])
	return err == nil && ok
}
