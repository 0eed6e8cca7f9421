#include "store/block_cache.h"

#include <cstddef>

#include "gtest/gtest.h"

namespace parley::store {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

TEST(BlockCacheShardBits, KeepsShardsAtLeastSixteenMiB) {
  EXPECT_EQ(BlockCacheShardBits(0), 0);
  EXPECT_EQ(BlockCacheShardBits(8 * kMiB), 0);
  EXPECT_EQ(BlockCacheShardBits(16 * kMiB), 0);
  EXPECT_EQ(BlockCacheShardBits(32 * kMiB), 1);
  EXPECT_EQ(BlockCacheShardBits(64 * kMiB), 2);
  EXPECT_EQ(BlockCacheShardBits(100 * kMiB), 2);
  EXPECT_EQ(BlockCacheShardBits(1024 * kMiB), 6);
}

TEST(BlockCacheShardBits, StopsAtSixtyFourShards) {
  EXPECT_EQ(BlockCacheShardBits(4096 * kMiB), 6);
  EXPECT_EQ(BlockCacheShardBits(size_t{1} << 40), 6);
}

TEST(NewBlockCache, HasRequestedCapacity) {
  std::shared_ptr<rocksdb::Cache> cache = NewBlockCache(64 * kMiB);

  ASSERT_NE(cache, nullptr);
  EXPECT_EQ(cache->GetCapacity(), 64 * kMiB);
}

}  // namespace
}  // namespace parley::store
