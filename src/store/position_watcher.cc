#include "store/position_watcher.h"

#include <utility>

namespace parley::store {

PositionWatcher::PositionWatcher(uint64_t last_position)
    : last_position_(last_position), thread_([this] { Run(); }) {}

PositionWatcher::~PositionWatcher() {
  Stop();
  {
    absl::MutexLock lock(&mu_);
    exit_ = true;
  }
  thread_.join();
}

void PositionWatcher::ReadyLocked(std::map<WaiterId, Waiter>::iterator it) {
  ready_.push_back(std::move(it->second.wake));
  waiting_.erase(it);
}

void PositionWatcher::Advance(uint64_t last_position) {
  absl::MutexLock lock(&mu_);
  if (last_position <= last_position_) return;
  last_position_ = last_position;
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    auto current = it++;
    if (current->second.position <= last_position_) ReadyLocked(current);
  }
}

PositionWatcher::WaiterId PositionWatcher::Wait(uint64_t position,
                                                absl::AnyInvocable<void()> wake) {
  absl::MutexLock lock(&mu_);
  const WaiterId id = next_id_++;
  auto [it, inserted] = waiting_.emplace(id, Waiter{position, std::move(wake)});
  if (stopping_ || position <= last_position_) ReadyLocked(it);
  return id;
}

void PositionWatcher::WakeNow(WaiterId id) {
  absl::MutexLock lock(&mu_);
  auto it = waiting_.find(id);
  if (it != waiting_.end()) ReadyLocked(it);
}

void PositionWatcher::Stop() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
  while (!waiting_.empty()) ReadyLocked(waiting_.begin());
}

bool PositionWatcher::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void PositionWatcher::Run() {
  while (true) {
    absl::AnyInvocable<void()> wake;
    {
      absl::MutexLock lock(&mu_);
      auto has_work = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
        return exit_ || !ready_.empty();
      };
      mu_.Await(absl::Condition(&has_work));
      if (ready_.empty()) return;  // Exiting with nothing left to run.
      wake = std::move(ready_.front());
      ready_.pop_front();
    }
    wake();
  }
}

}  // namespace parley::store
