#ifndef PARLEY_STORE_GROUP_BATCH_H_
#define PARLEY_STORE_GROUP_BATCH_H_

#include <vector>

#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "rocksdb/write_batch.h"

namespace parley::store {

// The writes of one writer group. Commands write through an IndexedBatchView
// over index(), so each command reads what the commands before it wrote.
//
// A group rewrites some keys many times (the last position, sequences,
// counters), and the index keeps every record. Compact() turns the group
// into the batch to commit: one record per key, the last one written, in key
// order within each column family. Sorted keys make RocksDB's memtable
// inserts cheaper, because each insert starts its search where the previous
// one ended.
//
// Not thread-safe: one group on one thread.
class GroupBatch {
 public:
  GroupBatch();

  GroupBatch(const GroupBatch&) = delete;
  GroupBatch& operator=(const GroupBatch&) = delete;

  rocksdb::WriteBatchWithIndex& index() { return index_; }

  // Column families written so far; IndexedBatchView adds to it.
  std::vector<rocksdb::ColumnFamilyHandle*>* written_families() { return &families_; }

  // Records written, overwritten ones included.
  uint32_t records() { return index_.GetWriteBatch()->Count(); }

  // Returns the compacted batch. INTERNAL when the index contains a record
  // other than a put or a delete, which the store never writes.
  absl::StatusOr<rocksdb::WriteBatch> Compact();

 private:
  rocksdb::WriteBatchWithIndex index_;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_GROUP_BATCH_H_
