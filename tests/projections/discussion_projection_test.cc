#include "projections/discussion_projection.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/rules.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/event_store.h"
#include "store/key_value.h"
#include "store/projection_rebuild.h"
#include "support/temp_dir.h"

// Integration tests of DiscussionProjection: a real EventStore on a temporary
// RocksDB directory, with commands decided by the domain rules the way
// parleyd's commands decide them, and queries on committed snapshots.

namespace parley::projections {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using parley::v1::Category;
using parley::v1::DiscussionState;
using parley::v1::Status;

constexpr char kAlice[] = "alice";
constexpr char kBob[] = "bob";
constexpr char kAgent[] = "ada";

// A page of discussion ids as a client receives it. has_more follows the
// API's rule: offset + returned < total.
struct ListPage {
  std::vector<uint64_t> ids;
  uint32_t total = 0;
  bool has_more = false;
};

// A page of messages: their numbers (1..n within the discussion) and types.
struct MessagePage {
  std::vector<uint32_t> numbers;
  std::vector<parley::v1::MessageType> types;
  uint32_t total = 0;
  bool has_more = false;
};

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

// Appends `events` to the discussion's stream, expecting it at `expected`.
absl::Status AppendEvents(store::Transaction& txn, uint64_t discussion_id,
                          store::ExpectedVersion expected,
                          const domain::Events& events) {
  if (events.empty()) return absl::OkStatus();
  std::vector<store::NewEvent> new_events;
  for (const auto& event : events) new_events.push_back({event.get()});
  return txn.Append(absl::StrCat(discussion_id), expected, new_events).status();
}

class DiscussionProjectionTest : public ::testing::Test {
 protected:
  using Decide = std::function<absl::StatusOr<domain::Events>(
      store::Transaction&, const DiscussionState&)>;

  void SetUp() override { Open(); }

  // Opens the store on dir_, closing the previous one first.
  void Open() {
    store_.reset();
    store::EventStoreOptions options;
    options.data_dir = dir_.path();
    options.projections = {&projection_};
    // A machine crash is not part of these tests, so the WAL is not synced.
    options.sync = false;
    absl::StatusOr<std::unique_ptr<store::EventStore>> store =
        store::EventStore::Open(std::move(options));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  // Commands. Each fails the test when the store rejects it, and returns
  // only after the clock has reached the next millisecond, so that every
  // command gets a later updated_at than the commands before it.

  // Creates a discussion and returns its id.
  uint64_t CreateDiscussion(
      const std::string& customer,
      Category category = parley::v1::CATEGORY_DELIVERY_PROBLEM,
      const std::string& order_number = "") {
    std::vector<uint64_t> ids = Run(
        absl::StrCat("customer:", customer), [&](store::Transaction& txn) {
          return CreateIn(txn, customer, category, order_number);
        });
    return ids.empty() ? 0 : ids.front();
  }

  // Creates `count` discussions in one command, so that they share one
  // timestamp, and returns their ids.
  std::vector<uint64_t> CreateDiscussionsTogether(const std::string& customer,
                                                  int count) {
    return Run(absl::StrCat("customer:", customer),
               [&](store::Transaction& txn) -> absl::StatusOr<std::vector<uint64_t>> {
                 std::vector<uint64_t> ids;
                 for (int i = 0; i < count; ++i) {
                   absl::StatusOr<std::vector<uint64_t>> created = CreateIn(
                       txn, customer, parley::v1::CATEGORY_FEEDBACK, "");
                   if (!created.ok()) return created.status();
                   ids.push_back(created->front());
                 }
                 return ids;
               });
  }

  // Posts a customer message and returns its message id.
  uint64_t Reply(const std::string& customer, uint64_t discussion_id) {
    return DecideWithMessage(
        absl::StrCat("customer:", customer), discussion_id,
        [&](uint64_t message_id, const DiscussionState& state) {
          domain::Reply reply;
          reply.customer_id = customer;
          reply.message_id = message_id;
          reply.text = "a customer reply";
          return domain::DecideReply(state, reply);
        });
  }

  // Posts an agent response that leaves the discussion in `after`, and
  // returns its message id.
  uint64_t Respond(uint64_t discussion_id,
                   Status after = parley::v1::STATUS_COMPLETED) {
    return DecideWithMessage(
        absl::StrCat("agent:", kAgent), discussion_id,
        [&](uint64_t message_id, const DiscussionState& state) {
          domain::Respond respond;
          respond.agent = kAgent;
          respond.message_id = message_id;
          respond.text = "an agent response";
          respond.requested = after;
          return domain::DecideRespond(state, respond);
        });
  }

  void Assign(uint64_t discussion_id) {
    DecideOn(absl::StrCat("agent:", kAgent), discussion_id,
             [](store::Transaction&, const DiscussionState& state) {
               return domain::DecideAssign(state, domain::Assign{kAgent});
             });
  }

  void ChangeStatus(uint64_t discussion_id, Status to) {
    DecideOn(absl::StrCat("agent:", kAgent), discussion_id,
             [to](store::Transaction&, const DiscussionState& state) {
               return domain::DecideChangeStatus(state,
                                                 domain::ChangeStatus{kAgent, to});
             });
  }

  void MarkRead(const std::string& customer, uint64_t discussion_id,
                uint64_t up_to_message_id) {
    DecideOn(absl::StrCat("customer:", customer), discussion_id,
             [&](store::Transaction& txn,
                 const DiscussionState& state) -> absl::StatusOr<domain::Events> {
               absl::StatusOr<std::optional<MessageLocation>> location =
                   projection_.LocateMessage(txn, up_to_message_id);
               if (!location.ok()) return location.status();
               domain::MarkRead mark;
               mark.customer_id = customer;
               mark.message_id = up_to_message_id;
               if (location->has_value()) {
                 mark.message_discussion_id = (*location)->discussion_id;
                 mark.message_number = (*location)->number;
               }
               return domain::DecideMarkRead(state, mark);
             });
  }

  // Queries, each on its own snapshot of the committed database.

  ListPage List(const std::string& customer, const DiscussionFilter& filter,
                uint32_t offset = 0, uint32_t limit = 100) {
    store::SnapshotReader reader(store_->db());
    absl::StatusOr<DiscussionList> list = projection_.ListCustomerDiscussions(
        reader, customer, filter, offset, limit);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? ToPage(*list, offset) : ListPage();
  }

  ListPage ListAll(const std::string& customer, uint32_t offset = 0,
                   uint32_t limit = 100) {
    return List(customer, DiscussionFilter(), offset, limit);
  }

  ListPage Queue(Status status,
                 Category category = parley::v1::CATEGORY_UNSPECIFIED,
                 uint32_t offset = 0, uint32_t limit = 100) {
    store::SnapshotReader reader(store_->db());
    absl::StatusOr<DiscussionList> list =
        projection_.ListQueue(reader, status, category, offset, limit);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? ToPage(*list, offset) : ListPage();
  }

  MessagePage Messages(uint64_t discussion_id, uint32_t offset = 0,
                       uint32_t limit = 100) {
    MessagePage page;
    store::SnapshotReader reader(store_->db());
    std::optional<DiscussionState> state = StateIn(reader, discussion_id);
    if (!state.has_value()) return page;
    absl::StatusOr<std::vector<parley::v1::Message>> messages =
        projection_.ListMessages(reader, discussion_id, offset, limit);
    EXPECT_TRUE(messages.ok()) << messages.status();
    if (!messages.ok()) return page;
    for (const parley::v1::Message& message : *messages) {
      page.numbers.push_back(message.number());
      page.types.push_back(message.type());
    }
    page.total = state->message_count();
    page.has_more = uint64_t{offset} + page.numbers.size() < page.total;
    return page;
  }

  // Returns the discussion's state. A missing discussion fails the test.
  DiscussionState State(uint64_t discussion_id) {
    store::SnapshotReader reader(store_->db());
    return StateIn(reader, discussion_id).value_or(DiscussionState());
  }

  bool IsRead(uint64_t discussion_id) {
    return ToDiscussionView(State(discussion_id)).read();
  }

  parley::testing::TempDir dir_;
  DiscussionProjection projection_;
  std::unique_ptr<store::EventStore> store_;

 private:
  // Runs `command` as `actor`, then waits for the next millisecond. Returns
  // the ids the command returns, or none when it fails.
  std::vector<uint64_t> Run(
      std::string actor,
      std::function<absl::StatusOr<std::vector<uint64_t>>(store::Transaction&)>
          command) {
    store::CommandOptions options;
    options.actor = std::move(actor);
    absl::StatusOr<std::string> result = store_->Execute(
        std::move(options),
        [&command](store::Transaction& txn) -> absl::StatusOr<std::string> {
          absl::StatusOr<std::vector<uint64_t>> ids = command(txn);
          if (!ids.ok()) return ids.status();
          return absl::StrJoin(*ids, ",");
        });
    WaitForNextMillisecond();
    EXPECT_TRUE(result.ok()) << result.status();
    std::vector<uint64_t> ids;
    if (!result.ok()) return ids;
    for (absl::string_view part : absl::StrSplit(*result, ',', absl::SkipEmpty())) {
      uint64_t id = 0;
      EXPECT_TRUE(absl::SimpleAtoi(part, &id)) << *result;
      ids.push_back(id);
    }
    return ids;
  }

  // Waits until the clock has passed the millisecond in which the last
  // command ran, because the writer reads the clock once per group.
  static void WaitForNextMillisecond() {
    const int64_t start = NowMs();
    // Bounded in case the clock stops or steps back.
    for (int i = 0; i < 1000 && NowMs() <= start; ++i) {
      absl::SleepFor(absl::Microseconds(100));
    }
  }

  // Decides DiscussionCreated and the first message in `txn`, allocating
  // ids as parleyd does, and returns {discussion id}.
  static absl::StatusOr<std::vector<uint64_t>> CreateIn(
      store::Transaction& txn, const std::string& customer, Category category,
      const std::string& order_number) {
    absl::StatusOr<uint64_t> discussion_id = txn.NextSequence("discussion");
    if (!discussion_id.ok()) return discussion_id.status();
    absl::StatusOr<uint64_t> message_id = txn.NextSequence("message");
    if (!message_id.ok()) return message_id.status();

    domain::CreateDiscussion create;
    create.discussion_id = *discussion_id;
    create.message_id = *message_id;
    create.customer_id = customer;
    create.category = category;
    create.text = "a first message";
    if (!order_number.empty()) {
      parley::v1::Selection selection;
      selection.set_order_number(order_number);
      create.selection = selection;
    }
    absl::Status appended =
        AppendEvents(txn, *discussion_id, store::ExpectedVersion::NoStream(),
                     domain::DecideCreate(create));
    if (!appended.ok()) return appended;
    return std::vector<uint64_t>{*discussion_id};
  }

  // Loads the discussion's state in the command, calls `decide` for its
  // events and appends them at the version the decision was made on.
  void DecideOn(std::string actor, uint64_t discussion_id, Decide decide) {
    Run(std::move(actor),
        [&](store::Transaction& txn) -> absl::StatusOr<std::vector<uint64_t>> {
          absl::StatusOr<std::optional<DiscussionState>> state =
              projection_.GetDiscussion(txn, discussion_id);
          if (!state.ok()) return state.status();
          if (!state->has_value()) return domain::DiscussionNotFound(discussion_id);
          absl::StatusOr<domain::Events> events = decide(txn, **state);
          if (!events.ok()) return events.status();
          absl::Status appended = AppendEvents(
              txn, discussion_id,
              store::ExpectedVersion::Exactly((*state)->version()), *events);
          if (!appended.ok()) return appended;
          return std::vector<uint64_t>();
        });
  }

  // Runs DecideOn for a decision that posts a message, and returns the
  // message id.
  uint64_t DecideWithMessage(
      std::string actor, uint64_t discussion_id,
      std::function<absl::StatusOr<domain::Events>(uint64_t, const DiscussionState&)>
          decide) {
    uint64_t message_id = 0;
    DecideOn(std::move(actor), discussion_id,
             [&](store::Transaction& txn,
                 const DiscussionState& state) -> absl::StatusOr<domain::Events> {
               absl::StatusOr<uint64_t> next = txn.NextSequence("message");
               if (!next.ok()) return next.status();
               message_id = *next;
               return decide(message_id, state);
             });
    return message_id;
  }

  std::optional<DiscussionState> StateIn(store::KeyValueReader& reader,
                                         uint64_t discussion_id) {
    absl::StatusOr<std::optional<DiscussionState>> state =
        projection_.GetDiscussion(reader, discussion_id);
    EXPECT_TRUE(state.ok()) << state.status();
    if (!state.ok()) return std::nullopt;
    EXPECT_TRUE(state->has_value()) << "discussion " << discussion_id << " not found";
    return *state;
  }

  static ListPage ToPage(const DiscussionList& list, uint32_t offset) {
    ListPage page;
    for (const DiscussionState& state : list.discussions) {
      page.ids.push_back(state.id());
    }
    page.total = list.total;
    page.has_more = uint64_t{offset} + page.ids.size() < page.total;
    return page;
  }
};

// One row of a paging table: the request and the page it must return.
struct PageCase {
  uint32_t offset;
  uint32_t limit;
  std::vector<uint64_t> expected;  // Discussion ids or message numbers.
  bool has_more;
};

std::string Describe(const PageCase& page) {
  return absl::StrCat("offset ", page.offset, ", limit ", page.limit);
}

// ---------------------------------------------------------------------------
// Discussion lists: paging, order, filters and counts.

class DiscussionListTest : public DiscussionProjectionTest {};

TEST_F(DiscussionListTest, PagesHaveExactEdges) {
  // Five discussions, listed newest first: 5, 4, 3, 2, 1.
  for (int i = 0; i < 5; ++i) CreateDiscussion(kAlice);

  const PageCase kCases[] = {
      {0, 0, {}, true},                // Limit 0: no items, the true total.
      {0, 5, {5, 4, 3, 2, 1}, false},  // The whole list.
      {0, 4, {5, 4, 3, 2}, true},      // offset + returned == total - 1.
      {1, 4, {4, 3, 2, 1}, false},     // offset + returned == total.
      {2, 2, {3, 2}, true},
      {3, 2, {2, 1}, false},
      {4, 10, {1}, false},             // A limit beyond the end.
      {5, 10, {}, false},              // Offset at the end.
      {6, 10, {}, false},              // Offset past the end.
      {5, 0, {}, false},               // Limit 0 at the end.
      {2147483647, 100, {}, false},    // The largest offset the API accepts.
  };
  for (const PageCase& page_case : kCases) {
    SCOPED_TRACE(Describe(page_case));
    const ListPage page = ListAll(kAlice, page_case.offset, page_case.limit);
    EXPECT_THAT(page.ids, ElementsAreArray(page_case.expected));
    EXPECT_EQ(page.total, 5u);
    EXPECT_EQ(page.has_more, page_case.has_more);
  }
}

TEST_F(DiscussionListTest, EmptyForCustomerWithoutDiscussions) {
  CreateDiscussion(kAlice);

  const ListPage page = ListAll("carol");

  EXPECT_THAT(page.ids, IsEmpty());
  EXPECT_EQ(page.total, 0u);
  EXPECT_FALSE(page.has_more);
}

TEST_F(DiscussionListTest, NewestUpdatedFirst) {
  const uint64_t first = CreateDiscussion(kAlice);
  const uint64_t second = CreateDiscussion(kAlice);
  const uint64_t third = CreateDiscussion(kAlice);

  EXPECT_THAT(ListAll(kAlice).ids, ElementsAre(third, second, first));
  EXPECT_LT(State(first).updated_at_ms(), State(second).updated_at_ms());
  EXPECT_LT(State(second).updated_at_ms(), State(third).updated_at_ms());
}

TEST_F(DiscussionListTest, TiesGoToHigherIdFirst) {
  const uint64_t before = CreateDiscussion(kAlice);
  const std::vector<uint64_t> together = CreateDiscussionsTogether(kAlice, 3);
  ASSERT_EQ(together.size(), 3u);
  // The test is about ties only if the three share one timestamp.
  ASSERT_EQ(State(together[0]).updated_at_ms(), State(together[2]).updated_at_ms());

  EXPECT_THAT(ListAll(kAlice).ids,
              ElementsAre(together[2], together[1], together[0], before));
}

TEST_F(DiscussionListTest, ReplyMovesDiscussionToFront) {
  const uint64_t first = CreateDiscussion(kAlice);
  const uint64_t second = CreateDiscussion(kAlice);
  const uint64_t third = CreateDiscussion(kAlice);

  Reply(kAlice, first);
  EXPECT_THAT(ListAll(kAlice).ids, ElementsAre(first, third, second));

  Respond(second);
  EXPECT_THAT(ListAll(kAlice).ids, ElementsAre(second, first, third));
}

TEST_F(DiscussionListTest, MarkReadKeepsOrder) {
  const uint64_t first = CreateDiscussion(kAlice);
  const uint64_t response = Respond(first);
  const uint64_t second = CreateDiscussion(kAlice);

  MarkRead(kAlice, first, response);

  EXPECT_THAT(ListAll(kAlice).ids, ElementsAre(second, first));
}

// Two customers' discussions with orders and statuses, for the filter table.
class DiscussionFilterTest : public DiscussionListTest {
 protected:
  void SetUp() override {
    DiscussionListTest::SetUp();
    // Created in this order. The status changes below update d1, d3 and d4
    // again, so alice's list, newest first, is d4, d3, d1, d5, d2.
    d1_ = CreateDiscussion(kAlice, parley::v1::CATEGORY_DELIVERY_PROBLEM, "A-1");
    d2_ = CreateDiscussion(kAlice, parley::v1::CATEGORY_PAYMENT, "A-1");
    d3_ = CreateDiscussion(kAlice, parley::v1::CATEGORY_DELIVERY_PROBLEM, "B-2");
    d4_ = CreateDiscussion(kAlice, parley::v1::CATEGORY_FEEDBACK);
    d5_ = CreateDiscussion(kAlice, parley::v1::CATEGORY_FEEDBACK);
    d6_ = CreateDiscussion(kBob, parley::v1::CATEGORY_DELIVERY_PROBLEM, "A-1");
    Assign(d1_);
    Assign(d3_);
    ChangeStatus(d4_, parley::v1::STATUS_COMPLETED);
  }

  static DiscussionFilter Filter(uint64_t id, std::string order_number,
                                 Status status) {
    DiscussionFilter filter;
    filter.discussion_id = id;
    filter.order_number = std::move(order_number);
    filter.status = status;
    return filter;
  }

  uint64_t d1_ = 0, d2_ = 0, d3_ = 0, d4_ = 0, d5_ = 0, d6_ = 0;
};

TEST_F(DiscussionFilterTest, EveryCombinationMatchesExactly) {
  constexpr Status kAny = parley::v1::STATUS_UNSPECIFIED;
  constexpr Status kOutstanding = parley::v1::STATUS_OUTSTANDING;
  constexpr Status kInProgress = parley::v1::STATUS_IN_PROGRESS;
  constexpr Status kPending = parley::v1::STATUS_PENDING;
  constexpr Status kCompleted = parley::v1::STATUS_COMPLETED;
  struct FilterCase {
    std::string name;
    std::string customer;
    DiscussionFilter filter;
    std::vector<uint64_t> expected;
  };
  const FilterCase kCases[] = {
      {"no filter", kAlice, Filter(0, "", kAny), {d4_, d3_, d1_, d5_, d2_}},
      {"OUTSTANDING", kAlice, Filter(0, "", kOutstanding), {d5_, d2_}},
      {"IN_PROGRESS", kAlice, Filter(0, "", kInProgress), {d3_, d1_}},
      {"PENDING", kAlice, Filter(0, "", kPending), {}},
      {"COMPLETED", kAlice, Filter(0, "", kCompleted), {d4_}},
      {"order A-1", kAlice, Filter(0, "A-1", kAny), {d1_, d2_}},
      {"order B-2", kAlice, Filter(0, "B-2", kAny), {d3_}},
      {"unknown order", kAlice, Filter(0, "Z-9", kAny), {}},
      {"order A-1 OUTSTANDING", kAlice, Filter(0, "A-1", kOutstanding), {d2_}},
      {"order A-1 IN_PROGRESS", kAlice, Filter(0, "A-1", kInProgress), {d1_}},
      {"order A-1 COMPLETED", kAlice, Filter(0, "A-1", kCompleted), {}},
      {"order B-2 OUTSTANDING", kAlice, Filter(0, "B-2", kOutstanding), {}},
      {"id", kAlice, Filter(d1_, "", kAny), {d1_}},
      {"id and its status", kAlice, Filter(d1_, "", kInProgress), {d1_}},
      {"id and another status", kAlice, Filter(d1_, "", kOutstanding), {}},
      {"id and its order", kAlice, Filter(d1_, "A-1", kAny), {d1_}},
      {"id and another order", kAlice, Filter(d1_, "B-2", kAny), {}},
      {"id, order and status", kAlice, Filter(d1_, "A-1", kInProgress), {d1_}},
      {"id, order and another status", kAlice, Filter(d1_, "A-1", kCompleted), {}},
      {"id without an order, with an order", kAlice, Filter(d4_, "A-1", kAny), {}},
      {"another customer's id", kAlice, Filter(d6_, "", kAny), {}},
      {"another customer's id and order", kAlice, Filter(d6_, "A-1", kAny), {}},
      {"unknown id", kAlice, Filter(999, "", kAny), {}},
      {"bob, no filter", kBob, Filter(0, "", kAny), {d6_}},
      {"bob, order A-1", kBob, Filter(0, "A-1", kAny), {d6_}},
      {"bob, alice's id", kBob, Filter(d1_, "", kAny), {}},
  };
  for (const FilterCase& filter_case : kCases) {
    SCOPED_TRACE(filter_case.name);
    const ListPage page = List(filter_case.customer, filter_case.filter);
    EXPECT_THAT(page.ids, ElementsAreArray(filter_case.expected));
    EXPECT_EQ(page.total, filter_case.expected.size());
    EXPECT_FALSE(page.has_more);
  }
}

TEST_F(DiscussionFilterTest, IdFilterPagesLikeList) {
  const DiscussionFilter by_id = Filter(d1_, "", parley::v1::STATUS_UNSPECIFIED);
  const PageCase kCases[] = {
      {0, 0, {}, true},
      {0, 1, {d1_}, false},
      {1, 10, {}, false},
      {2, 10, {}, false},
  };
  for (const PageCase& page_case : kCases) {
    SCOPED_TRACE(Describe(page_case));
    const ListPage page = List(kAlice, by_id, page_case.offset, page_case.limit);
    EXPECT_THAT(page.ids, ElementsAreArray(page_case.expected));
    EXPECT_EQ(page.total, 1u);
    EXPECT_EQ(page.has_more, page_case.has_more);
  }
}

TEST_F(DiscussionFilterTest, FilteredListPagesFromOffset) {
  // Alice's list is d4, d3, d1, d5, d2, and order A-1 contains d1 and d2.
  const DiscussionFilter order = Filter(0, "A-1", parley::v1::STATUS_UNSPECIFIED);

  const ListPage first = List(kAlice, order, 0, 1);
  const ListPage second = List(kAlice, order, 1, 1);

  EXPECT_THAT(first.ids, ElementsAre(d1_));
  EXPECT_TRUE(first.has_more);
  EXPECT_THAT(second.ids, ElementsAre(d2_));
  EXPECT_FALSE(second.has_more);
  EXPECT_EQ(second.total, 2u);
}

// Walks one discussion through the lifecycle next to one that stays
// OUTSTANDING, and checks after every step that each count (the totals of
// customer lists and queues) equals the number of discussions listed.
TEST_F(DiscussionListTest, CountsFollowStatusChanges) {
  const uint64_t moving =
      CreateDiscussion(kAlice, parley::v1::CATEGORY_PAYMENT, "A-1");
  CreateDiscussion(kAlice, parley::v1::CATEGORY_PAYMENT, "A-1");

  struct Step {
    std::string name;
    std::function<void()> apply;
    Status status_after;
  };
  // Some steps append several events in one command: the first response
  // appends AgentAssigned, MessagePosted and StatusChanged.
  const Step kSteps[] = {
      {"created", [] {}, parley::v1::STATUS_OUTSTANDING},
      {"responded", [&] { Respond(moving); }, parley::v1::STATUS_COMPLETED},
      {"customer replied", [&] { Reply(kAlice, moving); },
       parley::v1::STATUS_OUTSTANDING},
      {"assigned", [&] { Assign(moving); }, parley::v1::STATUS_IN_PROGRESS},
      {"set PENDING", [&] { ChangeStatus(moving, parley::v1::STATUS_PENDING); },
       parley::v1::STATUS_PENDING},
      {"responded, kept PENDING",
       [&] { Respond(moving, parley::v1::STATUS_PENDING); },
       parley::v1::STATUS_PENDING},
      {"completed without response",
       [&] { ChangeStatus(moving, parley::v1::STATUS_COMPLETED); },
       parley::v1::STATUS_COMPLETED},
      {"reopened by an agent",
       [&] { ChangeStatus(moving, parley::v1::STATUS_IN_PROGRESS); },
       parley::v1::STATUS_IN_PROGRESS},
  };
  const Status kStatuses[] = {
      parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_IN_PROGRESS,
      parley::v1::STATUS_PENDING, parley::v1::STATUS_COMPLETED};

  for (const Step& step : kSteps) {
    SCOPED_TRACE(step.name);
    step.apply();
    ASSERT_EQ(State(moving).status(), step.status_after);

    EXPECT_EQ(ListAll(kAlice).total, 2u);
    for (Status status : kStatuses) {
      SCOPED_TRACE(parley::v1::Status_Name(status));
      // The discussion that stays OUTSTANDING counts in that status.
      const uint32_t expected = (status == step.status_after ? 1u : 0u) +
                                (status == parley::v1::STATUS_OUTSTANDING ? 1u : 0u);
      const ListPage by_status = List(kAlice, {0, "", status});
      const ListPage by_order = List(kAlice, {0, "A-1", status});
      const ListPage queue = Queue(status);
      const ListPage queue_category = Queue(status, parley::v1::CATEGORY_PAYMENT);
      const ListPage other_category = Queue(status, parley::v1::CATEGORY_FEEDBACK);

      EXPECT_EQ(by_status.total, expected);
      EXPECT_EQ(by_status.ids.size(), expected);
      EXPECT_EQ(by_order.total, expected);
      EXPECT_EQ(by_order.ids.size(), expected);
      EXPECT_EQ(queue.total, expected);
      EXPECT_EQ(queue.ids.size(), expected);
      EXPECT_EQ(queue_category.total, expected);
      EXPECT_EQ(queue_category.ids.size(), expected);
      EXPECT_EQ(other_category.total, 0u);
      EXPECT_THAT(other_category.ids, IsEmpty());
    }
  }
}

// ---------------------------------------------------------------------------
// Message pages.

class MessagePageTest : public DiscussionProjectionTest {};

TEST_F(MessagePageTest, PagesHaveExactEdges) {
  // Five messages, numbered 1 to 5.
  const uint64_t discussion = CreateDiscussion(kAlice);
  for (int i = 0; i < 4; ++i) Reply(kAlice, discussion);

  const PageCase kCases[] = {
      {0, 0, {}, true},
      {0, 5, {1, 2, 3, 4, 5}, false},
      {0, 4, {1, 2, 3, 4}, true},   // offset + returned == total - 1.
      {1, 4, {2, 3, 4, 5}, false},  // offset + returned == total.
      {2, 2, {3, 4}, true},
      {3, 2, {4, 5}, false},
      {4, 10, {5}, false},
      {5, 10, {}, false},           // Offset at the end.
      {6, 10, {}, false},           // Offset past the end.
      {5, 0, {}, false},
      {2147483647, 100, {}, false},
  };
  for (const PageCase& page_case : kCases) {
    SCOPED_TRACE(Describe(page_case));
    const MessagePage page = Messages(discussion, page_case.offset, page_case.limit);
    EXPECT_THAT(page.numbers, ElementsAreArray(page_case.expected.begin(),
                                               page_case.expected.end()));
    EXPECT_EQ(page.total, 5u);
    EXPECT_EQ(page.has_more, page_case.has_more);
  }
}

TEST_F(MessagePageTest, OldestFirstWithBothAuthors) {
  const uint64_t discussion = CreateDiscussion(kAlice);
  Respond(discussion);
  Reply(kAlice, discussion);

  const MessagePage page = Messages(discussion);

  EXPECT_THAT(page.numbers, ElementsAre(1, 2, 3));
  EXPECT_THAT(page.types, ElementsAre(parley::v1::MESSAGE_TYPE_QUERY,
                                      parley::v1::MESSAGE_TYPE_RESPONSE,
                                      parley::v1::MESSAGE_TYPE_QUERY));
  EXPECT_EQ(page.total, 3u);
}

TEST_F(MessagePageTest, TotalCountsOnlyItsDiscussion) {
  const uint64_t first = CreateDiscussion(kAlice);
  const uint64_t second = CreateDiscussion(kAlice);
  Reply(kAlice, first);
  Reply(kAlice, second);
  Reply(kAlice, first);

  EXPECT_THAT(Messages(first).numbers, ElementsAre(1, 2, 3));
  EXPECT_EQ(Messages(first).total, 3u);
  EXPECT_THAT(Messages(second).numbers, ElementsAre(1, 2));
  EXPECT_EQ(Messages(second).total, 2u);
}

TEST_F(MessagePageTest, LocateMessageFindsDiscussionAndNumber) {
  const uint64_t discussion = CreateDiscussion(kAlice);
  const uint64_t reply = Reply(kAlice, discussion);

  store::SnapshotReader reader(store_->db());
  absl::StatusOr<std::optional<MessageLocation>> found =
      projection_.LocateMessage(reader, reply);
  absl::StatusOr<std::optional<MessageLocation>> missing =
      projection_.LocateMessage(reader, reply + 100);

  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->discussion_id, discussion);
  EXPECT_EQ((*found)->number, 2u);
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_FALSE(missing->has_value());
}

// ---------------------------------------------------------------------------
// Read state.

class ReadStateTest : public DiscussionProjectionTest {};

TEST_F(ReadStateTest, FollowsResponsesAndMarker) {
  const uint64_t discussion = CreateDiscussion(kAlice);
  uint64_t first_response = 0;
  uint64_t second_response = 0;
  uint64_t later_reply = 0;

  struct Step {
    std::string name;
    std::function<void()> apply;
    bool read_after;
  };
  const Step kSteps[] = {
      {"before any response", [] {}, true},
      {"after a customer reply", [&] { Reply(kAlice, discussion); }, true},
      {"after a RESPONSE",
       [&] { first_response = Respond(discussion, parley::v1::STATUS_IN_PROGRESS); },
       false},
      {"marked up to the RESPONSE",
       [&] { MarkRead(kAlice, discussion, first_response); }, true},
      {"after another customer reply",
       [&] { later_reply = Reply(kAlice, discussion); }, true},
      {"marked up to the customer's own reply",
       [&] { MarkRead(kAlice, discussion, later_reply); }, true},
      {"a newer RESPONSE arrives",
       [&] { second_response = Respond(discussion); }, false},
      {"marked up to an older message",
       [&] { MarkRead(kAlice, discussion, first_response); }, false},
      {"marked up to the newer RESPONSE",
       [&] { MarkRead(kAlice, discussion, second_response); }, true},
      {"marked up to an older message again; the marker stays",
       [&] { MarkRead(kAlice, discussion, first_response); }, true},
  };
  for (const Step& step : kSteps) {
    SCOPED_TRACE(step.name);
    step.apply();
    EXPECT_EQ(IsRead(discussion), step.read_after);
  }
  EXPECT_EQ(State(discussion).read_up_to_number(), 5u);
}

TEST_F(ReadStateTest, MarkerNeverMovesBack) {
  const uint64_t discussion = CreateDiscussion(kAlice);
  const uint64_t response = Respond(discussion);
  const uint64_t reply = Reply(kAlice, discussion);

  MarkRead(kAlice, discussion, reply);
  MarkRead(kAlice, discussion, response);

  EXPECT_EQ(State(discussion).read_up_to_number(), 3u);
  EXPECT_TRUE(IsRead(discussion));
}

// ---------------------------------------------------------------------------
// Agent queues.

class QueueTest : public DiscussionProjectionTest {
 protected:
  void SetUp() override {
    DiscussionProjectionTest::SetUp();
    q1_ = CreateDiscussion(kAlice, parley::v1::CATEGORY_DELIVERY_PROBLEM);
    q2_ = CreateDiscussion(kBob, parley::v1::CATEGORY_PAYMENT);
    q3_ = CreateDiscussion(kAlice, parley::v1::CATEGORY_DELIVERY_PROBLEM);
    q4_ = CreateDiscussion(kBob, parley::v1::CATEGORY_PAYMENT);
    q5_ = CreateDiscussion(kAlice, parley::v1::CATEGORY_DELIVERY_PROBLEM);
    Assign(q4_);
    Assign(q5_);
  }

  uint64_t q1_ = 0, q2_ = 0, q3_ = 0, q4_ = 0, q5_ = 0;
};

TEST_F(QueueTest, ByStatusAndCategoryOldestFirst) {
  struct QueueCase {
    Status status;
    Category category;
    std::vector<uint64_t> expected;
  };
  const QueueCase kCases[] = {
      {parley::v1::STATUS_OUTSTANDING, parley::v1::CATEGORY_UNSPECIFIED, {q1_, q2_, q3_}},
      {parley::v1::STATUS_OUTSTANDING, parley::v1::CATEGORY_DELIVERY_PROBLEM, {q1_, q3_}},
      {parley::v1::STATUS_OUTSTANDING, parley::v1::CATEGORY_PAYMENT, {q2_}},
      {parley::v1::STATUS_OUTSTANDING, parley::v1::CATEGORY_FEEDBACK, {}},
      {parley::v1::STATUS_IN_PROGRESS, parley::v1::CATEGORY_UNSPECIFIED, {q4_, q5_}},
      {parley::v1::STATUS_IN_PROGRESS, parley::v1::CATEGORY_DELIVERY_PROBLEM, {q5_}},
      {parley::v1::STATUS_IN_PROGRESS, parley::v1::CATEGORY_PAYMENT, {q4_}},
      {parley::v1::STATUS_PENDING, parley::v1::CATEGORY_UNSPECIFIED, {}},
      {parley::v1::STATUS_COMPLETED, parley::v1::CATEGORY_UNSPECIFIED, {}},
  };
  for (const QueueCase& queue_case : kCases) {
    SCOPED_TRACE(absl::StrCat(parley::v1::Status_Name(queue_case.status), " ",
                              parley::v1::Category_Name(queue_case.category)));
    const ListPage page = Queue(queue_case.status, queue_case.category);
    EXPECT_THAT(page.ids, ElementsAreArray(queue_case.expected));
    EXPECT_EQ(page.total, queue_case.expected.size());
    EXPECT_FALSE(page.has_more);
  }
}

TEST_F(QueueTest, PagesFromOffset) {
  const PageCase kCases[] = {
      {0, 0, {}, true},
      {0, 2, {q1_, q2_}, true},
      {1, 2, {q2_, q3_}, false},
      {2, 5, {q3_}, false},
      {3, 5, {}, false},
      {4, 5, {}, false},
  };
  for (const PageCase& page_case : kCases) {
    SCOPED_TRACE(Describe(page_case));
    const ListPage page = Queue(parley::v1::STATUS_OUTSTANDING,
                                parley::v1::CATEGORY_UNSPECIFIED,
                                page_case.offset, page_case.limit);
    EXPECT_THAT(page.ids, ElementsAreArray(page_case.expected));
    EXPECT_EQ(page.total, 3u);
    EXPECT_EQ(page.has_more, page_case.has_more);
  }
}

TEST_F(QueueTest, UpdateMovesDiscussionToBack) {
  Reply(kAlice, q1_);

  EXPECT_THAT(Queue(parley::v1::STATUS_OUTSTANDING).ids, ElementsAre(q2_, q3_, q1_));
}

TEST_F(QueueTest, StatusChangeMovesBetweenQueues) {
  Respond(q4_);
  ChangeStatus(q1_, parley::v1::STATUS_PENDING);

  EXPECT_THAT(Queue(parley::v1::STATUS_OUTSTANDING).ids, ElementsAre(q2_, q3_));
  EXPECT_THAT(Queue(parley::v1::STATUS_IN_PROGRESS).ids, ElementsAre(q5_));
  EXPECT_THAT(Queue(parley::v1::STATUS_PENDING).ids, ElementsAre(q1_));
  EXPECT_THAT(Queue(parley::v1::STATUS_COMPLETED).ids, ElementsAre(q4_));
  EXPECT_THAT(Queue(parley::v1::STATUS_COMPLETED, parley::v1::CATEGORY_PAYMENT).ids,
              ElementsAre(q4_));
}

// ---------------------------------------------------------------------------
// Durability of the projection across a reopen.

class ReopenTest : public DiscussionFilterTest {
 protected:
  // Returns the projection's results for the data set as text: lists,
  // queues, states and message pages.
  std::vector<std::string> QueryResults() {
    std::vector<std::string> results;
    for (const char* customer : {kAlice, kBob}) {
      for (const DiscussionFilter& filter :
           {Filter(0, "", parley::v1::STATUS_UNSPECIFIED),
            Filter(0, "A-1", parley::v1::STATUS_UNSPECIFIED),
            Filter(0, "", parley::v1::STATUS_OUTSTANDING),
            Filter(0, "A-1", parley::v1::STATUS_IN_PROGRESS),
            Filter(d1_, "", parley::v1::STATUS_UNSPECIFIED)}) {
        results.push_back(DescribeList(customer, filter));
      }
    }
    for (Status status : {parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_IN_PROGRESS,
                          parley::v1::STATUS_COMPLETED}) {
      results.push_back(DescribeQueue(status));
    }
    for (uint64_t id : {d1_, d2_, d3_, d4_, d5_, d6_}) {
      results.push_back(State(id).ShortDebugString());
      const MessagePage page = Messages(id);
      results.push_back(absl::StrCat("messages of ", id, ": ",
                                     absl::StrJoin(page.numbers, ","), " of ",
                                     page.total));
    }
    return results;
  }

 private:
  std::string DescribeList(const std::string& customer, const DiscussionFilter& filter) {
    store::SnapshotReader reader(store_->db());
    absl::StatusOr<DiscussionList> list =
        projection_.ListCustomerDiscussions(reader, customer, filter, 0, 100);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? DescribeDiscussions(*list) : "";
  }

  std::string DescribeQueue(Status status) {
    store::SnapshotReader reader(store_->db());
    absl::StatusOr<DiscussionList> list = projection_.ListQueue(
        reader, status, parley::v1::CATEGORY_UNSPECIFIED, 0, 100);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? DescribeDiscussions(*list) : "";
  }

  static std::string DescribeDiscussions(const DiscussionList& list) {
    std::string text = absl::StrCat("total ", list.total, ":");
    for (const DiscussionState& state : list.discussions) {
      absl::StrAppend(&text, " {", state.ShortDebugString(), "}");
    }
    return text;
  }
};

TEST_F(ReopenTest, ResultsStayIdentical) {
  Reply(kAlice, d2_);
  const uint64_t response = Respond(d5_, parley::v1::STATUS_PENDING);
  MarkRead(kAlice, d5_, response);
  const std::vector<std::string> before = QueryResults();

  Open();

  EXPECT_EQ(QueryResults(), before);
}

TEST_F(ReopenTest, IdsContinueAfterReopen) {
  Open();

  const uint64_t next = CreateDiscussion(kAlice);

  EXPECT_EQ(next, d6_ + 1);
  EXPECT_EQ(ListAll(kAlice).ids.front(), next);
  EXPECT_EQ(ListAll(kAlice).total, 6u);
}

// Every projection can be rebuilt from the log alone. A rebuild into a
// scratch directory must yield the live column families byte for byte,
// which catches index entries and counts that the incremental updates left
// behind or missed.
TEST_F(ReopenTest, RebuildMatchesLiveProjection) {
  Reply(kAlice, d2_);
  Respond(d2_);
  Reply(kAlice, d2_);  // Reopens d2 as OUTSTANDING.
  const uint64_t response = Respond(d5_, parley::v1::STATUS_PENDING);
  MarkRead(kAlice, d5_, response);
  ChangeStatus(d1_, parley::v1::STATUS_COMPLETED);
  ChangeStatus(d1_, parley::v1::STATUS_IN_PROGRESS);
  CreateDiscussionsTogether(kBob, 2);
  parley::testing::TempDir scratch_parent;
  DiscussionProjection fresh;

  absl::StatusOr<std::vector<store::ProjectionDifference>> differences =
      store_->VerifyProjections({&fresh}, scratch_parent.path() + "/scratch", 20);

  ASSERT_TRUE(differences.ok()) << differences.status();
  std::vector<std::string> described;
  for (const store::ProjectionDifference& difference : *differences) {
    described.push_back(store::DescribeDifference(difference));
  }
  EXPECT_THAT(described, IsEmpty());
}

}  // namespace
}  // namespace parley::projections
