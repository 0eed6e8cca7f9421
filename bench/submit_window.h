#ifndef PARLEY_BENCH_SUBMIT_WINDOW_H_
#define PARLEY_BENCH_SUBMIT_WINDOW_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "store/event_store.h"

namespace parley::bench {

// Keeps up to `capacity` commands queued on an EventStore at once, the way
// that many concurrent clients would, so that group commit can gather them.
// Counts failures and keeps the first error.
//
// Thread-safe: Submit may be called from any thread, callbacks run on the
// store's writer thread.
class SubmitWindow {
 public:
  SubmitWindow(store::EventStore& store, size_t capacity)
      : store_(store), capacity_(capacity) {}

  // Drains the window, so no callback outlives it.
  ~SubmitWindow() { Drain(); }

  SubmitWindow(const SubmitWindow&) = delete;
  SubmitWindow& operator=(const SubmitWindow&) = delete;

  // Waits for a free slot, then submits `command`. `on_result`, when set,
  // receives the result on the writer thread before the slot is freed.
  void Submit(store::CommandOptions options, store::CommandFunction command,
              store::CommandCallback on_result = nullptr);

  // Waits until every submitted command has finished.
  void Drain();

  // Commands that finished with an error so far, and the first such error.
  uint64_t failures() const;
  absl::Status first_error() const;

 private:
  store::EventStore& store_;
  const size_t capacity_;

  mutable absl::Mutex mu_;
  size_t in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t failures_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status first_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_SUBMIT_WINDOW_H_
