package countledger

import (
	"errors"
	"time"

	"go.opentelemetry.io/collector/component"
)

// Config of the count_ledger processor.
type Config struct {
	// Storage names the storage extension that keeps the ledger (file_storage/queue here): the
	// same disk as the counts queue, so the ledger outlives a crash exactly as the queue does.
	Storage component.ID `mapstructure:"storage"`
	// OriginIDs makes the ledger key a record by the id its first Collector gave it
	// (bilan.count.origin, stamped by the agents of the gateway topology) when it has one, and
	// remember those keys for OriginWindow: an agent that crashed resends its unfinished batches,
	// and the part a gateway already counted comes back with the same ids. Off, the attribute is
	// ignored: only a gateway behind our agents should trust ids it did not stamp.
	OriginIDs    bool          `mapstructure:"origin_ids"`
	OriginWindow time.Duration `mapstructure:"origin_window"`
}

// Validate requires the storage extension: a ledger kept in memory would forget at a crash
// exactly what it exists to remember.
func (c *Config) Validate() error {
	if c.Storage == (component.ID{}) {
		return errors.New("count_ledger: `storage` must name a storage extension, e.g. file_storage/queue")
	}
	if c.OriginWindow < 0 {
		return errors.New("count_ledger: `origin_window` must not be negative")
	}
	return nil
}
