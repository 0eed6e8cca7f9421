#include "domain/rules.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/domain_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/v1/events.pb.h"

namespace parley::domain {
namespace {

using parley::v1::DiscussionState;
using parley::v1::Status;
using testing::Describe;
using ::testing::ElementsAre;
using testing::EventText;
using ::testing::IsEmpty;

constexpr Status kOutstanding = parley::v1::STATUS_OUTSTANDING;
constexpr Status kInProgress = parley::v1::STATUS_IN_PROGRESS;
constexpr Status kPending = parley::v1::STATUS_PENDING;
constexpr Status kCompleted = parley::v1::STATUS_COMPLETED;
constexpr Status kUnspecified = parley::v1::STATUS_UNSPECIFIED;

// Discussion 5 of customer "c1" with three messages, the newest response
// being message 2, read up to message 1.
DiscussionState StateIn(Status status, absl::string_view agent) {
  DiscussionState state;
  state.set_id(5);
  state.set_customer_id("c1");
  state.set_category(parley::v1::CATEGORY_PAYMENT);
  state.set_status(status);
  state.set_assigned_agent(std::string(agent));
  state.set_message_count(3);
  state.set_last_response_number(2);
  state.set_read_up_to_number(1);
  state.set_version(9);
  return state;
}

std::string Assigned(absl::string_view agent) {
  return EventText<parley::v1::AgentAssigned>(
      absl::StrCat("discussion_id: 5 agent: \"", agent, "\""));
}

std::string Changed(Status from, Status to, absl::string_view reason) {
  return EventText<parley::v1::StatusChanged>(absl::StrCat(
      "discussion_id: 5 from: ", parley::v1::Status_Name(from),
      " to: ", parley::v1::Status_Name(to), " reason: \"", reason, "\""));
}

// Message 104, number 4 of discussion 5.
std::string Posted(parley::v1::MessageType type, absl::string_view text,
                   absl::string_view author) {
  return EventText<parley::v1::MessagePosted>(
      absl::StrCat("discussion_id: 5 message_id: 104 number: 4 type: ",
                   parley::v1::MessageType_Name(type), " text: \"", text,
                   "\" author: \"", author, "\""));
}

std::string Response(absl::string_view author) {
  return Posted(parley::v1::MESSAGE_TYPE_RESPONSE, "Refunded.", author);
}

// The result a decision should have: an error, or a list of events.
struct Outcome {
  absl::StatusCode code = absl::StatusCode::kOk;
  std::string message;
  std::vector<std::string> events;
};

Outcome Decided(std::vector<std::string> events) {
  return Outcome{absl::StatusCode::kOk, "", std::move(events)};
}

Outcome Rejected(absl::StatusCode code, std::string message) {
  return Outcome{code, std::move(message), {}};
}

void ExpectOutcome(const absl::StatusOr<Events>& result,
                   const Outcome& expected) {
  EXPECT_EQ(result.status().code(), expected.code) << result.status();
  if (!result.ok()) {
    EXPECT_EQ(result.status().message(), expected.message);
    return;
  }
  EXPECT_EQ(Describe(*result), expected.events);
}

TEST(DiscussionNotFound, NamesTheDiscussion) {
  const absl::Status status = DiscussionNotFound(42);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "discussion 42 not found");
}

TEST(DecideCreate, PostsTheFirstQuery) {
  CreateDiscussion command;
  command.discussion_id = 5;
  command.message_id = 101;
  command.customer_id = "c1";
  command.category = parley::v1::CATEGORY_DELIVERY_PROBLEM;
  command.text = "Where is it?";

  EXPECT_THAT(Describe(DecideCreate(command)),
              ElementsAre(EventText<parley::v1::DiscussionCreated>(
                              R"pb(discussion_id: 5
                                   customer_id: "c1"
                                   category: CATEGORY_DELIVERY_PROBLEM)pb"),
                          EventText<parley::v1::MessagePosted>(
                              R"pb(discussion_id: 5
                                   message_id: 101
                                   number: 1
                                   type: MESSAGE_TYPE_QUERY
                                   text: "Where is it?"
                                   author: "c1")pb")));
}

TEST(DecideCreate, KeepsSelectionAndAttachments) {
  CreateDiscussion command;
  command.discussion_id = 5;
  command.message_id = 101;
  command.customer_id = "c1";
  command.category = parley::v1::CATEGORY_RETURNS_AND_REFUNDS;
  command.text = "Broken";
  command.selection = testing::ParseText<parley::v1::Selection>(
      R"pb(order_number: "A-1" product_skus: "12" product_skus: "34")pb");
  command.attachments.push_back(testing::ParseText<parley::v1::Attachment>(
      R"pb(id: 9 mime_type: "image/png" size_bytes: 100)pb"));

  EXPECT_THAT(Describe(DecideCreate(command)),
              ElementsAre(EventText<parley::v1::DiscussionCreated>(
                              R"pb(discussion_id: 5
                                   customer_id: "c1"
                                   category: CATEGORY_RETURNS_AND_REFUNDS
                                   selection {
                                     order_number: "A-1"
                                     product_skus: "12"
                                     product_skus: "34"
                                   })pb"),
                          EventText<parley::v1::MessagePosted>(
                              R"pb(discussion_id: 5
                                   message_id: 101
                                   number: 1
                                   type: MESSAGE_TYPE_QUERY
                                   text: "Broken"
                                   author: "c1"
                                   attachments {
                                     id: 9
                                     mime_type: "image/png"
                                     size_bytes: 100
                                   })pb")));
}

TEST(DecideReply, ReopensOnlyCompletedDiscussions) {
  const std::string query =
      Posted(parley::v1::MESSAGE_TYPE_QUERY, "Thanks", "c1");
  struct Case {
    Status status;
    std::vector<std::string> events;
  };
  const Case cases[] = {
      {kOutstanding, {query}},
      {kInProgress, {query}},
      {kPending, {query}},
      {kCompleted,
       {query, Changed(kCompleted, kOutstanding, kReasonCustomerReply)}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(parley::v1::Status_Name(c.status));
    const Reply reply{.customer_id = "c1",
                      .message_id = 104,
                      .text = "Thanks",
                      .attachments = {}};
    ExpectOutcome(DecideReply(StateIn(c.status, "alice"), reply),
                  Decided(c.events));
  }
}

TEST(DecideReply, CarriesAttachments) {
  Reply reply{.customer_id = "c1",
              .message_id = 104,
              .text = "Photo",
              .attachments = {}};
  reply.attachments.push_back(
      testing::ParseText<parley::v1::Attachment>("id: 7 size_bytes: 3"));

  absl::StatusOr<Events> events =
      DecideReply(StateIn(kPending, "alice"), reply);
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_THAT(Describe(*events),
              ElementsAre(EventText<parley::v1::MessagePosted>(
                  R"pb(discussion_id: 5
                       message_id: 104
                       number: 4
                       type: MESSAGE_TYPE_QUERY
                       text: "Photo"
                       author: "c1"
                       attachments { id: 7 size_bytes: 3 })pb")));
}

TEST(DecideReply, HidesAnotherCustomersDiscussion) {
  const Reply reply{
      .customer_id = "c2", .message_id = 104, .text = "Hi", .attachments = {}};
  const absl::StatusOr<Events> events =
      DecideReply(StateIn(kCompleted, ""), reply);
  EXPECT_EQ(events.status(), DiscussionNotFound(5));
}

TEST(DecideAssign, FollowsTheLifecycle) {
  const std::string to_in_progress_from_outstanding =
      Changed(kOutstanding, kInProgress, kReasonAssigned);
  struct Case {
    std::string name;
    Status status;
    std::string assignee;
    Outcome outcome;
  };
  const Case cases[] = {
      {"outstanding", kOutstanding, "",
       Decided({Assigned("bob"), to_in_progress_from_outstanding})},
      {"reopened by the customer, same agent", kOutstanding, "bob",
       Decided({to_in_progress_from_outstanding})},
      {"reopened by the customer, other agent", kOutstanding, "alice",
       Decided({Assigned("bob"), to_in_progress_from_outstanding})},
      {"pending with another agent", kPending, "alice",
       Decided(
           {Assigned("bob"), Changed(kPending, kInProgress, kReasonAssigned)})},
      {"pending with the same agent", kPending, "bob",
       Decided({Changed(kPending, kInProgress, kReasonAssigned)})},
      {"in progress with another agent", kInProgress, "alice",
       Decided({Assigned("bob")})},
      {"in progress with the same agent", kInProgress, "bob", Decided({})},
      {"completed", kCompleted, "alice",
       Rejected(absl::StatusCode::kFailedPrecondition,
                "discussion 5 is COMPLETED and cannot be assigned; change its "
                "status to IN_PROGRESS first, or wait for a customer reply to "
                "reopen it")},
      {"corrupt status", kUnspecified, "",
       Rejected(absl::StatusCode::kInternal,
                "discussion 5 has invalid status 0")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectOutcome(DecideAssign(StateIn(c.status, c.assignee), Assign{"bob"}),
                  c.outcome);
  }
}

TEST(DecideRespond, PostsAndSetsTheRequestedStatus) {
  struct Case {
    std::string name;
    Status status;
    std::string assignee;
    Status requested;
    Outcome outcome;
  };
  const Case cases[] = {
      {"unspecified means completed", kOutstanding, "", kUnspecified,
       Decided({Assigned("bob"), Response("bob"),
                Changed(kOutstanding, kCompleted, kReasonResponse)})},
      {"outstanding to in progress", kOutstanding, "", kInProgress,
       Decided({Assigned("bob"), Response("bob"),
                Changed(kOutstanding, kInProgress, kReasonResponse)})},
      {"reopened discussion goes to the responder", kOutstanding, "alice",
       kCompleted,
       Decided({Assigned("bob"), Response("bob"),
                Changed(kOutstanding, kCompleted, kReasonResponse)})},
      {"assignee keeps in progress", kInProgress, "bob", kInProgress,
       Decided({Response("bob")})},
      {"assignee sets pending", kInProgress, "bob", kPending,
       Decided(
           {Response("bob"), Changed(kInProgress, kPending, kReasonResponse)})},
      {"colleague does not take over", kInProgress, "alice", kCompleted,
       Decided({Response("bob"),
                Changed(kInProgress, kCompleted, kReasonResponse)})},
      {"pending back to in progress", kPending, "alice", kInProgress,
       Decided(
           {Response("bob"), Changed(kPending, kInProgress, kReasonResponse)})},
      {"follow-up keeps completed", kCompleted, "alice", kCompleted,
       Decided({Assigned("bob"), Response("bob")})},
      {"follow-up by the assignee sets pending", kCompleted, "bob", kPending,
       Decided(
           {Response("bob"), Changed(kCompleted, kPending, kReasonResponse)})},
      {"outstanding is rejected", kInProgress, "bob", kOutstanding,
       Rejected(absl::StatusCode::kInvalidArgument,
                "status OUTSTANDING is not allowed in a response, because only "
                "a customer reply makes a discussion OUTSTANDING; use "
                "IN_PROGRESS, PENDING or COMPLETED")},
      {"unknown status is rejected", kInProgress, "bob", static_cast<Status>(7),
       Rejected(absl::StatusCode::kInvalidArgument,
                "status 7 is not a known status; use one of OUTSTANDING, "
                "IN_PROGRESS, PENDING, COMPLETED")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Respond command{.agent = "bob",
                          .message_id = 104,
                          .text = "Refunded.",
                          .requested = c.requested};
    ExpectOutcome(DecideRespond(StateIn(c.status, c.assignee), command),
                  c.outcome);
  }
}

TEST(DecideChangeStatus, AllowsOnlyTheTransitionTable) {
  const std::string only_customer =
      " cannot be set to OUTSTANDING by an agent; only a customer reply makes "
      "a discussion OUTSTANDING";
  struct Case {
    Status from;
    std::string assignee;
    Status to;
    Outcome outcome;
  };
  const Case cases[] = {
      // From OUTSTANDING: a move into work assigns the acting agent.
      {kOutstanding, "", kInProgress,
       Decided({Assigned("bob"),
                Changed(kOutstanding, kInProgress, kReasonAgent)})},
      {kOutstanding, "alice", kInProgress,
       Decided({Assigned("bob"),
                Changed(kOutstanding, kInProgress, kReasonAgent)})},
      {kOutstanding, "bob", kInProgress,
       Decided({Changed(kOutstanding, kInProgress, kReasonAgent)})},
      {kOutstanding, "", kPending,
       Decided(
           {Assigned("bob"), Changed(kOutstanding, kPending, kReasonAgent)})},
      {kOutstanding, "", kCompleted,
       Decided({Changed(kOutstanding, kCompleted, kReasonAgent)})},
      {kOutstanding, "", kOutstanding,
       Rejected(absl::StatusCode::kFailedPrecondition,
                "discussion 5 is already OUTSTANDING")},

      // From IN_PROGRESS: the assignee stays, whichever agent changes the
      // status.
      {kInProgress, "alice", kPending,
       Decided({Changed(kInProgress, kPending, kReasonAgent)})},
      {kInProgress, "", kPending,  // Assignee missing: restore the invariant.
       Decided(
           {Assigned("bob"), Changed(kInProgress, kPending, kReasonAgent)})},
      {kInProgress, "alice", kCompleted,
       Decided({Changed(kInProgress, kCompleted, kReasonAgent)})},
      {kInProgress, "alice", kInProgress,
       Rejected(absl::StatusCode::kFailedPrecondition,
                "discussion 5 is already IN_PROGRESS")},
      {kInProgress, "alice", kOutstanding,
       Rejected(absl::StatusCode::kFailedPrecondition,
                absl::StrCat("discussion 5", only_customer))},

      // From PENDING.
      {kPending, "alice", kInProgress,
       Decided({Changed(kPending, kInProgress, kReasonAgent)})},
      {kPending, "alice", kCompleted,
       Decided({Changed(kPending, kCompleted, kReasonAgent)})},
      {kPending, "alice", kPending,
       Rejected(absl::StatusCode::kFailedPrecondition,
                "discussion 5 is already PENDING")},
      {kPending, "alice", kOutstanding,
       Rejected(absl::StatusCode::kFailedPrecondition,
                absl::StrCat("discussion 5", only_customer))},

      // From COMPLETED: only an agent reopening it as IN_PROGRESS.
      {kCompleted, "alice", kInProgress,
       Decided(
           {Assigned("bob"), Changed(kCompleted, kInProgress, kReasonAgent)})},
      {kCompleted, "bob", kInProgress,
       Decided({Changed(kCompleted, kInProgress, kReasonAgent)})},
      {kCompleted, "", kInProgress,
       Decided(
           {Assigned("bob"), Changed(kCompleted, kInProgress, kReasonAgent)})},
      {kCompleted, "alice", kPending,
       Rejected(absl::StatusCode::kFailedPrecondition,
                "discussion 5 is COMPLETED and cannot move to PENDING; move it "
                "to IN_PROGRESS first")},
      {kCompleted, "alice", kCompleted,
       Rejected(absl::StatusCode::kFailedPrecondition,
                "discussion 5 is already COMPLETED")},
      {kCompleted, "alice", kOutstanding,
       Rejected(absl::StatusCode::kFailedPrecondition,
                absl::StrCat("discussion 5", only_customer))},

      // Targets that are not statuses.
      {kPending, "alice", kUnspecified,
       Rejected(absl::StatusCode::kInvalidArgument,
                "status is missing; use one of OUTSTANDING, IN_PROGRESS, "
                "PENDING, COMPLETED")},
      {kPending, "alice", static_cast<Status>(9),
       Rejected(absl::StatusCode::kInvalidArgument,
                "status 9 is not a known status; use one of OUTSTANDING, "
                "IN_PROGRESS, PENDING, COMPLETED")},
      {kUnspecified, "", kCompleted,
       Rejected(absl::StatusCode::kInternal,
                "discussion 5 has invalid status 0")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(parley::v1::Status_Name(c.from), " (assignee \"",
                              c.assignee, "\") -> ",
                              parley::v1::Status_Name(c.to)));
    const ChangeStatus command{.agent = "bob", .to = c.to};
    ExpectOutcome(DecideChangeStatus(StateIn(c.from, c.assignee), command),
                  c.outcome);
  }
}

MarkRead MarkUpTo(uint32_t number) {
  return MarkRead{.customer_id = "c1",
                  .message_id = 100 + number,
                  .message_discussion_id = 5,
                  .message_number = number};
}

TEST(DecideMarkRead, MovesTheMarkerForwardOnly) {
  DiscussionState state = StateIn(kInProgress, "alice");
  state.set_read_up_to_number(2);

  ExpectOutcome(
      DecideMarkRead(state, MarkUpTo(3)),
      Decided({EventText<parley::v1::ReadMarkerMoved>(
          "discussion_id: 5 up_to_message_id: 103 up_to_number: 3")}));
  ExpectOutcome(DecideMarkRead(state, MarkUpTo(2)), Decided({}));
  ExpectOutcome(DecideMarkRead(state, MarkUpTo(1)), Decided({}));
}

TEST(DecideMarkRead, RejectsMessagesOfOtherDiscussions) {
  const std::string message =
      "upToMessageId 900 does not belong to discussion 5; use a message id "
      "from that discussion";
  MarkRead other_discussion = MarkUpTo(1);
  other_discussion.message_id = 900;
  other_discussion.message_discussion_id = 6;
  ExpectOutcome(DecideMarkRead(StateIn(kPending, "alice"), other_discussion),
                Rejected(absl::StatusCode::kInvalidArgument, message));

  MarkRead missing = other_discussion;
  missing.message_discussion_id = 0;
  missing.message_number = 0;
  ExpectOutcome(DecideMarkRead(StateIn(kPending, "alice"), missing),
                Rejected(absl::StatusCode::kInvalidArgument, message));
}

TEST(DecideMarkRead, HidesAnotherCustomersDiscussion) {
  MarkRead command = MarkUpTo(3);
  command.customer_id = "c2";
  EXPECT_EQ(DecideMarkRead(StateIn(kPending, "alice"), command).status(),
            DiscussionNotFound(5));
}

TEST(IsRead, ComparesTheMarkerWithTheNewestResponse) {
  struct Case {
    uint32_t read_up_to;
    uint32_t last_response;
    bool read;
  };
  const Case cases[] = {
      {0, 0, true},   // No response yet.
      {2, 2, true},   // Read exactly up to the response.
      {3, 2, true},   // Read past it, up to the customer's own message.
      {1, 2, false},  // A newer response is unread.
      {0, 1, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat("read up to ", c.read_up_to, ", last response ",
                              c.last_response));
    DiscussionState state;
    state.set_read_up_to_number(c.read_up_to);
    state.set_last_response_number(c.last_response);
    EXPECT_EQ(IsRead(state), c.read);
  }
}

}  // namespace
}  // namespace parley::domain
