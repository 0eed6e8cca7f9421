#include "store/recent_values.h"

#include <memory>
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "store/group_batch.h"
#include "support/scratch_db.h"

namespace parley::store {
namespace {

class RecentValuesTest : public ::testing::Test {
 protected:
  rocksdb::ColumnFamilyHandle* family() { return scratch_.first(); }
  rocksdb::ColumnFamilyHandle* shared() { return scratch_.second(); }
  uint32_t id() { return family()->GetID(); }

  parley::testing::ScratchDb scratch_;
};

TEST_F(RecentValuesTest, FindsNewestRecord) {
  RecentValues recent(1 << 20, {});
  // A family's records are kept once a command has read from it.
  EXPECT_EQ(recent.Find(id(), "a"), nullptr);
  GroupBatch first;
  first.Put(family(), "a", "1");
  first.Put(family(), "b", "1");
  recent.Add(first);
  GroupBatch second;
  second.Put(family(), "a", "2");
  second.Delete(family(), "b");
  recent.Add(second);

  ASSERT_NE(recent.Find(id(), "a"), nullptr);
  EXPECT_EQ(*recent.Find(id(), "a"), "2");
  ASSERT_NE(recent.Find(id(), "b"), nullptr);
  EXPECT_EQ(*recent.Find(id(), "b"), std::nullopt);
  EXPECT_EQ(recent.Find(id(), "c"), nullptr);
}

TEST_F(RecentValuesTest, SkipsFamiliesNeverRead) {
  RecentValues recent(1 << 20, {});
  GroupBatch batch;
  batch.Put(family(), "a", "1");
  recent.Add(batch);

  EXPECT_EQ(recent.Find(id(), "a"), nullptr);
  recent.Add(batch);
  EXPECT_NE(recent.Find(id(), "a"), nullptr);
}

TEST_F(RecentValuesTest, SkipsSharedFamilies) {
  RecentValues recent(1 << 20, {shared()->GetID()});
  EXPECT_EQ(recent.Find(shared()->GetID(), "a"), nullptr);
  GroupBatch batch;
  batch.Put(shared(), "a", "1");
  recent.Add(batch);

  EXPECT_EQ(recent.Find(shared()->GetID(), "a"), nullptr);
}

TEST_F(RecentValuesTest, DropsOldestGeneration) {
  // Each group fills a generation, so every Add after the first starts a
  // new one.
  RecentValues recent(1, {});
  EXPECT_EQ(recent.Find(id(), "a"), nullptr);
  for (const char* key : {"a", "b", "c"}) {
    GroupBatch batch;
    batch.Put(family(), key, "v");
    recent.Add(batch);
  }

  EXPECT_EQ(recent.Find(id(), "a"), nullptr);
  EXPECT_NE(recent.Find(id(), "b"), nullptr);
  EXPECT_NE(recent.Find(id(), "c"), nullptr);
}

TEST_F(RecentValuesTest, ViewReadsRecentBeforeDatabase) {
  RecentValues recent(1 << 20, {});
  EXPECT_EQ(recent.Find(id(), "k"), nullptr);
  GroupBatch written;
  written.Delete(family(), "k");
  recent.Add(written);
  // Only the writer writes a cached family. This value, written past it,
  // shows that the view reads `recent` first.
  ASSERT_TRUE(scratch_.db()->Put(rocksdb::WriteOptions(), family(), "k", "db").ok());

  GroupBatch batch;
  GroupBatchView view(scratch_.db(), &batch, &recent);
  EXPECT_EQ(*view.Get(family(), "k"), std::nullopt);
  view.Put(family(), "k", "batch");
  EXPECT_EQ(*view.Get(family(), "k"), "batch");
}

}  // namespace
}  // namespace parley::store
