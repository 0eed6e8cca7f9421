#include "store/key_value.h"

#include "absl/strings/str_cat.h"

namespace parley::store {

SnapshotReader::SnapshotReader(rocksdb::DB* db)
    : db_(db), snapshot_(db->GetSnapshot()) {
  read_options_.snapshot = snapshot_;
}

SnapshotReader::~SnapshotReader() { db_->ReleaseSnapshot(snapshot_); }

absl::StatusOr<std::optional<std::string>> SnapshotReader::Get(
    rocksdb::ColumnFamilyHandle* column_family, absl::string_view key) {
  std::string value;
  rocksdb::Status status =
      db_->Get(read_options_, column_family,
               rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat("RocksDB read from ",
                                               column_family->GetName(),
                                               " failed: ", status.ToString()));
  }
  return value;
}

std::unique_ptr<rocksdb::Iterator> SnapshotReader::NewIterator(
    rocksdb::ColumnFamilyHandle* column_family) {
  return std::unique_ptr<rocksdb::Iterator>(
      db_->NewIterator(read_options_, column_family));
}

}  // namespace parley::store
