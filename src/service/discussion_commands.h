#ifndef PARLEY_SERVICE_DISCUSSION_COMMANDS_H_
#define PARLEY_SERVICE_DISCUSSION_COMMANDS_H_

#include "absl/status/statusor.h"
#include "parley/v1/agent_service.pb.h"
#include "parley/v1/customer_service.pb.h"
#include "projections/discussion_projection.h"
#include "store/event_store.h"

namespace parley::service {

// Turns validated requests into store commands: each returned function runs
// on the store's writer thread, loads the discussion's state from the
// projection, asks the domain rules for events, appends them, and returns
// the serialized response.
//
// Thread-safe: the object is immutable; the projection must outlive every
// command made from it.
class DiscussionCommands {
 public:
  explicit DiscussionCommands(const projections::DiscussionProjection& projection)
      : projection_(projection) {}

  // The request's fields are validated here, before anything is queued;
  // an invalid request returns INVALID_ARGUMENT and no command.
  absl::StatusOr<store::CommandFunction> CreateDiscussion(
      const parley::v1::CreateDiscussionRequest& request) const;
  absl::StatusOr<store::CommandFunction> ReplyToDiscussion(
      const parley::v1::ReplyToDiscussionRequest& request) const;
  absl::StatusOr<store::CommandFunction> MarkRead(
      const parley::v1::MarkReadRequest& request) const;
  absl::StatusOr<store::CommandFunction> Assign(
      const parley::v1::AssignRequest& request) const;
  absl::StatusOr<store::CommandFunction> Respond(
      const parley::v1::RespondRequest& request) const;
  absl::StatusOr<store::CommandFunction> ChangeStatus(
      const parley::v1::ChangeStatusRequest& request) const;

 private:
  const projections::DiscussionProjection& projection_;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_DISCUSSION_COMMANDS_H_
