#ifndef PARLEY_DOMAIN_RULES_H_
#define PARLEY_DOMAIN_RULES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "parley/v1/discussion.pb.h"
#include "parley/v1/records.pb.h"

// The decisions of the discussion lifecycle. Each Decide function takes the
// current state of one discussion (built by Evolve in evolve.h) and one
// command, and returns the events the command produces, or an error and no
// events. The functions only decide: the caller appends the events, and
// allocates discussion and message ids before deciding. Commands carry
// values that already passed validation.h. All functions are pure and safe
// to call from any thread.
//
// Status lifecycle:
//   OUTSTANDING  new discussion, or a customer reply to a COMPLETED one
//   IN_PROGRESS  an agent is assigned
//   PENDING      the assigned agent waits on another team
//   COMPLETED    answered, or closed without an answer
// IN_PROGRESS and PENDING always have an assigned agent. An AgentAssigned
// event is produced exactly when the assigned agent changes, so assigning the
// current assignee again produces none.

namespace parley::domain {

// Payload messages from events.proto (DiscussionCreated, MessagePosted, ...),
// in the order they must be appended.
using Events = std::vector<std::unique_ptr<google::protobuf::Message>>;

// Values of StatusChanged.reason.
inline constexpr absl::string_view kReasonAssigned = "assigned";
inline constexpr absl::string_view kReasonResponse = "response";
inline constexpr absl::string_view kReasonAgent = "agent";
inline constexpr absl::string_view kReasonCustomerReply = "customer_reply";

// A customer opens a discussion with its first message.
struct CreateDiscussion {
  uint64_t discussion_id = 0;
  uint64_t message_id = 0;
  std::string customer_id;
  parley::v1::Category category = parley::v1::CATEGORY_UNSPECIFIED;
  std::string text;
  std::optional<parley::v1::Selection> selection;
  std::vector<parley::v1::Attachment> attachments;  // Already resolved.
};

// A customer posts a message to one of their discussions.
struct Reply {
  std::string customer_id;
  uint64_t message_id = 0;
  std::string text;
  std::vector<parley::v1::Attachment> attachments;  // Already resolved.
};

// An agent takes a discussion.
struct Assign {
  std::string agent;
};

// An agent posts a response and sets the status that follows it.
struct Respond {
  std::string agent;
  uint64_t message_id = 0;
  std::string text;
  // Status after the response. STATUS_UNSPECIFIED means COMPLETED.
  parley::v1::Status requested = parley::v1::STATUS_UNSPECIFIED;
};

// An agent moves a discussion to another status without posting a message.
struct ChangeStatus {
  std::string agent;
  parley::v1::Status to = parley::v1::STATUS_UNSPECIFIED;
};

// A customer marks the messages of a discussion as read up to one message.
// The caller looks the message up and passes where it belongs.
struct MarkRead {
  std::string customer_id;
  uint64_t message_id = 0;  // upToMessageId in the GraphQL API.
  // Discussion the message belongs to, or 0 when no such message exists.
  uint64_t message_discussion_id = 0;
  uint32_t message_number = 0;  // 1..n within its discussion.
};

// Returns NOT_FOUND "discussion <id> not found". The service returns the same
// status for an id that does not exist and for another customer's
// discussion, so a customer cannot learn which ids exist.
absl::Status DiscussionNotFound(uint64_t discussion_id);

// Returns [DiscussionCreated, MessagePosted(number 1, QUERY, author the
// customer id)]. The new discussion is OUTSTANDING with no agent.
Events DecideCreate(const CreateDiscussion& command);

// Returns [MessagePosted(next number, QUERY)], followed by
// StatusChanged(COMPLETED -> OUTSTANDING, "customer_reply") when the
// discussion was COMPLETED; other statuses stay. Fails with
// DiscussionNotFound when the discussion belongs to another customer.
absl::StatusOr<Events> DecideReply(const parley::v1::DiscussionState& state,
                                   const Reply& command);

// OUTSTANDING or PENDING: assigns the agent and moves to IN_PROGRESS
// ("assigned"). IN_PROGRESS: reassigns to the agent, and returns no events
// when the agent is already the assignee. COMPLETED: FAILED_PRECONDITION,
// because only a customer reply or a status change reopens it.
absl::StatusOr<Events> DecideAssign(const parley::v1::DiscussionState& state,
                                    const Assign& command);

// Returns [AgentAssigned?, MessagePosted(next number, RESPONSE, author the
// agent), StatusChanged(-> requested, "response")?]. The responding agent
// becomes the assignee unless the discussion is IN_PROGRESS or PENDING with
// an assignee already, which a colleague's response does not replace. The
// status change is left out when the status already is the requested one.
// A response to a COMPLETED discussion is a follow-up and is allowed.
// Fails with INVALID_ARGUMENT when `requested` is OUTSTANDING (only a
// customer reply sets it) or not a status.
absl::StatusOr<Events> DecideRespond(const parley::v1::DiscussionState& state,
                                     const Respond& command);

// Moves the discussion to `to` ("agent"). Allowed moves, with the ones that
// make the acting agent the assignee marked (assigns):
//   OUTSTANDING -> IN_PROGRESS (assigns), PENDING (assigns), COMPLETED
//   IN_PROGRESS -> PENDING, COMPLETED
//   PENDING     -> IN_PROGRESS, COMPLETED
//   COMPLETED   -> IN_PROGRESS (assigns)
// A move into IN_PROGRESS or PENDING also assigns when no agent is assigned.
// Fails with FAILED_PRECONDITION when `to` is the current status, when `to`
// is OUTSTANDING, or for a move not listed; with INVALID_ARGUMENT when `to`
// is not a status.
absl::StatusOr<Events> DecideChangeStatus(
    const parley::v1::DiscussionState& state, const ChangeStatus& command);

// Returns [ReadMarkerMoved] when the message is newer than the read marker,
// and no events when it is not, so the marker only moves forward. Fails with
// DiscussionNotFound when the discussion belongs to another customer. Fails
// with INVALID_ARGUMENT when the message belongs to another discussion or
// does not exist, with the same message in both cases.
absl::StatusOr<Events> DecideMarkRead(const parley::v1::DiscussionState& state,
                                      const MarkRead& command);

// Returns true when the customer has read up to the newest RESPONSE, and for
// a discussion without responses.
bool IsRead(const parley::v1::DiscussionState& state);

}  // namespace parley::domain

#endif  // PARLEY_DOMAIN_RULES_H_
