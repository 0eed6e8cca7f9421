#ifndef PARLEY_STORE_GROUP_BATCH_H_
#define PARLEY_STORE_GROUP_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "store/key_value.h"

namespace parley::store {

class RecentValues;

// The writes of one writer group: for each key, the last value written or a
// delete. Commands write through a GroupBatchView, so each command reads
// what the commands before it wrote.
//
// A group rewrites some keys many times (the last position, sequences,
// counters). The batch keeps one record per key, and Compact() turns it
// into the batch to commit, in key order within each column family. Sorted
// keys make RocksDB's memtable inserts cheaper, because each insert starts
// its search where the previous one ended.
//
// A save point marks the start of a command; rolling back to it undoes the
// command's writes. There is one save point at a time.
//
// Not thread-safe: one group on one thread.
class GroupBatch {
 public:
  GroupBatch() = default;

  GroupBatch(const GroupBatch&) = delete;
  GroupBatch& operator=(const GroupBatch&) = delete;

  void Put(rocksdb::ColumnFamilyHandle* family, absl::string_view key,
           absl::string_view value);
  void Delete(rocksdb::ColumnFamilyHandle* family, absl::string_view key);

  // The group's record of `key`: nullptr when the group has not written
  // it, else the value, or std::nullopt for a delete. Valid until the next
  // write.
  const std::optional<std::string>* Find(rocksdb::ColumnFamilyHandle* family,
                                         absl::string_view key) const;

  // Calls `visit` with each column family the group wrote and its records,
  // a map from key to record.
  template <typename Visit>
  void ForEachFamily(Visit visit) const {
    for (const Family& written : families_) visit(written.handle, written.records);
  }

  // Starts a command. Replaces any earlier save point.
  void SetSavePoint();
  // Undoes every write since the save point, and removes it.
  void RollbackToSavePoint();
  // Keeps the writes since the save point, and removes it.
  void DiscardSavePoint();

  // Keys the group writes, each counted once.
  size_t keys() const;

  // Returns the batch to commit, or INTERNAL when RocksDB fails to encode a
  // record.
  absl::StatusOr<rocksdb::WriteBatch> Compact() const;

 private:
  using Record = std::optional<std::string>;

  struct Family {
    rocksdb::ColumnFamilyHandle* handle;
    absl::flat_hash_map<std::string, Record> records;
  };

  // A key's record before one write of the running command.
  struct Undo {
    size_t family;
    std::string key;
    std::optional<Record> before;  // std::nullopt: the group had no record.
  };

  size_t FamilyIndex(rocksdb::ColumnFamilyHandle* family);
  void Write(rocksdb::ColumnFamilyHandle* family, absl::string_view key, Record record);

  // A store has about a dozen families, so a scan beats a map.
  std::vector<Family> families_;
  bool has_save_point_ = false;
  std::vector<Undo> undo_;
  // Estimated encoded size of every write, overwritten ones included.
  size_t bytes_ = 0;
};

// Reads and writes through a GroupBatch: reads see the batch over the
// database as it is now, writes go to the batch only. Not thread-safe.
class GroupBatchView final : public BatchView {
 public:
  // `db`, `batch` and `recent` must outlive the view. When `recent` is not
  // null, reads look there before the database.
  GroupBatchView(rocksdb::DB* db, GroupBatch* batch, RecentValues* recent = nullptr)
      : db_(db), batch_(batch), recent_(recent) {}

  absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* column_family,
      absl::string_view key) override;
  // The iterator reads a copy of the batch's records in the family, so
  // later writes do not show in it.
  std::unique_ptr<rocksdb::Iterator> NewIterator(
      rocksdb::ColumnFamilyHandle* column_family) override;
  void Put(rocksdb::ColumnFamilyHandle* column_family, absl::string_view key,
           absl::string_view value) override {
    batch_->Put(column_family, key, value);
  }
  void Delete(rocksdb::ColumnFamilyHandle* column_family,
              absl::string_view key) override {
    batch_->Delete(column_family, key);
  }

 private:
  rocksdb::DB* const db_;
  GroupBatch* const batch_;
  RecentValues* const recent_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_GROUP_BATCH_H_
