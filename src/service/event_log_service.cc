#include "service/event_log_service.h"

#include <atomic>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "service/grpc_status.h"
#include "service/unary_call.h"

namespace parley::service {
namespace {

constexpr uint32_t kDefaultReadCount = 100;
constexpr uint32_t kMaxReadCount = 1000;
constexpr uint32_t kDefaultReadBytes = 1 << 20;
constexpr uint32_t kMaxReadBytes = 4 << 20;
// Events per subscription message.
constexpr size_t kSubscriptionBatch = 100;

absl::StatusOr<store::EventReadLimits> ReadLimits(
    const parley::v1::ReadEventsRequest& request) {
  if (request.max_count() > kMaxReadCount) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_count is ", request.max_count(), "; use 1 to ", kMaxReadCount,
        ", or 0 for ", kDefaultReadCount));
  }
  if (request.max_bytes() > kMaxReadBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_bytes is ", request.max_bytes(), "; use at most ", kMaxReadBytes,
        ", or 0 for ", kDefaultReadBytes));
  }
  store::EventReadLimits limits;
  limits.max_count = request.max_count() == 0 ? kDefaultReadCount : request.max_count();
  limits.max_bytes = request.max_bytes() == 0 ? kDefaultReadBytes : request.max_bytes();
  return limits;
}

// One SubscribeEvents call. Exactly one of these drives it at a time: a
// write in flight (OnWriteDone continues), a parked wait on the store's
// watcher (the wake continues), or a running Step. Only that driver calls
// Finish, so the reactor is never used after OnDone deletes it.
class Subscription final
    : public grpc::ServerWriteReactor<parley::v1::SubscribeEventsResponse> {
 public:
  Subscription(store::EventStore& store, store::EventPredicate keep,
               uint64_t next_position)
      : store_(store), keep_(std::move(keep)), next_position_(next_position) {}

  void Start() { Step(); }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the subscriber went away"));
      return;
    }
    Step();
  }

  void OnCancel() override {
    cancelled_.store(true);
    absl::MutexLock lock(&mu_);
    if (waiter_.has_value()) store_.watcher().WakeNow(*waiter_);
  }

  void OnDone() override { delete this; }

 private:
  void Step() {
    while (true) {
      if (cancelled_.load()) {
        Finish(grpc::Status(grpc::StatusCode::CANCELLED, "subscription cancelled"));
        return;
      }
      if (store_.watcher().stopping()) {
        Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, absl::StrCat(
            "parleyd is shutting down; subscribe again from position ", next_position_)));
        return;
      }

      store::EventReadLimits limits;
      limits.max_count = kSubscriptionBatch;
      absl::StatusOr<store::EventPage> page =
          store_.ReadEvents(next_position_, limits, keep_);
      if (!page.ok()) {
        Finish(ToGrpcStatus(page.status(), "SubscribeEvents"));
        return;
      }
      next_position_ = page->next_position;
      const bool caught_up = next_position_ > store_.LastPosition();
      if (!page->events.empty() || (caught_up && !sent_caught_up_)) {
        Send(*std::move(page), caught_up);
        return;
      }
      if (caught_up && Park()) return;
      // Otherwise the filter skipped a whole scan's worth; read on.
    }
  }

  void Send(store::EventPage page, bool caught_up) {
    response_.Clear();
    for (parley::v1::EventRecord& event : page.events) {
      *response_.add_events() = std::move(event);
    }
    response_.set_next_position(next_position_);
    response_.set_caught_up(caught_up);
    sent_caught_up_ = sent_caught_up_ || caught_up;
    StartWrite(&response_);
  }

  // Waits on the watcher for the event at next_position_. Returns false
  // when the subscription was cancelled meanwhile, so Step finishes it.
  bool Park() {
    absl::MutexLock lock(&mu_);
    if (cancelled_.load()) return false;
    waiter_ = store_.watcher().Wait(next_position_, [this] {
      {
        absl::MutexLock wake_lock(&mu_);
        waiter_.reset();
      }
      Step();
    });
    return true;
  }

  store::EventStore& store_;
  const store::EventPredicate keep_;
  parley::v1::SubscribeEventsResponse response_;
  uint64_t next_position_;  // Used by the driver only.
  bool sent_caught_up_ = false;
  std::atomic<bool> cancelled_{false};

  absl::Mutex mu_;
  std::optional<store::PositionWatcher::WaiterId> waiter_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

grpc::ServerUnaryReactor* EventLogServiceImpl::ReadEvents(
    grpc::CallbackServerContext* context,
    const parley::v1::ReadEventsRequest* request,
    parley::v1::ReadEventsResponse* response) {
  absl::StatusOr<store::EventReadLimits> limits = ReadLimits(*request);
  if (!limits.ok()) return FinishRead(context, "ReadEvents", limits.status());
  absl::StatusOr<store::EventPredicate> keep =
      MakeEventPredicate(request->filter(), store_, projection_);
  if (!keep.ok()) return FinishRead(context, "ReadEvents", keep.status());

  const uint64_t last_position = store_.LastPosition();
  absl::StatusOr<store::EventPage> page =
      store_.ReadEvents(request->from_position(), *limits, *keep);
  if (!page.ok()) return FinishRead(context, "ReadEvents", page.status());
  for (parley::v1::EventRecord& event : page->events) {
    *response->add_events() = std::move(event);
  }
  response->set_next_position(page->next_position);
  response->set_last_position(std::max(last_position, page->next_position - 1));
  return FinishRead(context, "ReadEvents", absl::OkStatus());
}

grpc::ServerWriteReactor<parley::v1::SubscribeEventsResponse>*
EventLogServiceImpl::SubscribeEvents(grpc::CallbackServerContext* context,
                                     const parley::v1::SubscribeEventsRequest* request) {
  (void)context;
  absl::StatusOr<store::EventPredicate> keep =
      MakeEventPredicate(request->filter(), store_, projection_);
  const uint64_t from = request->from_end() ? store_.LastPosition() + 1
                                            : std::max<uint64_t>(request->from_position(), 1);
  auto* subscription =
      new Subscription(store_, keep.ok() ? *std::move(keep) : nullptr, from);
  if (!keep.ok()) {
    subscription->Finish(ToGrpcStatus(keep.status(), "SubscribeEvents"));
    return subscription;
  }
  subscription->Start();
  return subscription;
}

}  // namespace parley::service
