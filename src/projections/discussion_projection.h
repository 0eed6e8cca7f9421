#ifndef PARLEY_PROJECTIONS_DISCUSSION_PROJECTION_H_
#define PARLEY_PROJECTIONS_DISCUSSION_PROJECTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "parley/v1/discussion.pb.h"
#include "parley/v1/records.pb.h"
#include "store/event_store.h"
#include "store/key_value.h"

namespace parley::projections {

// A page of a customer's discussions or of an agent queue.
struct DiscussionList {
  std::vector<parley::v1::DiscussionState> discussions;
  uint32_t total = 0;  // Matching discussions, whatever the page.
};

// Location of a message: its discussion and its number there.
struct MessageLocation {
  uint64_t discussion_id = 0;
  uint32_t number = 0;
};

// Filters of a customer's discussion list; empty and UNSPECIFIED match all.
struct DiscussionFilter {
  uint64_t discussion_id = 0;
  std::string order_number;
  parley::v1::Status status = parley::v1::STATUS_UNSPECIFIED;
};

// Read models of discussions: current state, message pages, a customer's
// filterable lists, and agent queues. The layout is in discussion_keys.h.
//
// Apply runs on the store's writer thread in the batch of the events it
// reads. Queries run on any thread, each with its own reader. Bind must
// happen before either.
class DiscussionProjection : public store::Projection {
 public:
  std::vector<std::string> ColumnFamilies() const override;
  void Bind(std::vector<rocksdb::ColumnFamilyHandle*> handles) override;
  absl::Status Apply(const parley::v1::EventRecord& event,
                     store::BatchView& batch) override;

  // Returns the discussion's state, or nullopt when it does not exist.
  absl::StatusOr<std::optional<parley::v1::DiscussionState>> GetDiscussion(
      store::KeyValueReader& reader, uint64_t discussion_id) const;

  // Returns `limit` of the customer's discussions matching `filter` from
  // `offset`, newest updated_at first (ties: higher id first), and the
  // number that match. Costs one seek plus a key-only step per skipped
  // entry.
  absl::StatusOr<DiscussionList> ListCustomerDiscussions(
      store::KeyValueReader& reader, absl::string_view customer_id,
      const DiscussionFilter& filter, uint32_t offset, uint32_t limit) const;

  // Returns up to `limit` messages numbered from offset + 1, oldest first.
  // Messages are numbered 1..n per discussion, so the offset is one seek.
  absl::StatusOr<std::vector<parley::v1::Message>> ListMessages(
      store::KeyValueReader& reader, uint64_t discussion_id, uint32_t offset,
      uint32_t limit) const;

  // Returns the discussion and number of a message id, or nullopt.
  absl::StatusOr<std::optional<MessageLocation>> LocateMessage(
      store::KeyValueReader& reader, uint64_t message_id) const;

  // Returns discussions in `status` (and `category` unless UNSPECIFIED),
  // oldest updated_at first, and the number that match.
  absl::StatusOr<DiscussionList> ListQueue(store::KeyValueReader& reader,
                                           parley::v1::Status status,
                                           parley::v1::Category category,
                                           uint32_t offset,
                                           uint32_t limit) const;

 private:
  absl::Status UpdateIndexes(store::BatchView& batch,
                             const parley::v1::DiscussionState* before,
                             const parley::v1::DiscussionState& after);
  absl::Status AddToCount(store::BatchView& batch, const std::string& key,
                          int64_t delta);
  absl::StatusOr<uint32_t> ReadCount(store::KeyValueReader& reader,
                                     const std::string& key) const;
  absl::StatusOr<DiscussionList> ScanList(
      store::KeyValueReader& reader, rocksdb::ColumnFamilyHandle* family,
      absl::string_view prefix, uint32_t offset, uint32_t limit,
      uint64_t (*id_of)(absl::string_view key, size_t prefix_size)) const;

  rocksdb::ColumnFamilyHandle* discussions_ = nullptr;
  rocksdb::ColumnFamilyHandle* messages_ = nullptr;
  rocksdb::ColumnFamilyHandle* message_index_ = nullptr;
  rocksdb::ColumnFamilyHandle* customer_index_ = nullptr;
  rocksdb::ColumnFamilyHandle* queue_index_ = nullptr;
  rocksdb::ColumnFamilyHandle* counts_ = nullptr;
};

// Converts stored state to the API's Discussion, with `read` computed.
parley::v1::Discussion ToDiscussionView(const parley::v1::DiscussionState& state);

}  // namespace parley::projections

#endif  // PARLEY_PROJECTIONS_DISCUSSION_PROJECTION_H_
