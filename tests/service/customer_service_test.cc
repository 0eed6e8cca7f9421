#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server_fixture.h"

// CustomerService over real gRPC: the happy path of every RPC, then the
// requests it rejects, then idempotent retries.

namespace parley::service::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class CustomerServiceTest : public ServerTest {};

// ---------------------------------------------------------------------------
// Happy paths.

TEST_F(CustomerServiceTest, CreateDiscussionReturnsIds) {
  parley::v1::CreateDiscussionRequest request = CreateRequest(kAlice);
  request.mutable_selection()->set_order_number("A-100");
  request.mutable_selection()->add_product_skus("1234");

  Result<parley::v1::CreateDiscussionResponse> created = CreateDiscussion(request);

  ASSERT_TRUE(created.status.ok()) << created.status.error_message();
  EXPECT_EQ(created.response.discussion_id(), 1u);
  EXPECT_EQ(created.response.message_id(), 1u);
  const parley::v1::DiscussionPage page = DiscussionsOf(kAlice);
  ASSERT_EQ(page.discussions_size(), 1);
  const parley::v1::Discussion& discussion = page.discussions(0);
  EXPECT_EQ(discussion.id(), 1u);
  EXPECT_EQ(discussion.customer_id(), kAlice);
  EXPECT_EQ(discussion.category(), parley::v1::CATEGORY_WHERE_IS_MY_ORDER);
  EXPECT_EQ(discussion.status(), parley::v1::STATUS_OUTSTANDING);
  EXPECT_EQ(discussion.selection().order_number(), "A-100");
  EXPECT_THAT(discussion.selection().product_skus(), ElementsAre("1234"));
  EXPECT_TRUE(discussion.read());
  EXPECT_EQ(discussion.message_count(), 1u);
  EXPECT_GT(discussion.created_at_ms(), 0);
  EXPECT_EQ(discussion.updated_at_ms(), discussion.created_at_ms());
}

TEST_F(CustomerServiceTest, ReplyToDiscussionAppendsMessage) {
  const uint64_t discussion = NewDiscussion(kAlice);

  Result<parley::v1::ReplyToDiscussionResponse> replied =
      ReplyToDiscussion(ReplyRequest(kAlice, discussion, "Any news?"));

  ASSERT_TRUE(replied.status.ok()) << replied.status.error_message();
  EXPECT_EQ(replied.response.message_id(), 2u);
  const parley::v1::MessagePage page = MessagesOf(kAlice, discussion);
  ASSERT_EQ(page.messages_size(), 2);
  EXPECT_EQ(page.messages(1).id(), replied.response.message_id());
  EXPECT_EQ(page.messages(1).number(), 2u);
  EXPECT_EQ(page.messages(1).type(), parley::v1::MESSAGE_TYPE_QUERY);
  EXPECT_EQ(page.messages(1).text(), "Any news?");
  EXPECT_EQ(page.messages(1).author(), kAlice);
}

TEST_F(CustomerServiceTest, MarkReadReturnsReadState) {
  const uint64_t discussion = NewDiscussion(kAlice);
  const uint64_t response = NewResponse(discussion);
  ASSERT_FALSE(DiscussionsOf(kAlice).discussions(0).read());

  Result<parley::v1::MarkReadResponse> marked =
      MarkRead(MarkReadRequest(kAlice, discussion, response));

  ASSERT_TRUE(marked.status.ok()) << marked.status.error_message();
  EXPECT_TRUE(marked.response.read());
  EXPECT_TRUE(DiscussionsOf(kAlice).discussions(0).read());
}

TEST_F(CustomerServiceTest, MarkReadBeforeNewestResponseStaysUnread) {
  const uint64_t discussion = NewDiscussion(kAlice);
  const uint64_t first = NewResponse(discussion, parley::v1::STATUS_IN_PROGRESS);
  NewResponse(discussion);

  Result<parley::v1::MarkReadResponse> marked =
      MarkRead(MarkReadRequest(kAlice, discussion, first));

  ASSERT_TRUE(marked.status.ok()) << marked.status.error_message();
  EXPECT_FALSE(marked.response.read());
}

TEST_F(CustomerServiceTest, ListDiscussionsEmbedsMessagePage) {
  const uint64_t older = NewDiscussion(kAlice);
  const uint64_t newer = NewDiscussion(kAlice);
  NewReply(kAlice, newer);
  NewReply(kAlice, newer);
  NewDiscussion(kBob);
  parley::v1::ListDiscussionsRequest request = ListDiscussionsRequest(kAlice, 0, 10);
  request.set_include_messages(true);
  request.set_message_offset(1);
  request.set_message_limit(1);

  Result<parley::v1::ListDiscussionsResponse> listed = ListDiscussions(request);

  ASSERT_TRUE(listed.status.ok()) << listed.status.error_message();
  const parley::v1::DiscussionPage& page = listed.response.page();
  EXPECT_EQ(page.total(), 2u);
  EXPECT_FALSE(page.has_more());
  ASSERT_EQ(page.discussions_size(), 2);
  EXPECT_EQ(page.discussions(0).id(), newer);
  EXPECT_EQ(page.discussions(1).id(), older);

  const parley::v1::MessagePage& newer_messages = page.discussions(0).messages();
  ASSERT_EQ(newer_messages.messages_size(), 1);
  EXPECT_EQ(newer_messages.messages(0).number(), 2u);
  EXPECT_EQ(newer_messages.total(), 3u);
  EXPECT_TRUE(newer_messages.has_more());
  const parley::v1::MessagePage& older_messages = page.discussions(1).messages();
  EXPECT_THAT(older_messages.messages(), IsEmpty());
  EXPECT_EQ(older_messages.total(), 1u);
  EXPECT_FALSE(older_messages.has_more());
}

TEST_F(CustomerServiceTest, ListDiscussionsWithoutMessagesByDefault) {
  NewDiscussion(kAlice);

  const parley::v1::DiscussionPage page = DiscussionsOf(kAlice);

  ASSERT_EQ(page.discussions_size(), 1);
  EXPECT_FALSE(page.discussions(0).has_messages());
}

TEST_F(CustomerServiceTest, ListMessagesOldestFirst) {
  const uint64_t discussion = NewDiscussion(kAlice);
  NewResponse(discussion, parley::v1::STATUS_IN_PROGRESS);
  NewReply(kAlice, discussion);

  Result<parley::v1::ListMessagesResponse> listed =
      ListMessages(ListMessagesRequest(kAlice, discussion, 0, 10));

  ASSERT_TRUE(listed.status.ok()) << listed.status.error_message();
  const parley::v1::MessagePage& page = listed.response.page();
  ASSERT_EQ(page.messages_size(), 3);
  EXPECT_EQ(page.messages(0).number(), 1u);
  EXPECT_EQ(page.messages(1).number(), 2u);
  EXPECT_EQ(page.messages(2).number(), 3u);
  EXPECT_EQ(page.messages(1).type(), parley::v1::MESSAGE_TYPE_RESPONSE);
  EXPECT_EQ(page.messages(1).author(), kAgent);
  EXPECT_EQ(page.total(), 3u);
  EXPECT_FALSE(page.has_more());
}

// has_more is offset + returned < total, for both kinds of page.
TEST_F(CustomerServiceTest, PagesHaveExactEdges) {
  const uint64_t discussion = NewDiscussion(kAlice);
  NewReply(kAlice, discussion);
  NewReply(kAlice, discussion);
  NewDiscussion(kAlice);
  NewDiscussion(kAlice);

  struct PageCase {
    int32_t offset;
    int32_t limit;
    int returned;
    bool has_more;
  };
  const PageCase kCases[] = {
      {0, 0, 0, true},  {0, 2, 2, true},   {1, 2, 2, false}, {0, 3, 3, false},
      {2, 1, 1, false}, {3, 10, 0, false}, {4, 10, 0, false}, {3, 0, 0, false},
  };
  for (const PageCase& page_case : kCases) {
    SCOPED_TRACE(::testing::Message() << "offset " << page_case.offset << ", limit "
                                    << page_case.limit);
    Result<parley::v1::ListDiscussionsResponse> discussions = ListDiscussions(
        ListDiscussionsRequest(kAlice, page_case.offset, page_case.limit));
    Result<parley::v1::ListMessagesResponse> messages = ListMessages(
        ListMessagesRequest(kAlice, discussion, page_case.offset, page_case.limit));

    ASSERT_TRUE(discussions.status.ok()) << discussions.status.error_message();
    EXPECT_EQ(discussions.response.page().discussions_size(), page_case.returned);
    EXPECT_EQ(discussions.response.page().total(), 3u);
    EXPECT_EQ(discussions.response.page().has_more(), page_case.has_more);
    ASSERT_TRUE(messages.status.ok()) << messages.status.error_message();
    EXPECT_EQ(messages.response.page().messages_size(), page_case.returned);
    EXPECT_EQ(messages.response.page().total(), 3u);
    EXPECT_EQ(messages.response.page().has_more(), page_case.has_more);
  }
}

TEST_F(CustomerServiceTest, FilterByIdOfAnotherCustomerIsEmpty) {
  const uint64_t bobs = NewDiscussion(kBob);
  NewDiscussion(kAlice);
  parley::v1::ListDiscussionsRequest request = ListDiscussionsRequest(kAlice);
  request.mutable_filter()->set_discussion_id(bobs);

  Result<parley::v1::ListDiscussionsResponse> listed = ListDiscussions(request);

  ASSERT_TRUE(listed.status.ok()) << listed.status.error_message();
  EXPECT_THAT(listed.response.page().discussions(), IsEmpty());
  EXPECT_EQ(listed.response.page().total(), 0u);
}

TEST_F(CustomerServiceTest, AcceptsTenThousandCharacters) {
  // The limit counts code points: "é" is 2 bytes and "😀" is 4.
  const struct {
    std::string name;
    std::string unit;
  } kCases[] = {{"ASCII", "a"}, {"2-byte", "\xc3\xa9"}, {"4-byte", "\xf0\x9f\x98\x80"}};
  for (const auto& text_case : kCases) {
    SCOPED_TRACE(text_case.name);
    std::string text;
    for (int i = 0; i < 10'000; ++i) text += text_case.unit;

    Result<parley::v1::CreateDiscussionResponse> created =
        CreateDiscussion(CreateRequest(kAlice, text));

    EXPECT_TRUE(created.status.ok()) << created.status.error_message();
  }
}

// ---------------------------------------------------------------------------
// Rejected requests. Each must fail with the right code and a message that
// names the field, and must append nothing.

TEST_F(CustomerServiceTest, RejectsInvalidCategory) {
  ExpectRejections({
      {"CATEGORY_UNSPECIFIED",
       [&] {
         return CreateDiscussion(CreateRequest(kAlice, "Hello",
                                               parley::v1::CATEGORY_UNSPECIFIED))
             .status;
       },
       grpc::StatusCode::INVALID_ARGUMENT, "category"},
      {"number outside the enum",
       [&] {
         return CreateDiscussion(CreateRequest(
                                     kAlice, "Hello", static_cast<parley::v1::Category>(99)))
             .status;
       },
       grpc::StatusCode::INVALID_ARGUMENT, "category 99"},
  });

  EXPECT_EQ(DiscussionsOf(kAlice).total(), 0u);
}

// Texts that both CreateDiscussion and ReplyToDiscussion reject.
struct BadText {
  std::string name;
  std::string text;
};

const std::vector<BadText>& BadTexts() {
  static const std::vector<BadText> kTexts = {
      {"empty", ""},
      {"only spaces", "   "},
      {"only whitespace of several kinds", " \t\r\n "},
      {"only Unicode blanks", "\xc2\xa0\xe3\x80\x80\xe2\x80\x8b"},  // U+00A0 U+3000 U+200B
      {"10,001 characters", std::string(10'001, 'a')},
      {"invalid UTF-8 byte", "abc\xff"},
      {"truncated UTF-8 sequence", "abc\xc3"},
      {"UTF-16 surrogate encoded as UTF-8", "\xed\xa0\x80"},
      {"overlong encoding", "\xc0\xaf"},
      {"control character", "abc\x01"},
      {"NUL byte", std::string("a\0b", 3)},
  };
  return kTexts;
}

TEST_F(CustomerServiceTest, CreateRejectsInvalidText) {
  for (const BadText& bad : BadTexts()) {
    SCOPED_TRACE(bad.name);

    const grpc::Status status = CreateDiscussion(CreateRequest(kAlice, bad.text)).status;

    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("message.text"));
  }
  EXPECT_EQ(DiscussionsOf(kAlice).total(), 0u);
}

TEST_F(CustomerServiceTest, ReplyRejectsInvalidText) {
  const uint64_t discussion = NewDiscussion(kAlice);

  for (const BadText& bad : BadTexts()) {
    SCOPED_TRACE(bad.name);

    const grpc::Status status =
        ReplyToDiscussion(ReplyRequest(kAlice, discussion, bad.text)).status;

    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("message.text"));
  }
  EXPECT_EQ(MessagesOf(kAlice, discussion).total(), 1u);
}

TEST_F(CustomerServiceTest, RejectsInvalidListRequests) {
  const uint64_t discussion = NewDiscussion(kAlice);
  parley::v1::ListDiscussionsRequest bad_message_offset = ListDiscussionsRequest(kAlice);
  bad_message_offset.set_include_messages(true);
  bad_message_offset.set_message_offset(-1);
  parley::v1::ListDiscussionsRequest bad_message_limit = ListDiscussionsRequest(kAlice);
  bad_message_limit.set_include_messages(true);
  bad_message_limit.set_message_limit(101);

  parley::v1::ListDiscussionsRequest bad_status = ListDiscussionsRequest(kAlice);
  bad_status.mutable_filter()->set_status(static_cast<parley::v1::Status>(99));
  parley::v1::ListDiscussionsRequest bad_order = ListDiscussionsRequest(kAlice);
  bad_order.mutable_filter()->set_order_number("a b");
  parley::v1::ListDiscussionsRequest long_order = ListDiscussionsRequest(kAlice);
  long_order.mutable_filter()->set_order_number(std::string(65, 'a'));

  ExpectRejections({
      {"discussions, order number with a space", [&] { return ListDiscussions(bad_order).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "filter.order_number"},
      {"discussions, order number of 65 characters",
       [&] { return ListDiscussions(long_order).status; }, grpc::StatusCode::INVALID_ARGUMENT,
       "filter.order_number"},
      {"discussions, status 99", [&] { return ListDiscussions(bad_status).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "filter.status 99"},
      {"discussions, negative offset",
       [&] { return ListDiscussions(ListDiscussionsRequest(kAlice, -1, 10)).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "offset is -1"},
      {"discussions, limit 101",
       [&] { return ListDiscussions(ListDiscussionsRequest(kAlice, 0, 101)).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "limit is 101"},
      {"discussions, negative limit",
       [&] { return ListDiscussions(ListDiscussionsRequest(kAlice, 0, -1)).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "limit is -1"},
      {"embedded messages, negative offset",
       [&] { return ListDiscussions(bad_message_offset).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "offset is -1"},
      {"embedded messages, limit 101",
       [&] { return ListDiscussions(bad_message_limit).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "limit is 101"},
      {"messages, negative offset",
       [&] { return ListMessages(ListMessagesRequest(kAlice, discussion, -1, 10)).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "offset is -1"},
      {"messages, limit 101",
       [&] { return ListMessages(ListMessagesRequest(kAlice, discussion, 0, 101)).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "limit is 101"},
  });
}

TEST_F(CustomerServiceTest, RejectsUnknownDiscussion) {
  constexpr uint64_t kUnknown = 999;
  NewDiscussion(kAlice);

  ExpectRejections({
      {"ListMessages",
       [&] { return ListMessages(ListMessagesRequest(kAlice, kUnknown)).status; },
       grpc::StatusCode::NOT_FOUND, "discussion 999 not found"},
      {"ReplyToDiscussion",
       [&] { return ReplyToDiscussion(ReplyRequest(kAlice, kUnknown)).status; },
       grpc::StatusCode::NOT_FOUND, "discussion 999 not found"},
      {"MarkRead",
       [&] { return MarkRead(MarkReadRequest(kAlice, kUnknown, 1)).status; },
       grpc::StatusCode::NOT_FOUND, "discussion 999 not found"},
  });
}

// Another customer's discussion must be indistinguishable from one that
// does not exist. Ids start at 1 in a new data directory, so discussion 1 is
// asked for first while it does not exist, then after alice creates it.
TEST_F(CustomerServiceTest, ForeignDiscussionLooksUnknown) {
  auto bob_asks_for_discussion_1 = [&] {
    return std::vector<grpc::Status>{
        ListMessages(ListMessagesRequest(kBob, 1)).status,
        ReplyToDiscussion(ReplyRequest(kBob, 1)).status,
        MarkRead(MarkReadRequest(kBob, 1, 1)).status,
    };
  };
  const std::vector<grpc::Status> unknown = bob_asks_for_discussion_1();
  ASSERT_EQ(NewDiscussion(kAlice), 1u);

  const std::vector<grpc::Status> foreign = bob_asks_for_discussion_1();

  const char* const kCalls[] = {"ListMessages", "ReplyToDiscussion", "MarkRead"};
  for (size_t i = 0; i < foreign.size(); ++i) {
    SCOPED_TRACE(kCalls[i]);
    EXPECT_EQ(unknown[i].error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(foreign[i].error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(foreign[i].error_message(), unknown[i].error_message());
  }
  EXPECT_EQ(MessagesOf(kAlice, 1).total(), 1u);
}

TEST_F(CustomerServiceTest, MarkReadRejectsMessageOfAnotherDiscussion) {
  const uint64_t first = NewDiscussion(kAlice);
  const uint64_t second = NewDiscussion(kAlice);
  const uint64_t response_in_second = NewResponse(second);
  NewResponse(first);

  ExpectRejections({
      {"message of another discussion",
       [&] { return MarkRead(MarkReadRequest(kAlice, first, response_in_second)).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "does not belong to discussion"},
      {"message that does not exist",
       [&] { return MarkRead(MarkReadRequest(kAlice, first, 999)).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "does not belong to discussion"},
  });

  EXPECT_FALSE(DiscussionOf(kAlice, first).read());
}

TEST_F(CustomerServiceTest, RejectsAttachmentTokenAndAppendsNothing) {
  const uint64_t discussion = NewDiscussion(kAlice);
  parley::v1::CreateDiscussionRequest create = CreateRequest(kAlice);
  create.mutable_message()->set_attachment_token("token-from-nowhere");
  parley::v1::ReplyToDiscussionRequest reply = ReplyRequest(kAlice, discussion);
  reply.mutable_message()->set_attachment_token("token-from-nowhere");

  ExpectRejections({
      {"CreateDiscussion", [&] { return CreateDiscussion(create).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "unknown"},
      {"ReplyToDiscussion", [&] { return ReplyToDiscussion(reply).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "unknown"},
  });

  EXPECT_EQ(DiscussionsOf(kAlice).total(), 1u);
  EXPECT_EQ(MessagesOf(kAlice, discussion).total(), 1u);
  // No id was spent: the next discussion gets id 2.
  EXPECT_EQ(NewDiscussion(kAlice), 2u);
}

TEST_F(CustomerServiceTest, RejectsInvalidIdentifiers) {
  parley::v1::CreateDiscussionRequest long_request_id = CreateRequest(kAlice);
  long_request_id.set_request_id(std::string(129, 'r'));
  parley::v1::CreateDiscussionRequest control_in_request_id = CreateRequest(kAlice);
  control_in_request_id.set_request_id("retry\n1");

  ExpectRejections({
      {"missing customer_id",
       [&] { return CreateDiscussion(CreateRequest("")).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "customer_id is missing"},
      {"customer_id with a space",
       [&] { return CreateDiscussion(CreateRequest("al ice")).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "customer_id"},
      {"customer_id in a list request",
       [&] { return ListDiscussions(ListDiscussionsRequest("")).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "customer_id"},
      {"request_id of 129 bytes", [&] { return CreateDiscussion(long_request_id).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "request_id"},
      {"request_id with a control character",
       [&] { return CreateDiscussion(control_in_request_id).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "request_id"},
  });

  EXPECT_EQ(DiscussionsOf(kAlice).total(), 0u);
}

TEST_F(CustomerServiceTest, SelectionLimits) {
  parley::v1::CreateDiscussionRequest fifty = CreateRequest(kAlice);
  parley::v1::CreateDiscussionRequest fifty_one = CreateRequest(kAlice);
  for (int i = 0; i < 51; ++i) {
    if (i < 50) fifty.mutable_selection()->add_product_skus(absl::StrCat(1000 + i));
    fifty_one.mutable_selection()->add_product_skus(absl::StrCat(1000 + i));
  }
  parley::v1::CreateDiscussionRequest repeated_sku = CreateRequest(kAlice);
  repeated_sku.mutable_selection()->add_product_skus("1234");
  repeated_sku.mutable_selection()->add_product_skus("1234");
  parley::v1::CreateDiscussionRequest bad_order = CreateRequest(kAlice);
  bad_order.mutable_selection()->set_order_number("A 100");

  EXPECT_TRUE(CreateDiscussion(fifty).status.ok());
  ExpectRejections({
      {"51 SKUs", [&] { return CreateDiscussion(fifty_one).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "selection.product_skus"},
      {"repeated SKU", [&] { return CreateDiscussion(repeated_sku).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "selection.product_skus[1]"},
      {"order number with a space", [&] { return CreateDiscussion(bad_order).status; },
       grpc::StatusCode::INVALID_ARGUMENT, "selection.order_number"},
  });

  EXPECT_EQ(DiscussionsOf(kAlice).total(), 1u);
}

// ---------------------------------------------------------------------------
// Idempotent retries.

TEST_F(CustomerServiceTest, RetriedCreateReturnsFirstResult) {
  parley::v1::CreateDiscussionRequest request = CreateRequest(kAlice);
  request.set_request_id("create-1");

  Result<parley::v1::CreateDiscussionResponse> first = CreateDiscussion(request);
  Result<parley::v1::CreateDiscussionResponse> retry = CreateDiscussion(request);

  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_TRUE(retry.status.ok()) << retry.status.error_message();
  EXPECT_EQ(retry.response.discussion_id(), first.response.discussion_id());
  EXPECT_EQ(retry.response.message_id(), first.response.message_id());
  EXPECT_EQ(DiscussionsOf(kAlice).total(), 1u);
  EXPECT_EQ(MessagesOf(kAlice, first.response.discussion_id()).total(), 1u);
}

TEST_F(CustomerServiceTest, RetriedReplyAppendsOneMessage) {
  const uint64_t discussion = NewDiscussion(kAlice);
  parley::v1::ReplyToDiscussionRequest request = ReplyRequest(kAlice, discussion);
  request.set_request_id("reply-1");

  Result<parley::v1::ReplyToDiscussionResponse> first = ReplyToDiscussion(request);
  Result<parley::v1::ReplyToDiscussionResponse> retry = ReplyToDiscussion(request);

  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_TRUE(retry.status.ok()) << retry.status.error_message();
  EXPECT_EQ(retry.response.message_id(), first.response.message_id());
  EXPECT_EQ(MessagesOf(kAlice, discussion).total(), 2u);
}

TEST_F(CustomerServiceTest, ReusedRequestIdWithOtherBodyIsRejected) {
  parley::v1::CreateDiscussionRequest request = CreateRequest(kAlice, "First text");
  request.set_request_id("create-1");
  parley::v1::CreateDiscussionRequest other = CreateRequest(kAlice, "Other text");
  other.set_request_id("create-1");

  Result<parley::v1::CreateDiscussionResponse> first = CreateDiscussion(request);
  Result<parley::v1::CreateDiscussionResponse> reused = CreateDiscussion(other);

  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_EQ(reused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(reused.status.error_message(), HasSubstr("request_id"));
  EXPECT_EQ(DiscussionsOf(kAlice).total(), 1u);
}

// Retries that reach the store together may land in one group commit. A
// client that times out and retries quickly sends such retries, and they
// must still create one discussion.
TEST_F(CustomerServiceTest, ConcurrentRetriesCreateOnce) {
  constexpr int kThreads = 8;
  parley::v1::CreateDiscussionRequest request = CreateRequest(kAlice);
  request.set_request_id("create-concurrently");

  std::vector<Result<parley::v1::CreateDiscussionResponse>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { results[t] = CreateDiscussion(request); });
  }
  for (std::thread& thread : threads) thread.join();

  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(::testing::Message() << "thread " << t);
    ASSERT_TRUE(results[t].status.ok()) << results[t].status.error_message();
    EXPECT_EQ(results[t].response.discussion_id(), results[0].response.discussion_id());
    EXPECT_EQ(results[t].response.message_id(), results[0].response.message_id());
  }
  EXPECT_EQ(DiscussionsOf(kAlice).total(), 1u);
}

TEST_F(CustomerServiceTest, RequestIdIsScopedToCustomer) {
  parley::v1::CreateDiscussionRequest alices = CreateRequest(kAlice);
  alices.set_request_id("same-id");
  parley::v1::CreateDiscussionRequest bobs = CreateRequest(kBob);
  bobs.set_request_id("same-id");

  Result<parley::v1::CreateDiscussionResponse> alice_created = CreateDiscussion(alices);
  Result<parley::v1::CreateDiscussionResponse> bob_created = CreateDiscussion(bobs);

  ASSERT_TRUE(alice_created.status.ok()) << alice_created.status.error_message();
  ASSERT_TRUE(bob_created.status.ok()) << bob_created.status.error_message();
  EXPECT_NE(bob_created.response.discussion_id(), alice_created.response.discussion_id());
  EXPECT_EQ(DiscussionsOf(kBob).total(), 1u);
}

}  // namespace
}  // namespace parley::service::testing
