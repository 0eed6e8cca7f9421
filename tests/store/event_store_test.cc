#include "store/event_store.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/v1/events.pb.h"
#include "store/layout.h"
#include "support/temp_dir.h"

namespace parley::store {
namespace {

using ::testing::HasSubstr;
using parley::v1::EventRecord;

// Counts applied events in its own column family, so tests can check that
// projection writes commit or roll back with their events.
class CountingProjection : public Projection {
 public:
  std::vector<std::string> ColumnFamilies() const override { return {"counts"}; }
  void Bind(std::vector<rocksdb::ColumnFamilyHandle*> handles) override {
    family_ = handles[0];
  }
  absl::Status Apply(const EventRecord& event, BatchView& batch) override {
    absl::StatusOr<std::optional<std::string>> count = batch.Get(family_, event.stream_id());
    if (!count.ok()) return count.status();
    const int next = count->has_value() ? std::stoi(**count) + 1 : 1;
    batch.Put(family_, event.stream_id(), std::to_string(next));
    return absl::OkStatus();
  }
  rocksdb::ColumnFamilyHandle* family() const { return family_; }

 private:
  rocksdb::ColumnFamilyHandle* family_ = nullptr;
};

class EventStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    EventStoreOptions options;
    options.data_dir = dir_.path();
    options.projections = {&projection_};
    absl::StatusOr<std::unique_ptr<EventStore>> store = EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  // Appends `count` events to `stream` and returns the command's status.
  absl::Status AppendTo(const std::string& stream, ExpectedVersion expected,
                        int count = 1, CommandOptions options = {}) {
    if (options.actor.empty()) options.actor = "customer:1";
    absl::StatusOr<std::string> result = store_->Execute(
        options, [&](Transaction& txn) -> absl::StatusOr<std::string> {
          parley::v1::AgentAssigned payload;
          payload.set_agent("ada");
          std::vector<NewEvent> events(count, NewEvent{&payload});
          absl::StatusOr<std::vector<EventRecord>> records =
              txn.Append(stream, expected, events);
          if (!records.ok()) return records.status();
          return std::to_string(records->back().position());
        });
    last_result_ = result.ok() ? *result : "";
    return result.status();
  }

  std::string ProjectionCount(const std::string& stream) {
    std::string value;
    rocksdb::Status status = store_->db()->Get(
        rocksdb::ReadOptions(), projection_.family(), stream, &value);
    return status.ok() ? value : "absent";
  }

  parley::testing::TempDir dir_;
  CountingProjection projection_;
  std::unique_ptr<EventStore> store_;
  std::string last_result_;
};

TEST_F(EventStoreTest, AppendAssignsGapFreePositionsAndVersions) {
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::NoStream(), 2).ok());
  ASSERT_TRUE(AppendTo("8", ExpectedVersion::NoStream()).ok());
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::Exactly(2)).ok());

  EXPECT_EQ(store_->LastPosition(), 4u);
  absl::StatusOr<std::vector<EventRecord>> stream = store_->ReadStream("7", 1, 10);
  ASSERT_TRUE(stream.ok()) << stream.status();
  ASSERT_EQ(stream->size(), 3u);
  EXPECT_EQ((*stream)[0].position(), 1u);
  EXPECT_EQ((*stream)[1].position(), 2u);
  EXPECT_EQ((*stream)[2].position(), 4u);
  EXPECT_EQ((*stream)[2].version(), 3u);
  EXPECT_EQ((*stream)[2].type(), "AgentAssigned");
  EXPECT_EQ((*stream)[2].actor(), "customer:1");
  EXPECT_EQ((*stream)[2].event_id().size(), 16u);
  EXPECT_EQ((*stream)[2].schema_version(), kEventSchemaVersion);
}

TEST_F(EventStoreTest, ConflictNamesBothVersionsAndAppendsNothing) {
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::NoStream(), 2).ok());

  absl::Status status = AppendTo("7", ExpectedVersion::Exactly(1));
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(status.message(), HasSubstr("is at version 2, expected version 1"));

  status = AppendTo("7", ExpectedVersion::NoStream());
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(status.message(), HasSubstr("already exists at version 2"));

  EXPECT_EQ(store_->LastPosition(), 2u);
  EXPECT_EQ(ProjectionCount("7"), "2");
}

TEST_F(EventStoreTest, ProjectionCommitsWithItsEvents) {
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::Any(), 3).ok());
  EXPECT_EQ(ProjectionCount("7"), "3");
}

TEST_F(EventStoreTest, FailedCommandLeavesNoWrites) {
  absl::StatusOr<std::string> result = store_->Execute(
      {.actor = "customer:1", .request_id = "", .fingerprint = ""}, [](Transaction& txn) -> absl::StatusOr<std::string> {
        parley::v1::AgentAssigned payload;
        absl::StatusOr<std::vector<EventRecord>> records =
            txn.Append("9", ExpectedVersion::Any(), {NewEvent{&payload}});
        if (!records.ok()) return records.status();
        absl::StatusOr<uint64_t> id = txn.NextSequence("discussion");
        if (!id.ok()) return id.status();
        return absl::FailedPreconditionError("decided against it");
      });
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);

  EXPECT_EQ(store_->LastPosition(), 0u);
  EXPECT_EQ(ProjectionCount("9"), "absent");
  absl::StatusOr<std::string> next = store_->Execute(
      {.actor = "customer:1", .request_id = "", .fingerprint = ""}, [](Transaction& txn) -> absl::StatusOr<std::string> {
        absl::StatusOr<uint64_t> id = txn.NextSequence("discussion");
        if (!id.ok()) return id.status();
        return std::to_string(*id);
      });
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, "1");
}

TEST_F(EventStoreTest, FailedCommandInGroupKeepsOthersWrites) {
  // The first command blocks the writer until the next three are queued,
  // so those three run in one group.
  absl::Notification queued;
  absl::Notification done;
  absl::Mutex mu;
  std::vector<absl::StatusOr<std::string>> results(4, absl::UnknownError("not run"));
  int finished = 0;
  auto submit = [&](int index, CommandFunction command) {
    store_->Submit({.actor = "customer:1", .request_id = "", .fingerprint = ""},
                   std::move(command), [&, index](absl::StatusOr<std::string> result) {
                     absl::MutexLock lock(&mu);
                     results[index] = std::move(result);
                     if (++finished == 4) done.Notify();
                   });
  };
  // Appends to stream 7 at `version` and returns the next "n" sequence.
  auto append = [](uint64_t version) {
    return [version](Transaction& txn) -> absl::StatusOr<std::string> {
      parley::v1::AgentAssigned payload;
      absl::StatusOr<std::vector<EventRecord>> records =
          txn.Append("7", ExpectedVersion::Exactly(version), {NewEvent{&payload}});
      if (!records.ok()) return records.status();
      absl::StatusOr<uint64_t> n = txn.NextSequence("n");
      if (!n.ok()) return n.status();
      return std::to_string(*n);
    };
  };
  submit(0, [&](Transaction&) -> absl::StatusOr<std::string> {
    queued.WaitForNotification();
    return std::string("held");
  });
  submit(1, append(0));
  submit(2, [&](Transaction& txn) -> absl::StatusOr<std::string> {
    absl::StatusOr<std::string> appended = append(1)(txn);
    if (!appended.ok()) return appended.status();
    return absl::FailedPreconditionError("decided against it");
  });
  submit(3, append(1));
  queued.Notify();
  done.WaitForNotification();

  EXPECT_EQ(*results[1], "1");
  EXPECT_EQ(results[2].status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*results[3], "2");
  EXPECT_EQ(ProjectionCount("7"), "2");
  // The next group reads the stream head, sequence and projection count
  // that the group before it wrote.
  absl::StatusOr<std::string> next =
      store_->Execute({.actor = "customer:1", .request_id = "", .fingerprint = ""}, append(2));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(*next, "3");
  EXPECT_EQ(ProjectionCount("7"), "3");
  EXPECT_EQ(store_->LastPosition(), 3u);
}

TEST_F(EventStoreTest, CommandsSeeBlobWritesMadeOutsideWriter) {
  // Uploads write `blobs` directly, so commands must read it from the
  // database even after the writer itself wrote the key.
  rocksdb::ColumnFamilyHandle* blobs = store_->blobs_family();
  auto put = [blobs](std::string value) {
    return [blobs, value](Transaction& txn) -> absl::StatusOr<std::string> {
      absl::StatusOr<std::optional<std::string>> before = txn.Get(blobs, "k");
      if (!before.ok()) return before.status();
      txn.Put(blobs, "k", value);
      return before->value_or("absent");
    };
  };
  const CommandOptions options{.actor = "customer:1", .request_id = "", .fingerprint = ""};
  ASSERT_TRUE(store_->Execute(options, put("writer")).ok());
  ASSERT_TRUE(store_->db()->Put(rocksdb::WriteOptions(), blobs, "k", "upload").ok());

  absl::StatusOr<std::string> seen = store_->Execute(options, put("writer again"));
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ(*seen, "upload");
}

TEST_F(EventStoreTest, IdempotentRetryReturnsFirstResult) {
  CommandOptions options{.actor = "customer:1", .request_id = "r-1",
                         .fingerprint = "append 7"};
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::Any(), 1, options).ok());
  const std::string first = last_result_;

  ASSERT_TRUE(AppendTo("7", ExpectedVersion::Any(), 1, options).ok());
  EXPECT_EQ(last_result_, first);
  EXPECT_EQ(store_->LastPosition(), 1u);

  // The same request id from another actor is another request.
  options.actor = "customer:2";
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::Any(), 1, options).ok());
  EXPECT_EQ(store_->LastPosition(), 2u);
}

TEST_F(EventStoreTest, IdempotencyKeyReusedForOtherRequestIsRejected) {
  CommandOptions options{.actor = "customer:1", .request_id = "r-1",
                         .fingerprint = "append 7"};
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::Any(), 1, options).ok());

  options.fingerprint = "append 8";
  absl::Status status = AppendTo("8", ExpectedVersion::Any(), 1, options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("already used for a different request"));
  EXPECT_EQ(store_->LastPosition(), 1u);
}

TEST_F(EventStoreTest, FailedIdempotentCommandCanBeRetried) {
  CommandOptions options{.actor = "customer:1", .request_id = "r-1",
                         .fingerprint = "append 7"};
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::NoStream()).ok());
  EXPECT_FALSE(AppendTo("7", ExpectedVersion::NoStream(), 1, options).ok());
  EXPECT_TRUE(AppendTo("7", ExpectedVersion::Exactly(1), 1, options).ok());
}

TEST_F(EventStoreTest, ReopenKeepsEventsPositionsAndSequences) {
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::NoStream(), 2).ok());
  Reopen();

  EXPECT_EQ(store_->LastPosition(), 2u);
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::Exactly(2)).ok());
  EXPECT_EQ(last_result_, "3");
  absl::StatusOr<EventRecord> event = store_->ReadEvent(3);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->version(), 3u);
  EXPECT_EQ(ProjectionCount("7"), "3");
}

TEST_F(EventStoreTest, TimestampsNeverDecreaseWithinStream) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(AppendTo("7", ExpectedVersion::Any()).ok());
  absl::StatusOr<std::vector<EventRecord>> stream = store_->ReadStream("7", 1, 10);
  ASSERT_TRUE(stream.ok());
  for (size_t i = 1; i < stream->size(); ++i) {
    EXPECT_GE((*stream)[i].timestamp_ms(), (*stream)[i - 1].timestamp_ms());
  }
}

TEST_F(EventStoreTest, ReadEventPastEndIsNotFound) {
  EXPECT_EQ(store_->ReadEvent(1).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(EventStoreTest, ConcurrentAppendsKeepPositionsGapFree) {
  constexpr int kThreads = 8;
  constexpr int kAppendsPerThread = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppendsPerThread; ++i) {
        if (!AppendTo(std::to_string(t), ExpectedVersion::Exactly(i)).ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  const uint64_t total = kThreads * kAppendsPerThread;
  EXPECT_EQ(store_->LastPosition(), total);
  std::set<uint64_t> versions_of_stream_0;
  for (uint64_t position = 1; position <= total; ++position) {
    absl::StatusOr<EventRecord> event = store_->ReadEvent(position);
    ASSERT_TRUE(event.ok()) << "position " << position << ": " << event.status();
    if (event->stream_id() == "0") versions_of_stream_0.insert(event->version());
  }
  EXPECT_EQ(versions_of_stream_0.size(), static_cast<size_t>(kAppendsPerThread));
}

TEST_F(EventStoreTest, CallbacksOrderedAndWritesVisible) {
  // Enough commands to span several groups, so some groups are written
  // while earlier ones wait for their sync.
  constexpr int kCommands = 300;
  absl::Mutex mu;
  std::vector<int> order;
  int unseen = 0;
  absl::Notification all_done;
  for (int i = 0; i < kCommands; ++i) {
    CommandOptions options;
    options.actor = "customer:1";
    store_->Submit(
        options,
        [i](Transaction& txn) -> absl::StatusOr<std::string> {
          parley::v1::AgentAssigned payload;
          payload.set_agent("ada");
          absl::StatusOr<std::vector<EventRecord>> records =
              txn.Append(std::to_string(i % 7), ExpectedVersion::Any(), {NewEvent{&payload}});
          if (!records.ok()) return records.status();
          return std::to_string(records->back().position());
        },
        [&, i](absl::StatusOr<std::string> result) {
          ASSERT_TRUE(result.ok()) << result.status();
          // A reader made in the callback finds the command's event.
          const bool seen = store_->ReadEvent(std::stoull(*result)).ok();
          absl::MutexLock lock(&mu);
          order.push_back(i);
          if (!seen) ++unseen;
          if (order.size() == kCommands) all_done.Notify();
        });
  }
  all_done.WaitForNotification();

  absl::MutexLock lock(&mu);
  EXPECT_EQ(unseen, 0);
  for (int i = 0; i < kCommands; ++i) ASSERT_EQ(order[i], i);
  EXPECT_EQ(store_->LastPosition(), static_cast<uint64_t>(kCommands));
}

TEST_F(EventStoreTest, ReaderMadeBeforeAWriteDoesNotSeeIt) {
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::NoStream()).ok());
  SnapshotReader before = store_->NewReader();
  ASSERT_TRUE(AppendTo("7", ExpectedVersion::Exactly(1)).ok());

  EXPECT_TRUE(store_->ReadEvent(before, 1).ok());
  EXPECT_EQ(store_->ReadEvent(before, 2).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->ReadEvent(2).ok());
}

}  // namespace
}  // namespace parley::store
