#include "absl/strings/str_cat.h"
#include "projections/discussion_keys.h"
#include "projections/discussion_projection.h"
#include "store/encoding.h"

// The read side of DiscussionProjection.

namespace parley::projections {
namespace {

using parley::v1::DiscussionState;

absl::Status IteratorError(const rocksdb::Iterator& it, absl::string_view what) {
  return absl::UnavailableError(
      absl::StrCat("reading ", what, " failed: ", it.status().ToString()));
}

bool StartsWith(const rocksdb::Slice& key, absl::string_view prefix) {
  return key.size() >= prefix.size() &&
         absl::string_view(key.data(), prefix.size()) == prefix;
}

}  // namespace

absl::StatusOr<std::optional<DiscussionState>>
DiscussionProjection::GetDiscussion(store::KeyValueReader& reader,
                                    uint64_t discussion_id) const {
  absl::StatusOr<std::optional<std::string>> value =
      reader.Get(discussions_, DiscussionKey(discussion_id));
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::nullopt;
  DiscussionState state;
  if (!state.ParseFromString(**value)) {
    return absl::DataLossError(absl::StrCat(
        "state of discussion ", discussion_id, " does not parse; rebuild the projections"));
  }
  return state;
}

absl::StatusOr<uint32_t> DiscussionProjection::ReadCount(
    store::KeyValueReader& reader, const std::string& key) const {
  absl::StatusOr<std::optional<std::string>> value = reader.Get(counts_, key);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return 0;
  return static_cast<uint32_t>(store::DecodeUint64(**value).value_or(0));
}

absl::StatusOr<DiscussionList> DiscussionProjection::ListCustomerDiscussions(
    store::KeyValueReader& reader, absl::string_view customer_id,
    const DiscussionFilter& filter, uint32_t offset, uint32_t limit) const {
  if (filter.discussion_id != 0) {
    // One discussion at most: look it up and apply the other filters to it.
    DiscussionList list;
    absl::StatusOr<std::optional<DiscussionState>> state =
        GetDiscussion(reader, filter.discussion_id);
    if (!state.ok()) return state.status();
    const bool matches =
        state->has_value() && (*state)->customer_id() == customer_id &&
        (filter.order_number.empty() ||
         (*state)->selection().order_number() == filter.order_number) &&
        (filter.status == parley::v1::STATUS_UNSPECIFIED ||
         (*state)->status() == filter.status);
    if (!matches) return list;
    list.total = 1;
    if (offset == 0 && limit > 0) list.discussions.push_back(**state);
    return list;
  }
  const std::string prefix =
      CustomerListPrefix(customer_id, filter.order_number, filter.status);
  return ScanList(reader, customer_index_, prefix, offset, limit,
                  &DiscussionIdOfListEntry);
}

absl::StatusOr<DiscussionList> DiscussionProjection::ListQueue(
    store::KeyValueReader& reader, parley::v1::Status status,
    parley::v1::Category category, uint32_t offset, uint32_t limit) const {
  return ScanList(reader, queue_index_, QueuePrefix(status, category), offset,
                  limit, [](absl::string_view key, size_t) {
                    return DiscussionIdOfQueueEntry(key);
                  });
}

absl::StatusOr<DiscussionList> DiscussionProjection::ScanList(
    store::KeyValueReader& reader, rocksdb::ColumnFamilyHandle* family,
    absl::string_view prefix, uint32_t offset, uint32_t limit,
    uint64_t (*id_of)(absl::string_view key, size_t prefix_size)) const {
  DiscussionList list;
  const std::string count_key = family == queue_index_
                                    ? QueueCountKey(prefix)
                                    : CustomerCountKey(prefix);
  absl::StatusOr<uint32_t> total = ReadCount(reader, count_key);
  if (!total.ok()) return total.status();
  list.total = *total;
  if (limit == 0 || offset >= list.total) return list;

  // Index entries have empty values, so skipping `offset` of them reads keys
  // only.
  std::unique_ptr<rocksdb::Iterator> it = reader.NewIterator(family);
  it->Seek(rocksdb::Slice(prefix.data(), prefix.size()));
  for (uint32_t skipped = 0; skipped < offset && it->Valid() &&
                             StartsWith(it->key(), prefix);
       ++skipped) {
    it->Next();
  }
  for (; it->Valid() && StartsWith(it->key(), prefix) &&
         list.discussions.size() < limit;
       it->Next()) {
    const uint64_t id =
        id_of(absl::string_view(it->key().data(), it->key().size()), prefix.size());
    absl::StatusOr<std::optional<DiscussionState>> state = GetDiscussion(reader, id);
    if (!state.ok()) return state.status();
    if (!state->has_value()) {
      return absl::DataLossError(absl::StrCat(
          "index lists discussion ", id, " which has no state; rebuild the projections"));
    }
    list.discussions.push_back(**std::move(state));
  }
  if (!it->status().ok()) return IteratorError(*it, "a discussion list");
  return list;
}

absl::StatusOr<std::vector<parley::v1::Message>>
DiscussionProjection::ListMessages(store::KeyValueReader& reader,
                                   uint64_t discussion_id, uint32_t offset,
                                   uint32_t limit) const {
  std::vector<parley::v1::Message> messages;
  if (limit == 0) return messages;
  const std::string prefix = store::EncodeUint64(discussion_id);
  std::unique_ptr<rocksdb::Iterator> it = reader.NewIterator(messages_);
  for (it->Seek(MessageKey(discussion_id, uint64_t{offset} + 1));
       it->Valid() && StartsWith(it->key(), prefix) && messages.size() < limit;
       it->Next()) {
    parley::v1::Message& message = messages.emplace_back();
    if (!message.ParseFromArray(it->value().data(),
                                static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat(
          "a message of discussion ", discussion_id, " does not parse; rebuild the projections"));
    }
  }
  if (!it->status().ok()) return IteratorError(*it, "messages");
  return messages;
}

absl::StatusOr<std::optional<MessageLocation>>
DiscussionProjection::LocateMessage(store::KeyValueReader& reader,
                                    uint64_t message_id) const {
  absl::StatusOr<std::optional<std::string>> value =
      reader.Get(message_index_, MessageIndexKey(message_id));
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::nullopt;
  absl::string_view key = **value;
  std::optional<uint64_t> discussion_id = store::DecodeUint64(key);
  std::optional<uint64_t> number =
      key.size() >= 16 ? store::DecodeUint64(key.substr(8)) : std::nullopt;
  if (!discussion_id.has_value() || !number.has_value()) {
    return absl::DataLossError(absl::StrCat(
        "index entry of message ", message_id, " is malformed; rebuild the projections"));
  }
  return MessageLocation{*discussion_id, static_cast<uint32_t>(*number)};
}

}  // namespace parley::projections
