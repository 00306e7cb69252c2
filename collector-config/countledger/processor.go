package countledger

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// batch is what the logs or traces stage hands the metrics stage through the context: the
// signal_to_metrics connector and the processors between them pass the call's context on, in the
// same goroutine (connector.go, v0.160.0).
type batch struct {
	signal *signalLedger
	ids    []uint64
	origin bool
}

type batchKey struct{}

// admission sorts one batch's records: those an intent already counted are dropped, the others'
// ids are collected for the intent that will count them.
type admission struct {
	signal     *signalLedger
	startMs    int64
	useOrigin  bool
	ids        []uint64
	newStamp   bool                // a record stamped after this start: the earlier runs' batches are all back
	originKeys map[uint64]struct{} // origin ids of this batch: an agent's resend may sit in the same batch
}

// takeString reads and removes a string attribute.
func takeString(attrs pcommon.Map, key string) (string, bool) {
	v, ok := attrs.Get(key)
	if !ok {
		return "", false
	}
	s := v.AsString()
	attrs.Remove(key)
	return s, true
}

// keep reads and removes the record's ids and says whether the record is to be counted.
func (a *admission) keep(attrs pcommon.Map) bool {
	local, hasLocal := takeString(attrs, CountIDAttribute)
	origin, hasOrigin := takeString(attrs, OriginIDAttribute)
	if ms, ok := stampMillis(local); hasLocal && ok && ms >= a.startMs {
		a.newStamp = true
	}
	var key uint64
	switch {
	case hasOrigin && a.useOrigin:
		key = idHash(origin)
		if _, twice := a.originKeys[key]; twice {
			return false
		}
		if a.originKeys == nil {
			a.originKeys = map[uint64]struct{}{}
		}
		a.originKeys[key] = struct{}{}
	case hasLocal:
		key = idHash(local)
	default:
		return true // not stamped (sent by a producer straight to otlp/counts): counted, not tracked
	}
	if a.signal.counted(key) {
		return false
	}
	a.ids = append(a.ids, key)
	return true
}

// admitted sends what is pending, releases the earlier runs' intents when it may, and returns
// the context the metrics stage reads the batch from.
func (l *ledger) admitted(ctx context.Context, a *admission) (context.Context, error) {
	if err := l.flushPending(ctx, a.signal); err != nil {
		return nil, err
	}
	if a.newStamp {
		if err := l.releaseProtected(ctx, a.signal); err != nil {
			return nil, err
		}
	}
	return context.WithValue(ctx, batchKey{}, &batch{signal: a.signal, ids: a.ids, origin: len(a.originKeys) > 0}), nil
}

type stage struct {
	shared *sharedLedger
}

func (s *stage) Start(ctx context.Context, host component.Host) error {
	return s.shared.start(ctx, host)
}

func (s *stage) Shutdown(ctx context.Context) error { return s.shared.shutdown(ctx) }

func (*stage) Capabilities() consumer.Capabilities { return consumer.Capabilities{MutatesData: true} }

// admit runs one call of a signal under its ledger: filter drops the records already counted and
// returns how many are left, next passes them on with the batch in the context.
func (s *stage) admit(ctx context.Context, signal string, filter func(*admission) int, next func(context.Context) error) error {
	l := s.shared.ledger
	sl, err := l.signal(ctx, signal)
	if err != nil {
		return err
	}
	sl.call.Lock()
	defer sl.call.Unlock()
	a := &admission{signal: sl, startMs: l.startMs, useOrigin: l.originWindow > 0}
	left := filter(a)
	ctx, err = l.admitted(ctx, a)
	if err != nil || left == 0 {
		return err
	}
	return next(ctx)
}

type logsStage struct {
	stage
	next consumer.Logs
}

func (s *logsStage) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	return s.admit(ctx, "logs", func(a *admission) int {
		ld.ResourceLogs().RemoveIf(func(rl plog.ResourceLogs) bool {
			rl.ScopeLogs().RemoveIf(func(sl plog.ScopeLogs) bool {
				sl.LogRecords().RemoveIf(func(lr plog.LogRecord) bool { return !a.keep(lr.Attributes()) })
				return sl.LogRecords().Len() == 0
			})
			return rl.ScopeLogs().Len() == 0
		})
		return ld.LogRecordCount()
	}, func(ctx context.Context) error { return s.next.ConsumeLogs(ctx, ld) })
}

type tracesStage struct {
	stage
	next consumer.Traces
}

func (s *tracesStage) ConsumeTraces(ctx context.Context, td ptrace.Traces) error {
	return s.admit(ctx, "traces", func(a *admission) int {
		td.ResourceSpans().RemoveIf(func(rs ptrace.ResourceSpans) bool {
			rs.ScopeSpans().RemoveIf(func(ss ptrace.ScopeSpans) bool {
				ss.Spans().RemoveIf(func(span ptrace.Span) bool { return !a.keep(span.Attributes()) })
				return ss.Spans().Len() == 0
			})
			return rs.ScopeSpans().Len() == 0
		})
		return td.SpanCount()
	}, func(ctx context.Context) error { return s.next.ConsumeTraces(ctx, td) })
}

// metricsStage is last in the metrics pipeline: it keeps each batch's counts on disk before
// they are written. Metrics that come without a batch (none do in this config) pass through.
type metricsStage struct {
	stage
}

func (s *metricsStage) ConsumeMetrics(ctx context.Context, md pmetric.Metrics) error {
	b, ok := ctx.Value(batchKey{}).(*batch)
	if !ok {
		return s.shared.send.ConsumeMetrics(ctx, md)
	}
	return s.shared.ledger.commit(ctx, b, md)
}
