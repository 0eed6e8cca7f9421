#ifndef PARLEY_DOMAIN_EVOLVE_H_
#define PARLEY_DOMAIN_EVOLVE_H_

#include "absl/status/status.h"
#include "parley/v1/events.pb.h"
#include "parley/v1/records.pb.h"

namespace parley::domain {

// Applies one event record of a discussion's stream to `state`, which starts
// as a default DiscussionState and is fed the stream in version order.
// Dispatches on record.type, the payload's message name:
//   DiscussionCreated  id, customer_id, category, selection, status
//                      OUTSTANDING, created_at_ms
//   MessagePosted      message_count, last_response_number for a RESPONSE
//   AgentAssigned      assigned_agent
//   StatusChanged      status
//   ReadMarkerMoved    read_up_to_number
// Every record sets state.version. The listed types except ReadMarkerMoved
// also set updated_at_ms to record.timestamp_ms, so that reading does not
// reorder a customer's discussion list.
//
// A record of a type not listed above changes only state.version, so that
// this code can read a log written by a newer release.
//
// Fails with DATA_LOSS naming record.position when the payload does not
// unpack as record.type, or when the record's version is not
// state.version + 1. It also fails when the event contradicts the state: an
// event before DiscussionCreated, a second DiscussionCreated, another
// discussion's id, a message number other than message_count + 1, or a
// StatusChanged whose `from` is not the current status. On failure `state` is
// unchanged. Thread-compatible: callers serialize access to `state`.
absl::Status Evolve(parley::v1::DiscussionState& state,
                    const parley::v1::EventRecord& record);

}  // namespace parley::domain

#endif  // PARLEY_DOMAIN_EVOLVE_H_
