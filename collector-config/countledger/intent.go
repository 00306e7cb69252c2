package countledger

import (
	"encoding/binary"
	"errors"
)

// An intent is one count write: the records it counts (the hashes of their count ids) and the
// exact samples written for them, kept on disk before the write is sent. Resending those bytes
// is idempotent (Prometheus accepts a sample identical to a series' latest one and stores
// nothing, tsdb/head_append.go appendable, v0.316.0), and dropping a record that an intent
// already holds keeps it from being counted a second time.
type intent struct {
	seq     uint64
	stored  bool
	origin  bool // some ids are origin ids (bilan.count.origin): kept for the origin window
	ids     []uint64
	metrics []byte // pmetric protobuf
}

const (
	flagStored = 1 << iota
	flagOrigin
)

const intentHeader = 8 + 1 + 4

var errCorrupt = errors.New("count_ledger: a stored intent is truncated")

func (it *intent) encode() []byte {
	buf := make([]byte, intentHeader+8*len(it.ids)+len(it.metrics))
	binary.BigEndian.PutUint64(buf, it.seq)
	if it.stored {
		buf[8] |= flagStored
	}
	if it.origin {
		buf[8] |= flagOrigin
	}
	binary.BigEndian.PutUint32(buf[9:], uint32(len(it.ids)))
	off := intentHeader
	for _, id := range it.ids {
		binary.BigEndian.PutUint64(buf[off:], id)
		off += 8
	}
	copy(buf[off:], it.metrics)
	return buf
}

func decodeIntent(buf []byte) (*intent, error) {
	if len(buf) < intentHeader {
		return nil, errCorrupt
	}
	n := int(binary.BigEndian.Uint32(buf[9:]))
	if len(buf) < intentHeader+8*n {
		return nil, errCorrupt
	}
	flags := buf[8]
	it := &intent{seq: binary.BigEndian.Uint64(buf), stored: flags&flagStored != 0, origin: flags&flagOrigin != 0, ids: make([]uint64, n)}
	off := intentHeader
	for i := range it.ids {
		it.ids[i] = binary.BigEndian.Uint64(buf[off:])
		off += 8
	}
	it.metrics = append([]byte(nil), buf[off:]...)
	return it, nil
}

// encodeIntents writes a list as a count, then each intent's length and bytes.
func encodeIntents(list []*intent) []byte {
	buf := binary.BigEndian.AppendUint32(nil, uint32(len(list)))
	for _, it := range list {
		b := it.encode()
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(b)))
		buf = append(buf, b...)
	}
	return buf
}

func decodeIntents(buf []byte) ([]*intent, error) {
	if len(buf) == 0 {
		return nil, nil
	}
	if len(buf) < 4 {
		return nil, errCorrupt
	}
	n := int(binary.BigEndian.Uint32(buf))
	buf = buf[4:]
	list := make([]*intent, 0, n)
	for range n {
		if len(buf) < 4 {
			return nil, errCorrupt
		}
		size := int(binary.BigEndian.Uint32(buf))
		if len(buf) < 4+size {
			return nil, errCorrupt
		}
		it, err := decodeIntent(buf[4 : 4+size])
		if err != nil {
			return nil, err
		}
		list = append(list, it)
		buf = buf[4+size:]
	}
	return list, nil
}
