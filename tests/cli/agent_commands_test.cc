#include "cli/agent_commands.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/exit_code.h"
#include "cli_server_test_base.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace parley::cli {
namespace {

using parley::v1::CATEGORY_PAYMENT;
using parley::v1::CATEGORY_WEBSITE_ISSUES;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Returns the cells of the table row for `discussion_id` in the output of
// `parleyctl queue`, or an empty vector when there is none.
std::vector<std::string> QueueRow(const std::string& out, uint64_t discussion_id) {
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    std::vector<std::string> cells = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (!cells.empty() && cells[0] == absl::StrCat(discussion_id)) return cells;
  }
  return {};
}

class AgentCommandsTest : public CliServerTest {
 protected:
  CommandResult Assign(uint64_t discussion_id, const std::string& agent) {
    return Run(RunAssign, AssignOptions{discussion_id, agent, ""});
  }

  CommandResult Respond(uint64_t discussion_id, const std::string& text,
                        parley::v1::Status status = parley::v1::STATUS_UNSPECIFIED,
                        const std::string& request_id = "") {
    return Run(RunRespond, RespondOptions{discussion_id, "ann", text, status, request_id});
  }

  CommandResult ChangeStatus(uint64_t discussion_id, parley::v1::Status to) {
    return Run(RunChangeStatus, ChangeStatusOptions{discussion_id, "ann", to, ""});
  }

  CommandResult Queue(parley::v1::Status status,
                      parley::v1::Category category = parley::v1::CATEGORY_UNSPECIFIED,
                      int32_t offset = 0, int32_t limit = 10) {
    return Run(RunQueue, QueueOptions{status, category, offset, limit});
  }

  CommandResult Show(uint64_t discussion_id, int32_t offset = 0, int32_t limit = 10) {
    return Run(RunShow, ShowOptions{discussion_id, offset, limit});
  }
};

TEST_F(AgentCommandsTest, AssignMovesDiscussionToInProgress) {
  const uint64_t id = CreateDiscussion("c-1", CATEGORY_WEBSITE_ISSUES, "The site is down");

  CommandResult result = Assign(id, "ann");

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.out,
            absl::StrCat("discussion ", id, " is now IN_PROGRESS (assigned to ann)\n"));
  EXPECT_EQ(result.err, "");
  parley::v1::Discussion discussion = GetDiscussion(id);
  EXPECT_EQ(discussion.status(), parley::v1::STATUS_IN_PROGRESS);
  EXPECT_EQ(discussion.assigned_agent(), "ann");
}

TEST_F(AgentCommandsTest, RespondCompletesDiscussion) {
  const uint64_t id = CreateDiscussion("c-1", CATEGORY_PAYMENT, "Was I charged twice?");

  CommandResult result = Respond(id, "No, the second charge was refunded.");

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.err, "");
  parley::v1::Discussion discussion = GetDiscussion(id);
  EXPECT_EQ(discussion.status(), parley::v1::STATUS_COMPLETED);
  ASSERT_EQ(discussion.messages().messages_size(), 2);
  const parley::v1::Message& response = discussion.messages().messages(1);
  EXPECT_EQ(response.type(), parley::v1::MESSAGE_TYPE_RESPONSE);
  EXPECT_EQ(response.text(), "No, the second charge was refunded.");
  EXPECT_EQ(response.author(), "ann");
  EXPECT_EQ(result.out, absl::StrCat("discussion ", id, " is now COMPLETED (message ",
                                     response.id(), " sent)\n"));
}

TEST_F(AgentCommandsTest, RespondKeepsRequestedStatus) {
  const uint64_t id = CreateDiscussion("c-1", CATEGORY_PAYMENT, "Where is my refund?");

  CommandResult result = Respond(id, "I asked the payments team.", parley::v1::STATUS_PENDING);

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_THAT(result.out, HasSubstr(absl::StrCat("discussion ", id, " is now PENDING")));
  EXPECT_EQ(GetDiscussion(id).status(), parley::v1::STATUS_PENDING);
}

TEST_F(AgentCommandsTest, RespondRetryWithSameRequestIdPostsOnce) {
  const uint64_t id = CreateDiscussion("c-1", CATEGORY_PAYMENT, "Where is my refund?");

  CommandResult first =
      Respond(id, "It was sent today.", parley::v1::STATUS_UNSPECIFIED, "retry-1");
  CommandResult retry =
      Respond(id, "It was sent today.", parley::v1::STATUS_UNSPECIFIED, "retry-1");

  EXPECT_EQ(first.exit_code, kExitOk);
  EXPECT_EQ(retry.exit_code, kExitOk);
  EXPECT_EQ(retry.out, first.out);
  EXPECT_EQ(GetDiscussion(id).message_count(), 2u);
}

TEST_F(AgentCommandsTest, ChangeStatusFollowsLifecycle) {
  const uint64_t id = CreateDiscussion("c-1", CATEGORY_PAYMENT, "Where is my refund?");
  ASSERT_EQ(Assign(id, "ann").exit_code, kExitOk);

  CommandResult pending = ChangeStatus(id, parley::v1::STATUS_PENDING);
  EXPECT_EQ(pending.exit_code, kExitOk);
  EXPECT_EQ(pending.out, absl::StrCat("discussion ", id, " is now PENDING\n"));
  EXPECT_EQ(GetDiscussion(id).status(), parley::v1::STATUS_PENDING);

  CommandResult completed = ChangeStatus(id, parley::v1::STATUS_COMPLETED);
  EXPECT_EQ(completed.exit_code, kExitOk);
  EXPECT_EQ(completed.out, absl::StrCat("discussion ", id, " is now COMPLETED\n"));
  EXPECT_EQ(GetDiscussion(id).status(), parley::v1::STATUS_COMPLETED);
}

TEST_F(AgentCommandsTest, ChangeStatusRejectsMoveOutsideLifecycle) {
  const uint64_t id = CreateDiscussion("c-1", CATEGORY_PAYMENT, "Where is my refund?");
  ASSERT_EQ(ChangeStatus(id, parley::v1::STATUS_COMPLETED).exit_code, kExitOk);

  CommandResult result = ChangeStatus(id, parley::v1::STATUS_PENDING);

  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err, ::testing::StartsWith("parleyctl: FAILED_PRECONDITION: "));
  EXPECT_EQ(GetDiscussion(id).status(), parley::v1::STATUS_COMPLETED);
}

TEST_F(AgentCommandsTest, QueueListsDiscussionsInStatus) {
  const uint64_t website = CreateDiscussion("c-1", CATEGORY_WEBSITE_ISSUES, "Site down");
  const uint64_t payment = CreateDiscussion("c-2", CATEGORY_PAYMENT, "Charged twice");
  const uint64_t assigned = CreateDiscussion("c-3", CATEGORY_PAYMENT, "Refund?");
  ASSERT_EQ(Assign(assigned, "ann").exit_code, kExitOk);

  CommandResult result = Queue(parley::v1::STATUS_OUTSTANDING);

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.err, "");
  EXPECT_THAT(result.out,
              ::testing::StartsWith("ID  STATUS       CATEGORY        CUSTOMER  AGENT  "
                                    "MESSAGES  UPDATED\n"));
  EXPECT_THAT(QueueRow(result.out, website),
              ElementsAre(absl::StrCat(website), "OUTSTANDING", "WEBSITE_ISSUES", "c-1", "-",
                          "1", _));
  EXPECT_THAT(QueueRow(result.out, payment),
              ElementsAre(absl::StrCat(payment), "OUTSTANDING", "PAYMENT", "c-2", "-", "1", _));
  EXPECT_THAT(QueueRow(result.out, assigned), IsEmpty());
  EXPECT_THAT(result.out, HasSubstr("OUTSTANDING discussions 1-2 of 2\n"));
}

TEST_F(AgentCommandsTest, QueueFiltersByCategory) {
  CreateDiscussion("c-1", CATEGORY_WEBSITE_ISSUES, "Site down");
  const uint64_t payment = CreateDiscussion("c-2", CATEGORY_PAYMENT, "Charged twice");

  CommandResult result = Queue(parley::v1::STATUS_OUTSTANDING, CATEGORY_PAYMENT);

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_THAT(QueueRow(result.out, payment),
              ElementsAre(absl::StrCat(payment), "OUTSTANDING", "PAYMENT", "c-2", "-", "1", _));
  EXPECT_THAT(result.out, Not(HasSubstr("WEBSITE_ISSUES")));
  EXPECT_THAT(result.out, HasSubstr("OUTSTANDING PAYMENT discussions 1-1 of 1\n"));
}

TEST_F(AgentCommandsTest, QueuePointsToNextPage) {
  CreateDiscussion("c-1", CATEGORY_PAYMENT, "First");
  CreateDiscussion("c-2", CATEGORY_PAYMENT, "Second");
  CreateDiscussion("c-3", CATEGORY_PAYMENT, "Third");

  CommandResult first_page = Queue(parley::v1::STATUS_OUTSTANDING,
                                   parley::v1::CATEGORY_UNSPECIFIED, 0, 2);
  CommandResult last_page = Queue(parley::v1::STATUS_OUTSTANDING,
                                  parley::v1::CATEGORY_UNSPECIFIED, 2, 2);
  CommandResult past_end = Queue(parley::v1::STATUS_OUTSTANDING,
                                 parley::v1::CATEGORY_UNSPECIFIED, 5, 2);

  EXPECT_THAT(first_page.out,
              HasSubstr("OUTSTANDING discussions 1-2 of 3; next page: --offset=2\n"));
  EXPECT_THAT(last_page.out, HasSubstr("OUTSTANDING discussions 3-3 of 3\n"));
  EXPECT_EQ(past_end.out, "no OUTSTANDING discussions at offset 5 of 3\n");
}

TEST_F(AgentCommandsTest, QueueOfEmptyStatusSaysSo) {
  CreateDiscussion("c-1", CATEGORY_PAYMENT, "First");

  CommandResult result = Queue(parley::v1::STATUS_COMPLETED);

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.out, "no COMPLETED discussions\n");
}

TEST_F(AgentCommandsTest, ShowPrintsDiscussionAndMessages) {
  const uint64_t id = CreateDiscussion("c-1", CATEGORY_PAYMENT, "Charged twice\nOrder 77");
  ASSERT_EQ(Respond(id, "Refunded.", parley::v1::STATUS_PENDING).exit_code, kExitOk);

  CommandResult result = Show(id);

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.err, "");
  EXPECT_THAT(result.out, ::testing::StartsWith(absl::StrCat("discussion ", id, "\n")));
  EXPECT_THAT(result.out, HasSubstr("status:    PENDING\n"));
  EXPECT_THAT(result.out, HasSubstr("category:  PAYMENT\n"));
  EXPECT_THAT(result.out, HasSubstr("customer:  c-1\n"));
  EXPECT_THAT(result.out, HasSubstr("agent:     ann\n"));
  EXPECT_THAT(result.out, HasSubstr("messages:  2\n"));
  EXPECT_THAT(result.out, HasSubstr("[1] QUERY from c-1 at "));
  EXPECT_THAT(result.out, HasSubstr("    Charged twice\n    Order 77\n"));
  EXPECT_THAT(result.out, HasSubstr("[2] RESPONSE from ann at "));
  EXPECT_THAT(result.out, HasSubstr("    Refunded.\n"));
  EXPECT_THAT(result.out, HasSubstr("messages 1-2 of 2\n"));
}

TEST_F(AgentCommandsTest, ShowPagesMessages) {
  const uint64_t id = CreateDiscussion("c-1", CATEGORY_PAYMENT, "First");
  ASSERT_EQ(Respond(id, "Second", parley::v1::STATUS_IN_PROGRESS).exit_code, kExitOk);
  ASSERT_EQ(Respond(id, "Third", parley::v1::STATUS_IN_PROGRESS).exit_code, kExitOk);

  CommandResult result = Show(id, 1, 1);

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_THAT(result.out, Not(HasSubstr("    First\n")));
  EXPECT_THAT(result.out, HasSubstr("[2] RESPONSE from ann"));
  EXPECT_THAT(result.out, Not(HasSubstr("    Third\n")));
  EXPECT_THAT(result.out, HasSubstr("messages 2-2 of 3; next page: --offset=2\n"));
}

TEST_F(AgentCommandsTest, ShowOfUnknownDiscussionIsNotFound) {
  CommandResult result = Show(999);

  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "parleyctl: NOT_FOUND: discussion 999 not found\n");
}

TEST_F(AgentCommandsTest, AssignOfUnknownDiscussionIsNotFound) {
  CommandResult result = Assign(999, "ann");

  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_EQ(result.err, "parleyctl: NOT_FOUND: discussion 999 not found\n");
}

TEST_F(AgentCommandsTest, JsonPrintsResponseMessage) {
  const uint64_t id = CreateDiscussion("c-1", CATEGORY_PAYMENT, "Charged twice");
  call_.json = true;

  CommandResult assigned = Assign(id, "ann");
  CommandResult show_json = Show(id);

  ASSERT_EQ(assigned.exit_code, kExitOk);
  EXPECT_EQ(assigned.out, "{\"status\":\"STATUS_IN_PROGRESS\"}\n");
  ASSERT_EQ(show_json.exit_code, kExitOk);
  parley::v1::GetDiscussionResponse response;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(show_json.out, &response).ok())
      << show_json.out;
  EXPECT_EQ(response.discussion().id(), id);
  EXPECT_EQ(response.discussion().assigned_agent(), "ann");
  EXPECT_EQ(response.discussion().messages().messages_size(), 1);
  EXPECT_THAT(show_json.out, HasSubstr(absl::StrCat("\"id\":\"", id, "\"")));
}

TEST_F(AgentCommandsTest, UnreachableServerIsUnavailable) {
  const std::string target = call_.target;
  server_->Shutdown(absl::Seconds(1));
  server_.reset();
  call_.timeout = absl::Seconds(2);

  CommandResult result = Show(1);

  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err, ::testing::StartsWith("parleyctl: UNAVAILABLE: "));
  EXPECT_THAT(result.err, HasSubstr(absl::StrCat("(target ", target, ";")));
}

}  // namespace
}  // namespace parley::cli
