#ifndef PARLEY_PROJECTIONS_ANALYTICS_PROJECTION_H_
#define PARLEY_PROJECTIONS_ANALYTICS_PROJECTION_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "parley/v1/discussion.pb.h"
#include "parley/v1/events.pb.h"
#include "store/event_store.h"
#include "store/key_value.h"

namespace parley::projections {

// Distribution of per-discussion samples (durations in ms, or message
// counts). Percentiles use the nearest-rank method, see
// NearestRankPercentile. Every field is 0 when count is 0.
struct Summary {
  uint64_t count = 0;
  double mean = 0;
  int64_t p50 = 0;
  int64_t p90 = 0;
  int64_t p99 = 0;
};

// Discussions created in one UTC hour or day.
struct TimeBucket {
  int64_t start_ms = 0;  // Start of the hour or day, ms since the Unix epoch.
  uint64_t count = 0;
};

// Number of discussions currently in one status.
struct StatusCount {
  parley::v1::Status status = parley::v1::STATUS_UNSPECIFIED;
  uint64_t count = 0;
};

// Statistics of one category, or of several combined, for a time range
// [from_ms, to_ms).
struct CategoryStats {
  // CATEGORY_UNSPECIFIED for the combination of several categories.
  parley::v1::Category category = parley::v1::CATEGORY_UNSPECIFIED;
  // Every UTC hour and day that overlaps the range and has at least one
  // discussion created in it, oldest first. The buckets at either end count
  // the whole hour or day, including discussions created outside the range.
  std::vector<TimeBucket> created_per_hour;
  std::vector<TimeBucket> created_per_day;
  // Discussions in each status now, whatever the range: OUTSTANDING,
  // IN_PROGRESS, PENDING and COMPLETED, in that order.
  std::vector<StatusCount> status_counts;
  // Time from creation to the first RESPONSE message, over discussions
  // whose first response was posted in the range.
  Summary first_response_ms;
  // Time from creation to the first change to COMPLETED, over discussions
  // first completed in the range. A reopened discussion keeps its first
  // completion.
  Summary completion_ms;
  // Messages of each discussion created in the range, counting every
  // message posted so far. Its count is the exact number of discussions
  // created in the range.
  Summary messages_per_discussion;
};

// Result of AnalyticsProjection::Stats.
struct AnalyticsStats {
  // One entry per requested category, in enum order.
  std::vector<CategoryStats> categories;
  // The requested categories combined: bucket counts and status counts are
  // summed, and summaries are computed over the union of their samples.
  CategoryStats all;
};

// Returns the nearest-rank `percent`-th percentile of `sorted`, which must be
// in ascending order: the value at 1-based rank ceil(percent * n / 100), the
// smallest sample that at least `percent`% of the samples are at or below.
// The result is always one of the samples, never an interpolation. Returns 0
// for an empty span. `percent` is clamped to 1..100.
int64_t NearestRankPercentile(std::span<const int64_t> sorted, int percent);

// Returns the count, mean and nearest-rank p50, p90 and p99 of `samples`.
Summary Summarize(std::vector<int64_t> samples);

// Analytics read model: discussions created per category and UTC hour and
// day, discussions per category and current status, time to first response
// and to completion, and messages per discussion. The layout is in
// analytics_keys.h. It reads only its own column family and the events, so
// it can be rebuilt by replaying the log.
//
// Apply runs on the store's writer thread in the batch of the events it
// reads. Stats runs on any thread, each call with its own reader. Bind must
// happen before either.
class AnalyticsProjection : public store::Projection {
 public:
  std::vector<std::string> ColumnFamilies() const override;
  void Bind(std::vector<rocksdb::ColumnFamilyHandle*> handles) override;

  // Updates the statistics for DiscussionCreated, MessagePosted and
  // StatusChanged. Other event types change nothing. Fails with
  // INVALID_ARGUMENT for a stream id that is not a discussion id, a negative
  // timestamp, or a category or status number above 255. Fails with
  // DATA_LOSS for a payload that does not unpack, a second
  // DiscussionCreated, or a stored entry that does not decode.
  absl::Status Apply(const parley::v1::EventRecord& event,
                     store::BatchView& batch) override;

  // Returns statistics of the range [from_ms, to_ms) for `category`, or for
  // every named category when `category` is nullopt. Reads only the
  // requested categories and time ranges, but keeps every sample of the
  // range in memory: 8 bytes per discussion and series. Fails with
  // INVALID_ARGUMENT unless 0 <= from_ms < to_ms, with UNAVAILABLE when
  // RocksDB fails to read, and with DATA_LOSS for an entry that does not
  // decode.
  absl::StatusOr<AnalyticsStats> Stats(
      store::KeyValueReader& reader, int64_t from_ms, int64_t to_ms,
      std::optional<parley::v1::Category> category) const;

 private:
  absl::Status ApplyCreated(const parley::v1::EventRecord& event,
                            uint64_t discussion_id, store::BatchView& batch);
  absl::Status ApplyMessagePosted(const parley::v1::EventRecord& event,
                                  uint64_t discussion_id,
                                  store::BatchView& batch);
  absl::Status ApplyStatusChanged(const parley::v1::EventRecord& event,
                                  uint64_t discussion_id,
                                  store::BatchView& batch);
  absl::Status AddToCount(store::BatchView& batch, const std::string& key,
                          int64_t delta);

  rocksdb::ColumnFamilyHandle* analytics_ = nullptr;
};

}  // namespace parley::projections

#endif  // PARLEY_PROJECTIONS_ANALYTICS_PROJECTION_H_
