package app

import (
	"context"
	"strings"
)

// DefaultNoticeLimit is how many notices one answer carries at most, newest first.
const DefaultNoticeLimit = 200

// MaxNoticeQueryRunes caps a notice search.
const MaxNoticeQueryRunes = 100

// NoticeWords splits a notice search into the words every match must contain: separated
// by spaces (ASCII or ideographic) or punctuation people type between them, full-width
// letters and digits made ASCII. An empty or blank q gives none.
func NoticeWords(q string) []string {
	q = normalizeWidth(q)
	return strings.FieldsFunc(q, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', ',', '，', '、', ';', '；', '|':
			return true
		}
		return false
	})
}

// NoticeService is the government information the hall shows: proactively disclosed
// notices (主动公开) pulled from central and cached at the hub, so they can be browsed and
// searched while the link is down. The hub implements it; app/hub's Client again over
// HTTP. Every terminal may read them.
type NoticeService interface {
	// Notices lists the cached notices, newest first, at most DefaultNoticeLimit. A
	// non-empty q keeps the notices whose title, body or department contains every word of q
	// (NoticeWords; Latin letters in any case). EINVALID (field "q") for a query over
	// MaxNoticeQueryRunes characters.
	Notices(ctx context.Context, q string) ([]Notice, error)
}
