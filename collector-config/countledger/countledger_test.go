package countledger

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/filestorage"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/extension"
	"go.opentelemetry.io/collector/extension/extensiontest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"
)

// The processors run here as the Collector runs them (one per pipeline, one shared ledger) on the
// real file_storage extension. Between the logs and the metrics stage a counter stands in for
// signal_to_metrics (one sample per call, stamped with the call's time, as its aggregator does);
// after the metrics stage a recorder stands in for remote write and can fail on demand.

var storageID = component.MustNewID("file_storage")

type host struct {
	extensions map[component.ID]component.Component
}

func (h host) GetExtensions() map[component.ID]component.Component { return h.extensions }

// prometheus records every write it took (a write = the samples of one call) and fails while told to.
type prometheus struct {
	writes []pmetric.Metrics
	fail   error
}

func (p *prometheus) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

func (p *prometheus) ConsumeMetrics(_ context.Context, md pmetric.Metrics) error {
	if p.fail != nil {
		return p.fail
	}
	p.writes = append(p.writes, md)
	return nil
}

// total is what the recorded writes count, the way Prometheus would store them: a sample equal to
// one already stored (same series, time and value) adds nothing.
func (p *prometheus) total() (sum int64) {
	seen := map[string]bool{}
	for _, md := range p.writes {
		dp := md.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0).Gauge().DataPoints().At(0)
		key := fmt.Sprint(dp.Timestamp(), dp.IntValue())
		if !seen[key] {
			seen[key] = true
			sum += dp.IntValue()
		}
	}
	return sum
}

type run struct {
	ext  extension.Extension
	logs processor.Logs
	mets processor.Metrics
}

// start builds the counts stage of one Collector run on the queue folder dir; originWindow > 0
// trusts origin ids for that long, as a gateway does.
func start(t *testing.T, dir string, prom *prometheus, originWindow ...time.Duration) *run {
	t.Helper()
	ctx := context.Background()
	sf := filestorage.NewFactory()
	scfg := sf.CreateDefaultConfig().(*filestorage.Config)
	scfg.Directory = dir
	ext, err := sf.Create(ctx, extensiontest.NewNopSettings(sf.Type()), scfg)
	must(t, err)
	h := host{map[component.ID]component.Component{storageID: ext}}
	must(t, ext.Start(ctx, h))

	f := NewFactory()
	cfg := &Config{Storage: storageID}
	if len(originWindow) > 0 {
		cfg.OriginIDs, cfg.OriginWindow = true, originWindow[0]
	}
	set := processortest.NewNopSettings(componentType)
	mets, err := f.CreateMetrics(ctx, set, cfg, prom)
	must(t, err)
	counter, err := consumer.NewLogs(func(ctx context.Context, ld plog.Logs) error {
		md := pmetric.NewMetrics()
		g := md.ResourceMetrics().AppendEmpty().ScopeMetrics().AppendEmpty().Metrics().AppendEmpty()
		g.SetName("bilan_votes_total")
		dp := g.SetEmptyGauge().DataPoints().AppendEmpty()
		dp.SetTimestamp(pcommon.NewTimestampFromTime(time.Now()))
		dp.SetIntValue(int64(ld.LogRecordCount()))
		return mets.ConsumeMetrics(ctx, md)
	})
	must(t, err)
	logs, err := f.CreateLogs(ctx, set, cfg, counter)
	must(t, err)
	must(t, mets.Start(ctx, h))
	must(t, logs.Start(ctx, h))
	return &run{ext: ext, logs: logs, mets: mets}
}

// stop ends the run as a crash does for what is on disk: every ledger write is already committed.
func (r *run) stop(t *testing.T) {
	ctx := context.Background()
	must(t, r.logs.Shutdown(ctx))
	must(t, r.mets.Shutdown(ctx))
	must(t, r.ext.Shutdown(ctx))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// countID is a UUIDv7 stamped at `at`, as OTTL's UUIDv7() stamps a record.
func countID(at time.Time) string {
	ms := at.UnixMilli()
	return fmt.Sprintf("%08x-%04x-7%03x-8%03x-%012x", ms>>16, ms&0xffff, rand.IntN(1<<12), rand.IntN(1<<12), rand.Int64N(1<<48))
}

// votes is a queue item of n records with count ids stamped at `at`.
func votes(n int, at time.Time) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = countID(at)
	}
	return ids
}

// fromAgent is a queue item as a gateway receives it from an agent: each record has the agent's
// origin id and an id of this gateway's own (a resend gets new local ids).
func fromAgent(origins []string) plog.Logs {
	ld := plog.NewLogs()
	records := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for _, origin := range origins {
		lr := records.AppendEmpty()
		lr.Attributes().PutStr(OriginIDAttribute, origin)
		lr.Attributes().PutStr(CountIDAttribute, countID(time.Now()))
	}
	return ld
}

func request(ids ...[]string) plog.Logs {
	ld := plog.NewLogs()
	records := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for _, group := range ids {
		for _, id := range group {
			lr := records.AppendEmpty()
			if id != "" {
				lr.Attributes().PutStr(CountIDAttribute, id)
			}
		}
	}
	return ld
}

func send(r *run, ids ...[]string) error {
	return r.logs.ConsumeLogs(context.Background(), request(ids...))
}

func expectTotal(t *testing.T, prom *prometheus, want int64) {
	t.Helper()
	if got := prom.total(); got != want {
		t.Fatalf("counted %d, want %d", got, want)
	}
}

func TestABatchSentAgainAfterItsWriteIsNotCountedAgain(t *testing.T) {
	dir, prom := t.TempDir(), &prometheus{}
	r := start(t, dir, prom)
	before := time.Now().Add(-time.Second)
	a, b := votes(10, before), votes(7, before)
	must(t, send(r, a))
	must(t, send(r, b))
	expectTotal(t, prom, 17)
	// b's write was stored; the queue had not deleted b when the Collector died: b comes back.
	r.stop(t)
	time.Sleep(2 * time.Millisecond)

	r = start(t, dir, prom)
	defer r.stop(t)
	must(t, send(r, b))
	expectTotal(t, prom, 17)
	if len(prom.writes) != 2 {
		t.Fatalf("%d writes, want 2: a batch whose records were all counted writes nothing", len(prom.writes))
	}
	// Put back at the end of the queue, b may come after a backlog and be merged with new records.
	backlog := votes(5, before)
	must(t, send(r, backlog))
	fresh := votes(3, time.Now())
	must(t, send(r, b, fresh))
	expectTotal(t, prom, 25)
}

func TestAWriteCutByACrashIsSentAgainByteForByteAndOnlyOnce(t *testing.T) {
	dir, prom := t.TempDir(), &prometheus{}
	r := start(t, dir, prom)
	before := time.Now().Add(-time.Second)
	a := votes(10, before)
	prom.fail = errors.New("connection reset")
	if err := send(r, a); err == nil {
		t.Fatal("a failed write must fail the call, so the queue keeps the batch")
	}
	failedAt := time.Now()
	r.stop(t)
	prom.fail = nil

	r = start(t, dir, prom)
	defer r.stop(t)
	// The queue sends a again, split by its batcher, with a new record merged in.
	fresh := votes(1, time.Now())
	must(t, send(r, a[:4]))
	must(t, send(r, a[4:], fresh))
	expectTotal(t, prom, 11)
	if len(prom.writes) != 2 {
		t.Fatalf("%d writes, want 2 (a's intent, then the new record)", len(prom.writes))
	}
	// Prometheus may have stored a's write before the connection broke: the resend is identical.
	first := prom.writes[0].ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0).Gauge().DataPoints().At(0)
	if first.IntValue() != 10 || first.Timestamp().AsTime().After(failedAt) {
		t.Fatalf("the resend holds %d at %v; want the intent's 10 at its own time", first.IntValue(), first.Timestamp().AsTime())
	}
}

func TestARetryWithinTheRunSendsThePendingWriteFirst(t *testing.T) {
	dir, prom := t.TempDir(), &prometheus{}
	r := start(t, dir, prom)
	defer r.stop(t)
	a := votes(6, time.Now())
	prom.fail = errors.New("503")
	if err := send(r, a); err == nil {
		t.Fatal("want the failure passed on")
	}
	if err := send(r, a); err == nil {
		t.Fatal("still failing: the retry fails too")
	}
	prom.fail = nil
	b := votes(2, time.Now())
	must(t, send(r, a, b))
	expectTotal(t, prom, 8)
	must(t, send(r, a))
	expectTotal(t, prom, 8)
}

func TestAWriteRefusedForGoodIsNotSentAgain(t *testing.T) {
	dir, prom := t.TempDir(), &prometheus{}
	r := start(t, dir, prom)
	defer r.stop(t)
	prom.fail = consumererror.NewPermanent(errors.New("400 out of order"))
	if err := send(r, votes(4, time.Now())); !consumererror.IsPermanent(err) {
		t.Fatalf("want the permanent error passed on, got %v", err)
	}
	prom.fail = nil
	must(t, send(r, votes(3, time.Now())))
	expectTotal(t, prom, 3)
}

func TestRecordsWithoutACountIDAreCountedEveryTime(t *testing.T) {
	dir, prom := t.TempDir(), &prometheus{}
	r := start(t, dir, prom)
	defer r.stop(t)
	unstamped := []string{"", ""}
	must(t, send(r, unstamped))
	must(t, send(r, unstamped))
	expectTotal(t, prom, 4)
}

func TestTheEarlierRunsIntentsAreKeptUntilARecordOfThisRunArrives(t *testing.T) {
	dir, prom := t.TempDir(), &prometheus{}
	r := start(t, dir, prom)
	before := time.Now().Add(-time.Second)
	a := votes(5, before)
	must(t, send(r, a))
	r.stop(t)
	// Two more crashes before a's batch is back: the ledger keeps it through both.
	for range 2 {
		time.Sleep(2 * time.Millisecond)
		r = start(t, dir, prom)
		must(t, send(r, votes(2, before)))
		r.stop(t)
	}
	time.Sleep(2 * time.Millisecond)
	r = start(t, dir, prom)
	defer r.stop(t)
	must(t, send(r, a))
	expectTotal(t, prom, 9)
	// After a record of this run, the earlier runs' batches are all back: a is forgotten.
	must(t, send(r, votes(1, time.Now())))
	sl := r.logs.(*logsStage).shared.ledger.signals["logs"]
	if len(sl.protected) != 0 {
		t.Fatalf("%d earlier intents still kept", len(sl.protected))
	}
	expectTotal(t, prom, 10)
}

func TestIntentsRoundTrip(t *testing.T) {
	list := []*intent{
		{seq: 1, stored: true, ids: []uint64{1, 2, 3}, metrics: []byte("abc")},
		{seq: 2, ids: nil, metrics: nil},
	}
	got, err := decodeIntents(encodeIntents(list))
	must(t, err)
	if len(got) != 2 || got[0].seq != 1 || !got[0].stored || len(got[0].ids) != 3 || string(got[0].metrics) != "abc" || got[1].stored {
		t.Fatalf("round trip gave %+v", got)
	}
	if _, err := decodeIntents(encodeIntents(list)[:10]); err == nil {
		t.Fatal("a truncated list must be an error")
	}
}

func TestStampMillis(t *testing.T) {
	at := time.UnixMilli(1_790_000_000_123)
	ms, ok := stampMillis(countID(at))
	if !ok || ms != at.UnixMilli() {
		t.Fatalf("got %d %v", ms, ok)
	}
	if _, ok := stampMillis("not-a-uuid"); ok {
		t.Fatal("want no stamp")
	}
}

func TestAGatewayDoesNotCountTwiceWhatAnAgentResendsWithinTheOriginWindow(t *testing.T) {
	dir, prom := t.TempDir(), &prometheus{}
	r := start(t, dir, prom, time.Minute)
	defer r.stop(t)
	ctx := context.Background()
	part := votes(6, time.Now())
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(part)))
	// Many flushes later (the part long out of the last two writes), the agent resends it.
	for range 5 {
		must(t, r.logs.ConsumeLogs(ctx, fromAgent(votes(1, time.Now()))))
	}
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(part)))
	expectTotal(t, prom, 11)
	// A resend that lands in the same batch as the first copy counts once as well.
	other := votes(3, time.Now())
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(append(append([]string{}, other...), other...))))
	expectTotal(t, prom, 14)
}

func TestOriginIDsAreForgottenAfterTheWindowAndIgnoredWhenNotTrusted(t *testing.T) {
	ctx := context.Background()
	prom := &prometheus{}
	r := start(t, t.TempDir(), prom, 20*time.Millisecond)
	part := votes(4, time.Now())
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(part)))
	for range 3 {
		must(t, r.logs.ConsumeLogs(ctx, fromAgent(votes(1, time.Now()))))
	}
	time.Sleep(30 * time.Millisecond)
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(votes(1, time.Now())))) // prunes what is older than the window
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(part)))
	expectTotal(t, prom, 12) // the resend after the window counts again: the documented bound
	r.stop(t)

	untrusted := &prometheus{}
	r = start(t, t.TempDir(), untrusted)
	defer r.stop(t)
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(part)))
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(part)))
	expectTotal(t, untrusted, 8)
}

func TestAGatewayRestartKeepsTheOriginWindow(t *testing.T) {
	dir, prom := t.TempDir(), &prometheus{}
	ctx := context.Background()
	r := start(t, dir, prom, time.Minute)
	part := votes(5, time.Now())
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(part)))
	r.stop(t)
	time.Sleep(2 * time.Millisecond)
	r = start(t, dir, prom, time.Minute)
	defer r.stop(t)
	// New records release the earlier run's writes; their origin ids stay for the window.
	for range 3 {
		must(t, r.logs.ConsumeLogs(ctx, fromAgent(votes(1, time.Now()))))
	}
	must(t, r.logs.ConsumeLogs(ctx, fromAgent(part)))
	expectTotal(t, prom, 8)
}
