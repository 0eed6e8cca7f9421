#include "cli/log_commands.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/exit_code.h"
#include "cli_server_test_base.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projections/discussion_keys.h"
#include "rocksdb/db.h"

namespace parley::cli {
namespace {

using ::testing::HasSubstr;

class LogCommandsTest : public CliServerTest {
 protected:
  // Runs one of every command against the server: create, reply, assign,
  // respond, change status, mark read, and a reply reopening a completed
  // discussion.
  void RunEveryCommand() {
    const uint64_t first = CreateDiscussion("c1", parley::v1::CATEGORY_PAYMENT, "Charged twice.");
    const uint64_t second = CreateDiscussion("c2", parley::v1::CATEGORY_FEEDBACK, "Great shop.");
    ASSERT_NE(first, 0u);
    ASSERT_NE(second, 0u);
    Reply("c1", first, "Any news?");
    Agent("assign", [&](parley::v1::AgentService::Stub& stub, grpc::ClientContext& context) {
      parley::v1::AssignRequest request;
      request.set_discussion_id(first);
      request.set_agent("ada");
      parley::v1::AssignResponse response;
      return stub.Assign(&context, request, &response);
    });
    Agent("respond", [&](parley::v1::AgentService::Stub& stub, grpc::ClientContext& context) {
      parley::v1::RespondRequest request;
      request.set_discussion_id(first);
      request.set_agent("ada");
      request.set_text("Refunded.");
      parley::v1::RespondResponse response;
      return stub.Respond(&context, request, &response);
    });
    Agent("status", [&](parley::v1::AgentService::Stub& stub, grpc::ClientContext& context) {
      parley::v1::ChangeStatusRequest request;
      request.set_discussion_id(second);
      request.set_agent("bo");
      request.set_status(parley::v1::STATUS_PENDING);
      parley::v1::ChangeStatusResponse response;
      return stub.ChangeStatus(&context, request, &response);
    });
    parley::v1::Discussion discussion = GetDiscussion(first);
    ASSERT_EQ(discussion.messages().messages_size(), 3);
    parley::v1::MarkReadRequest mark;
    mark.set_customer_id("c1");
    mark.set_discussion_id(first);
    mark.set_up_to_message_id(discussion.messages().messages(2).id());
    parley::v1::MarkReadResponse marked;
    grpc::ClientContext context;
    ASSERT_TRUE(customers_->MarkRead(&context, mark, &marked).ok());
    Reply("c1", first, "It came back, sorry.");
  }

  void Reply(const std::string& customer, uint64_t discussion_id, const std::string& text) {
    parley::v1::ReplyToDiscussionRequest request;
    request.set_customer_id(customer);
    request.set_discussion_id(discussion_id);
    request.mutable_message()->set_text(text);
    parley::v1::ReplyToDiscussionResponse response;
    grpc::ClientContext context;
    grpc::Status status = customers_->ReplyToDiscussion(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  template <typename Call>
  void Agent(const char* what, Call call) {
    grpc::ClientContext context;
    grpc::Status status = call(*agents_, context);
    ASSERT_TRUE(status.ok()) << what << ": " << status.error_message();
  }

  // Stops the server so that the data directory can be opened offline.
  void StopServer() {
    server_->Shutdown(absl::Seconds(1));
    server_.reset();
  }

  CommandResult Verify() {
    DataDirOptions options;
    options.data_dir = data_dir_.path() + "/data";
    CommandResult result;
    std::ostringstream out, err;
    result.exit_code = RunVerify(options, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
  }

  // Overwrites the stored state of `discussion_id` with garbage, as a bug
  // or a bad disk might.
  void CorruptDiscussionState(uint64_t discussion_id) {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(),
                                                data_dir_.path() + "/data", &names)
                    .ok());
    for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), data_dir_.path() + "/data", families,
                                  &handles, &db)
                    .ok());
    for (rocksdb::ColumnFamilyHandle* handle : handles) {
      if (handle->GetName() == projections::kDiscussionsFamily) {
        ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handle,
                            projections::DiscussionKey(discussion_id), "garbage")
                        .ok());
      }
      ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    }
    ASSERT_TRUE(db->Close().ok());
    delete db;
  }
};

TEST_F(LogCommandsTest, EventsPrintsEveryEventAsJsonLines) {
  RunEveryCommand();
  EventsOptions options;
  std::ostringstream out, err;
  ASSERT_EQ(RunEvents(call_, options, out, err), kExitOk) << err.str();

  std::istringstream lines(out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_THAT(line, HasSubstr(absl::StrCat("\"position\":\"", count, "\"")));
  }
  EXPECT_GE(count, 10);
  EXPECT_THAT(out.str(), HasSubstr("\"@type\":\"type.googleapis.com/parley.v1.ReadMarkerMoved\""));
}

TEST_F(LogCommandsTest, EventsFiltersByType) {
  RunEveryCommand();
  EventsOptions options;
  options.types = {"StatusChanged"};
  options.from_position = 3;
  std::ostringstream out, err;
  ASSERT_EQ(RunEvents(call_, options, out, err), kExitOk) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("StatusChanged"));
  EXPECT_THAT(out.str(), ::testing::Not(HasSubstr("\"type\":\"MessagePosted\"")));
}

TEST_F(LogCommandsTest, VerifyAfterEveryCommandFindsNoDifference) {
  RunEveryCommand();
  StopServer();
  CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, kExitOk) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("every projection matches"));
}

TEST_F(LogCommandsTest, VerifyReportsCorruptedKeyAndRebuildRepairsIt) {
  RunEveryCommand();
  StopServer();
  CorruptDiscussionState(1);

  CommandResult result = Verify();
  EXPECT_EQ(result.exit_code, kExitFailure);
  // The discussions key of discussion 1 is its id as 8 big-endian bytes.
  EXPECT_THAT(result.out, HasSubstr("discussions key 0000000000000001: value differs"));

  DataDirOptions options;
  options.data_dir = data_dir_.path() + "/data";
  std::ostringstream out, err;
  ASSERT_EQ(RunRebuild(options, out, err), kExitOk) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("from 14 events"));
  EXPECT_EQ(Verify().exit_code, kExitOk);
}

TEST_F(LogCommandsTest, RebuildRejectsDirectoryWithoutData) {
  DataDirOptions options;
  options.data_dir = data_dir_.path() + "/nothing-here";
  std::ostringstream out, err;
  EXPECT_EQ(RunRebuild(options, out, err), kExitFailure);
  EXPECT_THAT(err.str(), HasSubstr("is not a parleyd data directory"));
}

TEST_F(LogCommandsTest, StatsCountsTheScriptedHistory) {
  RunEveryCommand();
  StatsOptions options;
  std::ostringstream out, err;
  ASSERT_EQ(RunStats(call_, options, out, err), kExitOk) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("PAYMENT"));
  EXPECT_THAT(out.str(), HasSubstr("now OUTSTANDING: 1"));
  EXPECT_THAT(out.str(), HasSubstr("now PENDING: 1"));
  EXPECT_THAT(out.str(), HasSubstr("time to first response: 1 samples"));
}

}  // namespace
}  // namespace parley::cli

namespace parley::cli {
namespace {

// Writes the log of RunEveryCommand as JSON Lines to the file named by
// PARLEY_WRITE_EVENT_FIXTURE, to freeze a fixture for tests/fixtures when
// the event schema changes. Skipped otherwise.
TEST_F(LogCommandsTest, WriteEventFixtureWhenAsked) {
  const char* path = std::getenv("PARLEY_WRITE_EVENT_FIXTURE");
  if (path == nullptr) GTEST_SKIP() << "PARLEY_WRITE_EVENT_FIXTURE is not set";
  RunEveryCommand();
  EventsOptions options;
  std::ofstream out(path);
  std::ostringstream err;
  ASSERT_EQ(RunEvents(call_, options, out, err), kExitOk) << err.str();
}

}  // namespace
}  // namespace parley::cli
