#include "projections/discussion_keys.h"

#include "store/encoding.h"

namespace parley::projections {

using store::AppendString;
using store::AppendUint64;
using store::DecodeUint64;

std::string DiscussionKey(uint64_t discussion_id) {
  return store::EncodeUint64(discussion_id);
}

std::string MessageKey(uint64_t discussion_id, uint64_t number) {
  std::string key;
  AppendUint64(key, discussion_id);
  AppendUint64(key, number);
  return key;
}

std::string MessageIndexKey(uint64_t message_id) {
  return store::EncodeUint64(message_id);
}

std::string CustomerListPrefix(absl::string_view customer_id,
                               absl::string_view order_number,
                               parley::v1::Status status) {
  std::string key;
  AppendString(key, customer_id);
  const bool by_status = status != parley::v1::STATUS_UNSPECIFIED;
  if (order_number.empty()) {
    key.push_back(by_status ? 's' : 'a');
  } else {
    key.push_back(by_status ? 'b' : 'o');
    AppendString(key, order_number);
  }
  if (by_status) key.push_back(static_cast<char>(status));
  return key;
}

std::string CustomerListEntry(absl::string_view prefix, int64_t updated_at_ms,
                              uint64_t discussion_id) {
  std::string key(prefix.data(), prefix.size());
  AppendUint64(key, ~static_cast<uint64_t>(updated_at_ms));
  AppendUint64(key, ~discussion_id);
  return key;
}

uint64_t DiscussionIdOfListEntry(absl::string_view key, size_t prefix_size) {
  return ~DecodeUint64(key.substr(prefix_size + 8)).value_or(~uint64_t{0});
}

std::string QueuePrefix(parley::v1::Status status,
                        parley::v1::Category category) {
  std::string key;
  key.push_back(static_cast<char>(status));
  key.push_back(static_cast<char>(category));
  return key;
}

std::string QueueEntry(absl::string_view prefix, int64_t updated_at_ms,
                       uint64_t discussion_id) {
  std::string key(prefix.data(), prefix.size());
  AppendUint64(key, static_cast<uint64_t>(updated_at_ms));
  AppendUint64(key, discussion_id);
  return key;
}

uint64_t DiscussionIdOfQueueEntry(absl::string_view key) {
  return DecodeUint64(key.substr(2 + 8)).value_or(0);
}

std::string CustomerCountKey(absl::string_view list_prefix) {
  std::string key = "c";
  key.append(list_prefix.data(), list_prefix.size());
  return key;
}

std::string QueueCountKey(absl::string_view queue_prefix) {
  std::string key = "q";
  key.append(queue_prefix.data(), queue_prefix.size());
  return key;
}

}  // namespace parley::projections
