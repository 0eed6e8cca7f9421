#ifndef PARLEY_SERVICE_DISCUSSION_COMMANDS_H_
#define PARLEY_SERVICE_DISCUSSION_COMMANDS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "parley/v1/agent_service.pb.h"
#include "parley/v1/customer_service.pb.h"
#include "projections/discussion_projection.h"
#include "service/attachment_tokens.h"
#include "store/event_store.h"

namespace parley::service {

// Turns validated requests into store commands: each returned function runs
// on the store's writer thread, loads the discussion's state from the
// projection, gets events from the domain rules, appends them, and returns
// the serialized response.
//
// A customer message may carry an attachment token. The token's signature,
// customer and expiry are checked before anything is queued; the command
// then claims the attachment in the log (attachment_log.h), so a token is
// used once at most.
//
// Thread-safe: the object is immutable; the projection and the tokens must
// outlive every command made from it.
class DiscussionCommands {
 public:
  // Without `attachment_tokens`, every message with an attachment token is
  // rejected with INVALID_ARGUMENT.
  explicit DiscussionCommands(const projections::DiscussionProjection& projection,
                              const AttachmentTokens* attachment_tokens = nullptr)
      : projection_(projection), attachment_tokens_(attachment_tokens) {}

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
  // Returns the attachment that a message's `token` grants `customer_id`,
  // or nullopt for an empty token.
  absl::StatusOr<std::optional<parley::v1::Attachment>> ResolveAttachmentToken(
      const std::string& token, const std::string& customer_id) const;

  const projections::DiscussionProjection& projection_;
  const AttachmentTokens* const attachment_tokens_;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_DISCUSSION_COMMANDS_H_
