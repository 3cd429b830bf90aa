package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"time"
)

// CalendarVersion is the only calendar file format ParseCalendar accepts.
const CalendarVersion = 1

// maxWorkingDays bounds n in AddWorkingDays so that date arithmetic cannot overflow; it is
// millions of years, far beyond any deadline.
const maxWorkingDays = 1 << 30

// Calendar is a working-day calendar: public holidays and adjusted working days (调休上班)
// for the years it covers, as in assets/calendar/cn.json. Deadlines (legal and promised
// terms) count its working days.
//
// Outside the covered years it knows no holidays: every Monday to Friday is a working day
// and every Saturday and Sunday is not. A nil *Calendar behaves the same way everywhere.
//
// Dates are calendar dates: a time.Time stands for its year, month and day in its own
// location, whatever its clock time. A Calendar is immutable and safe for concurrent use.
type Calendar struct {
	years       []int
	provisional []int
	source      string
	special     map[int64]bool // day number → working (adjusted workday) or not (holiday)
	adjDays     []int64        // special days that differ from Monday-Friday, ascending
	adjSum      []int          // adjSum[i]: sum of the differences of adjDays[0..i] (+1 workday, -1 holiday)
}

type calendarFile struct {
	Version          int      `json:"version"`
	Years            []int    `json:"years"`
	ProvisionalYears []int    `json:"provisional_years"`
	Source           string   `json:"source"`
	Holidays         []string `json:"holidays"`
	Workdays         []string `json:"workdays"`
}

// ParseCalendar decodes a calendar file strictly and validates it: known version; at least
// one year; provisional years among the years; dates written 2006-01-02 inside the covered
// years, none listed twice or as both holiday and workday; workdays only on Saturdays or
// Sundays (a weekday works anyway). Problems are *Error with code EINVALID.
func ParseCalendar(data []byte) (*Calendar, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f calendarFile
	if err := dec.Decode(&f); err != nil {
		return nil, Errorf(EINVALID, "calendar is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, Errorf(EINVALID, "calendar has data after its JSON object")
	}
	if f.Version != CalendarVersion {
		return nil, Errorf(EINVALID, "calendar version %d is not supported (want %d)", f.Version, CalendarVersion).WithField("version")
	}
	if len(f.Years) == 0 {
		return nil, Errorf(EINVALID, "calendar covers no years").WithField("years")
	}
	c := &Calendar{source: f.Source, special: make(map[int64]bool, len(f.Holidays)+len(f.Workdays))}
	for i, y := range f.Years {
		if y < 1900 || y > 9999 {
			return nil, Errorf(EINVALID, "calendar year %d is out of range", y).WithField(fmt.Sprintf("years[%d]", i))
		}
		if slices.Contains(c.years, y) {
			return nil, Errorf(EINVALID, "calendar year %d is listed twice", y).WithField(fmt.Sprintf("years[%d]", i))
		}
		c.years = append(c.years, y)
	}
	for i, y := range f.ProvisionalYears {
		if !slices.Contains(c.years, y) {
			return nil, Errorf(EINVALID, "provisional year %d is not a covered year", y).WithField(fmt.Sprintf("provisional_years[%d]", i))
		}
		c.provisional = append(c.provisional, y)
	}
	slices.Sort(c.years)
	slices.Sort(c.provisional)
	add := func(list string, i int, s string, working bool) error {
		at := fmt.Sprintf("%s[%d]", list, i)
		t, err := time.Parse(time.DateOnly, s)
		if err != nil || t.Format(time.DateOnly) != s {
			return Errorf(EINVALID, "%s date %q is not written 2006-01-02", list, s).WithField(at)
		}
		if !slices.Contains(c.years, t.Year()) {
			return Errorf(EINVALID, "%s date %s is outside the covered years", list, s).WithField(at)
		}
		d := civilDay(t.Date())
		if was, dup := c.special[d]; dup {
			if was == working {
				return Errorf(EINVALID, "%s date %s is listed twice", list, s).WithField(at)
			}
			return Errorf(EINVALID, "date %s is both a holiday and a workday", s).WithField(at)
		}
		weekend := !weekdayOf(d)
		if working && !weekend {
			return Errorf(EINVALID, "workday %s is a %s, not a Saturday or Sunday", s, t.Weekday()).WithField(at)
		}
		c.special[d] = working
		return nil
	}
	for i, s := range f.Holidays {
		if err := add("holidays", i, s, false); err != nil {
			return nil, err
		}
	}
	for i, s := range f.Workdays {
		if err := add("workdays", i, s, true); err != nil {
			return nil, err
		}
	}
	for d, working := range c.special {
		if working != weekdayOf(d) {
			c.adjDays = append(c.adjDays, d)
		}
	}
	slices.Sort(c.adjDays)
	c.adjSum = make([]int, len(c.adjDays))
	sum := 0
	for i, d := range c.adjDays {
		if c.special[d] {
			sum++
		} else {
			sum--
		}
		c.adjSum[i] = sum
	}
	return c, nil
}

// Years returns the covered years, ascending.
func (c *Calendar) Years() []int {
	if c == nil {
		return nil
	}
	return slices.Clone(c.years)
}

// Covers reports whether the calendar lists holidays for year; outside them it counts
// Monday to Friday.
func (c *Calendar) Covers(year int) bool { return c != nil && slices.Contains(c.years, year) }

// Provisional reports whether year's holidays are an estimate awaiting the official notice.
func (c *Calendar) Provisional(year int) bool {
	return c != nil && slices.Contains(c.provisional, year)
}

// Source says where the holidays come from.
func (c *Calendar) Source() string {
	if c == nil {
		return ""
	}
	return c.source
}

// IsWorkingDay reports whether date's calendar day (in date's location) is a working day:
// a listed holiday is not, a listed adjusted workday is, and otherwise Monday to Friday are.
func (c *Calendar) IsWorkingDay(date time.Time) bool {
	return c.working(civilDay(date.Date()))
}

// AddWorkingDays returns the date n working days after from, counting from the next day:
// from Friday 2026-09-18, 1 working day is Sunday 2026-09-20 (an adjusted workday) and 9
// are Thursday 2026-10-08, past 中秋 and 国庆. The result is midnight at the start of that
// date in from's location. n = 0 returns from's own date; a negative n counts backwards
// from the day before from. |n| is capped at 2^30.
func (c *Calendar) AddWorkingDays(from time.Time, n int) time.Time {
	loc := from.Location()
	f := civilDay(from.Date())
	n = max(-maxWorkingDays, min(n, maxWorkingDays))
	var d int64
	switch {
	case n == 0:
		d = f
	case n > 0:
		// The smallest d > f with n working days in (f, d]: it is itself a working day.
		m := int64(n)
		hi := f + 2*m + 60
		for c.count(f, hi) < m {
			hi += 2*m + 60
		}
		lo := f + 1
		for lo < hi {
			mid := lo + (hi-lo)/2
			if c.count(f, mid) >= m {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		d = lo
	default:
		// The largest d < f with -n working days in [d, f).
		m := -int64(n)
		lo := f - 2*m - 60
		for c.count(lo-1, f-1) < m {
			lo -= 2*m + 60
		}
		hi := f - 1
		for lo < hi {
			mid := hi - (hi-lo)/2
			if c.count(mid-1, f-1) >= m {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		d = lo
	}
	y, mo, day := dayDate(d)
	return time.Date(y, mo, day, 0, 0, 0, 0, loc)
}

// WorkingDaysBetween counts the working days from a to b, both taken as calendar dates in
// a's location, counting the way AddWorkingDays does: when b is on or after a, the
// working days in (a, b]; when b is before a, minus the working days in [b, a). So
// AddWorkingDays(a, WorkingDaysBetween(a, b)) is b whenever b is a working day, and
// WorkingDaysBetween(deadline, today) > 0 says by how many working days today is late.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	da := civilDay(a.Date())
	db := civilDay(b.In(a.Location()).Date())
	if db >= da {
		return int(c.count(da, db))
	}
	return -int(c.count(db-1, da-1))
}

// working reports whether day number d is a working day.
func (c *Calendar) working(d int64) bool {
	if c != nil {
		if w, ok := c.special[d]; ok {
			return w
		}
	}
	return weekdayOf(d)
}

// count returns the number of working days in (a, b], for a ≤ b.
func (c *Calendar) count(a, b int64) int64 {
	return weekdaysBefore(b+1) - weekdaysBefore(a+1) + int64(c.adjust(b)-c.adjust(a))
}

// adjust returns the sum of the listed days' differences from Monday-Friday up to day d.
func (c *Calendar) adjust(d int64) int {
	if c == nil {
		return 0
	}
	i := sort.Search(len(c.adjDays), func(i int) bool { return c.adjDays[i] > d })
	if i == 0 {
		return 0
	}
	return c.adjSum[i-1]
}

// civilDay numbers a calendar date: days since 1970-01-01.
func civilDay(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// dayDate is the inverse of civilDay.
func dayDate(d int64) (int, time.Month, int) {
	return time.Unix(d*86400, 0).UTC().Date()
}

// weekdayOf reports whether day number d is Monday to Friday (1970-01-01 was a Thursday).
func weekdayOf(d int64) bool {
	w := ((d+3)%7 + 7) % 7 // 0 = Monday … 6 = Sunday
	return w < 5
}

// weekdaysBefore counts the Mondays to Fridays from Monday 1969-12-29 (day -3) up to but
// excluding day d; negative when d is earlier. Differences of it count weekdays between
// any two days.
func weekdaysBefore(d int64) int64 {
	e := d + 3
	q := e / 7
	if e%7 < 0 {
		q--
	}
	r := e - 7*q
	return 5*q + min(r, 5)
}
