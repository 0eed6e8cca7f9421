#include "store/key_value.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace parley::store {

absl::StatusOr<std::optional<std::string>> ReadResult(
    const rocksdb::Status& status, std::string value,
    rocksdb::ColumnFamilyHandle* family) {
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "RocksDB read from ", family->GetName(), " failed: ", status.ToString()));
  }
  return value;
}

std::shared_ptr<const rocksdb::Snapshot> TakeSnapshot(rocksdb::DB* db) {
  return std::shared_ptr<const rocksdb::Snapshot>(
      db->GetSnapshot(), [db](const rocksdb::Snapshot* snapshot) { db->ReleaseSnapshot(snapshot); });
}

SnapshotReader::SnapshotReader(rocksdb::DB* db) : SnapshotReader(db, TakeSnapshot(db)) {}

SnapshotReader::SnapshotReader(rocksdb::DB* db,
                               std::shared_ptr<const rocksdb::Snapshot> snapshot)
    : db_(db), snapshot_(std::move(snapshot)) {
  read_options_.snapshot = snapshot_.get();
}

absl::StatusOr<std::optional<std::string>> SnapshotReader::Get(
    rocksdb::ColumnFamilyHandle* column_family, absl::string_view key) {
  std::string value;
  rocksdb::Status status =
      db_->Get(read_options_, column_family,
               rocksdb::Slice(key.data(), key.size()), &value);
  return ReadResult(status, std::move(value), column_family);
}

std::unique_ptr<rocksdb::Iterator> SnapshotReader::NewIterator(
    rocksdb::ColumnFamilyHandle* column_family) {
  return std::unique_ptr<rocksdb::Iterator>(
      db_->NewIterator(read_options_, column_family));
}

namespace {

rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}

}  // namespace

absl::StatusOr<std::optional<std::string>> IndexedBatchView::Get(
    rocksdb::ColumnFamilyHandle* column_family, absl::string_view key) {
  std::string value;
  rocksdb::Status status = batch_->GetFromBatchAndDB(
      db_, rocksdb::ReadOptions(), column_family, ToSlice(key), &value);
  return ReadResult(status, std::move(value), column_family);
}

std::unique_ptr<rocksdb::Iterator> IndexedBatchView::NewIterator(
    rocksdb::ColumnFamilyHandle* column_family) {
  return std::unique_ptr<rocksdb::Iterator>(batch_->NewIteratorWithBase(
      column_family, db_->NewIterator(rocksdb::ReadOptions(), column_family)));
}

void IndexedBatchView::Put(rocksdb::ColumnFamilyHandle* column_family,
                           absl::string_view key, absl::string_view value) {
  // WriteBatchWithIndex::Put fails only on a batch over its size limit,
  // which the store never sets.
  batch_->Put(column_family, ToSlice(key), ToSlice(value)).PermitUncheckedError();
}

void IndexedBatchView::Delete(rocksdb::ColumnFamilyHandle* column_family,
                              absl::string_view key) {
  batch_->Delete(column_family, ToSlice(key)).PermitUncheckedError();
}

}  // namespace parley::store
