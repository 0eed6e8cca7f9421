#ifndef PARLEY_PROJECTIONS_DISCUSSION_KEYS_H_
#define PARLEY_PROJECTIONS_DISCUSSION_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "parley/v1/discussion.pb.h"

// Key layout of the discussion projection's column families. u64 is 8 bytes
// big-endian, str is the bytes followed by 0x00, u8 is one byte, and ~u64 is
// the bitwise complement of a u64, so that larger values sort first.
//
//   discussions:    discussion_id:u64                 -> DiscussionState
//   messages:       discussion_id:u64 number:u64      -> Message
//   message_index:  message_id:u64                    -> discussion_id:u64 number:u64
//   customer_index: customer:str list updated_at:~u64 discussion_id:~u64 -> ""
//   queue_index:    status:u8 category:u8 updated_at:u64 discussion_id:u64 -> ""
//   counts:         "c" customer:str list             -> count:u64
//                   "q" status:u8 category:u8         -> count:u64
//
// A customer's discussions are listed four times, once per filterable list:
//
//   list = "a"                           every discussion
//        | "s" status:u8                 discussions in one status
//        | "o" order_number:str          discussions about one order
//        | "b" order_number:str status:u8  both
//
// so every combination of the status and order filters is one prefix scan,
// newest updated_at first. The queue lists each discussion under its category
// and again under category 0 (every category), oldest updated_at first.

namespace parley::projections {

inline constexpr char kDiscussionsFamily[] = "discussions";
inline constexpr char kMessagesFamily[] = "messages";
inline constexpr char kMessageIndexFamily[] = "message_index";
inline constexpr char kCustomerIndexFamily[] = "customer_index";
inline constexpr char kQueueIndexFamily[] = "queue_index";
inline constexpr char kCountsFamily[] = "counts";

std::string DiscussionKey(uint64_t discussion_id);
std::string MessageKey(uint64_t discussion_id, uint64_t number);
std::string MessageIndexKey(uint64_t message_id);

// Prefix of one of a customer's lists; order_number empty and status
// UNSPECIFIED select the unfiltered list.
std::string CustomerListPrefix(absl::string_view customer_id,
                               absl::string_view order_number,
                               parley::v1::Status status);

// Entry of a discussion in the list with `prefix`.
std::string CustomerListEntry(absl::string_view prefix, int64_t updated_at_ms,
                              uint64_t discussion_id);

// Discussion id of a customer_index key, given its list prefix's length.
uint64_t DiscussionIdOfListEntry(absl::string_view key, size_t prefix_size);

std::string QueuePrefix(parley::v1::Status status, parley::v1::Category category);
std::string QueueEntry(absl::string_view prefix, int64_t updated_at_ms,
                       uint64_t discussion_id);
uint64_t DiscussionIdOfQueueEntry(absl::string_view key);

std::string CustomerCountKey(absl::string_view list_prefix);
std::string QueueCountKey(absl::string_view queue_prefix);

}  // namespace parley::projections

#endif  // PARLEY_PROJECTIONS_DISCUSSION_KEYS_H_
