#ifndef PARLEY_STORE_KEY_VALUE_H_
#define PARLEY_STORE_KEY_VALUE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/write_batch_with_index.h"

namespace parley::store {

// Read access to the store's column families. Implemented by a snapshot of
// the committed database (SnapshotReader) and by the writer's pending batch
// (BatchView), so projection queries run unchanged in both places.
class KeyValueReader {
 public:
  virtual ~KeyValueReader() = default;

  // Returns the value of `key`, std::nullopt when the key is absent, or an
  // error when RocksDB fails to read.
  virtual absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* column_family, absl::string_view key) = 0;

  // Returns an iterator over `column_family`. The iterator must not outlive
  // this reader.
  virtual std::unique_ptr<rocksdb::Iterator> NewIterator(
      rocksdb::ColumnFamilyHandle* column_family) = 0;
};

// Read and write access during one command. Writes go to the writer's batch
// and become visible to later reads through this view at once, and to the
// rest of the process only when the whole batch is committed.
class BatchView : public KeyValueReader {
 public:
  virtual void Put(rocksdb::ColumnFamilyHandle* column_family,
                   absl::string_view key, absl::string_view value) = 0;
  virtual void Delete(rocksdb::ColumnFamilyHandle* column_family,
                      absl::string_view key) = 0;
};

// Turns the outcome of a RocksDB read of one key into a reader's result:
// the value, std::nullopt for NotFound, or UNAVAILABLE naming `family`.
absl::StatusOr<std::optional<std::string>> ReadResult(
    const rocksdb::Status& status, std::string value,
    rocksdb::ColumnFamilyHandle* family);

// Takes a snapshot of `db` that is released when the last copy of the
// pointer goes. `db` must outlive every copy.
std::shared_ptr<const rocksdb::Snapshot> TakeSnapshot(rocksdb::DB* db);

// A consistent, read-only view of the database at one snapshot.
// Not thread-safe: use one reader per thread.
class SnapshotReader : public KeyValueReader {
 public:
  // Reads the database as it is now. `db` must outlive this reader.
  explicit SnapshotReader(rocksdb::DB* db);
  // Reads `snapshot` of `db`, which must outlive this reader.
  SnapshotReader(rocksdb::DB* db, std::shared_ptr<const rocksdb::Snapshot> snapshot);

  SnapshotReader(SnapshotReader&&) = default;
  SnapshotReader& operator=(SnapshotReader&&) = delete;

  absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* column_family,
      absl::string_view key) override;
  std::unique_ptr<rocksdb::Iterator> NewIterator(
      rocksdb::ColumnFamilyHandle* column_family) override;

 private:
  rocksdb::DB* db_;
  std::shared_ptr<const rocksdb::Snapshot> snapshot_;
  rocksdb::ReadOptions read_options_;
};

// Reads and writes through a WriteBatchWithIndex: reads see the batch over
// the database, writes go to the batch only. Not thread-safe.
class IndexedBatchView final : public BatchView {
 public:
  // `db` and `batch` must outlive the view; `batch` must be created with
  // overwrite_key = true so iterators see one value per key.
  IndexedBatchView(rocksdb::DB* db, rocksdb::WriteBatchWithIndex* batch)
      : db_(db), batch_(batch) {}

  absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* column_family,
      absl::string_view key) override;
  std::unique_ptr<rocksdb::Iterator> NewIterator(
      rocksdb::ColumnFamilyHandle* column_family) override;
  void Put(rocksdb::ColumnFamilyHandle* column_family, absl::string_view key,
           absl::string_view value) override;
  void Delete(rocksdb::ColumnFamilyHandle* column_family,
              absl::string_view key) override;

 private:
  rocksdb::DB* const db_;
  rocksdb::WriteBatchWithIndex* const batch_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_KEY_VALUE_H_
