#include "service/server.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/wrappers.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "server_fixture.h"

// The Server as a whole: the standard health service, data that outlives a
// restart, and concurrent writers to one discussion.

namespace parley::service::testing {
namespace {

using ::testing::ElementsAreArray;

// grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING.
constexpr int32_t kServing = 1;

class ServerLifecycleTest : public ServerTest {
 protected:
  // Calls grpc.health.v1.Health/Check for `service` and returns the call's
  // status and the serving status. Debian's gRPC packages ship no generated
  // code for the health protos. HealthCheckRequest is {string service = 1}
  // and HealthCheckResponse is {ServingStatus status = 1}, an enum, so
  // StringValue and Int32Value have the same wire format and stand in.
  Result<int32_t> CheckHealth(const std::string& service) {
    grpc::TemplatedGenericStub<google::protobuf::StringValue, google::protobuf::Int32Value>
        stub(channel_);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    google::protobuf::StringValue request;
    request.set_value(service);
    google::protobuf::Int32Value response;
    Result<int32_t> result;
    absl::Notification done;
    stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                   &response, [&](grpc::Status status) {
                     result.status = std::move(status);
                     done.Notify();
                   });
    // The deadline ends the call, and the extra second covers the callback.
    EXPECT_TRUE(done.WaitForNotificationWithTimeout(
        absl::FromChrono(kCallDeadline) + absl::Seconds(1)));
    result.response = response.value();
    return result;
  }

  // What the customer and agent services return about the data, as text,
  // for comparing before and after a restart.
  std::vector<std::string> QueryResults(const std::vector<uint64_t>& discussions) {
    std::vector<std::string> results;
    for (const char* customer : {kAlice, kBob}) {
      parley::v1::ListDiscussionsRequest request = ListDiscussionsRequest(customer);
      request.set_include_messages(true);
      request.set_message_limit(100);
      Result<parley::v1::ListDiscussionsResponse> listed = ListDiscussions(request);
      EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
      results.push_back(listed.response.DebugString());
    }
    for (parley::v1::Status status :
         {parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_IN_PROGRESS,
          parley::v1::STATUS_PENDING, parley::v1::STATUS_COMPLETED}) {
      parley::v1::ListQueueRequest request;
      request.set_status(status);
      request.set_limit(100);
      Result<parley::v1::ListQueueResponse> listed = ListQueue(request);
      EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
      results.push_back(listed.response.DebugString());
    }
    for (uint64_t discussion : discussions) {
      parley::v1::GetDiscussionRequest request;
      request.set_discussion_id(discussion);
      request.set_message_limit(100);
      Result<parley::v1::GetDiscussionResponse> got = GetDiscussion(request);
      EXPECT_TRUE(got.status.ok()) << got.status.error_message();
      results.push_back(got.response.DebugString());
    }
    return results;
  }
};

TEST_F(ServerLifecycleTest, HealthCheckReportsServing) {
  const Result<int32_t> health = CheckHealth("");

  ASSERT_TRUE(health.status.ok()) << health.status.error_message();
  EXPECT_EQ(health.response, kServing);
}

TEST_F(ServerLifecycleTest, HealthCheckOfUnknownServiceIsNotFound) {
  const Result<int32_t> health = CheckHealth("no.such.Service");

  EXPECT_EQ(health.status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServerLifecycleTest, ListensOnRequestedHost) {
  // The fixture's channel connects to 127.0.0.1:port, so a call that
  // succeeds proves the address. The port must be a real one.
  EXPECT_GT(server_->port(), 0);
  EXPECT_LT(server_->port(), 65536);
  EXPECT_TRUE(CheckHealth("").status.ok());
}

TEST_F(ServerLifecycleTest, DataSurvivesRestart) {
  parley::v1::CreateDiscussionRequest with_order = CreateRequest(kAlice);
  with_order.mutable_selection()->set_order_number("A-100");
  with_order.set_request_id("create-with-order");
  Result<parley::v1::CreateDiscussionResponse> created = CreateDiscussion(with_order);
  ASSERT_TRUE(created.status.ok()) << created.status.error_message();
  const uint64_t alices = created.response.discussion_id();
  NewReply(kAlice, alices);
  const uint64_t response = NewResponse(alices, parley::v1::STATUS_PENDING);
  ASSERT_TRUE(MarkRead(MarkReadRequest(kAlice, alices, response)).status.ok());
  const uint64_t bobs = NewDiscussion(kBob);
  ASSERT_TRUE(Assign(AssignRequest(bobs)).status.ok());
  const uint64_t completed = NewDiscussion(kAlice);
  NewResponse(completed);
  const std::vector<std::string> before = QueryResults({alices, bobs, completed});

  StopServer();
  StartServer();

  EXPECT_EQ(QueryResults({alices, bobs, completed}), before);
  // The idempotency record survives too: the retry returns the first ids.
  Result<parley::v1::CreateDiscussionResponse> retried = CreateDiscussion(with_order);
  ASSERT_TRUE(retried.status.ok()) << retried.status.error_message();
  EXPECT_EQ(retried.response.discussion_id(), alices);
  EXPECT_EQ(retried.response.message_id(), created.response.message_id());
  // Ids continue after the last one used before the restart.
  EXPECT_EQ(NewDiscussion(kBob), completed + 1);
}

// Replies from many threads to one discussion are numbered 1..n with no gap
// or repeat, and each thread's replies keep the order it sent them in.
TEST_F(ServerLifecycleTest, ConcurrentRepliesGetGapFreeNumbers) {
  constexpr int kThreads = 8;
  constexpr int kRepliesPerThread = 25;
  constexpr uint32_t kTotal = 1 + kThreads * kRepliesPerThread;
  const uint64_t discussion = NewDiscussion(kAlice);

  std::vector<std::vector<uint64_t>> sent(kThreads);  // Message ids per thread.
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRepliesPerThread; ++i) {
        Result<parley::v1::ReplyToDiscussionResponse> replied = ReplyToDiscussion(
            ReplyRequest(kAlice, discussion, absl::StrCat("thread ", t, " reply ", i)));
        if (!replied.status.ok()) {
          ++failures;
          continue;
        }
        sent[t].push_back(replied.response.message_id());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  // Read all messages in pages of 100: 100, 100 and 1.
  std::vector<uint32_t> numbers;
  std::map<uint64_t, uint32_t> number_of_id;
  for (int32_t offset : {0, 100, 200}) {
    SCOPED_TRACE(::testing::Message() << "offset " << offset);
    const parley::v1::MessagePage page = MessagesOf(kAlice, discussion, offset, 100);
    EXPECT_EQ(page.total(), kTotal);
    EXPECT_EQ(page.has_more(), offset + page.messages_size() < static_cast<int>(kTotal));
    for (const parley::v1::Message& message : page.messages()) {
      numbers.push_back(message.number());
      number_of_id[message.id()] = message.number();
    }
  }
  std::vector<uint32_t> expected(kTotal);
  for (uint32_t i = 0; i < kTotal; ++i) expected[i] = i + 1;
  EXPECT_THAT(numbers, ElementsAreArray(expected));
  EXPECT_EQ(number_of_id.size(), kTotal);
  EXPECT_EQ(DiscussionOf(kAlice, discussion).message_count(), kTotal);

  // The list and the queue still contain the discussion once.
  const parley::v1::DiscussionPage list = DiscussionsOf(kAlice);
  EXPECT_EQ(list.total(), 1u);
  EXPECT_EQ(list.discussions_size(), 1);

  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(::testing::Message() << "thread " << t);
    ASSERT_EQ(sent[t].size(), static_cast<size_t>(kRepliesPerThread));
    for (size_t i = 1; i < sent[t].size(); ++i) {
      EXPECT_LT(number_of_id[sent[t][i - 1]], number_of_id[sent[t][i]]);
    }
  }
}

// Customers reply and agents respond to the same discussions at once, so
// statuses flip between OUTSTANDING and COMPLETED inside group commits.
// Afterwards every list and queue must count exactly what it lists, and
// each discussion must be in one status.
TEST_F(ServerLifecycleTest, ConcurrentStatusChangesKeepCountsExact) {
  constexpr int kDiscussions = 4;
  constexpr int kMessagesPerThread = 10;
  std::vector<uint64_t> discussions;
  for (int i = 0; i < kDiscussions; ++i) discussions.push_back(NewDiscussion(kAlice));

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (uint64_t discussion : discussions) {
    threads.emplace_back([&, discussion] {
      for (int i = 0; i < kMessagesPerThread; ++i) {
        if (!ReplyToDiscussion(ReplyRequest(kAlice, discussion)).status.ok()) ++failures;
      }
    });
    threads.emplace_back([&, discussion] {
      for (int i = 0; i < kMessagesPerThread; ++i) {
        if (!Respond(RespondRequest(discussion)).status.ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  const parley::v1::DiscussionPage all = DiscussionsOf(kAlice);
  EXPECT_EQ(all.total(), static_cast<uint32_t>(kDiscussions));
  EXPECT_EQ(all.discussions_size(), kDiscussions);
  uint32_t listed_by_status = 0;
  uint32_t queued = 0;
  for (parley::v1::Status status :
       {parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_IN_PROGRESS,
        parley::v1::STATUS_PENDING, parley::v1::STATUS_COMPLETED}) {
    SCOPED_TRACE(parley::v1::Status_Name(status));
    parley::v1::ListDiscussionsRequest by_status = ListDiscussionsRequest(kAlice);
    by_status.mutable_filter()->set_status(status);
    Result<parley::v1::ListDiscussionsResponse> listed = ListDiscussions(by_status);
    parley::v1::ListQueueRequest queue_request;
    queue_request.set_status(status);
    queue_request.set_limit(100);
    Result<parley::v1::ListQueueResponse> queue = ListQueue(queue_request);

    ASSERT_TRUE(listed.status.ok()) << listed.status.error_message();
    ASSERT_TRUE(queue.status.ok()) << queue.status.error_message();
    EXPECT_EQ(listed.response.page().total(),
              static_cast<uint32_t>(listed.response.page().discussions_size()));
    EXPECT_EQ(queue.response.page().total(),
              static_cast<uint32_t>(queue.response.page().discussions_size()));
    for (const parley::v1::Discussion& discussion : listed.response.page().discussions()) {
      EXPECT_EQ(discussion.status(), status);
    }
    listed_by_status += listed.response.page().total();
    queued += queue.response.page().total();
  }
  EXPECT_EQ(listed_by_status, static_cast<uint32_t>(kDiscussions));
  EXPECT_EQ(queued, static_cast<uint32_t>(kDiscussions));

  for (uint64_t discussion : discussions) {
    SCOPED_TRACE(::testing::Message() << "discussion " << discussion);
    const parley::v1::MessagePage page = MessagesOf(kAlice, discussion);
    EXPECT_EQ(page.total(), static_cast<uint32_t>(1 + 2 * kMessagesPerThread));
    for (int i = 0; i < page.messages_size(); ++i) {
      EXPECT_EQ(page.messages(i).number(), static_cast<uint32_t>(i + 1));
    }
  }
}

}  // namespace
}  // namespace parley::service::testing
