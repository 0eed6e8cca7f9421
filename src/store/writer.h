#ifndef PARLEY_STORE_WRITER_H_
#define PARLEY_STORE_WRITER_H_

#include <cstddef>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"
#include "parley/v1/records.pb.h"
#include "store/event_store.h"
#include "store/recent_values.h"

namespace parley::store {

// The two threads behind EventStore: group commit, pipelined.
//
// The writer thread takes every queued command (up to kMaxGroupSize) and
// runs each one against the group's batch (GroupBatch), so that it reads the
// writes of the commands before it. It writes the whole batch to the
// write-ahead log and the memtables without waiting for the disk. A command
// that fails is rolled back to its save point and leaves nothing in the
// batch. The writer then hands the group to the sync thread and starts on
// the next group at once. Later commands decide against the state earlier
// groups left, and their batches follow in the same log, so they can never
// become durable without those groups.
//
// The sync thread syncs the log once for every group written since its last
// sync. It then publishes the durable state (last position and a snapshot
// for readers) and runs the groups' callbacks in submission order. Readers
// that use durable_snapshot() never read a write before it is durable, so
// nothing a client read can be lost in a crash.
//
// Thread-safe: Submit may be called from any thread.
class EventStore::Writer {
 public:
  // Commands gathered into one batch at most. Bounds the batch's memory and
  // the latency of the first command in a long queue.
  static constexpr size_t kMaxGroupSize = 1024;

  // Size of each generation of the values kept from recent groups. Both
  // generations together stay near twice this (see RecentValues).
  static constexpr size_t kRecentValueBytes = 4 << 20;

  // `shared_families` are the ids of column families that other code
  // writes too. Reads of them always go to the database.
  Writer(rocksdb::DB* db, LogFamilies families,
         std::vector<Projection*> projections, bool sync,
         std::vector<uint32_t> shared_families);

  // Runs every queued command, then stops the thread.
  ~Writer();

  void Submit(CommandOptions options, CommandFunction command,
              CommandCallback done);

  // Position of the newest durable event.
  uint64_t last_position() const;

  // Snapshot of the database holding every durable group and nothing newer.
  std::shared_ptr<const rocksdb::Snapshot> durable_snapshot() const;

  // Called on the sync thread after each sync with the newest durable
  // position; used to wake subscribers. Set before the first Submit.
  void set_commit_listener(std::function<void(uint64_t)> listener) {
    commit_listener_ = std::move(listener);
  }

 private:
  struct Pending {
    CommandOptions options;
    CommandFunction command;
    CommandCallback done;
    absl::StatusOr<std::string> result;
  };

  // A group whose batch is in the log and the memtables, waiting for the
  // sync that makes it durable.
  struct WrittenGroup {
    std::vector<Pending> commands;
    // False when the group wrote nothing, so it needs no sync.
    bool wrote = false;
    uint64_t last_position = 0;
    // The database right after this group's write.
    std::shared_ptr<const rocksdb::Snapshot> snapshot;
  };

  void Run();
  void RunSync();
  uint64_t ReadLastPosition();
  WrittenGroup WriteGroup(std::vector<Pending> group);
  void SyncAndAcknowledge(std::vector<WrittenGroup>& groups);
  absl::Status sticky_error() const;
  void SetStickyError(absl::Status status);
  absl::StatusOr<std::string> RunCommand(Pending& pending, class GroupBatch& batch,
                                         int64_t now_ms);
  absl::StatusOr<std::string> RunIdempotent(Pending& pending,
                                            class TransactionImpl& txn);

  rocksdb::DB* const db_;
  const LogFamilies families_;
  const std::vector<Projection*> projections_;
  const bool sync_;
  std::function<void(uint64_t)> commit_listener_;
  // Used by the writer thread only.
  RecentValues recent_;

  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  // Written groups, oldest first, handed from the writer to the sync thread.
  absl::Mutex sync_mu_;
  std::deque<WrittenGroup> written_ ABSL_GUARDED_BY(sync_mu_);
  bool writer_stopped_ ABSL_GUARDED_BY(sync_mu_) = false;

  // Written only by the sync thread.
  std::atomic<uint64_t> last_position_{0};
  mutable absl::Mutex snapshot_mu_;
  std::shared_ptr<const rocksdb::Snapshot> durable_snapshot_ ABSL_GUARDED_BY(snapshot_mu_);

  // The first failed write or sync. Once set, every later command
  // fails with it, because the memtables may contain a write the log lost.
  mutable absl::Mutex error_mu_;
  absl::Status sticky_error_ ABSL_GUARDED_BY(error_mu_);

  std::thread thread_;
  std::thread sync_thread_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_WRITER_H_
