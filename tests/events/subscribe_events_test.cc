#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "parley/v1/customer_service.grpc.pb.h"
#include "parley/v1/event_log_service.grpc.pb.h"
#include "service/server.h"
#include "support/temp_dir.h"

namespace parley::service {
namespace {

using parley::v1::EventRecord;

class SubscribeEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.data_dir = dir_.path();
    options.listen = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    customers_ = parley::v1::CustomerService::NewStub(channel_);
    events_ = parley::v1::EventLogService::NewStub(channel_);
  }

  // Creates a discussion (two events: created, first message).
  void CreateDiscussion(const std::string& customer) {
    parley::v1::CreateDiscussionRequest request;
    request.set_customer_id(customer);
    request.set_category(parley::v1::CATEGORY_PAYMENT);
    request.mutable_message()->set_text("Charged twice for one order.");
    parley::v1::CreateDiscussionResponse response;
    grpc::ClientContext context;
    grpc::Status status = customers_->CreateDiscussion(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Subscribes from `from` and collects events until `count` arrived or 20 s
  // passed. Returns the positions in delivery order and the last
  // next_position seen.
  std::vector<uint64_t> Collect(uint64_t from, size_t count, uint64_t* next = nullptr) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    parley::v1::SubscribeEventsRequest request;
    request.set_from_position(from);
    std::unique_ptr<grpc::ClientReader<parley::v1::SubscribeEventsResponse>> reader =
        events_->SubscribeEvents(&context, request);
    std::vector<uint64_t> positions;
    parley::v1::SubscribeEventsResponse response;
    while (positions.size() < count && reader->Read(&response)) {
      for (const EventRecord& event : response.events()) positions.push_back(event.position());
      if (next != nullptr) *next = response.next_position();
    }
    context.TryCancel();
    return positions;
  }

  static std::vector<uint64_t> Range(uint64_t first, uint64_t last) {
    std::vector<uint64_t> positions;
    for (uint64_t p = first; p <= last; ++p) positions.push_back(p);
    return positions;
  }

  parley::testing::TempDir dir_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<parley::v1::CustomerService::Stub> customers_;
  std::unique_ptr<parley::v1::EventLogService::Stub> events_;
};

TEST_F(SubscribeEventsTest, CatchUpDeliversEveryEventInOrder) {
  for (int i = 0; i < 30; ++i) CreateDiscussion("c1");
  EXPECT_EQ(Collect(1, 60), Range(1, 60));
}

// Appends from several clients while a subscriber switches from catch-up
// to live; repeated with the subscriber starting at different moments.
TEST_F(SubscribeEventsTest, SwitchToLiveDuringAppendsHasNoGapOrRepeat) {
  constexpr int kWriters = 4;
  constexpr int kDiscussionsPerWriter = 40;
  constexpr size_t kRounds = 5;
  uint64_t expected_total = 0;
  for (size_t round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const uint64_t first = expected_total + 1;
    expected_total += 2 * kWriters * kDiscussionsPerWriter;
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([this, w] {
        for (int i = 0; i < kDiscussionsPerWriter; ++i) CreateDiscussion(absl::StrCat("w", w));
      });
    }
    // Start the subscriber after a varying share of the appends.
    std::this_thread::sleep_for(std::chrono::milliseconds(round * 7));
    std::vector<uint64_t> seen = Collect(first, expected_total - first + 1);
    for (std::thread& writer : writers) writer.join();
    EXPECT_EQ(seen, Range(first, expected_total));
  }
}

TEST_F(SubscribeEventsTest, ReconnectFromNextPositionContinuesExactly) {
  for (int i = 0; i < 20; ++i) CreateDiscussion("c1");
  uint64_t next = 0;
  std::vector<uint64_t> first = Collect(1, 10, &next);
  ASSERT_GE(first.size(), 10u);
  for (int i = 0; i < 5; ++i) CreateDiscussion("c1");

  std::vector<uint64_t> rest = Collect(next, 50 - (next - 1));
  std::vector<uint64_t> all = first;
  all.insert(all.end(), rest.begin(), rest.end());
  EXPECT_EQ(all, Range(1, 50));
}

TEST_F(SubscribeEventsTest, FilterByTypeKeepsOnlyThatType) {
  for (int i = 0; i < 5; ++i) CreateDiscussion("c1");
  grpc::ClientContext context;
  parley::v1::ReadEventsRequest request;
  request.mutable_filter()->add_types("DiscussionCreated");
  parley::v1::ReadEventsResponse response;
  ASSERT_TRUE(events_->ReadEvents(&context, request, &response).ok());
  ASSERT_EQ(response.events_size(), 5);
  for (const EventRecord& event : response.events()) {
    EXPECT_EQ(event.type(), "DiscussionCreated");
  }
  EXPECT_EQ(response.next_position(), 11u);
  EXPECT_EQ(response.last_position(), 10u);
}

TEST_F(SubscribeEventsTest, ShutdownEndsSubscriptionWithUnavailable) {
  grpc::ClientContext context;
  parley::v1::SubscribeEventsRequest request;
  std::unique_ptr<grpc::ClientReader<parley::v1::SubscribeEventsResponse>> reader =
      events_->SubscribeEvents(&context, request);
  parley::v1::SubscribeEventsResponse response;
  ASSERT_TRUE(reader->Read(&response));  // The caught-up marker.
  EXPECT_TRUE(response.caught_up());

  server_->Shutdown(absl::Seconds(5));
  while (reader->Read(&response)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace parley::service
