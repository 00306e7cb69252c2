// bilan-loadgen: a lean OTLP/HTTP load generator for the ingest benchmark, for rates where k6
// itself would take most of the two cores (k6 runs a JavaScript VM per virtual user).
//
// It posts the same two kinds of request as ingest.js (a batch of ten feedback log records four
// times in five, a batch of ten turn spans the fifth), taken from request bodies ingest.js sent
// (../requests), each with fresh trace and span ids and the current time, at a fixed rate (an
// open model, like k6's constant-arrival-rate: a slow answer does not slow the sending). A request
// that cannot start because -max-in-flight requests are already waiting is counted as dropped,
// as k6 counts an iteration it had no virtual user for.
//
//	bilan-loadgen -url http://127.0.0.1:4318 -rate 5000 -duration 15s -summary out.json
//
// The summary holds the fields of the bench's IngestFigures (k6-summary.ts).
package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// A request body cut around the values that change per request.
type template struct {
	path  string
	parts [][]byte // literal text between the holes
	holes []hole   // len(parts) - 1
}

type hole int

const (
	traceID hole = iota
	spanID
	timeNow
	timeLater
)

// The JSON fields ingest.js fills per request; end times a turn's length after the start.
var holePattern = regexp.MustCompile(`"(traceId|spanId|timeUnixNano|observedTimeUnixNano|startTimeUnixNano|endTimeUnixNano)":"([0-9a-fA-F]*)"`)

func cut(path string, body []byte) template {
	t := template{path: path}
	last := 0
	for _, m := range holePattern.FindAllSubmatchIndex(body, -1) {
		t.parts = append(t.parts, body[last:m[4]]) // up to the value
		switch string(body[m[2]:m[3]]) {
		case "traceId":
			t.holes = append(t.holes, traceID)
		case "spanId":
			t.holes = append(t.holes, spanID)
		case "endTimeUnixNano":
			t.holes = append(t.holes, timeLater)
		default:
			t.holes = append(t.holes, timeNow)
		}
		last = m[5] // from the value's closing quote
	}
	t.parts = append(t.parts, body[last:])
	return t
}

// randomHex is n hex digits of a fast non-cryptographic generator (ids need to differ, not to be
// secret; crypto/rand would make a system call per id).
func randomHex(n int) []byte {
	raw := make([]byte, n/2)
	for i := 0; i < len(raw); i += 8 {
		v := rand.Uint64()
		for j := i; j < min(i+8, len(raw)); j++ {
			raw[j] = byte(v >> (8 * (j - i)))
		}
	}
	out := make([]byte, n)
	hex.Encode(out, raw)
	return out
}

func (t template) fill(now time.Time) []byte {
	var b bytes.Buffer
	b.Grow(len(t.parts[0]) * (len(t.parts) + 1))
	nowText := strconv.FormatInt(now.UnixNano(), 10)
	laterText := strconv.FormatInt(now.Add(time.Duration(200+now.UnixNano()%2000)*time.Millisecond).UnixNano(), 10)
	for i, part := range t.parts {
		b.Write(part)
		if i == len(t.holes) {
			break
		}
		switch t.holes[i] {
		case traceID:
			b.Write(randomHex(32))
		case spanID:
			b.Write(randomHex(16))
		case timeNow:
			b.WriteString(nowText)
		case timeLater:
			b.WriteString(laterText)
		}
	}
	return b.Bytes()
}

type summary struct {
	TargetRate          float64 `json:"targetRate"`
	Requests            int64   `json:"requests"`
	LogsRequests        int64   `json:"logsRequests"`
	TracesRequests      int64   `json:"tracesRequests"`
	AchievedRate        float64 `json:"achievedRate"`
	P50Ms               float64 `json:"p50Ms"`
	P95Ms               float64 `json:"p95Ms"`
	P99Ms               float64 `json:"p99Ms"`
	MaxMs               float64 `json:"maxMs"`
	FailedRequests      int64   `json:"failedRequests"`
	DroppedIterations   int64   `json:"droppedIterations"`
	MaxVus              int64   `json:"maxVus"`
	BytesSentPerRequest float64 `json:"bytesSentPerRequest"`
}

// quantile of sorted latencies, interpolated between neighbours as k6 does.
func quantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	pos := q * float64(len(sorted)-1)
	lo := int(pos)
	hi := min(lo+1, len(sorted)-1)
	v := float64(sorted[lo]) + (pos-float64(lo))*float64(sorted[hi]-sorted[lo])
	return v / float64(time.Millisecond)
}

func main() {
	url := flag.String("url", "", "base URL of the OTLP/HTTP receiver (required)")
	rate := flag.Float64("rate", 2000, "requests per second")
	duration := flag.Duration("duration", 15*time.Second, "how long to send")
	logsBody := flag.String("logs", "", "OTLP/JSON logs request to send four times in five (required)")
	tracesBody := flag.String("traces", "", "OTLP/JSON traces request to send the fifth time (required)")
	maxInFlight := flag.Int("max-in-flight", 400, "requests waiting for an answer at most")
	summaryPath := flag.String("summary", "", "where to write the summary as JSON (default: stdout)")
	flag.Parse()
	if *url == "" || *logsBody == "" || *tracesBody == "" || *rate <= 0 {
		fmt.Fprintln(os.Stderr, "bilan-loadgen: -url, -logs, -traces and a positive -rate are required")
		os.Exit(2)
	}
	read := func(path string) []byte {
		body, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bilan-loadgen:", err)
			os.Exit(2)
		}
		return body
	}
	logs := cut(*url+"/v1/logs", read(*logsBody))
	traces := cut(*url+"/v1/traces", read(*tracesBody))

	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns:        *maxInFlight,
		MaxIdleConnsPerHost: *maxInFlight,
		DisableCompression:  true,
	}, Timeout: 60 * time.Second}

	var (
		mu                                            sync.Mutex
		latencies                                     []time.Duration
		sent, logsSent, tracesSent, failed, bytesSent atomic.Int64
		dropped, inFlight, peakInFlight               atomic.Int64
		wg                                            sync.WaitGroup
	)
	post := func(t template, now time.Time) {
		defer wg.Done()
		defer inFlight.Add(-1)
		body := t.fill(now)
		bytesSent.Add(int64(len(body)))
		start := time.Now()
		resp, err := client.Post(t.path, "application/json", bytes.NewReader(body))
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		took := time.Since(start)
		if err != nil || resp.StatusCode != http.StatusOK {
			failed.Add(1)
		}
		mu.Lock()
		latencies = append(latencies, took)
		mu.Unlock()
	}

	// Every millisecond, start the requests that are due by now.
	begin := time.Now()
	var issued int64
	for now := begin; now.Sub(begin) < *duration; now = time.Now() {
		due := int64(now.Sub(begin).Seconds() * *rate)
		for ; issued < due; issued++ {
			if inFlight.Load() >= int64(*maxInFlight) {
				dropped.Add(1)
				continue
			}
			if n := inFlight.Add(1); n > peakInFlight.Load() {
				peakInFlight.Store(n)
			}
			sent.Add(1)
			wg.Add(1)
			if issued%5 == 4 {
				tracesSent.Add(1)
				go post(traces, now)
			} else {
				logsSent.Add(1)
				go post(logs, now)
			}
		}
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	elapsed := time.Since(begin).Seconds()

	slices.Sort(latencies)
	out := summary{
		TargetRate:        *rate,
		Requests:          sent.Load(),
		LogsRequests:      logsSent.Load(),
		TracesRequests:    tracesSent.Load(),
		AchievedRate:      float64(sent.Load()) / elapsed,
		P50Ms:             quantile(latencies, 0.50),
		P95Ms:             quantile(latencies, 0.95),
		P99Ms:             quantile(latencies, 0.99),
		FailedRequests:    failed.Load(),
		DroppedIterations: dropped.Load(),
		MaxVus:            peakInFlight.Load(),
	}
	if len(latencies) > 0 {
		out.MaxMs = float64(latencies[len(latencies)-1]) / float64(time.Millisecond)
	}
	if out.Requests > 0 {
		out.BytesSentPerRequest = float64(bytesSent.Load()) / float64(out.Requests)
	}
	text, _ := json.Marshal(out)
	if *summaryPath == "" {
		fmt.Println(string(text))
		return
	}
	if err := os.WriteFile(*summaryPath, text, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "bilan-loadgen:", err)
		os.Exit(1)
	}
}
