#ifndef PARLEY_TESTS_SERVICE_SERVER_FIXTURE_H_
#define PARLEY_TESTS_SERVICE_SERVER_FIXTURE_H_

// A fixture that runs a real parleyd Server on a temporary data directory,
// listening on 127.0.0.1 at a port the system picks, and calls it through
// generated gRPC stubs.

#include <chrono>
#include <cstdint>
#include <memory>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "parley/v1/agent_service.grpc.pb.h"
#include "parley/v1/customer_service.grpc.pb.h"
#include "service/server.h"
#include "support/temp_dir.h"

namespace parley::service::testing {

// Deadline of every call, so that a hung server fails the test instead of
// blocking it.
inline constexpr std::chrono::seconds kCallDeadline(10);

inline constexpr char kAlice[] = "alice";
inline constexpr char kBob[] = "bob";
inline constexpr char kAgent[] = "ada";

// The status of one call and the response it returned.
template <typename Response>
struct Result {
  grpc::Status status;
  Response response;
};

// A request the server must reject, for tables of rejections.
struct Rejection {
  std::string name;
  std::function<grpc::Status()> call;
  grpc::StatusCode code;
  std::string message_part;  // Expected in the message, usually the field name.
};

// Makes each call and checks its code and message.
inline void ExpectRejections(const std::vector<Rejection>& rejections) {
  for (const Rejection& rejection : rejections) {
    SCOPED_TRACE(rejection.name);
    const grpc::Status status = rejection.call();
    EXPECT_EQ(status.error_code(), rejection.code);
    EXPECT_THAT(status.error_message(), ::testing::HasSubstr(rejection.message_part));
  }
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }
  void TearDown() override { StopServer(); }

  // Starts a Server on dir_ and connects new stubs to it.
  void StartServer() {
    ServerOptions options;
    options.data_dir = dir_.path();
    options.listen = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_GT(server_->port(), 0);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    customers_ = parley::v1::CustomerService::NewStub(channel_);
    agents_ = parley::v1::AgentService::NewStub(channel_);
  }

  // Disconnects the stubs and shuts the Server down, closing its store.
  void StopServer() {
    customers_.reset();
    agents_.reset();
    channel_.reset();
    server_.reset();
  }

  // One method per RPC, each with a deadline.

  Result<parley::v1::CreateDiscussionResponse> CreateDiscussion(
      const parley::v1::CreateDiscussionRequest& request) {
    return Call<parley::v1::CreateDiscussionResponse>([&](auto* context, auto* response) {
      return customers_->CreateDiscussion(context, request, response);
    });
  }
  Result<parley::v1::ReplyToDiscussionResponse> ReplyToDiscussion(
      const parley::v1::ReplyToDiscussionRequest& request) {
    return Call<parley::v1::ReplyToDiscussionResponse>([&](auto* context, auto* response) {
      return customers_->ReplyToDiscussion(context, request, response);
    });
  }
  Result<parley::v1::MarkReadResponse> MarkRead(const parley::v1::MarkReadRequest& request) {
    return Call<parley::v1::MarkReadResponse>([&](auto* context, auto* response) {
      return customers_->MarkRead(context, request, response);
    });
  }
  Result<parley::v1::ListDiscussionsResponse> ListDiscussions(
      const parley::v1::ListDiscussionsRequest& request) {
    return Call<parley::v1::ListDiscussionsResponse>([&](auto* context, auto* response) {
      return customers_->ListDiscussions(context, request, response);
    });
  }
  Result<parley::v1::ListMessagesResponse> ListMessages(
      const parley::v1::ListMessagesRequest& request) {
    return Call<parley::v1::ListMessagesResponse>([&](auto* context, auto* response) {
      return customers_->ListMessages(context, request, response);
    });
  }
  Result<parley::v1::AssignResponse> Assign(const parley::v1::AssignRequest& request) {
    return Call<parley::v1::AssignResponse>([&](auto* context, auto* response) {
      return agents_->Assign(context, request, response);
    });
  }
  Result<parley::v1::RespondResponse> Respond(const parley::v1::RespondRequest& request) {
    return Call<parley::v1::RespondResponse>([&](auto* context, auto* response) {
      return agents_->Respond(context, request, response);
    });
  }
  Result<parley::v1::ChangeStatusResponse> ChangeStatus(
      const parley::v1::ChangeStatusRequest& request) {
    return Call<parley::v1::ChangeStatusResponse>([&](auto* context, auto* response) {
      return agents_->ChangeStatus(context, request, response);
    });
  }
  Result<parley::v1::ListQueueResponse> ListQueue(const parley::v1::ListQueueRequest& request) {
    return Call<parley::v1::ListQueueResponse>([&](auto* context, auto* response) {
      return agents_->ListQueue(context, request, response);
    });
  }
  Result<parley::v1::GetDiscussionResponse> GetDiscussion(
      const parley::v1::GetDiscussionRequest& request) {
    return Call<parley::v1::GetDiscussionResponse>([&](auto* context, auto* response) {
      return agents_->GetDiscussion(context, request, response);
    });
  }

  // Request builders.

  static parley::v1::CreateDiscussionRequest CreateRequest(
      const std::string& customer, const std::string& text = "Where is my parcel?",
      parley::v1::Category category = parley::v1::CATEGORY_WHERE_IS_MY_ORDER) {
    parley::v1::CreateDiscussionRequest request;
    request.set_customer_id(customer);
    request.set_category(category);
    request.mutable_message()->set_text(text);
    return request;
  }

  static parley::v1::ReplyToDiscussionRequest ReplyRequest(
      const std::string& customer, uint64_t discussion_id,
      const std::string& text = "Any news?") {
    parley::v1::ReplyToDiscussionRequest request;
    request.set_customer_id(customer);
    request.set_discussion_id(discussion_id);
    request.mutable_message()->set_text(text);
    return request;
  }

  static parley::v1::MarkReadRequest MarkReadRequest(const std::string& customer,
                                                     uint64_t discussion_id,
                                                     uint64_t up_to_message_id) {
    parley::v1::MarkReadRequest request;
    request.set_customer_id(customer);
    request.set_discussion_id(discussion_id);
    request.set_up_to_message_id(up_to_message_id);
    return request;
  }

  static parley::v1::ListDiscussionsRequest ListDiscussionsRequest(
      const std::string& customer, int32_t offset = 0, int32_t limit = 100) {
    parley::v1::ListDiscussionsRequest request;
    request.set_customer_id(customer);
    request.set_offset(offset);
    request.set_limit(limit);
    return request;
  }

  static parley::v1::ListMessagesRequest ListMessagesRequest(
      const std::string& customer, uint64_t discussion_id, int32_t offset = 0,
      int32_t limit = 100) {
    parley::v1::ListMessagesRequest request;
    request.set_customer_id(customer);
    request.set_discussion_id(discussion_id);
    request.set_offset(offset);
    request.set_limit(limit);
    return request;
  }

  static parley::v1::RespondRequest RespondRequest(
      uint64_t discussion_id,
      parley::v1::Status status = parley::v1::STATUS_UNSPECIFIED) {
    parley::v1::RespondRequest request;
    request.set_discussion_id(discussion_id);
    request.set_agent(kAgent);
    request.set_text("It left the warehouse today.");
    request.set_status(status);
    return request;
  }

  static parley::v1::ChangeStatusRequest ChangeStatusRequest(uint64_t discussion_id,
                                                             parley::v1::Status status) {
    parley::v1::ChangeStatusRequest request;
    request.set_discussion_id(discussion_id);
    request.set_agent(kAgent);
    request.set_status(status);
    return request;
  }

  static parley::v1::AssignRequest AssignRequest(uint64_t discussion_id) {
    parley::v1::AssignRequest request;
    request.set_discussion_id(discussion_id);
    request.set_agent(kAgent);
    return request;
  }

  // Helpers for the steps a test only sets up. Each fails the test when the
  // call fails, and returns 0 or an empty page then.

  // Creates a discussion and returns its id.
  uint64_t NewDiscussion(const std::string& customer) {
    Result<parley::v1::CreateDiscussionResponse> created =
        CreateDiscussion(CreateRequest(customer));
    EXPECT_TRUE(created.status.ok()) << created.status.error_message();
    return created.response.discussion_id();
  }

  // Posts a customer reply and returns its message id.
  uint64_t NewReply(const std::string& customer, uint64_t discussion_id) {
    Result<parley::v1::ReplyToDiscussionResponse> replied =
        ReplyToDiscussion(ReplyRequest(customer, discussion_id));
    EXPECT_TRUE(replied.status.ok()) << replied.status.error_message();
    return replied.response.message_id();
  }

  // Posts an agent response and returns its message id.
  uint64_t NewResponse(uint64_t discussion_id,
                       parley::v1::Status status = parley::v1::STATUS_UNSPECIFIED) {
    Result<parley::v1::RespondResponse> responded =
        Respond(RespondRequest(discussion_id, status));
    EXPECT_TRUE(responded.status.ok()) << responded.status.error_message();
    return responded.response.message_id();
  }

  // Returns the first 100 of the customer's discussions.
  parley::v1::DiscussionPage DiscussionsOf(const std::string& customer) {
    Result<parley::v1::ListDiscussionsResponse> listed =
        ListDiscussions(ListDiscussionsRequest(customer));
    EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
    return listed.response.page();
  }

  // Returns one of the customer's discussions, found with the id filter.
  parley::v1::Discussion DiscussionOf(const std::string& customer,
                                      uint64_t discussion_id) {
    parley::v1::ListDiscussionsRequest request = ListDiscussionsRequest(customer);
    request.mutable_filter()->set_discussion_id(discussion_id);
    Result<parley::v1::ListDiscussionsResponse> listed = ListDiscussions(request);
    EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
    EXPECT_EQ(listed.response.page().discussions_size(), 1)
        << "discussion " << discussion_id << " of " << customer;
    return listed.response.page().discussions_size() == 1
               ? listed.response.page().discussions(0)
               : parley::v1::Discussion();
  }

  // Returns a page of the discussion's messages.
  parley::v1::MessagePage MessagesOf(const std::string& customer,
                                     uint64_t discussion_id, int32_t offset = 0,
                                     int32_t limit = 100) {
    Result<parley::v1::ListMessagesResponse> listed =
        ListMessages(ListMessagesRequest(customer, discussion_id, offset, limit));
    EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
    return listed.response.page();
  }

  parley::testing::TempDir dir_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<parley::v1::CustomerService::Stub> customers_;
  std::unique_ptr<parley::v1::AgentService::Stub> agents_;

 private:
  template <typename Response, typename Invoke>
  static Result<Response> Call(Invoke invoke) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    Result<Response> result;
    result.status = invoke(&context, &result.response);
    return result;
  }
};

}  // namespace parley::service::testing

#endif  // PARLEY_TESTS_SERVICE_SERVER_FIXTURE_H_
