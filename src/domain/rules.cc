#include "domain/rules.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/validation.h"
#include "parley/v1/events.pb.h"

namespace parley::domain {
namespace {

using parley::v1::DiscussionState;
using parley::v1::Status;

// A status change an agent may make with ChangeStatus.
struct Transition {
  Status from;
  Status to;
  bool assigns;  // The acting agent becomes the assignee.
};

constexpr Transition kAgentTransitions[] = {
    {parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_IN_PROGRESS, true},
    {parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_PENDING, true},
    {parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_COMPLETED, false},
    {parley::v1::STATUS_IN_PROGRESS, parley::v1::STATUS_PENDING, false},
    {parley::v1::STATUS_IN_PROGRESS, parley::v1::STATUS_COMPLETED, false},
    {parley::v1::STATUS_PENDING, parley::v1::STATUS_IN_PROGRESS, false},
    {parley::v1::STATUS_PENDING, parley::v1::STATUS_COMPLETED, false},
    {parley::v1::STATUS_COMPLETED, parley::v1::STATUS_IN_PROGRESS, true},
};

const Transition* FindTransition(Status from, Status to) {
  for (const Transition& transition : kAgentTransitions) {
    if (transition.from == from && transition.to == to) return &transition;
  }
  return nullptr;
}

// Rejects a state whose status is not one of the four lifecycle statuses,
// which only a corrupt or missing discussion can have.
absl::Status CheckLifecycleStatus(const DiscussionState& state) {
  if (!StatusName(state.status()).empty()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("discussion ", state.id(),
                                          " has invalid status ",
                                          static_cast<int>(state.status())));
}

// True when an agent is working on the discussion.
bool HasActiveAssignee(const DiscussionState& state) {
  const bool active_status = state.status() == parley::v1::STATUS_IN_PROGRESS ||
                             state.status() == parley::v1::STATUS_PENDING;
  return active_status && !state.assigned_agent().empty();
}

void MaybeAssign(const DiscussionState& state, absl::string_view agent,
                 Events& events) {
  if (state.assigned_agent() == agent) return;
  auto assigned = std::make_unique<parley::v1::AgentAssigned>();
  assigned->set_discussion_id(state.id());
  assigned->set_agent(std::string(agent));
  events.push_back(std::move(assigned));
}

void MaybeChangeStatus(const DiscussionState& state, Status to,
                       absl::string_view reason, Events& events) {
  if (state.status() == to) return;
  auto changed = std::make_unique<parley::v1::StatusChanged>();
  changed->set_discussion_id(state.id());
  changed->set_from(state.status());
  changed->set_to(to);
  changed->set_reason(std::string(reason));
  events.push_back(std::move(changed));
}

std::unique_ptr<parley::v1::MessagePosted> NewMessagePosted(
    uint64_t discussion_id, uint64_t message_id, uint32_t number,
    parley::v1::MessageType type, absl::string_view text,
    absl::string_view author) {
  auto posted = std::make_unique<parley::v1::MessagePosted>();
  posted->set_discussion_id(discussion_id);
  posted->set_message_id(message_id);
  posted->set_number(number);
  posted->set_type(type);
  posted->set_text(std::string(text));
  posted->set_author(std::string(author));
  return posted;
}

}  // namespace

absl::Status DiscussionNotFound(uint64_t discussion_id) {
  return absl::NotFoundError(
      absl::StrCat("discussion ", discussion_id, " not found"));
}

Events DecideCreate(const CreateDiscussion& command) {
  auto created = std::make_unique<parley::v1::DiscussionCreated>();
  created->set_discussion_id(command.discussion_id);
  created->set_customer_id(command.customer_id);
  created->set_category(command.category);
  if (command.selection.has_value()) {
    *created->mutable_selection() = *command.selection;
  }

  auto posted = NewMessagePosted(command.discussion_id, command.message_id,
                                 /*number=*/1, parley::v1::MESSAGE_TYPE_QUERY,
                                 command.text, command.customer_id);
  posted->mutable_attachments()->Add(command.attachments.begin(),
                                     command.attachments.end());

  Events events;
  events.push_back(std::move(created));
  events.push_back(std::move(posted));
  return events;
}

absl::StatusOr<Events> DecideReply(const DiscussionState& state,
                                   const Reply& command) {
  if (state.customer_id() != command.customer_id) {
    return DiscussionNotFound(state.id());
  }

  auto posted = NewMessagePosted(
      state.id(), command.message_id, state.message_count() + 1,
      parley::v1::MESSAGE_TYPE_QUERY, command.text, command.customer_id);
  posted->mutable_attachments()->Add(command.attachments.begin(),
                                     command.attachments.end());

  Events events;
  events.push_back(std::move(posted));
  if (state.status() == parley::v1::STATUS_COMPLETED) {
    MaybeChangeStatus(state, parley::v1::STATUS_OUTSTANDING,
                      kReasonCustomerReply, events);
  }
  return events;
}

absl::StatusOr<Events> DecideAssign(const DiscussionState& state,
                                    const Assign& command) {
  if (absl::Status status = CheckLifecycleStatus(state); !status.ok()) {
    return status;
  }
  if (state.status() == parley::v1::STATUS_COMPLETED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "discussion ", state.id(),
        " is COMPLETED and cannot be assigned; change its status to "
        "IN_PROGRESS first, or wait for a customer reply to reopen it"));
  }

  // OUTSTANDING and PENDING move to IN_PROGRESS. An IN_PROGRESS discussion
  // only changes hands, and produces no events when the agent already has it.
  Events events;
  MaybeAssign(state, command.agent, events);
  MaybeChangeStatus(state, parley::v1::STATUS_IN_PROGRESS, kReasonAssigned,
                    events);
  return events;
}

absl::StatusOr<Events> DecideRespond(const DiscussionState& state,
                                     const Respond& command) {
  if (absl::Status status = CheckLifecycleStatus(state); !status.ok()) {
    return status;
  }
  const Status requested = command.requested == parley::v1::STATUS_UNSPECIFIED
                               ? parley::v1::STATUS_COMPLETED
                               : command.requested;
  if (absl::Status status = ValidateStatus("status", requested); !status.ok()) {
    return status;
  }
  if (requested == parley::v1::STATUS_OUTSTANDING) {
    return absl::InvalidArgumentError(
        "status OUTSTANDING is not allowed in a response, because only a "
        "customer reply makes a discussion OUTSTANDING; use IN_PROGRESS, "
        "PENDING or COMPLETED");
  }

  Events events;
  if (!HasActiveAssignee(state)) MaybeAssign(state, command.agent, events);
  events.push_back(NewMessagePosted(
      state.id(), command.message_id, state.message_count() + 1,
      parley::v1::MESSAGE_TYPE_RESPONSE, command.text, command.agent));
  MaybeChangeStatus(state, requested, kReasonResponse, events);
  return events;
}

absl::StatusOr<Events> DecideChangeStatus(const DiscussionState& state,
                                          const ChangeStatus& command) {
  if (absl::Status status = CheckLifecycleStatus(state); !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateStatus("status", command.to);
      !status.ok()) {
    return status;
  }

  const Status from = state.status();
  if (command.to == from) {
    return absl::FailedPreconditionError(absl::StrCat(
        "discussion ", state.id(), " is already ", StatusName(from)));
  }
  if (command.to == parley::v1::STATUS_OUTSTANDING) {
    return absl::FailedPreconditionError(absl::StrCat(
        "discussion ", state.id(),
        " cannot be set to OUTSTANDING by an agent; only a customer reply "
        "makes a discussion OUTSTANDING"));
  }
  const Transition* transition = FindTransition(from, command.to);
  if (transition == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("discussion ", state.id(), " is ", StatusName(from),
                     " and cannot move to ", StatusName(command.to),
                     "; move it to IN_PROGRESS first"));
  }

  // IN_PROGRESS and PENDING always have an assignee, so a move into them
  // assigns the acting agent when no agent is assigned yet.
  const bool needs_assignee = command.to != parley::v1::STATUS_COMPLETED &&
                              state.assigned_agent().empty();
  Events events;
  if (transition->assigns || needs_assignee) {
    MaybeAssign(state, command.agent, events);
  }
  MaybeChangeStatus(state, command.to, kReasonAgent, events);
  return events;
}

absl::StatusOr<Events> DecideMarkRead(const DiscussionState& state,
                                      const MarkRead& command) {
  if (state.customer_id() != command.customer_id) {
    return DiscussionNotFound(state.id());
  }
  if (command.message_discussion_id != state.id()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "upToMessageId ", command.message_id, " does not belong to discussion ",
        state.id(), "; use a message id from that discussion"));
  }

  Events events;
  if (command.message_number <= state.read_up_to_number()) return events;

  auto moved = std::make_unique<parley::v1::ReadMarkerMoved>();
  moved->set_discussion_id(state.id());
  moved->set_up_to_message_id(command.message_id);
  moved->set_up_to_number(command.message_number);
  events.push_back(std::move(moved));
  return events;
}

bool IsRead(const DiscussionState& state) {
  return state.read_up_to_number() >= state.last_response_number();
}

}  // namespace parley::domain
