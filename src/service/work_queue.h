#ifndef PARLEY_SERVICE_WORK_QUEUE_H_
#define PARLEY_SERVICE_WORK_QUEUE_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace parley::service {

// Runs tasks on threads of its own, in the order they were scheduled, so
// that gRPC reactors hand off blocking work (RocksDB reads and writes)
// instead of blocking gRPC's threads. With more than one thread, tasks
// scheduled one after another may run at the same time. A caller that
// needs order schedules the next task from the end of the previous one.
//
// Thread-safe. The destructor waits until the queue is empty, running the
// tasks scheduled before it and those that running tasks schedule, then
// joins the threads.
class WorkQueue {
 public:
  using Task = absl::AnyInvocable<void() &&>;

  // Starts `threads` threads (at least 1).
  explicit WorkQueue(int threads);
  ~WorkQueue();

  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues `task`. After the destructor has started, only tasks of this
  // queue may call it.
  void Schedule(Task task);

 private:
  void Run();
  bool HasWorkOrStoppingLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::deque<Task> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_WORK_QUEUE_H_
