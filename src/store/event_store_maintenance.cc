// EventStore's offline maintenance: rebuilding and verifying projections.

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"
#include "store/event_store.h"
#include "store/projection_rebuild.h"

namespace parley::store {
namespace {

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(what, " failed: ", status.ToString()));
}

}  // namespace

absl::StatusOr<uint64_t> EventStore::RebuildProjections() {
  // Drop and recreate each projection column family: faster than deleting
  // its keys, and leaves no tombstones behind.
  for (size_t i = first_projection_handle_; i < handles_.size(); ++i) {
    const std::string name = handles_[i]->GetName();
    rocksdb::ColumnFamilyDescriptor descriptor;
    if (absl::Status s = FromRocks(handles_[i]->GetDescriptor(&descriptor),
                                   "reading options of " + name);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = FromRocks(db_->DropColumnFamily(handles_[i]), "dropping " + name);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = FromRocks(db_->DestroyColumnFamilyHandle(handles_[i]),
                                   "closing " + name);
        !s.ok()) {
      return s;
    }
    handles_[i] = nullptr;
    if (absl::Status s = FromRocks(
            db_->CreateColumnFamily(descriptor.options, name, &handles_[i]),
            "creating " + name);
        !s.ok()) {
      return s;
    }
  }
  BindProjections();

  absl::StatusOr<uint64_t> replayed =
      ReplayEvents(db_.get(), families_.events, db_.get(), projections_);
  if (replayed.ok()) spdlog::info("rebuilt projections from {} events", *replayed);
  return replayed;
}

absl::StatusOr<std::vector<ProjectionDifference>> EventStore::VerifyProjections(
    const std::vector<Projection*>& fresh, const std::string& scratch_dir,
    size_t max_differences) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()}};
  for (Projection* projection : fresh) {
    for (const std::string& name : projection->ColumnFamilies()) {
      descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.error_if_exists = true;
  std::vector<rocksdb::ColumnFamilyHandle*> scratch_handles;
  rocksdb::DB* raw = nullptr;
  if (absl::Status s = FromRocks(rocksdb::DB::Open(options, scratch_dir, descriptors,
                                                   &scratch_handles, &raw),
                                 "opening scratch directory " + scratch_dir);
      !s.ok()) {
    return s;
  }
  std::unique_ptr<rocksdb::DB> scratch(raw);
  size_t next = 1;
  for (Projection* projection : fresh) {
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    for (size_t i = 0; i < projection->ColumnFamilies().size(); ++i) {
      handles.push_back(scratch_handles[next++]);
    }
    projection->Bind(std::move(handles));
  }

  absl::StatusOr<std::vector<ProjectionDifference>> differences =
      [&]() -> absl::StatusOr<std::vector<ProjectionDifference>> {
    absl::StatusOr<uint64_t> replayed =
        ReplayEvents(db_.get(), families_.events, scratch.get(), fresh);
    if (!replayed.ok()) return replayed.status();
    std::vector<ProjectionDifference> all;
    for (size_t i = 1; i < scratch_handles.size() && all.size() < max_differences; ++i) {
      rocksdb::ColumnFamilyHandle* live = handles_[first_projection_handle_ + i - 1];
      absl::StatusOr<std::vector<ProjectionDifference>> found = CompareColumnFamilies(
          db_.get(), live, scratch.get(), scratch_handles[i], max_differences - all.size());
      if (!found.ok()) return found.status();
      all.insert(all.end(), found->begin(), found->end());
    }
    return all;
  }();

  for (rocksdb::ColumnFamilyHandle* handle : scratch_handles) {
    scratch->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  return differences;
}

}  // namespace parley::store
