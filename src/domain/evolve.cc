#include "domain/evolve.h"

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace parley::domain {
namespace {

using parley::v1::DiscussionState;
using parley::v1::EventRecord;

// DATA_LOSS naming the record, e.g. "event at position 12 (MessagePosted,
// version 3 of stream 7) posts message number 5, but ...".
absl::Status Corrupt(const EventRecord& record, absl::string_view problem) {
  return absl::DataLossError(
      absl::StrCat("event at position ", record.position(), " (", record.type(),
                   ", version ", record.version(), " of stream ",
                   record.stream_id(), ") ", problem));
}

// Checks that an event other than DiscussionCreated follows the creation of
// the discussion it names.
absl::Status CheckSameDiscussion(const DiscussionState& state,
                                 uint64_t discussion_id,
                                 const EventRecord& record) {
  if (state.id() == 0) {
    return Corrupt(record, "comes before the DiscussionCreated event");
  }
  if (discussion_id != state.id()) {
    return Corrupt(record,
                   absl::StrCat("names discussion ", discussion_id,
                                ", but the stream is discussion ", state.id()));
  }
  return absl::OkStatus();
}

absl::Status Apply(DiscussionState& state,
                   const parley::v1::DiscussionCreated& event,
                   const EventRecord& record) {
  if (state.id() != 0) {
    return Corrupt(record, absl::StrCat("creates discussion ",
                                        event.discussion_id(), " again"));
  }
  state.set_id(event.discussion_id());
  state.set_customer_id(event.customer_id());
  state.set_category(event.category());
  state.set_status(parley::v1::STATUS_OUTSTANDING);
  state.set_created_at_ms(record.timestamp_ms());
  if (event.has_selection()) *state.mutable_selection() = event.selection();
  return absl::OkStatus();
}

absl::Status Apply(DiscussionState& state,
                   const parley::v1::MessagePosted& event,
                   const EventRecord& record) {
  if (absl::Status same =
          CheckSameDiscussion(state, event.discussion_id(), record);
      !same.ok()) {
    return same;
  }
  if (event.number() != state.message_count() + 1) {
    return Corrupt(record, absl::StrCat("posts message number ", event.number(),
                                        ", but the discussion has ",
                                        state.message_count(), " messages"));
  }
  state.set_message_count(event.number());
  if (event.type() == parley::v1::MESSAGE_TYPE_RESPONSE) {
    state.set_last_response_number(event.number());
  }
  return absl::OkStatus();
}

absl::Status Apply(DiscussionState& state,
                   const parley::v1::AgentAssigned& event,
                   const EventRecord& record) {
  if (absl::Status same =
          CheckSameDiscussion(state, event.discussion_id(), record);
      !same.ok()) {
    return same;
  }
  state.set_assigned_agent(event.agent());
  return absl::OkStatus();
}

absl::Status Apply(DiscussionState& state,
                   const parley::v1::StatusChanged& event,
                   const EventRecord& record) {
  if (absl::Status same =
          CheckSameDiscussion(state, event.discussion_id(), record);
      !same.ok()) {
    return same;
  }
  if (event.from() != state.status()) {
    return Corrupt(record,
                   absl::StrCat("changes the status from ",
                                parley::v1::Status_Name(event.from()),
                                ", but the discussion is ",
                                parley::v1::Status_Name(state.status())));
  }
  state.set_status(event.to());
  return absl::OkStatus();
}

absl::Status Apply(DiscussionState& state,
                   const parley::v1::ReadMarkerMoved& event,
                   const EventRecord& record) {
  if (absl::Status same =
          CheckSameDiscussion(state, event.discussion_id(), record);
      !same.ok()) {
    return same;
  }
  state.set_read_up_to_number(event.up_to_number());
  return absl::OkStatus();
}

// Unpacks the payload as Event and applies it. Returns nullopt when
// record.type names another message.
template <typename Event>
std::optional<absl::Status> MaybeApply(DiscussionState& state,
                                       const EventRecord& record) {
  if (record.type() != Event::descriptor()->name()) return std::nullopt;

  Event event;
  if (!record.payload().UnpackTo(&event)) {
    return Corrupt(record,
                   absl::StrCat("has a payload that does not unpack as ",
                                Event::descriptor()->full_name(), " (type URL ",
                                record.payload().type_url(), ")"));
  }
  return Apply(state, event, record);
}

// Applies the payload and returns whether record.type is a known event type.
absl::StatusOr<bool> ApplyPayload(DiscussionState& state,
                                  const EventRecord& record) {
  for (auto apply : {MaybeApply<parley::v1::DiscussionCreated>,
                     MaybeApply<parley::v1::MessagePosted>,
                     MaybeApply<parley::v1::AgentAssigned>,
                     MaybeApply<parley::v1::StatusChanged>,
                     MaybeApply<parley::v1::ReadMarkerMoved>}) {
    std::optional<absl::Status> applied = apply(state, record);
    if (!applied.has_value()) continue;
    if (!applied->ok()) return *applied;
    return true;
  }
  return false;
}

}  // namespace

absl::Status Evolve(DiscussionState& state, const EventRecord& record) {
  if (record.version() != state.version() + 1) {
    return Corrupt(record,
                   absl::StrCat("is out of order: the state is at version ",
                                state.version(), ", so the next is ",
                                state.version() + 1));
  }

  // Each Apply checks the event before it changes anything, so a failure
  // leaves the state as it was.
  absl::StatusOr<bool> known = ApplyPayload(state, record);
  if (!known.ok()) return known.status();

  state.set_version(record.version());
  const bool reorders_lists =
      *known &&
      record.type() != parley::v1::ReadMarkerMoved::descriptor()->name();
  if (reorders_lists) state.set_updated_at_ms(record.timestamp_ms());
  return absl::OkStatus();
}

}  // namespace parley::domain
