#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "domain/rules.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "parley/v1/events.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "service/projection_set.h"
#include "store/key_value.h"
#include "support/temp_dir.h"

// Replays the frozen logs in tests/fixtures, one per event schema version,
// through today's projections. Each fixture contains the same scripted history
// (written by the cli test WriteEventFixtureWhenAsked), so each must yield
// the same discussions.

namespace parley::service {
namespace {

std::vector<std::filesystem::path> FixtureFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(PARLEY_SOURCE_DIR "/tests/fixtures")) {
    if (entry.path().filename().string().starts_with("events-schema-")) {
      files.push_back(entry.path());
    }
  }
  return files;
}

class FixtureReplayTest : public ::testing::TestWithParam<std::filesystem::path> {
 protected:
  void SetUp() override {
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
        {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()}};
    for (store::Projection* projection : projections_.All()) {
      for (const std::string& name : projection->ColumnFamilies()) {
        descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
      }
    }
    rocksdb::Options options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir_.path(), descriptors, &handles_, &db).ok());
    db_.reset(db);
    size_t next = 1;
    for (store::Projection* projection : projections_.All()) {
      std::vector<rocksdb::ColumnFamilyHandle*> handles;
      for (size_t i = 0; i < projection->ColumnFamilies().size(); ++i) {
        handles.push_back(handles_[next++]);
      }
      projection->Bind(handles);
    }
  }

  void TearDown() override {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      EXPECT_TRUE(db_->DestroyColumnFamilyHandle(handle).ok());
    }
  }

  // Parses every line of `file` and applies it to every projection.
  void Replay(const std::filesystem::path& file) {
    std::ifstream in(file);
    ASSERT_TRUE(in.good()) << file;
    rocksdb::WriteBatchWithIndex batch(rocksdb::BytewiseComparator(), 0, true);
    store::IndexedBatchView view(db_.get(), &batch);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      parley::v1::EventRecord record;
      auto parsed = google::protobuf::util::JsonStringToMessage(line, &record);
      ASSERT_TRUE(parsed.ok()) << file << ":" << number << ": " << parsed.ToString();
      for (store::Projection* projection : projections_.All()) {
        absl::Status applied = projection->Apply(record, view);
        ASSERT_TRUE(applied.ok()) << file << ":" << number << ": " << applied;
      }
    }
    ASSERT_TRUE(db_->Write(rocksdb::WriteOptions(), batch.GetWriteBatch()).ok());
  }

  parley::v1::DiscussionState Discussion(uint64_t id) {
    store::SnapshotReader reader(db_.get());
    absl::StatusOr<std::optional<parley::v1::DiscussionState>> state =
        projections_.discussions.GetDiscussion(reader, id);
    EXPECT_TRUE(state.ok()) << "discussion " << id << ": " << state.status();
    if (state.ok()) {
      EXPECT_TRUE(state->has_value()) << "discussion " << id << " is missing";
    }
    return state.ok() ? state->value_or(parley::v1::DiscussionState()) : parley::v1::DiscussionState();
  }

  parley::testing::TempDir dir_;
  ProjectionSet projections_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

TEST_P(FixtureReplayTest, ReplayYieldsTheScriptedDiscussions) {
  Replay(GetParam());

  parley::v1::DiscussionState first = Discussion(1);
  EXPECT_EQ(first.customer_id(), "c1");
  EXPECT_EQ(first.category(), parley::v1::CATEGORY_PAYMENT);
  EXPECT_EQ(first.status(), parley::v1::STATUS_OUTSTANDING);  // Reopened by a reply.
  EXPECT_EQ(first.message_count(), 4u);
  EXPECT_EQ(first.assigned_agent(), "ada");
  EXPECT_EQ(first.last_response_number(), 3u);
  EXPECT_EQ(first.read_up_to_number(), 3u);
  EXPECT_TRUE(domain::IsRead(first));

  parley::v1::DiscussionState second = Discussion(2);
  EXPECT_EQ(second.customer_id(), "c2");
  EXPECT_EQ(second.status(), parley::v1::STATUS_PENDING);
  EXPECT_EQ(second.assigned_agent(), "bo");
  EXPECT_EQ(second.message_count(), 1u);
}

INSTANTIATE_TEST_SUITE_P(EverySchemaVersion, FixtureReplayTest,
                         ::testing::ValuesIn(FixtureFiles()),
                         [](const ::testing::TestParamInfo<std::filesystem::path>& param) {
                           std::string name = param.param.stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace parley::service
