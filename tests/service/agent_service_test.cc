#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server_fixture.h"

// AgentService over real gRPC: the happy path of every RPC, the status
// transitions it rejects, and idempotent retries.

namespace parley::service::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

class AgentServiceTest : public ServerTest {
 protected:
  // Returns the ids of a page of the queue, in order.
  std::vector<uint64_t> QueueIds(parley::v1::Status status,
                                 parley::v1::Category category = parley::v1::CATEGORY_UNSPECIFIED) {
    parley::v1::ListQueueRequest request;
    request.set_status(status);
    request.set_category(category);
    request.set_limit(100);
    Result<parley::v1::ListQueueResponse> listed = ListQueue(request);
    EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
    std::vector<uint64_t> ids;
    for (const parley::v1::Discussion& discussion : listed.response.page().discussions()) {
      ids.push_back(discussion.id());
    }
    return ids;
  }

  parley::v1::Discussion Discussion(uint64_t discussion_id) {
    parley::v1::GetDiscussionRequest request;
    request.set_discussion_id(discussion_id);
    request.set_message_limit(100);
    Result<parley::v1::GetDiscussionResponse> got = GetDiscussion(request);
    EXPECT_TRUE(got.status.ok()) << got.status.error_message();
    return got.response.discussion();
  }
};

// ---------------------------------------------------------------------------
// Happy paths.

TEST_F(AgentServiceTest, AssignMovesToInProgress) {
  const uint64_t discussion = NewDiscussion(kAlice);

  Result<parley::v1::AssignResponse> assigned = Assign(AssignRequest(discussion));

  ASSERT_TRUE(assigned.status.ok()) << assigned.status.error_message();
  EXPECT_EQ(assigned.response.status(), parley::v1::STATUS_IN_PROGRESS);
  EXPECT_EQ(Discussion(discussion).status(), parley::v1::STATUS_IN_PROGRESS);
  EXPECT_EQ(Discussion(discussion).assigned_agent(), kAgent);
}

TEST_F(AgentServiceTest, RespondCompletesByDefault) {
  const uint64_t discussion = NewDiscussion(kAlice);

  Result<parley::v1::RespondResponse> responded = Respond(RespondRequest(discussion));

  ASSERT_TRUE(responded.status.ok()) << responded.status.error_message();
  EXPECT_EQ(responded.response.message_id(), 2u);
  EXPECT_EQ(responded.response.status(), parley::v1::STATUS_COMPLETED);
  const parley::v1::Discussion view = Discussion(discussion);
  EXPECT_EQ(view.status(), parley::v1::STATUS_COMPLETED);
  EXPECT_FALSE(view.read());
  ASSERT_EQ(view.messages().messages_size(), 2);
  EXPECT_EQ(view.messages().messages(1).type(), parley::v1::MESSAGE_TYPE_RESPONSE);
  EXPECT_EQ(view.messages().messages(1).author(), kAgent);
}

TEST_F(AgentServiceTest, RespondSetsRequestedStatus) {
  const uint64_t discussion = NewDiscussion(kAlice);

  Result<parley::v1::RespondResponse> responded =
      Respond(RespondRequest(discussion, parley::v1::STATUS_PENDING));

  ASSERT_TRUE(responded.status.ok()) << responded.status.error_message();
  EXPECT_EQ(responded.response.status(), parley::v1::STATUS_PENDING);
  EXPECT_EQ(Discussion(discussion).assigned_agent(), kAgent);
}

TEST_F(AgentServiceTest, ChangeStatusMovesDiscussion) {
  const uint64_t discussion = NewDiscussion(kAlice);

  Result<parley::v1::ChangeStatusResponse> changed =
      ChangeStatus(ChangeStatusRequest(discussion, parley::v1::STATUS_PENDING));

  ASSERT_TRUE(changed.status.ok()) << changed.status.error_message();
  EXPECT_EQ(changed.response.status(), parley::v1::STATUS_PENDING);
  EXPECT_EQ(Discussion(discussion).status(), parley::v1::STATUS_PENDING);
  EXPECT_EQ(Discussion(discussion).assigned_agent(), kAgent);
}

TEST_F(AgentServiceTest, CustomerReplyReopensCompleted) {
  const uint64_t discussion = NewDiscussion(kAlice);
  NewResponse(discussion);
  ASSERT_EQ(Discussion(discussion).status(), parley::v1::STATUS_COMPLETED);

  NewReply(kAlice, discussion);

  EXPECT_EQ(Discussion(discussion).status(), parley::v1::STATUS_OUTSTANDING);
}

TEST_F(AgentServiceTest, ListQueueByStatusAndCategory) {
  const uint64_t first = NewDiscussion(kAlice);
  const uint64_t payment = CreateDiscussion(CreateRequest(kBob, "Charged twice",
                                                          parley::v1::CATEGORY_PAYMENT))
                               .response.discussion_id();
  const uint64_t third = NewDiscussion(kBob);
  const uint64_t taken = NewDiscussion(kAlice);
  Assign(AssignRequest(taken));

  // STATUS_UNSPECIFIED requests the OUTSTANDING queue.
  EXPECT_THAT(QueueIds(parley::v1::STATUS_UNSPECIFIED),
              ::testing::ElementsAre(first, payment, third));
  EXPECT_THAT(QueueIds(parley::v1::STATUS_OUTSTANDING),
              ::testing::ElementsAre(first, payment, third));
  EXPECT_THAT(QueueIds(parley::v1::STATUS_OUTSTANDING, parley::v1::CATEGORY_PAYMENT),
              ::testing::ElementsAre(payment));
  EXPECT_THAT(QueueIds(parley::v1::STATUS_OUTSTANDING, parley::v1::CATEGORY_WHERE_IS_MY_ORDER),
              ::testing::ElementsAre(first, third));
  EXPECT_THAT(QueueIds(parley::v1::STATUS_IN_PROGRESS), ::testing::ElementsAre(taken));
  EXPECT_THAT(QueueIds(parley::v1::STATUS_COMPLETED), IsEmpty());
}

TEST_F(AgentServiceTest, ListQueuePagesWithTotal) {
  for (int i = 0; i < 3; ++i) NewDiscussion(kAlice);
  parley::v1::ListQueueRequest request;
  request.set_status(parley::v1::STATUS_OUTSTANDING);
  request.set_offset(1);
  request.set_limit(1);

  Result<parley::v1::ListQueueResponse> listed = ListQueue(request);

  ASSERT_TRUE(listed.status.ok()) << listed.status.error_message();
  ASSERT_EQ(listed.response.page().discussions_size(), 1);
  EXPECT_EQ(listed.response.page().discussions(0).id(), 2u);
  EXPECT_EQ(listed.response.page().total(), 3u);
  EXPECT_TRUE(listed.response.page().has_more());
}

TEST_F(AgentServiceTest, GetDiscussionReturnsMessagePage) {
  const uint64_t discussion = NewDiscussion(kBob);
  NewReply(kBob, discussion);
  NewReply(kBob, discussion);
  parley::v1::GetDiscussionRequest request;
  request.set_discussion_id(discussion);
  request.set_message_offset(1);
  request.set_message_limit(1);

  Result<parley::v1::GetDiscussionResponse> got = GetDiscussion(request);

  ASSERT_TRUE(got.status.ok()) << got.status.error_message();
  const parley::v1::Discussion& view = got.response.discussion();
  EXPECT_EQ(view.id(), discussion);
  EXPECT_EQ(view.customer_id(), kBob);
  EXPECT_EQ(view.message_count(), 3u);
  ASSERT_EQ(view.messages().messages_size(), 1);
  EXPECT_EQ(view.messages().messages(0).number(), 2u);
  EXPECT_EQ(view.messages().total(), 3u);
  EXPECT_TRUE(view.messages().has_more());
}

// ---------------------------------------------------------------------------
// Rejected requests.

TEST_F(AgentServiceTest, RejectsInvalidTransitions) {
  const uint64_t outstanding = NewDiscussion(kAlice);
  const uint64_t in_progress = NewDiscussion(kAlice);
  Assign(AssignRequest(in_progress));
  const uint64_t completed = NewDiscussion(kAlice);
  NewResponse(completed);

  ExpectRejections({
      {"OUTSTANDING to OUTSTANDING",
       [&] {
         return ChangeStatus(ChangeStatusRequest(outstanding, parley::v1::STATUS_OUTSTANDING))
             .status;
       },
       grpc::StatusCode::FAILED_PRECONDITION, "OUTSTANDING"},
      {"IN_PROGRESS to IN_PROGRESS",
       [&] {
         return ChangeStatus(ChangeStatusRequest(in_progress, parley::v1::STATUS_IN_PROGRESS))
             .status;
       },
       grpc::StatusCode::FAILED_PRECONDITION, "is already IN_PROGRESS"},
      {"IN_PROGRESS to OUTSTANDING",
       [&] {
         return ChangeStatus(ChangeStatusRequest(in_progress, parley::v1::STATUS_OUTSTANDING))
             .status;
       },
       grpc::StatusCode::FAILED_PRECONDITION, "OUTSTANDING"},
      {"COMPLETED to PENDING",
       [&] {
         return ChangeStatus(ChangeStatusRequest(completed, parley::v1::STATUS_PENDING)).status;
       },
       grpc::StatusCode::FAILED_PRECONDITION, "cannot move to PENDING"},
      {"assign a COMPLETED discussion",
       [&] { return Assign(AssignRequest(completed)).status; },
       grpc::StatusCode::FAILED_PRECONDITION, "COMPLETED"},
      {"ChangeStatus to STATUS_UNSPECIFIED",
       [&] {
         return ChangeStatus(ChangeStatusRequest(outstanding, parley::v1::STATUS_UNSPECIFIED))
             .status;
       },
       grpc::StatusCode::INVALID_ARGUMENT, "status"},
      {"respond with status OUTSTANDING",
       [&] {
         return Respond(RespondRequest(outstanding, parley::v1::STATUS_OUTSTANDING)).status;
       },
       grpc::StatusCode::INVALID_ARGUMENT, "status OUTSTANDING"},
  });

  EXPECT_EQ(Discussion(outstanding).status(), parley::v1::STATUS_OUTSTANDING);
  EXPECT_EQ(Discussion(outstanding).message_count(), 1u);
  EXPECT_EQ(Discussion(in_progress).status(), parley::v1::STATUS_IN_PROGRESS);
  EXPECT_EQ(Discussion(completed).status(), parley::v1::STATUS_COMPLETED);
}

// Respond allocates the message id before the rules reject the status, so
// the rejection must roll the sequence back with everything else.
TEST_F(AgentServiceTest, RejectedRespondSpendsNoMessageId) {
  const uint64_t discussion = NewDiscussion(kAlice);
  ASSERT_EQ(Respond(RespondRequest(discussion, parley::v1::STATUS_OUTSTANDING))
                .status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  const uint64_t response = NewResponse(discussion);

  EXPECT_EQ(response, 2u);
  EXPECT_EQ(Discussion(discussion).message_count(), 2u);
}

TEST_F(AgentServiceTest, RejectsUnknownDiscussion) {
  constexpr uint64_t kUnknown = 999;
  NewDiscussion(kAlice);
  parley::v1::GetDiscussionRequest get;
  get.set_discussion_id(kUnknown);

  ExpectRejections({
      {"Assign", [&] { return Assign(AssignRequest(kUnknown)).status; },
       grpc::StatusCode::NOT_FOUND, "discussion 999 not found"},
      {"Respond", [&] { return Respond(RespondRequest(kUnknown)).status; },
       grpc::StatusCode::NOT_FOUND, "discussion 999 not found"},
      {"ChangeStatus",
       [&] {
         return ChangeStatus(ChangeStatusRequest(kUnknown, parley::v1::STATUS_PENDING)).status;
       },
       grpc::StatusCode::NOT_FOUND, "discussion 999 not found"},
      {"GetDiscussion", [&] { return GetDiscussion(get).status; },
       grpc::StatusCode::NOT_FOUND, "discussion 999 not found"},
  });
}

TEST_F(AgentServiceTest, RejectsInvalidRequests) {
  const uint64_t discussion = NewDiscussion(kAlice);
  parley::v1::RespondRequest empty_text = RespondRequest(discussion);
  empty_text.set_text("");
  parley::v1::RespondRequest long_text = RespondRequest(discussion);
  long_text.set_text(std::string(10'001, 'a'));
  parley::v1::RespondRequest invalid_utf8 = RespondRequest(discussion);
  invalid_utf8.set_text("ok\xff");
  parley::v1::AssignRequest no_agent = AssignRequest(discussion);
  no_agent.set_agent("");
  parley::v1::ListQueueRequest negative_offset;
  negative_offset.set_offset(-1);
  parley::v1::ListQueueRequest large_limit;
  large_limit.set_limit(101);
  parley::v1::ListQueueRequest unknown_category;
  unknown_category.set_category(static_cast<parley::v1::Category>(99));
  parley::v1::GetDiscussionRequest get_large_limit;
  get_large_limit.set_discussion_id(discussion);
  get_large_limit.set_message_limit(101);

  ExpectRejections({
      {"empty response", [&] { return Respond(empty_text).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "text"},
      {"response of 10,001 characters", [&] { return Respond(long_text).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "text"},
      {"response of invalid UTF-8", [&] { return Respond(invalid_utf8).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "text"},
      {"no agent", [&] { return Assign(no_agent).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "agent"},
      {"queue, negative offset", [&] { return ListQueue(negative_offset).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "offset is -1"},
      {"queue, limit 101", [&] { return ListQueue(large_limit).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "limit is 101"},
      {"queue, category 99", [&] { return ListQueue(unknown_category).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "category 99"},
      {"discussion, message limit 101", [&] { return GetDiscussion(get_large_limit).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "message_limit is 101"},
  });

  EXPECT_EQ(Discussion(discussion).message_count(), 1u);
  EXPECT_EQ(Discussion(discussion).status(), parley::v1::STATUS_OUTSTANDING);
}

// ---------------------------------------------------------------------------
// Idempotent retries.

TEST_F(AgentServiceTest, RetriedRespondAppendsOneMessage) {
  const uint64_t discussion = NewDiscussion(kAlice);
  parley::v1::RespondRequest request = RespondRequest(discussion);
  request.set_request_id("respond-1");

  Result<parley::v1::RespondResponse> first = Respond(request);
  Result<parley::v1::RespondResponse> retry = Respond(request);

  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_TRUE(retry.status.ok()) << retry.status.error_message();
  EXPECT_EQ(retry.response.message_id(), first.response.message_id());
  EXPECT_EQ(retry.response.status(), first.response.status());
  EXPECT_EQ(Discussion(discussion).message_count(), 2u);
}

}  // namespace
}  // namespace parley::service::testing
