package countledger

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.uber.org/zap"
)

// recentPerSignal is how many of this run's intents per signal the ledger keeps. The counts queue
// has one consumer per signal, so only the batch whose write just returned can still be sent
// again (the queue deletes it after the loopback answer); one more covers an exporter that timed
// out while the write went on.
const recentPerSignal = 2

// ledger remembers, per signal, the count writes that can still come back from the counts queue.
//
// Where a batch can come back (exporterhelper v0.160.0): a batch whose export returned an error
// stays in the queue and is sent again; a batch in flight at a crash was marked dispatched and is
// put back at the end of the queue at the next start (persistent_queue.go enqueueNotDispatchedReqs),
// behind the older backlog but ahead of anything received after the start. So:
//   - this run's last intents (recent) cover resends within the run;
//   - the previous runs' intents (protected) are kept until the first record stamped after this
//     start arrives: by then every batch put back at the start has come through;
//   - with origin ids trusted (a gateway behind agents), the ids of intents that hold them stay
//     for originWindow (aged): an agent's resend comes from a queue of its own, at its own time.
type ledger struct {
	logger  *zap.Logger
	client  storage.Client
	startMs int64
	send    consumer.Metrics // the metrics pipeline after count_ledger: remote write
	// originWindow > 0 when origin ids are trusted: how long their keys are remembered
	originWindow time.Duration

	mu      sync.Mutex
	lastSeq uint64
	signals map[string]*signalLedger
}

type signalLedger struct {
	name string
	// held for a whole call of this signal, from the records' admission to the write's answer, so
	// a resend never overtakes the write it repeats
	call      sync.Mutex
	recent    [recentPerSignal]*intent
	next      int
	protected []*intent
	// intents with origin ids that left recent, ids only, until they are originWindow old
	aged  []*intent
	known map[uint64]uint64 // id hash -> seq of the intent that counted it
}

func newLedger(logger *zap.Logger, client storage.Client, send consumer.Metrics, startMs int64, originWindow time.Duration) *ledger {
	return &ledger{
		logger: logger, client: client, send: send, startMs: startMs, originWindow: originWindow,
		signals: map[string]*signalLedger{},
	}
}

func recentKey(signal string, slot int) string { return signal + ".recent." + strconv.Itoa(slot) }
func storedKey(signal string, slot int) string { return recentKey(signal, slot) + ".stored" }
func protectedKey(signal string) string        { return signal + ".protected" }

// load turns what the previous runs left (their protected intents and their recent ones) into this
// run's protected intents, in one storage batch, and frees the recent slots for this run.
func (l *ledger) load(ctx context.Context, signal string) (*signalLedger, error) {
	gets := []*storage.Operation{storage.GetOperation(protectedKey(signal))}
	for slot := range recentPerSignal {
		gets = append(gets, storage.GetOperation(recentKey(signal, slot)), storage.GetOperation(storedKey(signal, slot)))
	}
	if err := l.client.Batch(ctx, gets...); err != nil {
		return nil, fmt.Errorf("count_ledger: reading the %s ledger: %w", signal, err)
	}
	protected, err := decodeIntents(gets[0].Value)
	if err != nil {
		return nil, err
	}
	for slot := range recentPerSignal {
		raw, marker := gets[1+2*slot].Value, gets[2+2*slot].Value
		if raw == nil {
			continue
		}
		it, err := decodeIntent(raw)
		if err != nil {
			return nil, err
		}
		it.stored = string(marker) == strconv.FormatUint(it.seq, 10)
		protected = append(protected, it)
	}
	slices.SortFunc(protected, bySeq)
	sl := &signalLedger{name: signal, protected: protected, known: map[uint64]uint64{}}
	for _, it := range protected {
		sl.remember(it)
		l.lastSeq = max(l.lastSeq, it.seq)
	}
	ops := []*storage.Operation{storage.SetOperation(protectedKey(signal), encodeIntents(protected))}
	if len(protected) == 0 {
		ops[0] = storage.DeleteOperation(protectedKey(signal))
	}
	for slot := range recentPerSignal {
		ops = append(ops, storage.DeleteOperation(recentKey(signal, slot)), storage.DeleteOperation(storedKey(signal, slot)))
	}
	if err := l.client.Batch(ctx, ops...); err != nil {
		return nil, fmt.Errorf("count_ledger: writing the %s ledger: %w", signal, err)
	}
	if len(protected) > 0 {
		l.logger.Info("count ledger: intents of an earlier run kept until its queued batches are back",
			zap.String("signal", signal), zap.Int("intents", len(protected)), zap.Int("records", len(sl.known)))
	}
	return sl, nil
}

func bySeq(a, b *intent) int { return cmp.Compare(a.seq, b.seq) }

func (sl *signalLedger) remember(it *intent) {
	for _, id := range it.ids {
		sl.known[id] = it.seq
	}
}

func (sl *signalLedger) forget(it *intent) {
	for _, id := range it.ids {
		if sl.known[id] == it.seq {
			delete(sl.known, id)
		}
	}
}

// counted says whether an intent of this signal already holds the record with this id.
func (sl *signalLedger) counted(id uint64) bool {
	_, ok := sl.known[id]
	return ok
}

// signal returns the ledger of one signal, loading it from storage at its first use.
func (l *ledger) signal(ctx context.Context, name string) (*signalLedger, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if sl, ok := l.signals[name]; ok {
		return sl, nil
	}
	sl, err := l.load(ctx, name)
	if err != nil {
		return nil, err
	}
	l.signals[name] = sl
	return sl, nil
}

func (l *ledger) nextSeq() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lastSeq = max(l.lastSeq+1, uint64(time.Now().UnixNano()))
	return l.lastSeq
}

// flushPending sends, oldest first, every intent of the signal whose write was never answered,
// and marks it stored. An error leaves the rest pending: the caller fails, and its sender retries.
func (l *ledger) flushPending(ctx context.Context, sl *signalLedger) error {
	pending := []*intent{}
	for _, it := range sl.protected {
		if !it.stored {
			pending = append(pending, it)
		}
	}
	for _, it := range sl.recent {
		if it != nil && !it.stored {
			pending = append(pending, it)
		}
	}
	slices.SortFunc(pending, bySeq)
	for _, it := range pending {
		md, err := (&pmetric.ProtoUnmarshaler{}).UnmarshalMetrics(it.metrics)
		if err == nil {
			err = l.send.ConsumeMetrics(ctx, md)
		}
		if err != nil && !consumererror.IsPermanent(err) {
			return err
		}
		if err != nil {
			l.logger.Error("count ledger: a pending count write was refused for good; it is not sent again",
				zap.String("signal", sl.name), zap.Error(err))
		}
		if err := l.markStored(ctx, sl, it); err != nil {
			return err
		}
	}
	return nil
}

func (l *ledger) markStored(ctx context.Context, sl *signalLedger, it *intent) error {
	it.stored = true
	if slices.Contains(sl.protected, it) {
		return l.client.Set(ctx, protectedKey(sl.name), encodeIntents(sl.protected))
	}
	for slot, r := range sl.recent {
		if r == it {
			return l.client.Set(ctx, storedKey(sl.name, slot), []byte(strconv.FormatUint(it.seq, 10)))
		}
	}
	return nil
}

// releaseProtected drops the earlier runs' intents once a record stamped after this start has
// arrived: every batch the queue put back at the start came before it.
func (l *ledger) releaseProtected(ctx context.Context, sl *signalLedger) error {
	if len(sl.protected) == 0 {
		return nil
	}
	if err := l.client.Delete(ctx, protectedKey(sl.name)); err != nil {
		return err
	}
	for _, it := range sl.protected {
		l.retire(sl, it)
	}
	sl.protected = nil
	return nil
}

// retire forgets an intent that its own queue can no longer send again, unless it holds origin
// ids still inside the origin window: an agent may yet resend them.
func (l *ledger) retire(sl *signalLedger, it *intent) {
	if it.origin && l.originWindow > 0 && time.Since(time.Unix(0, int64(it.seq))) < l.originWindow {
		sl.aged = append(sl.aged, &intent{seq: it.seq, ids: it.ids})
		return
	}
	sl.forget(it)
}

// pruneAged forgets the origin ids that are older than the window.
func (l *ledger) pruneAged(sl *signalLedger) {
	cutoff := uint64(time.Now().Add(-l.originWindow).UnixNano())
	kept := sl.aged[:0]
	for _, it := range sl.aged {
		if it.seq < cutoff {
			sl.forget(it)
		} else {
			kept = append(kept, it)
		}
	}
	clear(sl.aged[len(kept):])
	sl.aged = kept
}

// commit writes one batch's counts: the intent goes to disk first, then the write is sent; its
// answer marks it stored. A write that fails stays pending and is sent, byte for byte, before
// anything else of its signal.
func (l *ledger) commit(ctx context.Context, b *batch, md pmetric.Metrics) error {
	data, err := (&pmetric.ProtoMarshaler{}).MarshalMetrics(md)
	if err != nil {
		return consumererror.NewPermanent(err)
	}
	sl := b.signal
	it := &intent{seq: l.nextSeq(), ids: b.ids, origin: b.origin, metrics: data}
	slot := sl.next
	sl.next = (sl.next + 1) % recentPerSignal
	if err := l.client.Batch(ctx,
		storage.SetOperation(recentKey(sl.name, slot), it.encode()),
		storage.DeleteOperation(storedKey(sl.name, slot)),
	); err != nil {
		return fmt.Errorf("count_ledger: writing an intent: %w", err)
	}
	if old := sl.recent[slot]; old != nil {
		l.retire(sl, old)
	}
	l.pruneAged(sl)
	sl.recent[slot] = it
	sl.remember(it)
	err = l.send.ConsumeMetrics(ctx, md)
	if err != nil && !consumererror.IsPermanent(err) {
		return err
	}
	if markErr := l.markStored(ctx, sl, it); markErr != nil {
		return markErr
	}
	return err
}
