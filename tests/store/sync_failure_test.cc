// The store when syncing the write-ahead log fails: nothing that depends on
// the failed sync is acknowledged, including an idempotent retry decided
// while the sync was running.

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "parley/v1/events.pb.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "store/event_store.h"
#include "support/temp_dir.h"

namespace parley::store {
namespace {

// A file system whose next sync of a write-ahead log file, once armed,
// waits until released and then fails.
class FailingSyncFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FailingSyncFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}

  const char* Name() const override { return "FailingSyncFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus status = target()->NewWritableFile(name, options, file, debug);
    if (status.ok() && absl::EndsWith(name, ".log")) {
      *file = std::make_unique<LogFile>(std::move(*file), this);
    }
    return status;
  }

  void Arm() {
    absl::MutexLock lock(&mu_);
    armed_ = true;
  }

  // Returns false when no armed sync started within `timeout`.
  bool WaitForSync(absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&sync_started_), timeout);
  }

  void Release() {
    absl::MutexLock lock(&mu_);
    released_ = true;
  }

 private:
  class LogFile : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    LogFile(std::unique_ptr<rocksdb::FSWritableFile> file, FailingSyncFileSystem* owner)
        : FSWritableFileOwnerWrapper(std::move(file)), owner_(owner) {}

    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
      if (owner_->FailThisSync()) return rocksdb::IOStatus::IOError("injected sync failure");
      return FSWritableFileOwnerWrapper::Sync(options, debug);
    }

   private:
    FailingSyncFileSystem* const owner_;
  };

  bool FailThisSync() {
    absl::MutexLock lock(&mu_);
    if (!armed_) return false;
    armed_ = false;
    sync_started_ = true;
    mu_.Await(absl::Condition(&released_));
    return true;
  }

  absl::Mutex mu_;
  bool armed_ ABSL_GUARDED_BY(mu_) = false;
  bool sync_started_ ABSL_GUARDED_BY(mu_) = false;
  bool released_ ABSL_GUARDED_BY(mu_) = false;
};

class SyncFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_system_ = std::make_shared<FailingSyncFileSystem>();
    env_ = rocksdb::NewCompositeEnv(file_system_);
    EventStoreOptions options;
    options.data_dir = dir_.path();
    options.env = env_.get();
    absl::StatusOr<std::unique_ptr<EventStore>> store = EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  // Queues an append to stream "7" under `request_id`. Its callback stores
  // the outcome in `result` and then notifies `done`.
  void SubmitAppend(const std::string& request_id, absl::StatusOr<std::string>* result,
                    absl::Notification* done) {
    CommandOptions options;
    options.actor = "customer:1";
    options.request_id = request_id;
    options.fingerprint = "append to 7";
    store_->Submit(
        options,
        [](Transaction& txn) -> absl::StatusOr<std::string> {
          parley::v1::AgentAssigned payload;
          payload.set_agent("ada");
          absl::StatusOr<std::vector<parley::v1::EventRecord>> records =
              txn.Append("7", ExpectedVersion::Any(), {NewEvent{&payload}});
          if (!records.ok()) return records.status();
          return std::to_string(records->back().position());
        },
        [result, done](absl::StatusOr<std::string> r) {
          *result = std::move(r);
          done->Notify();
        });
  }

  parley::testing::TempDir dir_;
  std::shared_ptr<FailingSyncFileSystem> file_system_;
  std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(SyncFailureTest, RetryDuringFailedSyncFails) {
  file_system_->Arm();
  absl::StatusOr<std::string> first;
  absl::Notification first_done;
  SubmitAppend("r1", &first, &first_done);
  ASSERT_TRUE(file_system_->WaitForSync(absl::Seconds(10)));

  // The retry reads the first command's unsynced idempotency record and
  // writes nothing. It must not be acknowledged before that record is
  // durable, and here it never is.
  absl::StatusOr<std::string> retry;
  absl::Notification retry_done;
  SubmitAppend("r1", &retry, &retry_done);
  absl::SleepFor(absl::Milliseconds(200));
  file_system_->Release();

  ASSERT_TRUE(first_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(retry_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(first.status().code(), absl::StatusCode::kUnavailable) << first.status();
  EXPECT_EQ(retry.status().code(), absl::StatusCode::kUnavailable) << retry.status();
}

TEST_F(SyncFailureTest, CommandsAfterFailedSyncFail) {
  file_system_->Arm();
  file_system_->Release();
  absl::StatusOr<std::string> first;
  absl::Notification first_done;
  SubmitAppend("r1", &first, &first_done);
  ASSERT_TRUE(first_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(first.status().code(), absl::StatusCode::kUnavailable) << first.status();

  absl::StatusOr<std::string> later;
  absl::Notification later_done;
  SubmitAppend("r2", &later, &later_done);
  ASSERT_TRUE(later_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(later.status().code(), absl::StatusCode::kUnavailable) << later.status();
  EXPECT_EQ(store_->LastPosition(), 0u);
}

}  // namespace
}  // namespace parley::store
