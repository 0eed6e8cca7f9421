#ifndef PARLEY_TESTS_CLI_CLI_SERVER_TEST_BASE_H_
#define PARLEY_TESTS_CLI_CLI_SERVER_TEST_BASE_H_

#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/agent_commands.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "parley/v1/agent_service.grpc.pb.h"
#include "parley/v1/customer_service.grpc.pb.h"
#include "service/server.h"
#include "support/temp_dir.h"

namespace parley::cli {

// What a command function printed and returned.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Starts an in-process parleyd on a free port of 127.0.0.1 with an empty
// data directory, and gives stubs to set up and inspect discussions.
class CliServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service::ServerOptions options;
    options.data_dir = data_dir_.path() + "/data";
    options.listen = "127.0.0.1:0";
    // The tests do not crash the machine, so WAL syncs only slow them down.
    options.sync = false;
    absl::StatusOr<std::unique_ptr<service::Server>> server =
        service::Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);

    call_.target = absl::StrCat("127.0.0.1:", server_->port());
    call_.timeout = absl::Seconds(10);
    std::shared_ptr<grpc::Channel> channel =
        grpc::CreateChannel(call_.target, grpc::InsecureChannelCredentials());
    customers_ = parley::v1::CustomerService::NewStub(channel);
    agents_ = parley::v1::AgentService::NewStub(channel);
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  }

  // Creates a discussion with one QUERY message and returns its id, or 0
  // after a test failure.
  uint64_t CreateDiscussion(const std::string& customer_id, parley::v1::Category category,
                            const std::string& text) {
    parley::v1::CreateDiscussionRequest request;
    request.set_customer_id(customer_id);
    request.set_category(category);
    request.mutable_message()->set_text(text);
    parley::v1::CreateDiscussionResponse response;
    grpc::ClientContext context;
    grpc::Status status = customers_->CreateDiscussion(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.discussion_id();
  }

  // Reads a discussion and its first 100 messages straight from the
  // server, bypassing parleyctl.
  parley::v1::Discussion GetDiscussion(uint64_t discussion_id) {
    parley::v1::GetDiscussionRequest request;
    request.set_discussion_id(discussion_id);
    request.set_message_limit(100);
    parley::v1::GetDiscussionResponse response;
    grpc::ClientContext context;
    grpc::Status status = agents_->GetDiscussion(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.discussion();
  }

  // Runs one of the Run* functions of agent_commands.h with call_.
  template <typename Options>
  CommandResult Run(int (*run)(const CallOptions&, const Options&, std::ostream&,
                               std::ostream&),
                    const Options& options) {
    std::ostringstream out;
    std::ostringstream err;
    CommandResult result;
    result.exit_code = run(call_, options, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
  }

  testing::TempDir data_dir_;
  std::unique_ptr<service::Server> server_;
  CallOptions call_;
  std::unique_ptr<parley::v1::CustomerService::Stub> customers_;
  std::unique_ptr<parley::v1::AgentService::Stub> agents_;
};

}  // namespace parley::cli

#endif  // PARLEY_TESTS_CLI_CLI_SERVER_TEST_BASE_H_
