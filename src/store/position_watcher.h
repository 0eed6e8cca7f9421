#ifndef PARLEY_STORE_POSITION_WATCHER_H_
#define PARLEY_STORE_POSITION_WATCHER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace parley::store {

// Wakes subscribers when the log grows past the position they wait for.
//
// A waiter registers the position it needs next and a callback. When the
// store commits a batch whose last position reaches it, the callback runs
// once, on the watcher's own thread, so neither the store's writer thread
// nor a gRPC callback thread does a subscriber's reading. Memory is one
// entry per parked waiter, whatever the append rate.
//
// Thread-safe.
class PositionWatcher {
 public:
  using WaiterId = uint64_t;

  explicit PositionWatcher(uint64_t last_position);

  // Wakes every waiter, then stops the thread.
  ~PositionWatcher();

  PositionWatcher(const PositionWatcher&) = delete;
  PositionWatcher& operator=(const PositionWatcher&) = delete;

  // Records that the log's last position is now `last_position` and queues
  // the callbacks of waiters it satisfies. Cheap: safe on the writer thread.
  void Advance(uint64_t last_position);

  // Runs `wake` once the last position is at least `position`, or at once
  // (still on the watcher thread) when it already is or the watcher is
  // stopping.
  WaiterId Wait(uint64_t position, absl::AnyInvocable<void()> wake);

  // Runs the waiter's callback now if it is still waiting; a no-op
  // otherwise. Used to finish a cancelled subscription.
  void WakeNow(WaiterId id);

  // Wakes every waiter; later Wait calls wake at once. Subscribers check
  // stopping() in their callback and end their streams.
  void Stop();

  bool stopping() const;

 private:
  struct Waiter {
    uint64_t position;
    absl::AnyInvocable<void()> wake;
  };

  void Run();
  void ReadyLocked(std::map<WaiterId, Waiter>::iterator it)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  uint64_t last_position_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool exit_ ABSL_GUARDED_BY(mu_) = false;
  WaiterId next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<WaiterId, Waiter> waiting_ ABSL_GUARDED_BY(mu_);
  std::deque<absl::AnyInvocable<void()>> ready_ ABSL_GUARDED_BY(mu_);

  std::thread thread_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_POSITION_WATCHER_H_
