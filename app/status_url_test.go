package app

import "testing"

func TestStatusURLRoundTrip(t *testing.T) {
	for _, c := range []struct{ base, want string }{
		{"", "TC01-20261126-0001"},
		{"https://central.example/s/", "https://central.example/s/TC01-20261126-0001"},
		{"https://central.example/s", "https://central.example/s/TC01-20261126-0001"},
	} {
		got := StatusURL(c.base, "TC01-20261126-0001")
		if got != c.want {
			t.Errorf("StatusURL(%q) = %q", c.base, got)
		}
		if back := TrackingFromStatusURL(got); back != "TC01-20261126-0001" {
			t.Errorf("TrackingFromStatusURL(%q) = %q", got, back)
		}
	}
	for _, s := range []string{"TC01-20261126-0001", "abc/s/def", "http://x/s/TC01-20261126-0001?lang=en"} {
		got := TrackingFromStatusURL(s)
		if s == "abc/s/def" && got != s {
			t.Errorf("not a link: %q → %q", s, got)
		}
		if s[0] == 'h' && got != "TC01-20261126-0001" {
			t.Errorf("%q → %q", s, got)
		}
	}
}
