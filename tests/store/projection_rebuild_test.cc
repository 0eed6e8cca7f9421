#include "store/projection_rebuild.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/v1/events.pb.h"
#include "store/event_store.h"
#include "support/temp_dir.h"

namespace parley::store {
namespace {

using parley::v1::EventRecord;

// Keeps, per stream, the list of event versions it saw.
class VersionListProjection : public Projection {
 public:
  std::vector<std::string> ColumnFamilies() const override { return {"versions"}; }
  void Bind(std::vector<rocksdb::ColumnFamilyHandle*> handles) override {
    family_ = handles[0];
  }
  absl::Status Apply(const EventRecord& event, BatchView& batch) override {
    absl::StatusOr<std::optional<std::string>> list = batch.Get(family_, event.stream_id());
    if (!list.ok()) return list.status();
    std::string next = list->value_or("");
    next += std::to_string(event.version()) + ",";
    batch.Put(family_, event.stream_id(), next);
    return absl::OkStatus();
  }
  rocksdb::ColumnFamilyHandle* family() const { return family_; }

 private:
  rocksdb::ColumnFamilyHandle* family_ = nullptr;
};

class ProjectionRebuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EventStoreOptions options;
    options.data_dir = dir_.path() + "/live";
    options.projections = {&projection_};
    absl::StatusOr<std::unique_ptr<EventStore>> store = EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    for (int i = 0; i < 25; ++i) Append(std::to_string(i % 4));
  }

  void Append(const std::string& stream) {
    absl::StatusOr<std::string> result = store_->Execute(
        {.actor = "agent:ada", .request_id = "", .fingerprint = ""},
        [&](Transaction& txn) -> absl::StatusOr<std::string> {
          parley::v1::AgentAssigned payload;
          payload.set_agent("ada");
          absl::StatusOr<std::vector<EventRecord>> records =
              txn.Append(stream, ExpectedVersion::Any(), {NewEvent{&payload}});
          if (!records.ok()) return records.status();
          return std::string();
        });
    ASSERT_TRUE(result.ok()) << result.status();
  }

  std::string Live(const std::string& key) {
    std::string value;
    rocksdb::Status status =
        store_->db()->Get(rocksdb::ReadOptions(), projection_.family(), key, &value);
    return status.ok() ? value : "absent";
  }

  absl::StatusOr<std::vector<ProjectionDifference>> Verify() {
    VersionListProjection fresh;
    return store_->VerifyProjections({&fresh}, dir_.path() + "/scratch-" + std::to_string(++scratch_), 10);
  }

  parley::testing::TempDir dir_;
  VersionListProjection projection_;
  std::unique_ptr<EventStore> store_;
  int scratch_ = 0;
};

TEST_F(ProjectionRebuildTest, VerifyFindsNoDifferenceInLiveProjection) {
  absl::StatusOr<std::vector<ProjectionDifference>> differences = Verify();
  ASSERT_TRUE(differences.ok()) << differences.status();
  EXPECT_THAT(*differences, ::testing::IsEmpty());
}

TEST_F(ProjectionRebuildTest, VerifyReportsCorruptedMissingAndExtraKeys) {
  rocksdb::WriteOptions write;
  ASSERT_TRUE(store_->db()->Put(write, projection_.family(), "1", "corrupt").ok());
  ASSERT_TRUE(store_->db()->Delete(write, projection_.family(), "2").ok());
  ASSERT_TRUE(store_->db()->Put(write, projection_.family(), "9", "stray").ok());

  absl::StatusOr<std::vector<ProjectionDifference>> differences = Verify();
  ASSERT_TRUE(differences.ok()) << differences.status();
  ASSERT_EQ(differences->size(), 3u);
  EXPECT_EQ((*differences)[0].key, "1");
  EXPECT_EQ((*differences)[0].kind, ProjectionDifference::Kind::kValueDiffers);
  EXPECT_EQ((*differences)[1].key, "2");
  EXPECT_EQ((*differences)[1].kind, ProjectionDifference::Kind::kMissingFromLive);
  EXPECT_EQ((*differences)[2].key, "9");
  EXPECT_EQ((*differences)[2].kind, ProjectionDifference::Kind::kExtraInLive);
  EXPECT_THAT(DescribeDifference((*differences)[0]), ::testing::HasSubstr("versions key 31"));
}

TEST_F(ProjectionRebuildTest, RebuildRestoresTheExactProjection) {
  const std::string before = Live("1");
  rocksdb::WriteOptions write;
  ASSERT_TRUE(store_->db()->Put(write, projection_.family(), "1", "corrupt").ok());
  ASSERT_TRUE(store_->db()->Put(write, projection_.family(), "9", "stray").ok());

  absl::StatusOr<uint64_t> replayed = store_->RebuildProjections();
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_EQ(*replayed, 25u);
  EXPECT_EQ(Live("1"), before);
  EXPECT_EQ(Live("9"), "absent");
  absl::StatusOr<std::vector<ProjectionDifference>> differences = Verify();
  ASSERT_TRUE(differences.ok()) << differences.status();
  EXPECT_THAT(*differences, ::testing::IsEmpty());

  // The store keeps appending into the rebuilt column family.
  Append("1");
  EXPECT_EQ(Live("1"), before + "7,");
}

}  // namespace
}  // namespace parley::store
