#include "store/group_batch.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"

namespace parley::store {

GroupBatch::GroupBatch()
    : index_(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true) {}

absl::StatusOr<rocksdb::WriteBatch> GroupBatch::Compact() {
  // Any family order is correct. Sorting by id gives the batch the same
  // layout from run to run.
  std::sort(families_.begin(), families_.end(),
            [](rocksdb::ColumnFamilyHandle* a, rocksdb::ColumnFamilyHandle* b) {
              return a->GetID() < b->GetID();
            });
  rocksdb::WriteBatch batch(index_.GetWriteBatch()->GetDataSize());
  for (rocksdb::ColumnFamilyHandle* family : families_) {
    std::unique_ptr<rocksdb::WBWIIterator> it(index_.NewIterator(family));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const rocksdb::WriteEntry entry = it->Entry();
      rocksdb::Status status;
      switch (entry.type) {
        case rocksdb::kPutRecord:
          status = batch.Put(family, entry.key, entry.value);
          break;
        case rocksdb::kDeleteRecord:
          status = batch.Delete(family, entry.key);
          break;
        default:
          return absl::InternalError(absl::StrCat(
              "the group batch contains a record of type ", entry.type, " in ",
              family->GetName(), ", but only puts and deletes can be compacted"));
      }
      if (!status.ok()) {
        return absl::InternalError(
            absl::StrCat("compacting the group batch failed: ", status.ToString()));
      }
    }
    if (!it->status().ok()) {
      return absl::InternalError(absl::StrCat("reading the group batch of ",
                                              family->GetName(),
                                              " failed: ", it->status().ToString()));
    }
  }
  return batch;
}

}  // namespace parley::store
