// Package countledger is the count_ledger processor: it makes the Collector's count writes to
// Prometheus exactly once across crashes and resends of the counts queue (README.md, "Counting
// exactly once"). It sits twice in the counts stage: before signal_to_metrics in the logs and
// traces pipelines, where it drops records an earlier write already counted, and last in the
// metrics pipeline, where it keeps each write on disk until Prometheus has answered it.
package countledger

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/processor"
	"go.uber.org/zap"
)

var componentType = component.MustNewType("count_ledger")

var errNoMetricsStage = errors.New("count_ledger must also be the last processor of the metrics pipeline that signal_to_metrics feeds")

// NewFactory returns the count_ledger processor's factory.
func NewFactory() processor.Factory {
	return processor.NewFactory(componentType,
		func() component.Config { return &Config{OriginWindow: time.Minute} },
		processor.WithLogs(createLogs, component.StabilityLevelDevelopment),
		processor.WithTraces(createTraces, component.StabilityLevelDevelopment),
		processor.WithMetrics(createMetrics, component.StabilityLevelDevelopment),
	)
}

// sharedLedger is the one ledger of a count_ledger ID, shared by the pipelines that name it (the
// Collector builds one processor per pipeline).
type sharedLedger struct {
	id     component.ID
	cfg    *Config
	logger *zap.Logger

	mu     sync.Mutex
	send   consumer.Metrics
	users  int
	ledger *ledger
}

var registry = struct {
	sync.Mutex
	byID map[component.ID]*sharedLedger
}{byID: map[component.ID]*sharedLedger{}}

func sharedFor(set processor.Settings, cfg component.Config) *sharedLedger {
	registry.Lock()
	defer registry.Unlock()
	s, ok := registry.byID[set.ID]
	if !ok {
		s = &sharedLedger{id: set.ID, cfg: cfg.(*Config), logger: set.Logger}
		registry.byID[set.ID] = s
	}
	return s
}

func (s *sharedLedger) start(ctx context.Context, host component.Host) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users++
	if s.ledger != nil {
		return nil
	}
	if s.send == nil {
		return errNoMetricsStage
	}
	ext, ok := host.GetExtensions()[s.cfg.Storage]
	if !ok {
		return fmt.Errorf("count_ledger: the storage extension %s is not in the service's extensions", s.cfg.Storage)
	}
	se, ok := ext.(storage.Extension)
	if !ok {
		return fmt.Errorf("count_ledger: %s is not a storage extension", s.cfg.Storage)
	}
	client, err := se.GetClient(ctx, component.KindProcessor, s.id, "")
	if err != nil {
		return fmt.Errorf("count_ledger: opening its storage: %w", err)
	}
	originWindow := time.Duration(0)
	if s.cfg.OriginIDs {
		originWindow = s.cfg.OriginWindow
	}
	s.ledger = newLedger(s.logger, client, s.send, time.Now().UnixMilli(), originWindow)
	return nil
}

func (s *sharedLedger) shutdown(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users == 0 {
		return nil
	}
	s.users--
	if s.users > 0 || s.ledger == nil {
		return nil
	}
	err := s.ledger.client.Close(ctx)
	s.ledger = nil
	registry.Lock()
	delete(registry.byID, s.id)
	registry.Unlock()
	return err
}

func createLogs(_ context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
	return &logsStage{stage: stage{shared: sharedFor(set, cfg)}, next: next}, nil
}

func createTraces(_ context.Context, set processor.Settings, cfg component.Config, next consumer.Traces) (processor.Traces, error) {
	return &tracesStage{stage: stage{shared: sharedFor(set, cfg)}, next: next}, nil
}

func createMetrics(_ context.Context, set processor.Settings, cfg component.Config, next consumer.Metrics) (processor.Metrics, error) {
	shared := sharedFor(set, cfg)
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.send != nil {
		return nil, errors.New("count_ledger may be in one metrics pipeline only: the one signal_to_metrics feeds")
	}
	shared.send = next
	return &metricsStage{stage: stage{shared: shared}}, nil
}
