package countledger

import (
	"errors"

	"go.opentelemetry.io/collector/component"
)

// Config of the count_ledger processor.
type Config struct {
	// Storage names the storage extension that keeps the ledger (file_storage/queue here): the
	// same disk as the counts queue, so the ledger outlives a crash exactly as the queue does.
	Storage component.ID `mapstructure:"storage"`
}

// Validate requires the storage extension: a ledger kept in memory would forget at a crash
// exactly what it exists to remember.
func (c *Config) Validate() error {
	if c.Storage == (component.ID{}) {
		return errors.New("count_ledger: `storage` must name a storage extension, e.g. file_storage/queue")
	}
	return nil
}
