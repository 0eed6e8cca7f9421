#include "store/block_cache.h"

namespace parley::store {

int BlockCacheShardBits(size_t capacity_bytes) {
  constexpr int kMaxShardBits = 6;
  int bits = 0;
  while (bits < kMaxShardBits && (capacity_bytes >> (bits + 1)) >= kMinBlockCacheShardBytes) {
    ++bits;
  }
  return bits;
}

std::shared_ptr<rocksdb::Cache> NewBlockCache(size_t capacity_bytes) {
  return rocksdb::NewLRUCache(capacity_bytes, BlockCacheShardBits(capacity_bytes));
}

}  // namespace parley::store
