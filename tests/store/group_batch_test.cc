#include "store/group_batch.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "store/key_value.h"
#include "support/scratch_db.h"

namespace parley::store {
namespace {

// One record of a WriteBatch, in a form tests can compare.
struct Record {
  uint32_t family;
  std::string op;
  std::string key;
  std::string value;
  bool operator==(const Record& other) const {
    return family == other.family && op == other.op && key == other.key &&
           value == other.value;
  }
};

class RecordCollector : public rocksdb::WriteBatch::Handler {
 public:
  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    records.push_back({family, "put", key.ToString(), value.ToString()});
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    records.push_back({family, "delete", key.ToString(), ""});
    return rocksdb::Status::OK();
  }
  std::vector<Record> records;
};

class GroupBatchTest : public ::testing::Test {
 protected:
  std::vector<Record> Records(rocksdb::WriteBatch& batch) {
    RecordCollector collector;
    EXPECT_TRUE(batch.Iterate(&collector).ok());
    return collector.records;
  }

  rocksdb::DB* db() { return scratch_.db(); }
  rocksdb::ColumnFamilyHandle* first() { return scratch_.first(); }
  rocksdb::ColumnFamilyHandle* second() { return scratch_.second(); }

  parley::testing::ScratchDb scratch_;
};

TEST_F(GroupBatchTest, KeepsLastRecordPerKeySorted) {
  GroupBatch batch;
  GroupBatchView view(db(), &batch);
  view.Put(second(), "b", "1");
  view.Put(first(), "z", "1");
  view.Put(second(), "a", "1");
  view.Put(second(), "b", "2");
  view.Delete(first(), "y");
  view.Put(first(), "z", "2");
  EXPECT_EQ(batch.keys(), 4u);

  absl::StatusOr<rocksdb::WriteBatch> compacted = batch.Compact();
  ASSERT_TRUE(compacted.ok()) << compacted.status();
  const uint32_t first_id = first()->GetID();
  const uint32_t second_id = second()->GetID();
  EXPECT_EQ(Records(*compacted), (std::vector<Record>{{first_id, "delete", "y", ""},
                                                       {first_id, "put", "z", "2"},
                                                       {second_id, "put", "a", "1"},
                                                       {second_id, "put", "b", "2"}}));
}

TEST_F(GroupBatchTest, DeleteAfterPutStaysDelete) {
  // The key may exist in the database, so the delete must reach it.
  ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(), second(), "k", "old").ok());
  GroupBatch batch;
  GroupBatchView view(db(), &batch);
  view.Put(second(), "k", "new");
  view.Delete(second(), "k");

  absl::StatusOr<rocksdb::WriteBatch> compacted = batch.Compact();
  ASSERT_TRUE(compacted.ok()) << compacted.status();
  ASSERT_TRUE(db()->Write(rocksdb::WriteOptions(), &*compacted).ok());
  std::string value;
  EXPECT_TRUE(db()->Get(rocksdb::ReadOptions(), second(), "k", &value).IsNotFound());
}

TEST_F(GroupBatchTest, RolledBackWritesAreLeftOut) {
  GroupBatch batch;
  GroupBatchView view(db(), &batch);
  view.Put(first(), "kept", "1");
  view.Delete(first(), "deleted");
  batch.SetSavePoint();
  view.Put(first(), "kept", "2");
  view.Put(first(), "kept", "3");
  view.Put(first(), "deleted", "back");
  view.Put(second(), "dropped", "1");
  batch.RollbackToSavePoint();
  EXPECT_EQ(*view.Get(first(), "kept"), "1");
  EXPECT_EQ(*view.Get(first(), "deleted"), std::nullopt);
  EXPECT_EQ(*view.Get(second(), "dropped"), std::nullopt);

  absl::StatusOr<rocksdb::WriteBatch> compacted = batch.Compact();
  ASSERT_TRUE(compacted.ok()) << compacted.status();
  EXPECT_EQ(Records(*compacted),
            (std::vector<Record>{{first()->GetID(), "delete", "deleted", ""},
                                 {first()->GetID(), "put", "kept", "1"}}));
}

TEST_F(GroupBatchTest, DiscardedSavePointKeepsWrites) {
  GroupBatch batch;
  GroupBatchView view(db(), &batch);
  batch.SetSavePoint();
  view.Put(first(), "k", "1");
  batch.DiscardSavePoint();
  // Without a save point, a rollback has nothing to undo.
  batch.RollbackToSavePoint();
  EXPECT_EQ(*view.Get(first(), "k"), "1");
  EXPECT_EQ(batch.keys(), 1u);
}

TEST_F(GroupBatchTest, ReadsSeeTheBatchOverTheDatabase) {
  ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(), first(), "stored", "db").ok());
  ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(), first(), "gone", "db").ok());
  GroupBatch batch;
  GroupBatchView view(db(), &batch);
  view.Put(first(), "new", "batch");
  view.Delete(first(), "gone");

  EXPECT_EQ(*view.Get(first(), "stored"), "db");
  EXPECT_EQ(*view.Get(first(), "new"), "batch");
  EXPECT_EQ(*view.Get(first(), "gone"), std::nullopt);
  EXPECT_EQ(*view.Get(second(), "new"), std::nullopt);

  std::unique_ptr<rocksdb::Iterator> it = view.NewIterator(first());
  std::vector<std::pair<std::string, std::string>> seen;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    seen.emplace_back(it->key().ToString(), it->value().ToString());
  }
  ASSERT_TRUE(it->status().ok()) << it->status().ToString();
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::string>>{
                      {"new", "batch"}, {"stored", "db"}}));
}

TEST_F(GroupBatchTest, EmptyGroupCompactsToAnEmptyBatch) {
  GroupBatch batch;
  absl::StatusOr<rocksdb::WriteBatch> compacted = batch.Compact();
  ASSERT_TRUE(compacted.ok()) << compacted.status();
  EXPECT_EQ(compacted->Count(), 0u);
}

}  // namespace
}  // namespace parley::store
