package app

import (
	"sort"
	"strings"
	"unicode"
)

// Keyword is a word citizens use for services whose names do not contain it (社保 for
// 社会保障卡…): a service matches the keyword when its name or department name contains
// one of Means.
type Keyword struct {
	Word   string   // the citizen's word
	Pinyin string   // its pinyin, one syllable per character, space-separated
	Means  []string // texts found in the names of the services it stands for
}

// Keywords is the search's alias table: abbreviations and everyday words for catalogue
// terms.
var Keywords = []Keyword{
	{"社保", "she bao", []string{"社会保障", "社会保险", "参保", "养老保险", "失业"}},
	{"医保", "yi bao", []string{"医疗保险", "医疗保障", "就医", "医疗费用", "门诊慢特病", "生育津贴"}},
	{"身份证", "shen fen zheng", []string{"居民身份证"}},
	{"户口", "hu kou", []string{"户籍", "户口", "出生登记"}},
	{"公积金", "gong ji jin", []string{"住房公积金"}},
	{"驾照", "jia zhao", []string{"驾驶证"}},
	{"车管", "che guan", []string{"机动车"}},
	{"执照", "zhi zhao", []string{"营业执照", "设立登记"}},
	{"开公司", "kai gong si", []string{"公司设立登记"}},
	{"办厂", "ban chang", []string{"公司设立登记", "个体工商户设立登记"}},
	{"个体户", "ge ti hu", []string{"个体工商户"}},
	{"房产证", "fang chan zheng", []string{"不动产", "房屋所有权"}},
	{"过户", "guo hu", []string{"转移登记"}},
	{"买房", "mai fang", []string{"存量房买卖", "新建商品房", "购买自住住房"}},
	{"贷款", "dai kuan", []string{"贷款", "抵押权"}},
	{"低保", "di bao", []string{"最低生活保障"}},
	{"残疾证", "can ji zheng", []string{"残疾人证"}},
	{"个税", "ge shui", []string{"个人所得税"}},
	{"无犯罪证明", "wu fan zui zheng ming", []string{"无犯罪记录证明"}},
	{"网约车", "wang yue che", []string{"网络预约出租汽车"}},
	{"失业金", "shi ye jin", []string{"失业保险金"}},
	{"退休", "tui xiu", []string{"养老保险待遇", "退休提取"}},
	{"养老金", "yang lao jin", []string{"养老保险待遇"}},
	{"出生证", "chu sheng zheng", []string{"出生医学证明"}},
	{"准生证", "zhun sheng zheng", []string{"生育登记"}},
	{"结婚证", "jie hun zheng", []string{"结婚登记", "婚姻登记证"}},
	{"异地就医", "yi di jiu yi", []string{"异地就医"}},
	{"报销", "bao xiao", []string{"报销"}},
	{"港澳", "gang ao", []string{"港澳"}},
	{"台湾", "tai wan", []string{"台湾"}},
	{"出国", "chu guo", []string{"护照"}},
	{"年检", "nian jian", []string{"检验合格标志"}},
	{"老人", "lao ren", []string{"老年人", "养老"}},
	{"当兵", "dang bing", []string{"退役军人"}},
}

// Match tiers, best first; a result's score is its tier times tierSpan plus where in
// the text it matched.
const (
	tierExact = iota
	tierNamePrefix
	tierNameSub
	tierPinyinPrefix
	tierPinyinSub
	tierKeyword
	tierDepartment
	tierEnglish
	tierNone
	tierSpan = 1000
)

type searchDoc struct {
	svc      Service
	pos      int
	name     string   // lower-cased, width-normalised
	code     string   // lower case
	syl      []string // pinyin syllables of the name
	dept     string   // department name
	deptCode string
	deptEN   string // lower case
	nameEN   string // lower case
	keywords []kwHit
}

// kwHit says a doc matches Keywords[word] through its means-th meaning (0 = the closest).
type kwHit struct{ word, means int }

// SearchIndex finds services the way a citizen types on a touch keyboard: Chinese text,
// full pinyin, pinyin initials, department, code, keyword or English. Build it once when
// the catalogue loads; it is immutable and safe for concurrent use.
type SearchIndex struct {
	docs  []searchDoc
	kwSyl [][]string
	all   []Service
}

// NewSearchIndex indexes services in their catalogue order.
func NewSearchIndex(services []ServiceDetail) *SearchIndex {
	ix := &SearchIndex{docs: make([]searchDoc, 0, len(services))}
	for _, k := range Keywords {
		ix.kwSyl = append(ix.kwSyl, strings.Fields(k.Pinyin))
	}
	for i, s := range services {
		svc := Service{ID: s.ID, Code: s.Code, Name: s.Name, NameEN: s.NameEN, Department: s.DepartmentName,
			DepartmentEN: s.DepartmentNameEN, Queue: s.Queue}
		d := searchDoc{svc: svc, pos: i, name: normQuery(s.Name), code: strings.ToLower(s.Code),
			syl: strings.Fields(s.Pinyin), dept: s.DepartmentName, deptCode: strings.ToLower(s.Department),
			deptEN: strings.ToLower(s.DepartmentNameEN), nameEN: strings.ToLower(s.NameEN)}
		for ki, k := range Keywords {
			for mi, m := range k.Means {
				if strings.Contains(s.Name, m) || strings.Contains(s.DepartmentName, m) {
					d.keywords = append(d.keywords, kwHit{ki, mi})
					break
				}
			}
		}
		ix.docs = append(ix.docs, d)
		ix.all = append(ix.all, svc)
	}
	return ix
}

// Len is the number of services indexed.
func (ix *SearchIndex) Len() int { return len(ix.docs) }

// normQuery lower-cases, turns full-width characters into ASCII and trims.
func normQuery(q string) string {
	return strings.ToLower(strings.TrimSpace(normalizeWidth(q)))
}

// Search returns the services matching q, best first: exact name or code, then names
// starting with q, names containing q, pinyin from the name's start (full "hukou",
// initials "hj" or mixed "hukqr"), pinyin anywhere in the name, keywords (社保, sb),
// department, English name; ties go to the earlier match and then catalogue order.
// Several words separated by spaces must all match (pinyin may be typed with spaces).
// An empty q returns the whole catalogue in order.
func (ix *SearchIndex) Search(q string) []Service {
	q = normQuery(q)
	if q == "" {
		return append([]Service(nil), ix.all...)
	}
	if len(q) > 64 {
		q = q[:64]
	}
	terms := strings.Fields(q)
	letters := isLetters(q)
	type hit struct{ score, pos int }
	var hits []hit
	for i := range ix.docs {
		d := &ix.docs[i]
		total := 0
		if letters {
			// Pinyin typed with or without spaces, or English words.
			total = ix.scoreLetters(d, strings.Join(terms, ""), q)
		} else {
			for _, t := range terms {
				s := ix.scoreTerm(d, t)
				if s < 0 {
					total = -1
					break
				}
				total += s
			}
		}
		if total >= 0 {
			hits = append(hits, hit{total, i})
		}
	}
	sort.Slice(hits, func(a, b int) bool {
		if hits[a].score != hits[b].score {
			return hits[a].score < hits[b].score
		}
		return hits[a].pos < hits[b].pos
	})
	out := make([]Service, len(hits))
	for i, h := range hits {
		out[i] = ix.docs[h.pos].svc
	}
	return out
}

// scoreTerm scores one term with Chinese (or digits, a code…) against a doc; -1 is no match.
func (ix *SearchIndex) scoreTerm(d *searchDoc, t string) int {
	switch {
	case d.name == t || d.code == t:
		return tierExact * tierSpan
	case strings.HasPrefix(d.name, t):
		return tierNamePrefix*tierSpan + len(d.name)/3
	}
	if at := strings.Index(d.name, t); at >= 0 {
		return tierNameSub*tierSpan + at/3*10 + len(d.name)/3
	}
	for _, k := range d.keywords {
		w := Keywords[k.word].Word
		if strings.HasPrefix(w, t) || strings.HasPrefix(t, w) {
			return tierKeyword*tierSpan + k.means*20
		}
	}
	if strings.Contains(d.dept, t) {
		return tierDepartment*tierSpan + d.pos
	}
	if strings.HasPrefix(d.code, t) {
		return tierDepartment*tierSpan + d.pos
	}
	return -1
}

// scoreLetters scores a query of ASCII letters: pinyin (joined without spaces) against
// the name's syllables and keywords, then department codes, then English.
func (ix *SearchIndex) scoreLetters(d *searchDoc, joined, raw string) int {
	// A syllable typed by its first letters only costs shortPenalty: a keyword read in
	// full pinyin ("shebao") beats a name read with shortened syllables (申报 as "she bao").
	const shortPenalty = 200
	best := -1
	if at, short := sylMatch(d.syl, joined); at == 0 {
		best = tierPinyinPrefix*tierSpan + short*shortPenalty
	} else if at > 0 {
		best = tierPinyinSub*tierSpan + short*shortPenalty
	}
	for _, k := range d.keywords {
		if at, short := sylMatch(ix.kwSyl[k.word], joined); at == 0 {
			s := tierPinyinSub*tierSpan + 100 + short*shortPenalty/4 + k.means*20
			if best < 0 || s < best {
				best = s
			}
		}
	}
	if best >= 0 {
		return best
	}
	if strings.HasPrefix(d.deptCode, joined) || strings.HasPrefix(d.code, joined) {
		return tierDepartment*tierSpan + d.pos
	}
	if len(raw) >= 3 {
		if at := strings.Index(d.nameEN, raw); at >= 0 {
			return tierEnglish*tierSpan + at
		}
		if strings.Contains(d.deptEN, raw) {
			return tierEnglish*tierSpan + 500 + d.pos
		}
	}
	return -1
}

// sylMatch finds the first syllable from which q is a run of consecutive syllables, each
// written whole or by a prefix of it ("hukou", "hk", "hukq", "huk"). It returns that
// syllable's index (-1 when none) and how many syllables were shortened (0 = full pinyin).
func sylMatch(syl []string, q string) (at, short int) {
	if q == "" || len(syl) > 255 || len(q) > 255 {
		return -1, 0
	}
	var memo []int16
	for start := range syl {
		if syl[start][0] != q[0] {
			continue
		}
		if memo == nil {
			memo = make([]int16, (len(syl)+1)*(len(q)+1))
		}
		if n := sylFrom(syl, start, q, 0, memo); n >= 0 {
			return start, n
		}
	}
	return -1, 0
}

// sylFrom returns how few syllables from i on need shortening to consume q[p:], each
// syllable contributing a non-empty prefix of itself, or -1 when they cannot. The last
// piece may be a partial syllable still being typed and does not count as shortened.
// memo[(i*(len(q)+1))+p] holds the answer plus 2 once known.
func sylFrom(syl []string, i int, q string, p int, memo []int16) int {
	if p == len(q) {
		return 0
	}
	if i >= len(syl) {
		return -1
	}
	key := i*(len(q)+1) + p
	if memo[key] != 0 {
		return int(memo[key]) - 2
	}
	s := syl[i]
	n := 0
	for n < len(s) && p+n < len(q) && s[n] == q[p+n] {
		n++
	}
	best := -1
	for k := n; k >= 1; k-- {
		short := 0
		if k < len(s) && p+k < len(q) {
			short = 1
		}
		if rest := sylFrom(syl, i+1, q, p+k, memo); rest >= 0 && (best < 0 || rest+short < best) {
			best = rest + short
		}
	}
	memo[key] = int16(best + 2)
	return best
}

// isLetters reports whether q is ASCII letters and spaces only.
func isLetters(q string) bool {
	for _, r := range q {
		if !(r == ' ' || (r < unicode.MaxASCII && unicode.IsLetter(r))) {
			return false
		}
	}
	return true
}
