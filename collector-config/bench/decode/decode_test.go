// What the Collector's OTLP receiver spends decoding one request of the ingest benchmark, as
// OTLP/JSON (what ingest.js, the browser SDK and the Node SDK's OTLP/HTTP exporters send) and as
// OTLP/protobuf (the same request re-encoded): the receiver decodes with exactly these calls
// (plogotlp/ptraceotlp ExportRequest UnmarshalJSON / UnmarshalProto, otlpreceiver encoder.go
// v0.160.0, pdata v1.66.0 as in our build).
//
//	cd collector-config/bench/decode && go test -bench . -benchmem
//
// ../requests/feedback-logs.json and turn-spans.json are two request bodies ingest.js sent (a batch of ten
// feedback events, a batch of ten turn spans), captured as k6 posted them.
package decode

import (
	"os"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
)

func read(t testing.TB, name string) []byte {
	body, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func logsBodies(t testing.TB) (json, proto []byte) {
	json = read(t, "../requests/feedback-logs.json")
	req := plogotlp.NewExportRequest()
	if err := req.UnmarshalJSON(json); err != nil {
		t.Fatal(err)
	}
	proto, err := req.MarshalProto()
	if err != nil {
		t.Fatal(err)
	}
	return json, proto
}

func tracesBodies(t testing.TB) (json, proto []byte) {
	json = read(t, "../requests/turn-spans.json")
	req := ptraceotlp.NewExportRequest()
	if err := req.UnmarshalJSON(json); err != nil {
		t.Fatal(err)
	}
	proto, err := req.MarshalProto()
	if err != nil {
		t.Fatal(err)
	}
	return json, proto
}

// Both encodings decode to the same ten records, so the benchmarks compare like with like.
func TestSameRecords(t *testing.T) {
	json, proto := logsBodies(t)
	fromJSON, fromProto := plogotlp.NewExportRequest(), plogotlp.NewExportRequest()
	if err := fromJSON.UnmarshalJSON(json); err != nil {
		t.Fatal(err)
	}
	if err := fromProto.UnmarshalProto(proto); err != nil {
		t.Fatal(err)
	}
	if a, b := fromJSON.Logs().LogRecordCount(), fromProto.Logs().LogRecordCount(); a != 10 || b != 10 {
		t.Fatalf("log records: JSON %d, protobuf %d, want 10 each", a, b)
	}
	tj, tp := tracesBodies(t)
	spansJSON, spansProto := ptraceotlp.NewExportRequest(), ptraceotlp.NewExportRequest()
	if err := spansJSON.UnmarshalJSON(tj); err != nil {
		t.Fatal(err)
	}
	if err := spansProto.UnmarshalProto(tp); err != nil {
		t.Fatal(err)
	}
	if a, b := spansJSON.Traces().SpanCount(), spansProto.Traces().SpanCount(); a != 10 || b != 10 {
		t.Fatalf("spans: JSON %d, protobuf %d, want 10 each", a, b)
	}
	t.Logf("bytes per request: logs JSON %d, protobuf %d; spans JSON %d, protobuf %d", len(json), len(proto), len(tj), len(tp))
}

func BenchmarkLogsJSON(b *testing.B) {
	json, _ := logsBodies(b)
	b.SetBytes(int64(len(json)))
	for b.Loop() {
		if err := plogotlp.NewExportRequest().UnmarshalJSON(json); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLogsProto(b *testing.B) {
	_, proto := logsBodies(b)
	b.SetBytes(int64(len(proto)))
	for b.Loop() {
		if err := plogotlp.NewExportRequest().UnmarshalProto(proto); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSpansJSON(b *testing.B) {
	json, _ := tracesBodies(b)
	b.SetBytes(int64(len(json)))
	for b.Loop() {
		if err := ptraceotlp.NewExportRequest().UnmarshalJSON(json); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSpansProto(b *testing.B) {
	_, proto := tracesBodies(b)
	b.SetBytes(int64(len(proto)))
	for b.Loop() {
		if err := ptraceotlp.NewExportRequest().UnmarshalProto(proto); err != nil {
			b.Fatal(err)
		}
	}
}
