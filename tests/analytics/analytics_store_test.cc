#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "analytics/analytics_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/v1/agent_service.pb.h"
#include "parley/v1/customer_service.pb.h"
#include "projections/analytics_keys.h"
#include "projections/analytics_projection.h"
#include "projections/discussion_projection.h"
#include "service/discussion_commands.h"
#include "store/event_store.h"
#include "store/key_value.h"
#include "support/temp_dir.h"

// AnalyticsProjection registered with a real EventStore next to the
// DiscussionProjection, fed by parleyd's own commands. The server clock
// stamps the events, so expected durations are computed from the
// timestamps read back from the log.

namespace parley::projections {
namespace {

using ::testing::ElementsAre;
using parley::v1::EventRecord;

constexpr parley::v1::Category kDelivery = parley::v1::CATEGORY_DELIVERY_PROBLEM;
constexpr parley::v1::Category kPayment = parley::v1::CATEGORY_PAYMENT;

std::vector<uint64_t> StatusCounts(const CategoryStats& stats) {
  std::vector<uint64_t> counts;
  for (const StatusCount& each : stats.status_counts) counts.push_back(each.count);
  return counts;
}

class AnalyticsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::EventStoreOptions options;
    options.data_dir = dir_.path();
    options.projections = {&discussions_, &analytics_};
    options.sync = false;  // A machine crash is not part of these tests.
    absl::StatusOr<std::unique_ptr<store::EventStore>> store =
        store::EventStore::Open(std::move(options));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  // Runs a command of DiscussionCommands and returns its serialized result.
  std::string Run(const std::string& actor,
                  absl::StatusOr<store::CommandFunction> command) {
    EXPECT_TRUE(command.ok()) << command.status();
    if (!command.ok()) return "";
    store::CommandOptions options;
    options.actor = actor;
    absl::StatusOr<std::string> result = store_->Execute(options, *std::move(command));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : "";
  }

  uint64_t Create(parley::v1::Category category) {
    parley::v1::CreateDiscussionRequest request;
    request.set_customer_id("alice");
    request.set_category(category);
    request.mutable_message()->set_text("Where is my parcel?");
    parley::v1::CreateDiscussionResponse response;
    EXPECT_TRUE(response.ParseFromString(
        Run("customer:alice", commands_.CreateDiscussion(request))));
    return response.discussion_id();
  }

  void Respond(uint64_t discussion_id) {
    parley::v1::RespondRequest request;
    request.set_discussion_id(discussion_id);
    request.set_agent("ada");
    request.set_text("It arrives tomorrow.");
    Run("agent:ada", commands_.Respond(request));
  }

  void Reply(uint64_t discussion_id) {
    parley::v1::ReplyToDiscussionRequest request;
    request.set_customer_id("alice");
    request.set_discussion_id(discussion_id);
    request.mutable_message()->set_text("It did not arrive.");
    Run("customer:alice", commands_.ReplyToDiscussion(request));
  }

  void Assign(uint64_t discussion_id) {
    parley::v1::AssignRequest request;
    request.set_discussion_id(discussion_id);
    request.set_agent("ada");
    Run("agent:ada", commands_.Assign(request));
  }

  std::vector<EventRecord> ReadStream(uint64_t discussion_id) {
    absl::StatusOr<std::vector<EventRecord>> events =
        store_->ReadStream(absl::StrCat(discussion_id), 1, 100);
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *std::move(events) : std::vector<EventRecord>();
  }

  AnalyticsStats Stats(int64_t from_ms, int64_t to_ms) {
    store::SnapshotReader reader(store_->db());
    absl::StatusOr<AnalyticsStats> stats =
        analytics_.Stats(reader, from_ms, to_ms, std::nullopt);
    EXPECT_TRUE(stats.ok()) << stats.status();
    return stats.ok() ? *std::move(stats) : AnalyticsStats();
  }

  parley::testing::TempDir dir_;
  DiscussionProjection discussions_;
  testing::InspectableAnalyticsProjection analytics_;
  std::unique_ptr<store::EventStore> store_;
  const service::DiscussionCommands commands_{discussions_};
};

// Returns the timestamp of the first event of `type` in `events`, with
// `message_type` when it is a MessagePosted.
std::optional<int64_t> FirstTimestamp(
    const std::vector<EventRecord>& events, const std::string& type,
    parley::v1::MessageType message_type = parley::v1::MESSAGE_TYPE_UNSPECIFIED) {
  for (const EventRecord& event : events) {
    if (event.type() != type) continue;
    if (message_type != parley::v1::MESSAGE_TYPE_UNSPECIFIED) {
      parley::v1::MessagePosted posted;
      if (!event.payload().UnpackTo(&posted) || posted.type() != message_type) continue;
    }
    return event.timestamp_ms();
  }
  return std::nullopt;
}

TEST_F(AnalyticsStoreTest, CountsCommandsOfParleyd) {
  const uint64_t delivery = Create(kDelivery);
  Respond(delivery);  // COMPLETED.
  Reply(delivery);    // Reopens: OUTSTANDING.
  const uint64_t payment = Create(kPayment);
  Assign(payment);    // IN_PROGRESS.

  const std::vector<EventRecord> events = ReadStream(delivery);
  const std::optional<int64_t> created_at = FirstTimestamp(events, "DiscussionCreated");
  const std::optional<int64_t> responded_at =
      FirstTimestamp(events, "MessagePosted", parley::v1::MESSAGE_TYPE_RESPONSE);
  const std::optional<int64_t> completed_at = FirstTimestamp(events, "StatusChanged");
  ASSERT_TRUE(created_at.has_value());
  ASSERT_TRUE(responded_at.has_value());
  ASSERT_TRUE(completed_at.has_value());

  const AnalyticsStats stats = Stats(*created_at, *created_at + kDayMs);
  const CategoryStats& delivery_stats = stats.categories[kDelivery - 1];
  EXPECT_THAT(StatusCounts(delivery_stats), ElementsAre(1, 0, 0, 0));
  EXPECT_THAT(StatusCounts(stats.categories[kPayment - 1]), ElementsAre(0, 1, 0, 0));

  ASSERT_EQ(delivery_stats.created_per_hour.size(), 1u);
  EXPECT_EQ(delivery_stats.created_per_hour[0].start_ms, HourStart(*created_at));
  EXPECT_EQ(delivery_stats.created_per_hour[0].count, 1u);
  EXPECT_EQ(delivery_stats.first_response_ms.count, 1u);
  EXPECT_EQ(delivery_stats.first_response_ms.p50, *responded_at - *created_at);
  EXPECT_EQ(delivery_stats.completion_ms.count, 1u);
  EXPECT_EQ(delivery_stats.completion_ms.p50, *completed_at - *created_at);
  // The first query, the response and the reply.
  EXPECT_EQ(delivery_stats.messages_per_discussion.count, 1u);
  EXPECT_EQ(delivery_stats.messages_per_discussion.p50, 3);
  EXPECT_EQ(stats.all.messages_per_discussion.count, 2u);
}

TEST_F(AnalyticsStoreTest, RebuildFromLogWritesSameBytes) {
  const uint64_t first = Create(kDelivery);
  Assign(first);
  Respond(first);
  Reply(first);
  Respond(first);
  Create(kPayment);

  // Replay the whole log into an analytics projection of its own, as a
  // rebuild does.
  parley::testing::TempDir rebuild_dir;
  testing::InspectableAnalyticsProjection rebuilt;
  store::EventStoreOptions options;
  options.data_dir = rebuild_dir.path();
  options.projections = {&rebuilt};
  options.sync = false;
  absl::StatusOr<std::unique_ptr<store::EventStore>> rebuild_store =
      store::EventStore::Open(std::move(options));
  ASSERT_TRUE(rebuild_store.ok()) << rebuild_store.status();
  absl::StatusOr<store::EventPage> page = store_->ReadEvents(1, store::EventReadLimits());
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->events.size(), store_->LastPosition());
  testing::IndexedBatchView batch((*rebuild_store)->db());
  for (const EventRecord& event : page->events) {
    ASSERT_TRUE(rebuilt.Apply(event, batch).ok()) << event.DebugString();
  }
  ASSERT_TRUE(batch.Commit().ok());

  const auto original = testing::ReadFamily(store_->db(), analytics_.family());
  EXPECT_FALSE(original.empty());
  EXPECT_EQ(testing::ReadFamily((*rebuild_store)->db(), rebuilt.family()), original);
}

}  // namespace
}  // namespace parley::projections
