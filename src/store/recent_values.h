#ifndef PARLEY_STORE_RECENT_VALUES_H_
#define PARLEY_STORE_RECENT_VALUES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "store/group_batch.h"

namespace parley::store {

// The records of the groups the writer wrote last, so that commands on
// active streams read their state without searching the memtables.
//
// Records live in two generations. New records go to the newer one; when
// it reaches `generation_bytes`, it replaces the older one, which is
// dropped. So the newest writes are always kept. A generation fills up by
// whole groups, so memory stays under about twice `generation_bytes` plus
// one group's records; the byte count is an estimate.
//
// Only families that commands have read from are kept, so the many keys
// the writer never reads back (the log itself, message bodies, list
// entries) cost nothing here. A record is the database's latest value only
// while nothing but the writer writes its column family, so families that
// other code writes too are left out. Families are named by id, which
// RocksDB never reuses, so a dropped and recreated family starts empty.
//
// Not thread-safe: the writer thread owns it.
class RecentValues {
 public:
  RecentValues(size_t generation_bytes, std::vector<uint32_t> uncached_families);

  RecentValues(const RecentValues&) = delete;
  RecentValues& operator=(const RecentValues&) = delete;

  // The newest record of `key`: nullptr when none is kept, else the value,
  // or std::nullopt for a delete. Valid until the next Add. Later Adds
  // keep the records of `family_id`.
  const std::optional<std::string>* Find(uint32_t family_id, absl::string_view key);

  // Keeps the records of `batch`, which the database has just written.
  void Add(const GroupBatch& batch);

 private:
  using Record = std::optional<std::string>;

  struct Generation {
    // A store has about a dozen families, so a scan beats a map.
    std::vector<std::pair<uint32_t, absl::flat_hash_map<std::string, Record>>> families;
    size_t bytes = 0;
  };

  static const Record* FindIn(const Generation& generation, uint32_t family_id,
                              absl::string_view key);

  const size_t generation_bytes_;
  const std::vector<uint32_t> uncached_families_;
  std::vector<uint32_t> read_families_;
  Generation newer_;
  Generation older_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_RECENT_VALUES_H_
