#include "store/recent_values.h"

#include <algorithm>
#include <utility>

namespace parley::store {
namespace {

// Bytes a kept record costs besides its key and value: the map's slot and
// the strings' own size, as an estimate.
constexpr size_t kRecordOverhead = 80;

}  // namespace

RecentValues::RecentValues(size_t generation_bytes, std::vector<uint32_t> uncached_families)
    : generation_bytes_(generation_bytes), uncached_families_(std::move(uncached_families)) {}

const RecentValues::Record* RecentValues::FindIn(const Generation& generation,
                                                 uint32_t family_id, absl::string_view key) {
  for (const auto& [id, records] : generation.families) {
    if (id != family_id) continue;
    auto it = records.find(key);
    return it == records.end() ? nullptr : &it->second;
  }
  return nullptr;
}

const std::optional<std::string>* RecentValues::Find(uint32_t family_id,
                                                     absl::string_view key) {
  if (std::find(read_families_.begin(), read_families_.end(), family_id) ==
      read_families_.end()) {
    read_families_.push_back(family_id);
  }
  if (const Record* record = FindIn(newer_, family_id, key)) return record;
  return FindIn(older_, family_id, key);
}

void RecentValues::Add(const GroupBatch& batch) {
  if (newer_.bytes >= generation_bytes_) {
    older_ = std::move(newer_);
    newer_ = Generation();
  }
  batch.ForEachFamily([&](rocksdb::ColumnFamilyHandle* family, const auto& records) {
    const uint32_t id = family->GetID();
    if (std::find(read_families_.begin(), read_families_.end(), id) == read_families_.end() ||
        std::find(uncached_families_.begin(), uncached_families_.end(), id) !=
            uncached_families_.end()) {
      return;
    }
    auto slot = std::find_if(newer_.families.begin(), newer_.families.end(),
                             [id](const auto& kept) { return kept.first == id; });
    if (slot == newer_.families.end()) {
      slot = newer_.families.insert(newer_.families.end(), {id, {}});
    }
    for (const auto& [key, record] : records) {
      newer_.bytes += key.size() + (record.has_value() ? record->size() : 0) + kRecordOverhead;
      slot->second.insert_or_assign(key, record);
    }
  });
}

}  // namespace parley::store
