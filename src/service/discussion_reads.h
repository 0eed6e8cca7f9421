#ifndef PARLEY_SERVICE_DISCUSSION_READS_H_
#define PARLEY_SERVICE_DISCUSSION_READS_H_

#include "absl/status/status.h"
#include "parley/v1/agent_service.pb.h"
#include "parley/v1/customer_service.pb.h"
#include "projections/discussion_projection.h"
#include "store/event_store.h"

namespace parley::service {

// Serves the read requests of both services from one consistent snapshot
// of the projections each. Validates pages and ownership; a customer asking
// for another customer's discussion gets the same NOT_FOUND as for a
// discussion that does not exist.
//
// Thread-safe: each call makes its own snapshot.
class DiscussionReads {
 public:
  DiscussionReads(store::EventStore& store,
                  const projections::DiscussionProjection& projection)
      : store_(store), projection_(projection) {}

  absl::Status ListDiscussions(const parley::v1::ListDiscussionsRequest& request,
                               parley::v1::ListDiscussionsResponse& response) const;
  absl::Status ListMessages(const parley::v1::ListMessagesRequest& request,
                            parley::v1::ListMessagesResponse& response) const;
  absl::Status ListQueue(const parley::v1::ListQueueRequest& request,
                         parley::v1::ListQueueResponse& response) const;
  absl::Status GetDiscussion(const parley::v1::GetDiscussionRequest& request,
                             parley::v1::GetDiscussionResponse& response) const;

 private:
  store::EventStore& store_;
  const projections::DiscussionProjection& projection_;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_DISCUSSION_READS_H_
