#include "projections/analytics_projection.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "analytics/analytics_testing.h"
#include "projections/analytics_keys.h"
#include "store/event_store.h"
#include "store/key_value.h"
#include "support/temp_dir.h"

// Tests of AnalyticsProjection on a scripted history whose expected values
// are computed by hand. The projection is registered with a real EventStore
// on a temporary directory, which creates and binds its column family. The
// events are hand-built records with chosen timestamps, applied through a
// BatchView over a WriteBatchWithIndex and committed to the store's
// database. The queries read committed snapshots.

namespace parley::projections {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using parley::v1::Category;
using parley::v1::Status;
using testing::EventBuilder;
using testing::IndexedBatchView;

constexpr Category kDelivery = parley::v1::CATEGORY_DELIVERY_PROBLEM;
constexpr Category kPayment = parley::v1::CATEGORY_PAYMENT;
constexpr Category kFeedback = parley::v1::CATEGORY_FEEDBACK;

// 2024-03-10T00:00:00Z, the start of a UTC day.
constexpr int64_t kDay = 1'710'028'800'000;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = kHourMs;

// Counts in status order OUTSTANDING, IN_PROGRESS, PENDING, COMPLETED.
std::vector<uint64_t> StatusCounts(const CategoryStats& stats) {
  std::vector<uint64_t> counts;
  for (const StatusCount& each : stats.status_counts) counts.push_back(each.count);
  return counts;
}

std::vector<std::pair<int64_t, uint64_t>> Buckets(const std::vector<TimeBucket>& buckets) {
  std::vector<std::pair<int64_t, uint64_t>> pairs;
  for (const TimeBucket& bucket : buckets) pairs.emplace_back(bucket.start_ms, bucket.count);
  return pairs;
}

void ExpectSummary(const Summary& summary, uint64_t count, double mean, int64_t p50,
                   int64_t p90, int64_t p99) {
  EXPECT_EQ(summary.count, count);
  EXPECT_DOUBLE_EQ(summary.mean, mean);
  EXPECT_EQ(summary.p50, p50);
  EXPECT_EQ(summary.p90, p90);
  EXPECT_EQ(summary.p99, p99);
}

class AnalyticsProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::EventStoreOptions options;
    options.data_dir = dir_.path();
    options.projections = {&projection_};
    // A machine crash is not part of these tests, so the WAL is not synced.
    options.sync = false;
    absl::StatusOr<std::unique_ptr<store::EventStore>> store =
        store::EventStore::Open(std::move(options));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  // Applies `record` in a batch of its own and commits it.
  void Apply(const parley::v1::EventRecord& record) {
    ASSERT_TRUE(TryApply(record).ok());
  }

  absl::Status TryApply(const parley::v1::EventRecord& record) {
    IndexedBatchView batch(store_->db());
    absl::Status status = projection_.Apply(record, batch);
    if (!status.ok()) return status;
    return batch.Commit();
  }

  // Script steps. Like parleyd's commands, a discussion starts with the
  // customer's first message, and a customer message reopens a COMPLETED
  // discussion.

  void Create(uint64_t id, Category category, int64_t at_ms) {
    Apply(events_.Created(id, category, at_ms));
    Apply(events_.Posted(id, parley::v1::MESSAGE_TYPE_QUERY, at_ms));
  }

  void Reply(uint64_t id, int64_t at_ms, bool reopens = false) {
    Apply(events_.Posted(id, parley::v1::MESSAGE_TYPE_QUERY, at_ms));
    if (reopens) ChangeStatus(id, parley::v1::STATUS_OUTSTANDING, at_ms);
  }

  void Assign(uint64_t id, int64_t at_ms) {
    Apply(events_.Assigned(id, at_ms));
    ChangeStatus(id, parley::v1::STATUS_IN_PROGRESS, at_ms);
  }

  // Posts a RESPONSE, then changes the status to `after` unless it is
  // already there.
  void Respond(uint64_t id, int64_t at_ms, Status after = parley::v1::STATUS_COMPLETED) {
    Apply(events_.Posted(id, parley::v1::MESSAGE_TYPE_RESPONSE, at_ms));
    if (after != events_.status(id)) ChangeStatus(id, after, at_ms);
  }

  void ChangeStatus(uint64_t id, Status to, int64_t at_ms) {
    Apply(events_.StatusChanged(id, to, at_ms));
  }

  // The history most tests query. Times are from kDay (D), a UTC midnight.
  //
  //  id  category  created          then
  //  1   DELIVERY  D+22:30          assigned 22:35, response 22:40 (COMPLETED),
  //                                 customer reply 23:30 (reopens), response
  //                                 D+1 00:00 (COMPLETED)        4 messages
  //  2   DELIVERY  D+23:59:59.999   assigned +1 min, PENDING +2 min, response
  //                                 +30 min keeping PENDING, COMPLETED +2 h
  //                                 without a response           2 messages
  //  3   DELIVERY  D+1 00:00        response +20 min (COMPLETED) 2 messages
  //  4   PAYMENT   D+1 00:10        response +5 min (COMPLETED)  2 messages
  //  5   DELIVERY  D+1 01:05        customer reply +1 min        2 messages
  //  6   PAYMENT   D+1 01:30        assigned +1 min, PENDING +2 min
  //                                                              1 message
  //
  // First responses (ms after creation, at): 1: 600,000 at D+22:40;
  // 2: 1,800,000 at D+1 00:29:59.999; 3: 1,200,000 at D+1 00:20;
  // 4: 300,000 at D+1 00:15.
  // First completions: 1: 600,000 at D+22:40; 2: 7,200,000 at
  // D+1 01:59:59.999; 3: 1,200,000 at D+1 00:20; 4: 300,000 at D+1 00:15.
  void ApplyHistory() {
    const int64_t d1 = kDay + 22 * kHour + 30 * kMinute;
    Create(1, kDelivery, d1);
    Assign(1, d1 + 5 * kMinute);
    Respond(1, d1 + 10 * kMinute);
    Reply(1, d1 + 60 * kMinute, /*reopens=*/true);
    Respond(1, d1 + 90 * kMinute);

    const int64_t d2 = kDay + 24 * kHour - 1;
    Create(2, kDelivery, d2);
    Assign(2, d2 + kMinute);
    ChangeStatus(2, parley::v1::STATUS_PENDING, d2 + 2 * kMinute);
    Respond(2, d2 + 30 * kMinute, parley::v1::STATUS_PENDING);
    ChangeStatus(2, parley::v1::STATUS_COMPLETED, d2 + 2 * kHour);

    const int64_t d3 = kDay + 24 * kHour;
    Create(3, kDelivery, d3);
    Respond(3, d3 + 20 * kMinute);

    const int64_t d4 = kDay + 24 * kHour + 10 * kMinute;
    Create(4, kPayment, d4);
    Respond(4, d4 + 5 * kMinute);

    const int64_t d5 = kDay + 25 * kHour + 5 * kMinute;
    Create(5, kDelivery, d5);
    Reply(5, d5 + kMinute);

    const int64_t d6 = kDay + 25 * kHour + 30 * kMinute;
    Create(6, kPayment, d6);
    Assign(6, d6 + kMinute);
    ChangeStatus(6, parley::v1::STATUS_PENDING, d6 + 2 * kMinute);
  }

  AnalyticsStats Stats(int64_t from_ms, int64_t to_ms,
                       std::optional<Category> category = std::nullopt) {
    store::SnapshotReader reader(store_->db());
    absl::StatusOr<AnalyticsStats> stats =
        projection_.Stats(reader, from_ms, to_ms, category);
    EXPECT_TRUE(stats.ok()) << stats.status();
    return stats.ok() ? *std::move(stats) : AnalyticsStats();
  }

  // Statistics of one category in [from_ms, to_ms).
  CategoryStats StatsOf(Category category, int64_t from_ms, int64_t to_ms) {
    AnalyticsStats stats = Stats(from_ms, to_ms, category);
    EXPECT_EQ(stats.categories.size(), 1u);
    return stats.categories.empty() ? CategoryStats() : stats.categories.front();
  }

  parley::testing::TempDir dir_;
  testing::InspectableAnalyticsProjection projection_;
  std::unique_ptr<store::EventStore> store_;
  EventBuilder events_;
};

TEST_F(AnalyticsProjectionTest, CreatedPerHourAndDay) {
  ApplyHistory();
  const AnalyticsStats stats = Stats(kDay, kDay + 2 * kDayMs);

  const CategoryStats& delivery = stats.categories[kDelivery - 1];
  EXPECT_EQ(delivery.category, kDelivery);
  // 1 at 22:30 and 2 at 23:59:59.999 fall in day D; 3 at exactly midnight
  // starts day D+1.
  EXPECT_THAT(Buckets(delivery.created_per_hour),
              ElementsAre(Pair(kDay + 22 * kHour, 1), Pair(kDay + 23 * kHour, 1),
                          Pair(kDay + 24 * kHour, 1), Pair(kDay + 25 * kHour, 1)));
  EXPECT_THAT(Buckets(delivery.created_per_day),
              ElementsAre(Pair(kDay, 2), Pair(kDay + kDayMs, 2)));

  const CategoryStats& payment = stats.categories[kPayment - 1];
  EXPECT_THAT(Buckets(payment.created_per_hour),
              ElementsAre(Pair(kDay + 24 * kHour, 1), Pair(kDay + 25 * kHour, 1)));
  EXPECT_THAT(Buckets(payment.created_per_day), ElementsAre(Pair(kDay + kDayMs, 2)));

  // Both categories summed per bucket.
  EXPECT_THAT(Buckets(stats.all.created_per_hour),
              ElementsAre(Pair(kDay + 22 * kHour, 1), Pair(kDay + 23 * kHour, 1),
                          Pair(kDay + 24 * kHour, 2), Pair(kDay + 25 * kHour, 2)));
  EXPECT_THAT(Buckets(stats.all.created_per_day),
              ElementsAre(Pair(kDay, 2), Pair(kDay + kDayMs, 4)));
}

TEST_F(AnalyticsProjectionTest, StatusCountsFollowTransitionsAndReopen) {
  const int64_t t = kDay + 10 * kHour;
  const auto counts = [&] { return StatusCounts(StatsOf(kDelivery, kDay, kDay + kDayMs)); };

  Create(1, kDelivery, t);
  EXPECT_THAT(counts(), ElementsAre(1, 0, 0, 0));
  Assign(1, t + kMinute);
  EXPECT_THAT(counts(), ElementsAre(0, 1, 0, 0));
  ChangeStatus(1, parley::v1::STATUS_PENDING, t + 2 * kMinute);
  EXPECT_THAT(counts(), ElementsAre(0, 0, 1, 0));
  Respond(1, t + 3 * kMinute);
  EXPECT_THAT(counts(), ElementsAre(0, 0, 0, 1));
  Reply(1, t + 4 * kMinute, /*reopens=*/true);
  EXPECT_THAT(counts(), ElementsAre(1, 0, 0, 0));
  Create(2, kDelivery, t + 5 * kMinute);
  EXPECT_THAT(counts(), ElementsAre(2, 0, 0, 0));
  Respond(1, t + 6 * kMinute);
  EXPECT_THAT(counts(), ElementsAre(1, 0, 0, 1));

  // The status counts are current, whatever the range asked for.
  EXPECT_THAT(StatusCounts(StatsOf(kDelivery, 0, 1)), ElementsAre(1, 0, 0, 1));
  EXPECT_THAT(StatusCounts(StatsOf(kPayment, kDay, kDay + kDayMs)), ElementsAre(0, 0, 0, 0));
}

TEST_F(AnalyticsProjectionTest, FinalStatusCountsOfHistory) {
  ApplyHistory();
  const AnalyticsStats stats = Stats(kDay, kDay + 2 * kDayMs);
  // DELIVERY: 1, 2, 3 COMPLETED and 5 OUTSTANDING. PAYMENT: 4 COMPLETED and
  // 6 PENDING.
  EXPECT_THAT(StatusCounts(stats.categories[kDelivery - 1]), ElementsAre(1, 0, 0, 3));
  EXPECT_THAT(StatusCounts(stats.categories[kPayment - 1]), ElementsAre(0, 0, 1, 1));
  EXPECT_THAT(StatusCounts(stats.all), ElementsAre(1, 0, 1, 4));
}

TEST_F(AnalyticsProjectionTest, FirstResponseSummary) {
  ApplyHistory();
  const AnalyticsStats stats = Stats(kDay, kDay + 2 * kDayMs);
  {
    SCOPED_TRACE("DELIVERY");
    // Sorted: 600,000 1,200,000 1,800,000. Mean 3,600,000 / 3 = 1,200,000.
    // p50 rank ceil(1.5) = 2; p90 rank ceil(2.7) = 3; p99 rank ceil(2.97) = 3.
    // The second response to discussion 1 adds no sample.
    ExpectSummary(stats.categories[kDelivery - 1].first_response_ms, 3, 1'200'000,
                  1'200'000, 1'800'000, 1'800'000);
  }
  {
    SCOPED_TRACE("PAYMENT");
    // Discussion 4 only; discussion 6 has no response.
    ExpectSummary(stats.categories[kPayment - 1].first_response_ms, 1, 300'000, 300'000,
                  300'000, 300'000);
  }
  {
    SCOPED_TRACE("all");
    // Sorted: 300,000 600,000 1,200,000 1,800,000. Mean 3,900,000 / 4 =
    // 975,000. p50 rank 2; p90 rank ceil(3.6) = 4; p99 rank 4.
    ExpectSummary(stats.all.first_response_ms, 4, 975'000, 600'000, 1'800'000, 1'800'000);
  }
}

TEST_F(AnalyticsProjectionTest, CompletionSummaryKeepsFirstCompletion) {
  ApplyHistory();
  const AnalyticsStats stats = Stats(kDay, kDay + 2 * kDayMs);
  {
    SCOPED_TRACE("DELIVERY");
    // Discussion 1 completes at +10 min, is reopened and completes again;
    // only the first completion counts. Sorted: 600,000 1,200,000 7,200,000.
    // Mean 9,000,000 / 3 = 3,000,000. p50 rank 2; p90 and p99 rank 3.
    ExpectSummary(stats.categories[kDelivery - 1].completion_ms, 3, 3'000'000, 1'200'000,
                  7'200'000, 7'200'000);
  }
  {
    SCOPED_TRACE("all");
    // Sorted: 300,000 600,000 1,200,000 7,200,000. Mean 9,300,000 / 4 =
    // 2,325,000. p50 rank 2; p90 and p99 rank 4.
    ExpectSummary(stats.all.completion_ms, 4, 2'325'000, 600'000, 7'200'000, 7'200'000);
  }
}

TEST_F(AnalyticsProjectionTest, MessagesPerDiscussion) {
  ApplyHistory();
  const AnalyticsStats stats = Stats(kDay, kDay + 2 * kDayMs);
  {
    SCOPED_TRACE("DELIVERY");
    // Discussions 1, 2, 3, 5: sorted 2 2 2 4. Mean 10 / 4 = 2.5. p50 rank 2;
    // p90 rank ceil(3.6) = 4; p99 rank 4.
    ExpectSummary(stats.categories[kDelivery - 1].messages_per_discussion, 4, 2.5, 2, 4, 4);
  }
  {
    SCOPED_TRACE("PAYMENT");
    // Discussions 4 and 6: sorted 1 2. Mean 1.5. p50 rank 1; p90 rank 2.
    ExpectSummary(stats.categories[kPayment - 1].messages_per_discussion, 2, 1.5, 1, 2, 2);
  }
  {
    SCOPED_TRACE("all");
    // Sorted 1 2 2 2 2 4. Mean 13 / 6. p50 rank 3; p90 rank ceil(5.4) = 6.
    ExpectSummary(stats.all.messages_per_discussion, 6, 13.0 / 6, 2, 4, 4);
  }
}

TEST_F(AnalyticsProjectionTest, CategoryFilter) {
  ApplyHistory();
  const AnalyticsStats stats = Stats(kDay, kDay + 2 * kDayMs, kPayment);

  ASSERT_EQ(stats.categories.size(), 1u);
  const CategoryStats& payment = stats.categories.front();
  EXPECT_EQ(payment.category, kPayment);
  EXPECT_THAT(Buckets(payment.created_per_hour),
              ElementsAre(Pair(kDay + 24 * kHour, 1), Pair(kDay + 25 * kHour, 1)));
  EXPECT_THAT(StatusCounts(payment), ElementsAre(0, 0, 1, 1));
  ExpectSummary(payment.completion_ms, 1, 300'000, 300'000, 300'000, 300'000);

  // With one category, the combination is that category alone.
  EXPECT_EQ(stats.all.category, parley::v1::CATEGORY_UNSPECIFIED);
  EXPECT_THAT(Buckets(stats.all.created_per_hour),
              ElementsAre(Pair(kDay + 24 * kHour, 1), Pair(kDay + 25 * kHour, 1)));
  EXPECT_THAT(StatusCounts(stats.all), ElementsAre(0, 0, 1, 1));
  ExpectSummary(stats.all.messages_per_discussion, 2, 1.5, 1, 2, 2);
}

TEST_F(AnalyticsProjectionTest, EveryCategoryListedInEnumOrder) {
  ApplyHistory();
  const AnalyticsStats stats = Stats(kDay, kDay + 2 * kDayMs);

  ASSERT_EQ(stats.categories.size(), 17u);
  for (size_t i = 0; i < stats.categories.size(); ++i) {
    EXPECT_EQ(stats.categories[i].category, static_cast<Category>(i + 1));
  }
  const CategoryStats& feedback = stats.categories[kFeedback - 1];
  EXPECT_THAT(feedback.created_per_hour, IsEmpty());
  EXPECT_THAT(feedback.created_per_day, IsEmpty());
  EXPECT_THAT(StatusCounts(feedback), ElementsAre(0, 0, 0, 0));
  ExpectSummary(feedback.first_response_ms, 0, 0, 0, 0, 0);
  ExpectSummary(feedback.completion_ms, 0, 0, 0, 0, 0);
  ExpectSummary(feedback.messages_per_discussion, 0, 0, 0, 0, 0);
}

TEST_F(AnalyticsProjectionTest, RangeExcludesEnd) {
  ApplyHistory();
  // Discussion 2 is created at D+24h-1 ms, the range's end, so it is out.
  const CategoryStats before = StatsOf(kDelivery, kDay, kDay + 24 * kHour - 1);
  ExpectSummary(before.messages_per_discussion, 1, 4, 4, 4, 4);
  // Its hour starts before the end, so the hour bucket is listed, counting
  // the whole hour as documented.
  EXPECT_THAT(Buckets(before.created_per_hour),
              ElementsAre(Pair(kDay + 22 * kHour, 1), Pair(kDay + 23 * kHour, 1)));
  EXPECT_THAT(Buckets(before.created_per_day), ElementsAre(Pair(kDay, 2)));

  // One more ms takes it in; the next day's bucket starts at the end, so it
  // stays out.
  const CategoryStats through = StatsOf(kDelivery, kDay, kDay + 24 * kHour);
  ExpectSummary(through.messages_per_discussion, 2, 3, 2, 4, 4);
  EXPECT_THAT(Buckets(through.created_per_day), ElementsAre(Pair(kDay, 2)));
}

TEST_F(AnalyticsProjectionTest, RangeIncludesStart) {
  ApplyHistory();
  // Discussion 3 is created at exactly D+24h, the range's start; 2 is 1 ms
  // before it.
  const CategoryStats next_day = StatsOf(kDelivery, kDay + 24 * kHour, kDay + 48 * kHour);
  // Discussions 3 and 5, with 2 messages each.
  ExpectSummary(next_day.messages_per_discussion, 2, 2, 2, 2, 2);
  EXPECT_THAT(Buckets(next_day.created_per_hour),
              ElementsAre(Pair(kDay + 24 * kHour, 1), Pair(kDay + 25 * kHour, 1)));
  EXPECT_THAT(Buckets(next_day.created_per_day), ElementsAre(Pair(kDay + kDayMs, 2)));
  // Samples fall in the range by when they happened: discussion 2 was
  // created the day before, but first responded at D+1 00:29:59.999. With 3
  // (1,200,000 at D+1 00:20): mean 1,500,000, p50 rank 1, p90 rank 2.
  ExpectSummary(next_day.first_response_ms, 2, 1'500'000, 1'200'000, 1'800'000, 1'800'000);
}

TEST_F(AnalyticsProjectionTest, RangeOfOneMillisecond) {
  ApplyHistory();
  // Only discussion 2 is created at D+24h-1 ms. Its hour and day overlap the
  // range, so they are listed whole.
  const CategoryStats stats = StatsOf(kDelivery, kDay + 24 * kHour - 1, kDay + 24 * kHour);
  ExpectSummary(stats.messages_per_discussion, 1, 2, 2, 2, 2);
  EXPECT_THAT(Buckets(stats.created_per_hour), ElementsAre(Pair(kDay + 23 * kHour, 1)));
  EXPECT_THAT(Buckets(stats.created_per_day), ElementsAre(Pair(kDay, 2)));

  // Discussion 3 completes at exactly D+1 00:20.
  const int64_t completed_3 = kDay + 24 * kHour + 20 * kMinute;
  ExpectSummary(StatsOf(kDelivery, completed_3, completed_3 + 1).completion_ms, 1,
                1'200'000, 1'200'000, 1'200'000, 1'200'000);
  ExpectSummary(StatsOf(kDelivery, completed_3 - 1, completed_3).completion_ms, 0, 0, 0,
                0, 0);
}

TEST_F(AnalyticsProjectionTest, RangeInsideAnHour) {
  ApplyHistory();
  // 22:45 to 23:00 of day D: discussion 1 was created (22:30) and first
  // responded and completed (22:40) before it.
  const CategoryStats stats =
      StatsOf(kDelivery, kDay + 22 * kHour + 45 * kMinute, kDay + 23 * kHour);
  EXPECT_THAT(Buckets(stats.created_per_hour), ElementsAre(Pair(kDay + 22 * kHour, 1)));
  EXPECT_THAT(Buckets(stats.created_per_day), ElementsAre(Pair(kDay, 2)));
  ExpectSummary(stats.messages_per_discussion, 0, 0, 0, 0, 0);
  ExpectSummary(stats.first_response_ms, 0, 0, 0, 0, 0);
  ExpectSummary(stats.completion_ms, 0, 0, 0, 0, 0);
}

TEST_F(AnalyticsProjectionTest, OtherEventTypesWriteNothing) {
  Create(1, kDelivery, kDay);
  const std::vector<std::pair<std::string, std::string>> before =
      testing::ReadFamily(store_->db(), projection_.family());
  Apply(events_.Assigned(1, kDay + kMinute));
  EXPECT_EQ(testing::ReadFamily(store_->db(), projection_.family()), before);
  EXPECT_THAT(StatusCounts(StatsOf(kDelivery, kDay, kDay + 1)), ElementsAre(1, 0, 0, 0));
}

TEST_F(AnalyticsProjectionTest, SkipsDiscussionWithoutRecord) {
  // As for a discussion created before the projection was registered.
  events_.Created(7, kDelivery, kDay);  // Built, never applied.
  Apply(events_.Posted(7, parley::v1::MESSAGE_TYPE_RESPONSE, kDay + kMinute));
  Apply(events_.StatusChanged(7, parley::v1::STATUS_COMPLETED, kDay + kMinute));

  const CategoryStats stats = StatsOf(kDelivery, kDay, kDay + kDayMs);
  EXPECT_THAT(StatusCounts(stats), ElementsAre(0, 0, 0, 0));
  ExpectSummary(stats.first_response_ms, 0, 0, 0, 0, 0);
  ExpectSummary(stats.completion_ms, 0, 0, 0, 0, 0);
}

TEST_F(AnalyticsProjectionTest, SecondCreationIsDataLoss) {
  Create(1, kDelivery, kDay);
  EventBuilder other_log;
  const absl::Status status = TryApply(other_log.Created(1, kPayment, kDay + kMinute));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
}

TEST_F(AnalyticsProjectionTest, RejectsNegativeTimestamp) {
  const absl::Status status = TryApply(events_.Created(1, kDelivery, -1));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), ::testing::HasSubstr("timestamp -1"));
}

TEST_F(AnalyticsProjectionTest, RejectsInvalidRange) {
  store::SnapshotReader reader(store_->db());
  for (const auto& [from_ms, to_ms] :
       std::vector<std::pair<int64_t, int64_t>>{{10, 10}, {10, 9}, {-1, 10}}) {
    SCOPED_TRACE(absl::StrCat("[", from_ms, ", ", to_ms, ")"));
    absl::StatusOr<AnalyticsStats> stats =
        projection_.Stats(reader, from_ms, to_ms, std::nullopt);
    EXPECT_EQ(stats.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace parley::projections
