#ifndef PARLEY_SERVICE_EVENT_LOG_SERVICE_H_
#define PARLEY_SERVICE_EVENT_LOG_SERVICE_H_

#include "parley/v1/event_log_service.grpc.pb.h"
#include "projections/discussion_projection.h"
#include "store/event_store.h"

namespace parley::service {

// parley.v1.EventLogService: reads of the log by position and
// subscriptions that catch up from the log and then follow it live.
//
// A subscription always reads the log itself, from the position after the
// last event it sent, so the switch from catch-up to live can neither skip
// nor repeat an event. It has at most one message in flight: it reads the
// next page only when gRPC has sent the previous one, so a slow subscriber
// costs one parked entry, not a buffer.
//
// Thread-safe. `store` and `projection` must outlive the service, and the
// store's watcher must be stopped before the gRPC server shuts down, which
// ends every subscription with UNAVAILABLE.
class EventLogServiceImpl final : public parley::v1::EventLogService::CallbackService {
 public:
  EventLogServiceImpl(store::EventStore& store,
                      const projections::DiscussionProjection& projection)
      : store_(store), projection_(projection) {}

  grpc::ServerUnaryReactor* ReadEvents(
      grpc::CallbackServerContext* context,
      const parley::v1::ReadEventsRequest* request,
      parley::v1::ReadEventsResponse* response) override;

  grpc::ServerWriteReactor<parley::v1::SubscribeEventsResponse>* SubscribeEvents(
      grpc::CallbackServerContext* context,
      const parley::v1::SubscribeEventsRequest* request) override;

 private:
  store::EventStore& store_;
  const projections::DiscussionProjection& projection_;
};

// Builds the predicate of `filter`; categories are looked up in the
// discussion projection. Returns an empty predicate for an empty filter,
// or INVALID_ARGUMENT for an unknown category.
absl::StatusOr<store::EventPredicate> MakeEventPredicate(
    const parley::v1::EventFilter& filter, store::EventStore& store,
    const projections::DiscussionProjection& projection);

}  // namespace parley::service

#endif  // PARLEY_SERVICE_EVENT_LOG_SERVICE_H_
