#ifndef PARLEY_STORE_BLOB_STORE_H_
#define PARLEY_STORE_BLOB_STORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "store/event_store.h"

namespace parley::store {

// Content-addressed values in the store's `blobs` column family: each
// content is stored once, under its SHA-256 digest. The key layout is in
// store/layout.h. Writes go through a command's Transaction, so a value is
// durable exactly when the events of the same command are, and a failed
// command leaves no value behind.
//
// Thread-safe: the object holds only the database and the family handle.
// The EventStore must outlive it.
class BlobStore {
 public:
  explicit BlobStore(EventStore& store)
      : db_(store.db()), family_(store.blobs_family()) {}

  // Puts `content` under `digest`, its 32-byte SHA-256, into the command's
  // batch unless that digest is stored already (committed, or written by an
  // earlier command of the same batch). Returns true when it wrote the
  // content and false when the digest was already stored. It does not hash
  // `content`, so the caller must pass the right digest. INVALID_ARGUMENT
  // when `digest` is not 32 bytes.
  absl::StatusOr<bool> PutIfAbsent(Transaction& txn, absl::string_view digest,
                                   absl::string_view content) const;

  // Returns the committed content stored under `digest`, NOT_FOUND when
  // there is none, or UNAVAILABLE when RocksDB fails to read it.
  absl::StatusOr<std::string> Get(absl::string_view digest) const;

 private:
  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const family_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_BLOB_STORE_H_
