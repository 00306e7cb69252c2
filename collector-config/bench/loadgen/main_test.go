package main

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"testing"
	"time"
)

// Every id and time of a request ingest.js sent is refilled, the rest stays byte for byte, and the
// result is still OTLP/JSON.
func TestFillRefreshesIdsAndTimes(t *testing.T) {
	for _, name := range []string{"../requests/feedback-logs.json", "../requests/turn-spans.json"} {
		body, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := cut("http://x", body)
		if len(tmpl.holes) < 20 {
			t.Fatalf("%s: %d values to refill, want at least two per record", name, len(tmpl.holes))
		}
		now := time.Unix(1_800_000_000, 0)
		first, second := tmpl.fill(now), tmpl.fill(now)
		if bytes.Equal(first, second) {
			t.Fatalf("%s: two requests with the same ids", name)
		}
		var parsed map[string]any
		if err := json.Unmarshal(first, &parsed); err != nil {
			t.Fatalf("%s: not JSON after filling: %v", name, err)
		}
		strip := func(b []byte) string { return holePattern.ReplaceAllString(string(b), `"$1":""`) }
		if strip(first) != strip(body) {
			t.Fatalf("%s: text outside the ids and times changed", name)
		}
		for _, m := range regexp.MustCompile(`"(?:timeUnixNano|startTimeUnixNano)":"(\d+)"`).FindAllSubmatch(first, -1) {
			if string(m[1]) != "1800000000000000000" {
				t.Fatalf("%s: start time %s, want the time of sending", name, m[1])
			}
		}
	}
}

func TestQuantile(t *testing.T) {
	ms := time.Millisecond
	sorted := []time.Duration{1 * ms, 2 * ms, 3 * ms, 4 * ms, 5 * ms}
	if got := quantile(sorted, 0.5); got != 3 {
		t.Fatalf("median %v, want 3", got)
	}
	if got := quantile(sorted, 0.99); got < 4.9 || got > 5 {
		t.Fatalf("p99 %v, want 4.96", got)
	}
	if got := quantile(nil, 0.99); got != 0 {
		t.Fatalf("p99 of nothing %v, want 0", got)
	}
}
