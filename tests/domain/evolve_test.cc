#include "domain/evolve.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/domain_testing.h"
#include "domain/rules.h"
#include "gtest/gtest.h"
#include "parley/v1/events.pb.h"

namespace parley::domain {
namespace {

using parley::v1::AgentAssigned;
using parley::v1::DiscussionCreated;
using parley::v1::DiscussionState;
using parley::v1::EventRecord;
using parley::v1::MessagePosted;
using parley::v1::ReadMarkerMoved;
using parley::v1::StatusChanged;
using testing::ParseText;

// A record of stream "5" at `version`, position 100 + version.
template <typename Event>
EventRecord Record(uint64_t version, int64_t timestamp_ms,
                   absl::string_view payload_text) {
  EventRecord record;
  record.set_position(100 + version);
  record.set_stream_id("5");
  record.set_version(version);
  record.set_type(Event::descriptor()->name());
  record.set_timestamp_ms(timestamp_ms);
  record.mutable_payload()->PackFrom(ParseText<Event>(payload_text));
  return record;
}

void ExpectState(const DiscussionState& actual,
                 absl::string_view expected_text) {
  EXPECT_EQ(actual.DebugString(),
            ParseText<DiscussionState>(expected_text).DebugString());
}

// The stream of discussion 5: created, responded to, read, then reopened.
std::vector<EventRecord> AnsweredAndReopened() {
  return {
      Record<DiscussionCreated>(1, 1000, R"pb(
        discussion_id: 5
        customer_id: "c1"
        category: CATEGORY_PAYMENT
        selection { order_number: "A-1" product_skus: "12" })pb"),
      Record<MessagePosted>(2, 1000, R"pb(
        discussion_id: 5
        message_id: 101
        number: 1
        type: MESSAGE_TYPE_QUERY
        text: "Charged twice"
        author: "c1")pb"),
      Record<AgentAssigned>(3, 2000, R"pb(discussion_id: 5 agent: "bob")pb"),
      Record<StatusChanged>(4, 2000, R"pb(
        discussion_id: 5
        from: STATUS_OUTSTANDING
        to: STATUS_IN_PROGRESS
        reason: "assigned")pb"),
      Record<MessagePosted>(5, 3000, R"pb(
        discussion_id: 5
        message_id: 102
        number: 2
        type: MESSAGE_TYPE_RESPONSE
        text: "Refunded"
        author: "bob")pb"),
      Record<StatusChanged>(6, 3000, R"pb(
        discussion_id: 5
        from: STATUS_IN_PROGRESS
        to: STATUS_COMPLETED
        reason: "response")pb"),
      Record<ReadMarkerMoved>(7, 4000, R"pb(
        discussion_id: 5
        up_to_message_id: 102
        up_to_number: 2)pb"),
      Record<MessagePosted>(8, 5000, R"pb(
        discussion_id: 5
        message_id: 103
        number: 3
        type: MESSAGE_TYPE_QUERY
        text: "Still charged"
        author: "c1")pb"),
      Record<StatusChanged>(9, 5000, R"pb(
        discussion_id: 5
        from: STATUS_COMPLETED
        to: STATUS_OUTSTANDING
        reason: "customer_reply")pb"),
  };
}

TEST(Evolve, ReproducesTheStateOfAStream) {
  DiscussionState state;
  for (const EventRecord& record : AnsweredAndReopened()) {
    SCOPED_TRACE(record.ShortDebugString());
    ASSERT_TRUE(Evolve(state, record).ok());
  }

  ExpectState(state, R"pb(
    id: 5
    customer_id: "c1"
    category: CATEGORY_PAYMENT
    status: STATUS_OUTSTANDING
    created_at_ms: 1000
    updated_at_ms: 5000
    selection { order_number: "A-1" product_skus: "12" }
    assigned_agent: "bob"
    message_count: 3
    last_response_number: 2
    read_up_to_number: 2
    version: 9)pb");
  EXPECT_TRUE(IsRead(state));
}

TEST(Evolve, CreatesWithoutSelection) {
  DiscussionState state;
  ASSERT_TRUE(Evolve(state, Record<DiscussionCreated>(1, 1000, R"pb(
                       discussion_id: 5
                       customer_id: "c1"
                       category: CATEGORY_FEEDBACK)pb"))
                  .ok());
  EXPECT_FALSE(state.has_selection());
  EXPECT_EQ(state.status(), parley::v1::STATUS_OUTSTANDING);
}

TEST(Evolve, ReadMarkerKeepsUpdatedAt) {
  std::vector<EventRecord> records = AnsweredAndReopened();
  DiscussionState state;
  for (size_t i = 0; i < 6; ++i) ASSERT_TRUE(Evolve(state, records[i]).ok());
  ASSERT_EQ(state.updated_at_ms(), 3000);

  ASSERT_TRUE(Evolve(state, records[6]).ok());
  EXPECT_EQ(state.read_up_to_number(), 2u);
  EXPECT_EQ(state.updated_at_ms(), 3000);
  EXPECT_EQ(state.version(), 7u);
}

TEST(Evolve, SkipsUnknownEventTypes) {
  std::vector<EventRecord> records = AnsweredAndReopened();
  DiscussionState state;
  ASSERT_TRUE(Evolve(state, records[0]).ok());

  EventRecord future;
  future.set_position(102);
  future.set_stream_id("5");
  future.set_version(2);
  future.set_type("DiscussionArchived");
  future.set_timestamp_ms(9000);
  future.mutable_payload()->set_type_url(
      "type.googleapis.com/parley.v2.DiscussionArchived");
  future.mutable_payload()->set_value("\x08\x05");

  ASSERT_TRUE(Evolve(state, future).ok());
  EXPECT_EQ(state.version(), 2u);
  EXPECT_EQ(state.updated_at_ms(), 1000);  // Not the unknown record's 9000.
  EXPECT_EQ(state.status(), parley::v1::STATUS_OUTSTANDING);
}

TEST(Evolve, RejectsCorruptRecordsWithoutChangingState) {
  // Every case applies to the state after the first two records.
  EventRecord wrong_payload =
      Record<AgentAssigned>(3, 2000, "discussion_id: 5");
  wrong_payload.set_type("MessagePosted");
  EventRecord garbage = Record<AgentAssigned>(3, 2000, "discussion_id: 5");
  garbage.mutable_payload()->set_value("\xff\xff\xff");

  struct Case {
    std::string name;
    EventRecord record;
    std::string message;
  };
  const Case cases[] = {
      {"payload of another type", wrong_payload,
       "event at position 103 (MessagePosted, version 3 of stream 5) has a "
       "payload that does not unpack as parley.v1.MessagePosted (type URL "
       "type.googleapis.com/parley.v1.AgentAssigned)"},
      {"unparsable payload", garbage,
       "event at position 103 (AgentAssigned, version 3 of stream 5) has a "
       "payload that does not unpack as parley.v1.AgentAssigned (type URL "
       "type.googleapis.com/parley.v1.AgentAssigned)"},
      {"version gap", Record<AgentAssigned>(4, 2000, "discussion_id: 5"),
       "event at position 104 (AgentAssigned, version 4 of stream 5) is out "
       "of order: the state is at version 2, so the next is 3"},
      {"repeated version", Record<AgentAssigned>(2, 2000, "discussion_id: 5"),
       "event at position 102 (AgentAssigned, version 2 of stream 5) is out "
       "of order: the state is at version 2, so the next is 3"},
      {"second creation",
       Record<DiscussionCreated>(3, 2000, "discussion_id: 5"),
       "event at position 103 (DiscussionCreated, version 3 of stream 5) "
       "creates discussion 5 again"},
      {"other discussion", Record<AgentAssigned>(3, 2000, "discussion_id: 6"),
       "event at position 103 (AgentAssigned, version 3 of stream 5) names "
       "discussion 6, but the stream is discussion 5"},
      {"skipped message number",
       Record<MessagePosted>(3, 2000, "discussion_id: 5 number: 3"),
       "event at position 103 (MessagePosted, version 3 of stream 5) posts "
       "message number 3, but the discussion has 1 messages"},
      {"status from another status",
       Record<StatusChanged>(
           3, 2000,
           "discussion_id: 5 from: STATUS_PENDING to: STATUS_COMPLETED"),
       "event at position 103 (StatusChanged, version 3 of stream 5) changes "
       "the status from STATUS_PENDING, but the discussion is "
       "STATUS_OUTSTANDING"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    DiscussionState state;
    const std::vector<EventRecord> records = AnsweredAndReopened();
    ASSERT_TRUE(Evolve(state, records[0]).ok());
    ASSERT_TRUE(Evolve(state, records[1]).ok());
    const DiscussionState before = state;

    const absl::Status status = Evolve(state, c.record);
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ(status.message(), c.message);
    EXPECT_EQ(state.DebugString(), before.DebugString());
  }
}

TEST(Evolve, RejectsEventsBeforeCreation) {
  DiscussionState state;
  const absl::Status status = Evolve(
      state, Record<MessagePosted>(1, 1000, "discussion_id: 5 number: 1"));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(status.message(),
            "event at position 101 (MessagePosted, version 1 of stream 5) "
            "comes before the DiscussionCreated event");
  EXPECT_EQ(state.version(), 0u);
}

// Decides commands and applies their events, as the service does.
class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CreateDiscussion create;
    create.discussion_id = 5;
    create.message_id = 101;
    create.customer_id = "c1";
    create.category = parley::v1::CATEGORY_PAYMENT;
    create.text = "Charged twice";
    Commit(DecideCreate(create));
  }

  void Commit(const absl::StatusOr<Events>& events) {
    ASSERT_TRUE(events.ok()) << events.status();
    now_ms_ += 1000;
    ASSERT_TRUE(testing::Commit(state_, *events, now_ms_).ok());
  }

  void Respond(parley::v1::Status requested) {
    Commit(DecideRespond(state_, {.agent = "bob",
                                  .message_id = NextMessageId(),
                                  .text = "Answer",
                                  .requested = requested}));
  }

  void Reply() {
    Commit(DecideReply(state_, {.customer_id = "c1",
                                .message_id = NextMessageId(),
                                .text = "More",
                                .attachments = {}}));
  }

  void MarkReadUpTo(uint32_t number) {
    Commit(DecideMarkRead(state_, {.customer_id = "c1",
                                   .message_id = 100 + number,
                                   .message_discussion_id = 5,
                                   .message_number = number}));
  }

  uint64_t NextMessageId() { return 100 + state_.message_count() + 1; }

  DiscussionState state_;
  int64_t now_ms_ = 0;
};

TEST_F(LifecycleTest, NewerResponseMakesTheDiscussionUnread) {
  EXPECT_TRUE(IsRead(state_));  // Nothing to read yet.

  Respond(parley::v1::STATUS_PENDING);  // Message 2.
  EXPECT_FALSE(IsRead(state_));
  EXPECT_EQ(state_.assigned_agent(), "bob");

  MarkReadUpTo(2);
  EXPECT_TRUE(IsRead(state_));

  Respond(parley::v1::STATUS_UNSPECIFIED);  // Message 3; completes.
  EXPECT_EQ(state_.status(), parley::v1::STATUS_COMPLETED);
  EXPECT_FALSE(IsRead(state_));

  MarkReadUpTo(1);  // Backward: ignored.
  EXPECT_EQ(state_.read_up_to_number(), 2u);
  EXPECT_FALSE(IsRead(state_));

  MarkReadUpTo(3);
  EXPECT_TRUE(IsRead(state_));
}

TEST_F(LifecycleTest, CustomerReplyReopensCompletedDiscussion) {
  Commit(DecideAssign(state_, {.agent = "bob"}));
  EXPECT_EQ(state_.status(), parley::v1::STATUS_IN_PROGRESS);

  Respond(parley::v1::STATUS_COMPLETED);
  Reply();
  EXPECT_EQ(state_.status(), parley::v1::STATUS_OUTSTANDING);
  EXPECT_EQ(state_.message_count(), 3u);
  EXPECT_EQ(state_.assigned_agent(), "bob");

  Reply();  // Already OUTSTANDING: the status stays.
  EXPECT_EQ(state_.status(), parley::v1::STATUS_OUTSTANDING);
  EXPECT_EQ(state_.message_count(), 4u);
  EXPECT_EQ(state_.updated_at_ms(), now_ms_);
}

}  // namespace
}  // namespace parley::domain
