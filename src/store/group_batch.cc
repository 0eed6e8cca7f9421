#include "store/group_batch.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "store/recent_values.h"

namespace parley::store {
namespace {

rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// Bytes a WriteBatch spends on one record besides its key and value: the
// type, the family id and two lengths, each a byte or a few.
constexpr size_t kRecordOverhead = 12;

}  // namespace

size_t GroupBatch::FamilyIndex(rocksdb::ColumnFamilyHandle* family) {
  for (size_t i = 0; i < families_.size(); ++i) {
    if (families_[i].handle == family) return i;
  }
  families_.push_back(Family{family, {}});
  return families_.size() - 1;
}

void GroupBatch::Write(rocksdb::ColumnFamilyHandle* family, absl::string_view key,
                       Record record) {
  bytes_ += key.size() + (record.has_value() ? record->size() : 0) + kRecordOverhead;
  const size_t index = FamilyIndex(family);
  auto [it, inserted] = families_[index].records.try_emplace(key);
  if (has_save_point_) {
    Undo& undo = undo_.emplace_back(Undo{index, std::string(key), std::nullopt});
    // The slot is overwritten next, so its old record can move.
    if (!inserted) undo.before = std::move(it->second);
  }
  it->second = std::move(record);
}

void GroupBatch::Put(rocksdb::ColumnFamilyHandle* family, absl::string_view key,
                     absl::string_view value) {
  Write(family, key, std::string(value));
}

void GroupBatch::Delete(rocksdb::ColumnFamilyHandle* family, absl::string_view key) {
  Write(family, key, std::nullopt);
}

const std::optional<std::string>* GroupBatch::Find(rocksdb::ColumnFamilyHandle* family,
                                                   absl::string_view key) const {
  for (const Family& written : families_) {
    if (written.handle != family) continue;
    auto it = written.records.find(key);
    return it == written.records.end() ? nullptr : &it->second;
  }
  return nullptr;
}

void GroupBatch::SetSavePoint() {
  has_save_point_ = true;
  undo_.clear();
}

void GroupBatch::RollbackToSavePoint() {
  // Newest first, so a key written twice gets back the record it had
  // before the command.
  for (auto undo = undo_.rbegin(); undo != undo_.rend(); ++undo) {
    auto& records = families_[undo->family].records;
    if (undo->before.has_value()) {
      records[undo->key] = std::move(*undo->before);
    } else {
      records.erase(undo->key);
    }
  }
  DiscardSavePoint();
}

void GroupBatch::DiscardSavePoint() {
  has_save_point_ = false;
  undo_.clear();
}

size_t GroupBatch::keys() const {
  size_t count = 0;
  for (const Family& family : families_) count += family.records.size();
  return count;
}

absl::StatusOr<rocksdb::WriteBatch> GroupBatch::Compact() const {
  // Any family order is correct. Sorting by id gives the batch the same
  // layout from run to run.
  std::vector<const Family*> families;
  for (const Family& family : families_) {
    if (!family.records.empty()) families.push_back(&family);
  }
  std::sort(families.begin(), families.end(), [](const Family* a, const Family* b) {
    return a->handle->GetID() < b->handle->GetID();
  });

  rocksdb::WriteBatch batch(bytes_);
  std::vector<const std::pair<const std::string, Record>*> entries;
  for (const Family* family : families) {
    entries.clear();
    for (const auto& entry : family->records) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
    for (const auto* entry : entries) {
      const rocksdb::Status status =
          entry->second.has_value()
              ? batch.Put(family->handle, entry->first, *entry->second)
              : batch.Delete(family->handle, entry->first);
      if (!status.ok()) {
        return absl::InternalError(
            absl::StrCat("encoding the group batch failed: ", status.ToString()));
      }
    }
  }
  return batch;
}

absl::StatusOr<std::optional<std::string>> GroupBatchView::Get(
    rocksdb::ColumnFamilyHandle* column_family, absl::string_view key) {
  if (const std::optional<std::string>* record = batch_->Find(column_family, key)) {
    return *record;
  }
  if (recent_ != nullptr) {
    if (const std::optional<std::string>* record =
            recent_->Find(column_family->GetID(), key)) {
      return *record;
    }
  }
  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), column_family, ToSlice(key), &value);
  return ReadResult(status, std::move(value), column_family);
}

std::unique_ptr<rocksdb::Iterator> GroupBatchView::NewIterator(
    rocksdb::ColumnFamilyHandle* column_family) {
  // Commands seldom iterate, so the records are sorted only when one does.
  auto* index = new rocksdb::WriteBatchWithIndex(rocksdb::BytewiseComparator(), 0,
                                                 /*overwrite_key=*/true);
  batch_->ForEachFamily([&](rocksdb::ColumnFamilyHandle* family, const auto& records) {
    if (family != column_family) return;
    for (const auto& [key, record] : records) {
      // Fails only on a batch over its size limit, and this one has none.
      rocksdb::Status status = record.has_value() ? index->Put(family, key, *record)
                                                  : index->Delete(family, key);
      status.PermitUncheckedError();
    }
  });
  rocksdb::Iterator* it = index->NewIteratorWithBase(
      column_family, db_->NewIterator(rocksdb::ReadOptions(), column_family));
  // The iterator owns the index: cleanups run after it is destroyed.
  it->RegisterCleanup(
      [](void* arg, void*) { delete static_cast<rocksdb::WriteBatchWithIndex*>(arg); },
      index, nullptr);
  return std::unique_ptr<rocksdb::Iterator>(it);
}

}  // namespace parley::store
