#ifndef PARLEY_TESTS_ANALYTICS_ANALYTICS_TESTING_H_
#define PARLEY_TESTS_ANALYTICS_ANALYTICS_TESTING_H_

// Helpers that feed hand-built event records, with timestamps the test
// chooses, to an AnalyticsProjection bound to a real EventStore's database.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "parley/v1/events.pb.h"
#include "projections/analytics_projection.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "store/event_store.h"
#include "store/key_value.h"

namespace parley::projections::testing {

inline rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}

// A BatchView over a WriteBatchWithIndex on `db`, as the store's writer
// uses: reads see the committed database plus this batch, and Commit writes
// the batch. Not thread-safe.
class IndexedBatchView : public store::BatchView {
 public:
  explicit IndexedBatchView(rocksdb::DB* db)
      : db_(db), batch_(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true) {}

  absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* column_family, absl::string_view key) override {
    std::string value;
    rocksdb::Status status = batch_.GetFromBatchAndDB(db_, rocksdb::ReadOptions(),
                                                      column_family, ToSlice(key), &value);
    if (status.IsNotFound()) return std::nullopt;
    if (!status.ok()) return absl::UnavailableError(status.ToString());
    return value;
  }

  std::unique_ptr<rocksdb::Iterator> NewIterator(
      rocksdb::ColumnFamilyHandle* column_family) override {
    return std::unique_ptr<rocksdb::Iterator>(batch_.NewIteratorWithBase(
        column_family, db_->NewIterator(rocksdb::ReadOptions(), column_family)));
  }

  void Put(rocksdb::ColumnFamilyHandle* column_family, absl::string_view key,
           absl::string_view value) override {
    EXPECT_TRUE(batch_.Put(column_family, ToSlice(key), ToSlice(value)).ok());
  }

  void Delete(rocksdb::ColumnFamilyHandle* column_family,
              absl::string_view key) override {
    EXPECT_TRUE(batch_.Delete(column_family, ToSlice(key)).ok());
  }

  // Writes the batch to the database and starts an empty one.
  absl::Status Commit() {
    rocksdb::Status status = db_->Write(rocksdb::WriteOptions(), batch_.GetWriteBatch());
    batch_.Clear();
    if (!status.ok()) return absl::UnavailableError(status.ToString());
    return absl::OkStatus();
  }

 private:
  rocksdb::DB* const db_;
  rocksdb::WriteBatchWithIndex batch_;
};

// Builds event records the way the store writes them: gap-free positions,
// versions 1..n per stream, stream id = discussion id in decimal. Message
// numbers count up per discussion, and StatusChanged.from is the status the
// previous StatusChanged (or the creation) left. Not thread-safe.
class EventBuilder {
 public:
  parley::v1::EventRecord Created(uint64_t discussion_id, parley::v1::Category category,
                                  int64_t at_ms) {
    parley::v1::DiscussionCreated created;
    created.set_discussion_id(discussion_id);
    created.set_customer_id("alice");
    created.set_category(category);
    statuses_[discussion_id] = parley::v1::STATUS_OUTSTANDING;
    return Wrap(discussion_id, at_ms, created);
  }

  parley::v1::EventRecord Posted(uint64_t discussion_id, parley::v1::MessageType type,
                                 int64_t at_ms) {
    parley::v1::MessagePosted posted;
    posted.set_discussion_id(discussion_id);
    posted.set_message_id(++last_message_id_);
    posted.set_number(++message_counts_[discussion_id]);
    posted.set_type(type);
    posted.set_text(type == parley::v1::MESSAGE_TYPE_QUERY ? "a question" : "an answer");
    return Wrap(discussion_id, at_ms, posted);
  }

  parley::v1::EventRecord StatusChanged(uint64_t discussion_id, parley::v1::Status to,
                                        int64_t at_ms) {
    parley::v1::StatusChanged changed;
    changed.set_discussion_id(discussion_id);
    changed.set_from(statuses_[discussion_id]);
    changed.set_to(to);
    changed.set_reason("agent");
    statuses_[discussion_id] = to;
    return Wrap(discussion_id, at_ms, changed);
  }

  // Status the discussion's events have left it in.
  parley::v1::Status status(uint64_t discussion_id) const {
    auto it = statuses_.find(discussion_id);
    return it == statuses_.end() ? parley::v1::STATUS_UNSPECIFIED : it->second;
  }

  parley::v1::EventRecord Assigned(uint64_t discussion_id, int64_t at_ms) {
    parley::v1::AgentAssigned assigned;
    assigned.set_discussion_id(discussion_id);
    assigned.set_agent("ada");
    return Wrap(discussion_id, at_ms, assigned);
  }

 private:
  parley::v1::EventRecord Wrap(uint64_t discussion_id, int64_t at_ms,
                               const google::protobuf::Message& payload) {
    parley::v1::EventRecord record;
    record.set_position(++last_position_);
    record.set_stream_id(absl::StrCat(discussion_id));
    record.set_version(++versions_[discussion_id]);
    record.set_type(payload.GetDescriptor()->name());
    record.set_timestamp_ms(at_ms);
    record.mutable_payload()->PackFrom(payload);
    return record;
  }

  uint64_t last_position_ = 0;
  uint64_t last_message_id_ = 0;
  std::map<uint64_t, uint64_t> versions_;
  std::map<uint64_t, uint32_t> message_counts_;
  std::map<uint64_t, parley::v1::Status> statuses_;
};

// An AnalyticsProjection that keeps the handle of its column family, so a
// test can read the raw entries.
class InspectableAnalyticsProjection : public AnalyticsProjection {
 public:
  void Bind(std::vector<rocksdb::ColumnFamilyHandle*> handles) override {
    family_ = handles.at(0);
    AnalyticsProjection::Bind(std::move(handles));
  }

  rocksdb::ColumnFamilyHandle* family() const { return family_; }

 private:
  rocksdb::ColumnFamilyHandle* family_ = nullptr;
};

// Every key and value of `family`, in key order.
inline std::vector<std::pair<std::string, std::string>> ReadFamily(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family) {
  std::vector<std::pair<std::string, std::string>> entries;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), family));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    entries.emplace_back(it->key().ToString(), it->value().ToString());
  }
  EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  return entries;
}

}  // namespace parley::projections::testing

#endif  // PARLEY_TESTS_ANALYTICS_ANALYTICS_TESTING_H_
