#ifndef PARLEY_STORE_BLOCK_CACHE_H_
#define PARLEY_STORE_BLOCK_CACHE_H_

#include <cstddef>
#include <memory>

#include "rocksdb/cache.h"

namespace parley::store {

// Smallest shard of the block cache. RocksDB 7.8's default cuts a cache of
// 64 MiB or less into shards of 512 KiB to 1 MiB, and the whole-file filter
// block of a 64 MiB table is about 1 MiB (930 KB measured). Such a block then pushes everything else out of its
// shard, and two hot ones in one shard evict each other on every read.
inline constexpr size_t kMinBlockCacheShardBytes = 16 << 20;

// Returns how many bits of a key's hash pick its shard in a cache of
// `capacity_bytes`: as many as keep every shard at kMinBlockCacheShardBytes
// or more, and at most 6 (64 shards, RocksDB's own maximum by default).
int BlockCacheShardBits(size_t capacity_bytes);

// Returns an LRU block cache of `capacity_bytes`, sharded by
// BlockCacheShardBits.
std::shared_ptr<rocksdb::Cache> NewBlockCache(size_t capacity_bytes);

}  // namespace parley::store

#endif  // PARLEY_STORE_BLOCK_CACHE_H_
