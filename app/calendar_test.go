package app

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

const shippedCalendarPath = "../assets/calendar/cn.json"

func shippedCalendar(t testing.TB) *Calendar {
	t.Helper()
	data, err := os.ReadFile(shippedCalendarPath)
	if err != nil {
		t.Fatalf("read the shipped calendar: %v", err)
	}
	c, err := ParseCalendar(data)
	if err != nil {
		t.Fatalf("the shipped calendar is refused: %v", err)
	}
	return c
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestShippedCalendar(t *testing.T) {
	c := shippedCalendar(t)
	if !c.Covers(2026) || !c.Covers(2027) || c.Covers(2025) || c.Covers(2028) {
		t.Errorf("covers %v, want 2026 and 2027", c.Years())
	}
	if c.Provisional(2026) || !c.Provisional(2027) {
		t.Error("2026 must be official and 2027 provisional")
	}
	if !strings.Contains(c.Source(), "2026") || !strings.Contains(c.Source(), "PROVISIONAL") {
		t.Errorf("source %q does not say where 2026 comes from and that 2027 is provisional", c.Source())
	}
	// Working days per year, counted independently from the State Council's 2026 notice
	// (and an open-source holiday table agrees): 261 weekdays − 19 holidays + 6 workdays.
	if got := c.WorkingDaysBetween(day("2025-12-31"), day("2026-12-31")); got != 248 {
		t.Errorf("2026 has %d working days, want 248", got)
	}
	if got := c.WorkingDaysBetween(day("2026-12-31"), day("2027-12-31")); got != 248 {
		t.Errorf("2027 has %d working days, want 248", got)
	}
	// Since 2025 the State Council avoids more than 6 working days in a row.
	run, worst := 0, 0
	for d := day("2026-01-01"); d.Year() < 2028; d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			run++
			worst = max(worst, run)
		} else {
			run = 0
		}
	}
	if worst > 6 {
		t.Errorf("%d working days in a row somewhere in 2026-2027", worst)
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := shippedCalendar(t)
	tests := []struct {
		date    string
		working bool
		why     string
	}{
		{"2026-01-01", false, "元旦"},
		{"2026-01-02", false, "元旦 bridge (Friday)"},
		{"2026-01-04", true, "Sunday worked for 元旦"},
		{"2026-02-14", true, "Saturday worked for 春节"},
		{"2026-02-16", false, "除夕"},
		{"2026-02-17", false, "春节"},
		{"2026-02-23", false, "last day of 春节 (Monday)"},
		{"2026-02-24", true, "back to work"},
		{"2026-02-28", true, "Saturday worked for 春节"},
		{"2026-04-06", false, "清明 (Monday)"},
		{"2026-05-05", false, "劳动节 (Tuesday)"},
		{"2026-05-09", true, "Saturday worked for 劳动节"},
		{"2026-06-19", false, "端午"},
		{"2026-09-20", true, "Sunday worked for 国庆"},
		{"2026-09-25", false, "中秋"},
		{"2026-10-01", false, "国庆"},
		{"2026-10-07", false, "国庆 (Wednesday)"},
		{"2026-10-08", true, "Thursday after 国庆"},
		{"2026-10-10", true, "Saturday worked for 国庆"},
		{"2026-10-11", false, "ordinary Sunday"},
		{"2026-03-10", true, "ordinary Tuesday"},
		{"2026-03-14", false, "ordinary Saturday"},
		{"2027-02-05", false, "除夕 2027"},
		{"2027-02-06", false, "春节 2027 (正月初一)"},
		{"2027-02-14", true, "Sunday worked for 春节 2027"},
		{"2027-10-01", false, "国庆 2027"},
		{"2025-10-01", true, "2025 is not covered: a Wednesday works"},
		{"2028-01-01", false, "2028 is not covered: a Saturday is off"},
		{"2028-01-03", true, "2028 is not covered: a Monday works"},
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(day(tt.date)); got != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v: %s", tt.date, got, tt.working, tt.why)
		}
	}
	// The date is the one in the time's own location: 00:30 on 1 October in Shanghai is
	// still 30 September in UTC.
	sh := LoadLocation("Asia/Shanghai")
	if c.IsWorkingDay(time.Date(2026, 10, 1, 0, 30, 0, 0, sh)) {
		t.Error("00:30 on 2026-10-01 in Shanghai is a working day; want the Shanghai date")
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := shippedCalendar(t)
	// Expected dates were counted by hand and by a separate day-by-day script.
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-18", 0, "2026-09-18"},
		{"2026-09-18", 1, "2026-09-20"},  // Sunday worked for 国庆
		{"2026-09-18", 9, "2026-10-08"},  // across 中秋 and 国庆
		{"2026-09-30", 1, "2026-10-08"},  // across 国庆
		{"2026-09-30", 3, "2026-10-10"},  // Saturday worked
		{"2026-09-30", 4, "2026-10-12"},  //
		{"2026-02-13", 1, "2026-02-14"},  // Saturday worked before 春节
		{"2026-02-13", 2, "2026-02-24"},  // across 春节
		{"2026-02-14", 1, "2026-02-24"},  //
		{"2026-02-10", 20, "2026-03-16"}, // a promised term across 春节
		{"2026-09-21", 60, "2026-12-21"}, // a legal term of 60 working days
		{"2026-12-31", 1, "2027-01-04"},  // across the year and 元旦 2027
		{"2027-02-04", 1, "2027-02-14"},  // 春节 2027, provisional
		{"2027-02-04", 2, "2027-02-15"},
		{"2027-09-30", 2, "2027-10-09"},
		{"2028-01-07", 1, "2028-01-10"}, // uncovered: Friday → Monday
		{"2025-12-31", 1, "2026-01-04"}, // from uncovered into covered: 元旦, then the Sunday worked
		{"2026-10-08", -1, "2026-09-30"},
		{"2026-02-24", -1, "2026-02-14"},
		{"2026-10-12", -4, "2026-09-30"},
		{"2026-10-03", -1, "2026-09-30"}, // backwards from a holiday
	}
	for _, tt := range tests {
		got := c.AddWorkingDays(day(tt.from), tt.n)
		if got.Format(time.DateOnly) != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got.Format(time.DateOnly), tt.want)
		}
	}
	// The result is midnight in from's location, whatever from's clock time.
	sh := LoadLocation("Asia/Shanghai")
	got := c.AddWorkingDays(time.Date(2026, 9, 30, 23, 59, 0, 0, sh), 1)
	if want := time.Date(2026, 10, 8, 0, 0, 0, 0, sh); !got.Equal(want) || got.Location() != sh {
		t.Errorf("AddWorkingDays in Shanghai = %v, want %v", got, want)
	}
}

// TestAddWorkingDaysMatchesCounting compares the binary search with plain day-by-day
// counting, and WorkingDaysBetween with both, on random dates in and around the covered years.
func TestAddWorkingDaysMatchesCounting(t *testing.T) {
	c := shippedCalendar(t)
	var nilCal *Calendar
	rng := rand.New(rand.NewPCG(1, 2))
	start := day("2025-10-01")
	for range 3000 {
		from := start.AddDate(0, 0, rng.IntN(900))
		n := rng.IntN(141) - 40
		for _, cal := range []*Calendar{c, nilCal} {
			want := from
			for k := n; k > 0; {
				want = want.AddDate(0, 0, 1)
				if cal.IsWorkingDay(want) {
					k--
				}
			}
			for k := -n; k > 0; {
				want = want.AddDate(0, 0, -1)
				if cal.IsWorkingDay(want) {
					k--
				}
			}
			got := cal.AddWorkingDays(from, n)
			if !got.Equal(want) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, counting gives %s", from.Format(time.DateOnly), n, got.Format(time.DateOnly), want.Format(time.DateOnly))
			}
			if n != 0 && !cal.IsWorkingDay(got) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s is not a working day", from.Format(time.DateOnly), n, got.Format(time.DateOnly))
			}
			if back := cal.WorkingDaysBetween(from, got); back != n {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", from.Format(time.DateOnly), got.Format(time.DateOnly), back, n)
			}
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := shippedCalendar(t)
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-09-30", "2026-09-30", 0},
		{"2026-09-30", "2026-10-07", 0},  // all 国庆
		{"2026-09-30", "2026-10-08", 1},  //
		{"2026-09-30", "2026-10-11", 3},  // 8th, 9th, Saturday 10th
		{"2026-10-08", "2026-09-30", -1}, // [30 Sep, 8 Oct): only 30 Sep works
		{"2026-02-13", "2026-02-28", 6},  // Saturday 14th, 24th-27th and Saturday 28th
		{"2026-01-01", "2026-01-31", 21}, // Sunday 4th works, Friday 2nd does not
	}
	for _, tt := range tests {
		if got := c.WorkingDaysBetween(day(tt.a), day(tt.b)); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestWorkingDaysBetweenUsesFirstLocation(t *testing.T) {
	c := shippedCalendar(t)
	sh := LoadLocation("Asia/Shanghai")
	a := time.Date(2026, 9, 30, 10, 0, 0, 0, sh)
	b := time.Date(2026, 10, 7, 20, 0, 0, 0, time.UTC) // 04:00 on 8 October in Shanghai
	if got := c.WorkingDaysBetween(a, b); got != 1 {
		t.Errorf("WorkingDaysBetween = %d, want 1: b is 8 October in a's location", got)
	}
}

func TestNilCalendarCountsWeekdays(t *testing.T) {
	var c *Calendar
	if c.IsWorkingDay(day("2026-10-01")) != true || c.IsWorkingDay(day("2026-10-03")) {
		t.Error("a nil calendar must count Monday to Friday")
	}
	if got := c.AddWorkingDays(day("2026-10-02"), 1).Format(time.DateOnly); got != "2026-10-05" {
		t.Errorf("nil AddWorkingDays(Fri, 1) = %s, want Monday 2026-10-05", got)
	}
	if c.Covers(2026) || c.Provisional(2026) || c.Source() != "" || c.Years() != nil {
		t.Error("a nil calendar covers nothing")
	}
}

func TestParseCalendarRefuses(t *testing.T) {
	tests := []struct {
		name, json, msg string
	}{
		{"not JSON", `{`, "not valid JSON"},
		{"unknown field", `{"version":1,"years":[2026],"holiday":[]}`, `unknown field "holiday"`},
		{"trailing", `{"version":1,"years":[2026]}x`, "data after"},
		{"version", `{"version":2,"years":[2026]}`, "version 2"},
		{"no years", `{"version":1,"years":[]}`, "no years"},
		{"duplicate year", `{"version":1,"years":[2026,2026]}`, "listed twice"},
		{"provisional not covered", `{"version":1,"years":[2026],"provisional_years":[2027]}`, "provisional year 2027"},
		{"bad date", `{"version":1,"years":[2026],"holidays":["2026-1-1"]}`, `"2026-1-1" is not written 2006-01-02`},
		{"impossible date", `{"version":1,"years":[2026],"holidays":["2026-02-30"]}`, "not written"},
		{"outside years", `{"version":1,"years":[2026],"holidays":["2027-01-01"]}`, "outside the covered years"},
		{"both", `{"version":1,"years":[2026],"holidays":["2026-01-04"],"workdays":["2026-01-04"]}`, "both a holiday and a workday"},
		{"duplicate holiday", `{"version":1,"years":[2026],"holidays":["2026-10-01","2026-10-01"]}`, "listed twice"},
		{"workday on a weekday", `{"version":1,"years":[2026],"workdays":["2026-01-05"]}`, "workday 2026-01-05 is a Monday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCalendar([]byte(tt.json))
			if err == nil {
				t.Fatalf("accepted; want an error containing %q", tt.msg)
			}
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tt.msg) {
				t.Errorf("got %v, want %s containing %q", err, EINVALID, tt.msg)
			}
		})
	}
}

func BenchmarkAddWorkingDays(b *testing.B) {
	c := shippedCalendar(b)
	from := day("2026-09-18")
	for i := 0; b.Loop(); i++ {
		c.AddWorkingDays(from.AddDate(0, 0, i%400), 20)
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := shippedCalendar(b)
	from := day("2026-01-01")
	for i := 0; b.Loop(); i++ {
		c.IsWorkingDay(from.AddDate(0, 0, i%730))
	}
}
