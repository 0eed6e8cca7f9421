#ifndef PARLEY_STORE_PROJECTION_REBUILD_H_
#define PARLEY_STORE_PROJECTION_REBUILD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "store/event_store.h"

namespace parley::store {

// Replays every event of `events` (the log's events column family in
// `source`) through `projections`, writing into `target`, whose handles the
// projections are bound to. Commits every `batch_events` events, syncing
// the last write. Returns the number of events replayed.
absl::StatusOr<uint64_t> ReplayEvents(rocksdb::DB* source,
                                      rocksdb::ColumnFamilyHandle* events,
                                      rocksdb::DB* target,
                                      const std::vector<Projection*>& projections,
                                      size_t batch_events = 10'000);

// A key where a live projection and its rebuild disagree.
struct ProjectionDifference {
  enum class Kind { kMissingFromLive, kExtraInLive, kValueDiffers };
  std::string column_family;
  std::string key;
  Kind kind;
};

// Returns a readable form of `difference`, with the key in hex.
std::string DescribeDifference(const ProjectionDifference& difference);

// Compares every key and value of two column families, returning at most
// `max_differences` differences in key order.
absl::StatusOr<std::vector<ProjectionDifference>> CompareColumnFamilies(
    rocksdb::DB* live_db, rocksdb::ColumnFamilyHandle* live,
    rocksdb::DB* rebuilt_db, rocksdb::ColumnFamilyHandle* rebuilt,
    size_t max_differences);

}  // namespace parley::store

#endif  // PARLEY_STORE_PROJECTION_REBUILD_H_
