#include "submit_window.h"

#include <utility>

namespace parley::bench {

void SubmitWindow::Submit(store::CommandOptions options,
                          store::CommandFunction command,
                          store::CommandCallback on_result) {
  {
    absl::MutexLock lock(&mu_);
    auto has_room = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return in_flight_ < capacity_;
    };
    mu_.Await(absl::Condition(&has_room));
    ++in_flight_;
  }
  store_.Submit(std::move(options), std::move(command),
                [this, on_result = std::move(on_result)](
                    absl::StatusOr<std::string> result) mutable {
                  const bool failed = !result.ok();
                  absl::Status status = result.status();
                  if (on_result) on_result(std::move(result));
                  absl::MutexLock lock(&mu_);
                  if (failed) {
                    if (failures_ == 0) first_error_ = status;
                    ++failures_;
                  }
                  --in_flight_;
                });
}

void SubmitWindow::Drain() {
  absl::MutexLock lock(&mu_);
  auto idle = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return in_flight_ == 0; };
  mu_.Await(absl::Condition(&idle));
}

uint64_t SubmitWindow::failures() const {
  absl::MutexLock lock(&mu_);
  return failures_;
}

absl::Status SubmitWindow::first_error() const {
  absl::MutexLock lock(&mu_);
  return first_error_;
}

}  // namespace parley::bench
