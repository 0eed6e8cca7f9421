#include "service/discussion_commands.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/rules.h"
#include "domain/validation.h"
#include "service/attachment_log.h"

namespace parley::service {
namespace {

using parley::v1::DiscussionState;
using store::ExpectedVersion;
using store::Transaction;

constexpr char kDiscussionSequence[] = "discussion";
constexpr char kMessageSequence[] = "message";

absl::StatusOr<DiscussionState> LoadDiscussion(
    const projections::DiscussionProjection& projection, Transaction& txn,
    uint64_t discussion_id) {
  absl::StatusOr<std::optional<DiscussionState>> state =
      projection.GetDiscussion(txn, discussion_id);
  if (!state.ok()) return state.status();
  if (!state->has_value()) return domain::DiscussionNotFound(discussion_id);
  return **std::move(state);
}

// Appends `events` to the discussion's stream, expecting it at `version`.
absl::Status AppendEvents(Transaction& txn, uint64_t discussion_id,
                          ExpectedVersion expected,
                          const domain::Events& events) {
  if (events.empty()) return absl::OkStatus();
  std::vector<store::NewEvent> new_events;
  new_events.reserve(events.size());
  for (const auto& event : events) new_events.push_back({event.get()});
  return txn.Append(std::to_string(discussion_id), expected, new_events).status();
}

// Loads the discussion, gets events from `decide`, appends them at the
// version the decision was made on, and returns the state after them.
template <typename Decide>
absl::StatusOr<DiscussionState> DecideAndAppend(
    const projections::DiscussionProjection& projection, Transaction& txn,
    uint64_t discussion_id, Decide decide) {
  absl::StatusOr<DiscussionState> state = LoadDiscussion(projection, txn, discussion_id);
  if (!state.ok()) return state.status();
  absl::StatusOr<domain::Events> events = decide(*state);
  if (!events.ok()) return events.status();
  if (absl::Status s = AppendEvents(txn, discussion_id,
                                    ExpectedVersion::Exactly(state->version()), *events);
      !s.ok()) {
    return s;
  }
  return LoadDiscussion(projection, txn, discussion_id);
}

// Returns a command that decides with `decide` and responds with a
// `Response` carrying the discussion's status afterwards.
template <typename Response, typename Decide>
store::CommandFunction StatusCommand(const projections::DiscussionProjection& projection,
                                     uint64_t discussion_id, Decide decide) {
  return [&projection, discussion_id, decide = std::move(decide)](
             Transaction& txn) -> absl::StatusOr<std::string> {
    absl::StatusOr<DiscussionState> after =
        DecideAndAppend(projection, txn, discussion_id, decide);
    if (!after.ok()) return after.status();
    Response response;
    response.set_status(after->status());
    return response.SerializeAsString();
  };
}

}  // namespace

absl::StatusOr<std::optional<parley::v1::Attachment>>
DiscussionCommands::ResolveAttachmentToken(const std::string& token,
                                           const std::string& customer_id) const {
  if (token.empty()) return std::nullopt;
  if (attachment_tokens_ == nullptr) {
    return absl::InvalidArgumentError(
        "message.attachmentToken is unknown: this server accepts no attachments");
  }
  absl::StatusOr<parley::v1::Attachment> attachment =
      attachment_tokens_->VerifyAttachmentToken(token, customer_id, absl::Now());
  if (!attachment.ok()) return attachment.status();
  return *std::move(attachment);
}

absl::StatusOr<store::CommandFunction> DiscussionCommands::CreateDiscussion(
    const parley::v1::CreateDiscussionRequest& request) const {
  if (absl::Status s = domain::ValidateCustomerId(request.customer_id()); !s.ok()) return s;
  if (absl::Status s = domain::ValidateCategory(request.category()); !s.ok()) return s;
  absl::StatusOr<std::string> text =
      domain::ValidateMessageText("message.text", request.message().text());
  if (!text.ok()) return text.status();
  if (request.has_selection()) {
    if (absl::Status s = domain::ValidateSelection(request.selection()); !s.ok()) return s;
  }
  absl::StatusOr<std::optional<parley::v1::Attachment>> granted =
      ResolveAttachmentToken(request.message().attachment_token(), request.customer_id());
  if (!granted.ok()) return granted.status();

  domain::CreateDiscussion command;
  command.customer_id = request.customer_id();
  command.category = request.category();
  command.text = *std::move(text);
  if (request.has_selection()) command.selection = request.selection();
  if (granted->has_value()) command.attachments.push_back(**std::move(granted));
  return [command = std::move(command)](Transaction& txn) mutable
             -> absl::StatusOr<std::string> {
    absl::StatusOr<uint64_t> discussion_id = txn.NextSequence(kDiscussionSequence);
    if (!discussion_id.ok()) return discussion_id.status();
    absl::StatusOr<uint64_t> message_id = txn.NextSequence(kMessageSequence);
    if (!message_id.ok()) return message_id.status();
    command.discussion_id = *discussion_id;
    command.message_id = *message_id;
    for (const parley::v1::Attachment& attachment : command.attachments) {
      if (absl::Status s = ClaimAttachment(txn, attachment.id(), *discussion_id, *message_id);
          !s.ok()) {
        return s;
      }
    }

    domain::Events events = domain::DecideCreate(command);
    if (absl::Status s = AppendEvents(txn, *discussion_id, ExpectedVersion::NoStream(), events);
        !s.ok()) {
      return s;
    }
    parley::v1::CreateDiscussionResponse response;
    response.set_discussion_id(*discussion_id);
    response.set_message_id(*message_id);
    return response.SerializeAsString();
  };
}

absl::StatusOr<store::CommandFunction> DiscussionCommands::ReplyToDiscussion(
    const parley::v1::ReplyToDiscussionRequest& request) const {
  if (absl::Status s = domain::ValidateCustomerId(request.customer_id()); !s.ok()) return s;
  absl::StatusOr<std::string> text =
      domain::ValidateMessageText("message.text", request.message().text());
  if (!text.ok()) return text.status();
  absl::StatusOr<std::optional<parley::v1::Attachment>> granted =
      ResolveAttachmentToken(request.message().attachment_token(), request.customer_id());
  if (!granted.ok()) return granted.status();

  domain::Reply command;
  command.customer_id = request.customer_id();
  command.text = *std::move(text);
  if (granted->has_value()) command.attachments.push_back(**std::move(granted));
  const uint64_t discussion_id = request.discussion_id();
  const projections::DiscussionProjection& projection = projection_;
  return [command = std::move(command), discussion_id, &projection](
             Transaction& txn) mutable -> absl::StatusOr<std::string> {
    absl::StatusOr<DiscussionState> after = DecideAndAppend(
        projection, txn, discussion_id,
        [&](const DiscussionState& state) -> absl::StatusOr<domain::Events> {
          // The owner check comes before a message id is spent.
          if (state.customer_id() != command.customer_id) {
            return domain::DiscussionNotFound(discussion_id);
          }
          absl::StatusOr<uint64_t> message_id = txn.NextSequence(kMessageSequence);
          if (!message_id.ok()) return message_id.status();
          command.message_id = *message_id;
          for (const parley::v1::Attachment& attachment : command.attachments) {
            if (absl::Status s =
                    ClaimAttachment(txn, attachment.id(), discussion_id, *message_id);
                !s.ok()) {
              return s;
            }
          }
          return domain::DecideReply(state, command);
        });
    if (!after.ok()) return after.status();
    parley::v1::ReplyToDiscussionResponse response;
    response.set_message_id(command.message_id);
    return response.SerializeAsString();
  };
}

absl::StatusOr<store::CommandFunction> DiscussionCommands::MarkRead(
    const parley::v1::MarkReadRequest& request) const {
  if (absl::Status s = domain::ValidateCustomerId(request.customer_id()); !s.ok()) return s;

  domain::MarkRead command;
  command.customer_id = request.customer_id();
  command.message_id = request.up_to_message_id();
  const uint64_t discussion_id = request.discussion_id();
  const projections::DiscussionProjection& projection = projection_;
  return [command = std::move(command), discussion_id, &projection](
             Transaction& txn) mutable -> absl::StatusOr<std::string> {
    absl::StatusOr<DiscussionState> after = DecideAndAppend(
        projection, txn, discussion_id,
        [&](const DiscussionState& state) -> absl::StatusOr<domain::Events> {
          absl::StatusOr<std::optional<projections::MessageLocation>> location =
              projection.LocateMessage(txn, command.message_id);
          if (!location.ok()) return location.status();
          // An unknown message id belongs to no discussion, which the rules
          // reject like a message of another discussion.
          if (location->has_value()) {
            command.message_discussion_id = (*location)->discussion_id;
            command.message_number = (*location)->number;
          }
          return domain::DecideMarkRead(state, command);
        });
    if (!after.ok()) return after.status();
    parley::v1::MarkReadResponse response;
    response.set_read(domain::IsRead(*after));
    return response.SerializeAsString();
  };
}

absl::StatusOr<store::CommandFunction> DiscussionCommands::Assign(
    const parley::v1::AssignRequest& request) const {
  if (absl::Status s = domain::ValidateAgentName(request.agent()); !s.ok()) return s;

  return StatusCommand<parley::v1::AssignResponse>(
      projection_, request.discussion_id(),
      [command = domain::Assign{request.agent()}](const DiscussionState& state) {
        return domain::DecideAssign(state, command);
      });
}

absl::StatusOr<store::CommandFunction> DiscussionCommands::Respond(
    const parley::v1::RespondRequest& request) const {
  if (absl::Status s = domain::ValidateAgentName(request.agent()); !s.ok()) return s;
  absl::StatusOr<std::string> text = domain::ValidateMessageText("text", request.text());
  if (!text.ok()) return text.status();
  if (request.status() != parley::v1::STATUS_UNSPECIFIED) {
    if (absl::Status s = domain::ValidateStatus("status", request.status()); !s.ok()) return s;
  }

  domain::Respond command;
  command.agent = request.agent();
  command.text = *std::move(text);
  command.requested = request.status();
  const uint64_t discussion_id = request.discussion_id();
  const projections::DiscussionProjection& projection = projection_;
  return [command = std::move(command), discussion_id, &projection](
             Transaction& txn) mutable -> absl::StatusOr<std::string> {
    absl::StatusOr<DiscussionState> after = DecideAndAppend(
        projection, txn, discussion_id,
        [&](const DiscussionState& state) -> absl::StatusOr<domain::Events> {
          absl::StatusOr<uint64_t> message_id = txn.NextSequence(kMessageSequence);
          if (!message_id.ok()) return message_id.status();
          command.message_id = *message_id;
          return domain::DecideRespond(state, command);
        });
    if (!after.ok()) return after.status();
    parley::v1::RespondResponse response;
    response.set_message_id(command.message_id);
    response.set_status(after->status());
    return response.SerializeAsString();
  };
}

absl::StatusOr<store::CommandFunction> DiscussionCommands::ChangeStatus(
    const parley::v1::ChangeStatusRequest& request) const {
  if (absl::Status s = domain::ValidateAgentName(request.agent()); !s.ok()) return s;
  if (absl::Status s = domain::ValidateStatus("status", request.status()); !s.ok()) return s;

  return StatusCommand<parley::v1::ChangeStatusResponse>(
      projection_, request.discussion_id(),
      [command = domain::ChangeStatus{request.agent(), request.status()}](
          const DiscussionState& state) {
        return domain::DecideChangeStatus(state, command);
      });
}

}  // namespace parley::service
