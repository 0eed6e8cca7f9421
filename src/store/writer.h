#ifndef PARLEY_STORE_WRITER_H_
#define PARLEY_STORE_WRITER_H_

#include <cstddef>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"
#include "parley/v1/records.pb.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "store/event_store.h"

namespace parley::store {

// The single writer thread behind EventStore: group commit.
//
// The thread takes every queued command (up to kMaxGroupSize), runs each one
// against a WriteBatchWithIndex so that it sees the writes of the commands
// before it, and writes the whole batch with one synced write. A command that
// fails is rolled back to its save point and leaves nothing in the batch.
// Callbacks run after the write, in submission order.
//
// Thread-safe: Submit may be called from any thread.
class EventStore::Writer {
 public:
  // Commands gathered into one batch at most. Bounds the batch's memory and
  // the latency of the first command in a long queue.
  static constexpr size_t kMaxGroupSize = 1024;

  Writer(rocksdb::DB* db, LogFamilies families,
         std::vector<Projection*> projections, bool sync);

  // Runs every queued command, then stops the thread.
  ~Writer();

  void Submit(CommandOptions options, CommandFunction command,
              CommandCallback done);

  // Position of the newest durable event.
  uint64_t last_position() const;

  // Called on the writer thread after each durable batch with the newest
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

  void Run();
  uint64_t ReadLastPosition();
  void CommitGroup(std::vector<Pending>& group);
  absl::StatusOr<std::string> RunCommand(Pending& pending,
                                         rocksdb::WriteBatchWithIndex& batch,
                                         int64_t now_ms);
  absl::StatusOr<std::string> RunIdempotent(Pending& pending,
                                            class TransactionImpl& txn);

  rocksdb::DB* const db_;
  const LogFamilies families_;
  const std::vector<Projection*> projections_;
  const bool sync_;
  std::function<void(uint64_t)> commit_listener_;

  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  // Written only by the writer thread.
  std::atomic<uint64_t> last_position_{0};
  absl::Status sticky_error_;

  std::thread thread_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_WRITER_H_
