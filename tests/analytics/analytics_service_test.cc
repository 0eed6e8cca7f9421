#include "service/analytics_service.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "parley/v1/analytics_service.grpc.pb.h"
#include "parley/v1/customer_service.pb.h"
#include "projections/analytics_projection.h"
#include "projections/discussion_projection.h"
#include "service/discussion_commands.h"
#include "store/event_store.h"
#include "support/temp_dir.h"

// AnalyticsServiceImpl: the range rules on their own, and GetStats through
// a real gRPC server on 127.0.0.1 over a real store.

namespace parley::service {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1'710'028'800'000;  // 2024-03-10T00:00:00Z.

TEST(ResolveStatsRange, BothZeroMeansLastDay) {
  absl::StatusOr<StatsRange> range = ResolveStatsRange(0, 0, kNow);
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(range->from_ms, kNow - 24 * 3'600'000);
  EXPECT_EQ(range->to_ms, kNow);
}

TEST(ResolveStatsRange, AcceptsValidRanges) {
  const std::vector<std::pair<int64_t, int64_t>> ranges = {
      {1000, 2000}, {0, 5}, {0, kMaxStatsRangeMs}, {5, 5 + kMaxStatsRangeMs}, {7, 8}};
  for (const auto& [from_ms, to_ms] : ranges) {
    SCOPED_TRACE(absl::StrCat("[", from_ms, ", ", to_ms, ")"));
    absl::StatusOr<StatsRange> range = ResolveStatsRange(from_ms, to_ms, kNow);
    ASSERT_TRUE(range.ok()) << range.status();
    EXPECT_EQ(range->from_ms, from_ms);
    EXPECT_EQ(range->to_ms, to_ms);
  }
}

TEST(ResolveStatsRange, RejectsInvalidRanges) {
  struct Case {
    int64_t from_ms;
    int64_t to_ms;
    std::string field;
  };
  const std::vector<Case> cases = {
      {-1, 10, "from_ms is -1"},
      {10, 10, "to_ms is 10"},
      {10, 5, "to_ms is 5"},
      {5, 0, "to_ms is 0"},
      {5, 5 + kMaxStatsRangeMs + 1, "366 days"},
      {0, kMaxStatsRangeMs + 1, "to_ms"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat("[", c.from_ms, ", ", c.to_ms, ")"));
    absl::StatusOr<StatsRange> range = ResolveStatsRange(c.from_ms, c.to_ms, kNow);
    EXPECT_EQ(range.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(range.status().message(), HasSubstr(c.field));
  }
}

class AnalyticsServiceTest : public ::testing::Test {
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

    service_ = std::make_unique<AnalyticsServiceImpl>(*store_, analytics_);
    int port = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port, 0);
    stub_ = parley::v1::AnalyticsService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    stub_.reset();
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
    server_.reset();
    store_.reset();
  }

  // Calls GetStats with a deadline, so that a hung server fails the test.
  grpc::Status GetStats(const parley::v1::GetStatsRequest& request,
                        parley::v1::GetStatsResponse& response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return stub_->GetStats(&context, request, &response);
  }

  static parley::v1::GetStatsRequest Request(
      int64_t from_ms, int64_t to_ms,
      parley::v1::Category category = parley::v1::CATEGORY_UNSPECIFIED) {
    parley::v1::GetStatsRequest request;
    request.set_from_ms(from_ms);
    request.set_to_ms(to_ms);
    request.set_category(category);
    return request;
  }

  // Creates a discussion with parleyd's command and returns its creation
  // time as recorded in the log.
  int64_t CreateDiscussion(parley::v1::Category category) {
    parley::v1::CreateDiscussionRequest request;
    request.set_customer_id("alice");
    request.set_category(category);
    request.mutable_message()->set_text("Where is my parcel?");
    absl::StatusOr<store::CommandFunction> command = commands_.CreateDiscussion(request);
    EXPECT_TRUE(command.ok()) << command.status();
    if (!command.ok()) return 0;
    store::CommandOptions options;
    options.actor = "customer:alice";
    absl::StatusOr<std::string> result = store_->Execute(options, *std::move(command));
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return 0;
    parley::v1::CreateDiscussionResponse response;
    EXPECT_TRUE(response.ParseFromString(*result));
    absl::StatusOr<std::vector<parley::v1::EventRecord>> events =
        store_->ReadStream(absl::StrCat(response.discussion_id()), 1, 1);
    EXPECT_TRUE(events.ok()) << events.status();
    if (!events.ok()) return 0;
    EXPECT_EQ(events->size(), 1u);
    return events->empty() ? 0 : events->front().timestamp_ms();
  }

  parley::testing::TempDir dir_;
  projections::DiscussionProjection discussions_;
  projections::AnalyticsProjection analytics_;
  std::unique_ptr<store::EventStore> store_;
  const DiscussionCommands commands_{discussions_};
  std::unique_ptr<AnalyticsServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<parley::v1::AnalyticsService::Stub> stub_;
};

TEST_F(AnalyticsServiceTest, RejectsInvalidRequests) {
  struct Case {
    std::string name;
    parley::v1::GetStatsRequest request;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"to before from", Request(2000, 1000), "to_ms"},
      {"empty range", Request(1000, 1000), "to_ms"},
      {"negative from", Request(-5, 1000), "from_ms"},
      {"over 366 days", Request(1000, 1000 + kMaxStatsRangeMs + 1), "to_ms"},
      {"unknown category", Request(0, 0, static_cast<parley::v1::Category>(99)), "category"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    parley::v1::GetStatsResponse response;
    const grpc::Status status = GetStats(c.request, response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr(c.message_part));
  }
}

TEST_F(AnalyticsServiceTest, DefaultRangeIsLastDay) {
  CreateDiscussion(parley::v1::CATEGORY_CHECKOUT);
  // The default range ends at the request's time, exclusive, so the
  // discussion must be at least 1 ms old.
  absl::SleepFor(absl::Milliseconds(2));

  parley::v1::GetStatsResponse response;
  const grpc::Status status =
      GetStats(Request(0, 0, parley::v1::CATEGORY_CHECKOUT), response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.to_ms() - response.from_ms(), 24 * 3'600'000);
  ASSERT_EQ(response.categories_size(), 1);
  const parley::v1::CategoryStats& checkout = response.categories(0);
  EXPECT_EQ(checkout.category(), parley::v1::CATEGORY_CHECKOUT);
  EXPECT_EQ(checkout.messages_per_discussion().count(), 1u);
  EXPECT_EQ(checkout.messages_per_discussion().p99(), 1);
  ASSERT_EQ(checkout.status_counts_size(), 4);
  EXPECT_EQ(checkout.status_counts(0).status(), parley::v1::STATUS_OUTSTANDING);
  EXPECT_EQ(checkout.status_counts(0).count(), 1u);
  EXPECT_EQ(response.all().category(), parley::v1::CATEGORY_UNSPECIFIED);
  EXPECT_EQ(response.all().messages_per_discussion().count(), 1u);
}

TEST_F(AnalyticsServiceTest, ExplicitRangeEdges) {
  const int64_t created_at = CreateDiscussion(parley::v1::CATEGORY_PAYMENT);

  parley::v1::GetStatsResponse including;
  ASSERT_TRUE(GetStats(Request(created_at, created_at + 1), including).ok());
  EXPECT_EQ(including.from_ms(), created_at);
  EXPECT_EQ(including.to_ms(), created_at + 1);
  ASSERT_EQ(including.categories_size(), 17);
  EXPECT_EQ(including.categories(parley::v1::CATEGORY_PAYMENT - 1).messages_per_discussion().count(),
            1u);
  ASSERT_EQ(including.all().created_per_hour_size(), 1);
  EXPECT_EQ(including.all().created_per_hour(0).start_ms(), projections::HourStart(created_at));
  EXPECT_EQ(including.all().created_per_hour(0).count(), 1u);

  parley::v1::GetStatsResponse after;
  ASSERT_TRUE(GetStats(Request(created_at + 1, created_at + 2), after).ok());
  EXPECT_EQ(after.all().messages_per_discussion().count(), 0u);

  parley::v1::GetStatsResponse before;
  ASSERT_TRUE(GetStats(Request(created_at - 1, created_at), before).ok());
  EXPECT_EQ(before.all().messages_per_discussion().count(), 0u);
}

}  // namespace
}  // namespace parley::service
