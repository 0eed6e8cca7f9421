#include "projections/discussion_projection.h"

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/evolve.h"
#include "domain/rules.h"
#include "domain/streams.h"
#include "parley/v1/events.pb.h"
#include "projections/discussion_keys.h"
#include "store/encoding.h"

namespace parley::projections {
namespace {

using parley::v1::DiscussionState;
using parley::v1::EventRecord;

// Keys under which a discussion is listed in its customer's lists and in
// the agent queues, for its current state.
struct IndexEntries {
  std::set<std::string> customer_lists;  // List prefixes.
  std::set<std::string> queues;          // Queue prefixes.
};

IndexEntries EntriesOf(const DiscussionState& state) {
  IndexEntries entries;
  const std::string& order = state.selection().order_number();
  for (parley::v1::Status status :
       {parley::v1::STATUS_UNSPECIFIED, state.status()}) {
    entries.customer_lists.insert(
        CustomerListPrefix(state.customer_id(), "", status));
    if (!order.empty()) {
      entries.customer_lists.insert(
          CustomerListPrefix(state.customer_id(), order, status));
    }
  }
  entries.queues.insert(QueuePrefix(state.status(), state.category()));
  entries.queues.insert(
      QueuePrefix(state.status(), parley::v1::CATEGORY_UNSPECIFIED));
  return entries;
}

absl::Status MessageFromEvent(const EventRecord& event,
                              parley::v1::Message& message) {
  parley::v1::MessagePosted posted;
  if (!event.payload().UnpackTo(&posted)) {
    return absl::DataLossError(absl::StrCat(
        "MessagePosted at position ", event.position(), " does not parse"));
  }
  message.set_id(posted.message_id());
  message.set_discussion_id(posted.discussion_id());
  message.set_number(posted.number());
  message.set_type(posted.type());
  message.set_created_at_ms(event.timestamp_ms());
  message.set_text(posted.text());
  message.set_author(posted.author());
  *message.mutable_attachments() = posted.attachments();
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> DiscussionProjection::ColumnFamilies() const {
  return {kDiscussionsFamily,   kMessagesFamily,   kMessageIndexFamily,
          kCustomerIndexFamily, kQueueIndexFamily, kCountsFamily};
}

void DiscussionProjection::Bind(
    std::vector<rocksdb::ColumnFamilyHandle*> handles) {
  discussions_ = handles[0];
  messages_ = handles[1];
  message_index_ = handles[2];
  customer_index_ = handles[3];
  queue_index_ = handles[4];
  counts_ = handles[5];
}

absl::Status DiscussionProjection::Apply(const EventRecord& event,
                                         store::BatchView& batch) {
  // An attachment's stream is not a discussion. The message that uses the
  // attachment carries its metadata in MessagePosted.attachments.
  if (domain::IsAttachmentStream(event.stream_id())) return absl::OkStatus();

  uint64_t discussion_id = 0;
  if (!absl::SimpleAtoi(event.stream_id(), &discussion_id)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "stream id ", event.stream_id(), " is not a discussion id"));
  }

  absl::StatusOr<std::optional<DiscussionState>> stored =
      GetDiscussion(batch, discussion_id);
  if (!stored.ok()) return stored.status();
  DiscussionState state = stored->value_or(DiscussionState());
  if (absl::Status status = domain::Evolve(state, event); !status.ok()) {
    return status;
  }

  if (event.type() == parley::v1::MessagePosted::descriptor()->name()) {
    parley::v1::Message message;
    if (absl::Status status = MessageFromEvent(event, message); !status.ok()) {
      return status;
    }
    batch.Put(messages_, MessageKey(discussion_id, message.number()),
              message.SerializeAsString());
    batch.Put(message_index_, MessageIndexKey(message.id()),
              MessageKey(discussion_id, message.number()));
  }

  const DiscussionState* before = stored->has_value() ? &**stored : nullptr;
  if (absl::Status status = UpdateIndexes(batch, before, state); !status.ok()) {
    return status;
  }
  batch.Put(discussions_, DiscussionKey(discussion_id),
            state.SerializeAsString());
  return absl::OkStatus();
}

absl::Status DiscussionProjection::UpdateIndexes(
    store::BatchView& batch, const DiscussionState* before,
    const DiscussionState& after) {
  const IndexEntries new_entries = EntriesOf(after);
  IndexEntries old_entries;
  if (before != nullptr) {
    if (before->updated_at_ms() == after.updated_at_ms() &&
        before->status() == after.status()) {
      return absl::OkStatus();  // Every key stays the same.
    }
    old_entries = EntriesOf(*before);
    for (const std::string& prefix : old_entries.customer_lists) {
      batch.Delete(customer_index_,
                   CustomerListEntry(prefix, before->updated_at_ms(), before->id()));
      if (!new_entries.customer_lists.contains(prefix)) {
        if (absl::Status s = AddToCount(batch, CustomerCountKey(prefix), -1); !s.ok()) return s;
      }
    }
    for (const std::string& prefix : old_entries.queues) {
      batch.Delete(queue_index_,
                   QueueEntry(prefix, before->updated_at_ms(), before->id()));
      if (!new_entries.queues.contains(prefix)) {
        if (absl::Status s = AddToCount(batch, QueueCountKey(prefix), -1); !s.ok()) return s;
      }
    }
  }

  for (const std::string& prefix : new_entries.customer_lists) {
    batch.Put(customer_index_,
              CustomerListEntry(prefix, after.updated_at_ms(), after.id()), "");
    if (!old_entries.customer_lists.contains(prefix)) {
      if (absl::Status s = AddToCount(batch, CustomerCountKey(prefix), 1); !s.ok()) return s;
    }
  }
  for (const std::string& prefix : new_entries.queues) {
    batch.Put(queue_index_, QueueEntry(prefix, after.updated_at_ms(), after.id()), "");
    if (!old_entries.queues.contains(prefix)) {
      if (absl::Status s = AddToCount(batch, QueueCountKey(prefix), 1); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status DiscussionProjection::AddToCount(store::BatchView& batch,
                                              const std::string& key,
                                              int64_t delta) {
  absl::StatusOr<uint32_t> count = ReadCount(batch, key);
  if (!count.ok()) return count.status();
  const int64_t next = static_cast<int64_t>(*count) + delta;
  if (next < 0) {
    return absl::DataLossError("a discussion count went below zero; rebuild the projections");
  }
  if (next == 0) {
    batch.Delete(counts_, key);
  } else {
    batch.Put(counts_, key, store::EncodeUint64(static_cast<uint64_t>(next)));
  }
  return absl::OkStatus();
}

parley::v1::Discussion ToDiscussionView(const DiscussionState& state) {
  parley::v1::Discussion view;
  view.set_id(state.id());
  view.set_customer_id(state.customer_id());
  view.set_category(state.category());
  view.set_status(state.status());
  view.set_created_at_ms(state.created_at_ms());
  view.set_updated_at_ms(state.updated_at_ms());
  view.set_read(domain::IsRead(state));
  if (state.has_selection()) *view.mutable_selection() = state.selection();
  view.set_assigned_agent(state.assigned_agent());
  view.set_message_count(state.message_count());
  return view;
}

}  // namespace parley::projections
