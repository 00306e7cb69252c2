package countledger

import (
	"hash/fnv"
	"strconv"
)

// CountIDAttribute is the attribute the label pipelines stamp on every record before the counts
// queue (transform/count_fields: UUIDv7()), so a record keeps its id when the queue sends it again.
const CountIDAttribute = "bilan.count.id"

// OriginIDAttribute is the id an agent of the gateway topology stamps before its own queue
// (gateway/agent-config.yaml), kept by the gateways' label pipelines: the ledger keys a record by
// it when origin_ids is on.
const OriginIDAttribute = "bilan.count.origin"

// idHash keys the ledger: 64 bits of the id, so a batch's ids cost 8 bytes each on disk.
func idHash(id string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return h.Sum64()
}

// stampMillis reads the Unix milliseconds a UUIDv7 starts with (RFC 9562, section 5.7): the
// time the record was stamped, before it entered the counts queue.
func stampMillis(id string) (int64, bool) {
	if len(id) != 36 || id[8] != '-' || id[14] != '7' {
		return 0, false
	}
	ms, err := strconv.ParseInt(id[0:8]+id[9:13], 16, 64)
	if err != nil {
		return 0, false
	}
	return ms, true
}
