#include "store/projection_rebuild.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "store/key_value.h"

namespace parley::store {
namespace {

absl::Status WriteBatch(rocksdb::DB* target, rocksdb::WriteBatchWithIndex& batch,
                        bool sync) {
  rocksdb::WriteOptions options;
  options.sync = sync;
  rocksdb::Status status = target->Write(options, batch.GetWriteBatch());
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "writing rebuilt projections failed: ", status.ToString()));
  }
  batch.Clear();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<uint64_t> ReplayEvents(rocksdb::DB* source,
                                      rocksdb::ColumnFamilyHandle* events,
                                      rocksdb::DB* target,
                                      const std::vector<Projection*>& projections,
                                      size_t batch_events) {
  SnapshotReader reader(source);
  std::unique_ptr<rocksdb::Iterator> it = reader.NewIterator(events);
  rocksdb::WriteBatchWithIndex batch(rocksdb::BytewiseComparator(), 0,
                                     /*overwrite_key=*/true);
  IndexedBatchView view(target, &batch);
  uint64_t replayed = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    parley::v1::EventRecord record;
    if (!record.ParseFromArray(it->value().data(),
                               static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat(
          "event after position ", replayed, " does not parse"));
    }
    for (Projection* projection : projections) {
      if (absl::Status status = projection->Apply(record, view); !status.ok()) {
        return absl::Status(status.code(), absl::StrCat(
            "replaying position ", record.position(), ": ", status.message()));
      }
    }
    if (++replayed % batch_events == 0) {
      if (absl::Status status = WriteBatch(target, batch, false); !status.ok()) {
        return status;
      }
    }
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(absl::StrCat("reading the log failed: ",
                                               it->status().ToString()));
  }
  if (absl::Status status = WriteBatch(target, batch, true); !status.ok()) {
    return status;
  }
  return replayed;
}

std::string DescribeDifference(const ProjectionDifference& difference) {
  const char* what = "value differs";
  switch (difference.kind) {
    case ProjectionDifference::Kind::kMissingFromLive:
      what = "missing from the live projection";
      break;
    case ProjectionDifference::Kind::kExtraInLive:
      what = "in the live projection but not in the rebuild";
      break;
    case ProjectionDifference::Kind::kValueDiffers:
      break;
  }
  return absl::StrCat(difference.column_family, " key ",
                      absl::BytesToHexString(difference.key), ": ", what);
}

absl::StatusOr<std::vector<ProjectionDifference>> CompareColumnFamilies(
    rocksdb::DB* live_db, rocksdb::ColumnFamilyHandle* live,
    rocksdb::DB* rebuilt_db, rocksdb::ColumnFamilyHandle* rebuilt,
    size_t max_differences) {
  std::vector<ProjectionDifference> differences;
  SnapshotReader live_reader(live_db);
  SnapshotReader rebuilt_reader(rebuilt_db);
  std::unique_ptr<rocksdb::Iterator> a = live_reader.NewIterator(live);
  std::unique_ptr<rocksdb::Iterator> b = rebuilt_reader.NewIterator(rebuilt);
  a->SeekToFirst();
  b->SeekToFirst();
  const std::string name = live->GetName();
  auto add = [&](const rocksdb::Slice& key, ProjectionDifference::Kind kind) {
    differences.push_back({name, key.ToString(), kind});
  };
  while ((a->Valid() || b->Valid()) && differences.size() < max_differences) {
    const int order = !a->Valid()   ? 1
                      : !b->Valid() ? -1
                                    : a->key().compare(b->key());
    if (order < 0) {
      add(a->key(), ProjectionDifference::Kind::kExtraInLive);
      a->Next();
    } else if (order > 0) {
      add(b->key(), ProjectionDifference::Kind::kMissingFromLive);
      b->Next();
    } else {
      if (a->value() != b->value()) add(a->key(), ProjectionDifference::Kind::kValueDiffers);
      a->Next();
      b->Next();
    }
  }
  if (!a->status().ok() || !b->status().ok()) {
    return absl::UnavailableError(absl::StrCat("comparing ", name, " failed: ",
                                               a->status().ToString(), " / ",
                                               b->status().ToString()));
  }
  return differences;
}

}  // namespace parley::store
