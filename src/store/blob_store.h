#ifndef PARLEY_STORE_BLOB_STORE_H_
#define PARLEY_STORE_BLOB_STORE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "store/blob_manifest.h"
#include "store/blob_reader.h"
#include "store/blob_upload.h"
#include "store/event_store.h"

namespace parley::store {

// Content-addressed values in the store's `blobs` column family: each
// content is stored once, under its SHA-256 digest, as chunks written while
// it arrives. The key layout is in store/layout.h.
//
// A content becomes stored in two steps. A BlobUpload from StartUpload
// writes the chunks under a random upload id. Then CommitUpload, inside a
// command, records the digest in the command's batch, so a content is
// durable exactly when the events of the same command are, and a failed
// upload or command leaves only chunks that Abandon or
// DeletePendingUploads delete.
//
// Thread-safe: the object contains only the database, the family handle and
// the chunk size. The EventStore must outlive it.
class BlobStore {
 public:
  // Chunk size of new uploads. A chunk is the unit of memory that an upload
  // or a download holds. Default of the constructor.
  static constexpr uint64_t kDefaultChunkBytes = 256 << 10;

  explicit BlobStore(EventStore& store, uint64_t chunk_bytes = kDefaultChunkBytes)
      : db_(store.db()), family_(store.blobs_family()), chunk_bytes_(chunk_bytes) {}

  // Returns a new upload with a random id, which has written nothing yet.
  // INTERNAL when OpenSSL fails to generate the id.
  absl::StatusOr<std::unique_ptr<BlobUpload>> StartUpload() const;

  // Inside a command: makes the chunks that `manifest` lists (from
  // BlobUpload::Manifest after the last chunk) the content of `digest`,
  // its 32-byte SHA-256, unless that digest is stored already (committed,
  // or committed by an earlier command of the same batch). In that case the
  // batch deletes the upload's chunks instead. Either way the batch deletes
  // the upload's pending key. Returns true when the digest is new and false
  // when it was stored already. It does not hash the content, so the caller
  // must pass the right digest. INVALID_ARGUMENT for a digest that is not 32
  // bytes or an empty upload.
  absl::StatusOr<bool> CommitUpload(Transaction& txn, absl::string_view digest,
                                    const BlobManifest& manifest) const;

  // Returns a reader of the committed content of `digest`, in either
  // layout; NOT_FOUND when there is none, DATA_LOSS for a manifest that
  // does not decode, UNAVAILABLE when RocksDB fails.
  absl::StatusOr<BlobReader> OpenReader(absl::string_view digest) const;

  // Returns the whole committed content of `digest`, with the errors of
  // OpenReader and BlobReader::ReadNext. It keeps the whole content in
  // memory, so the service streams with OpenReader instead.
  absl::StatusOr<std::string> Get(absl::string_view digest) const;

  // Deletes the chunks and pending keys of every upload that was not
  // committed, and returns how many uploads it deleted. Only safe while no
  // upload is in progress, e.g. after open and before serving, because it
  // cannot tell an interrupted upload from one still arriving. UNAVAILABLE
  // when RocksDB fails.
  absl::StatusOr<size_t> DeletePendingUploads() const;

 private:
  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const family_;
  const uint64_t chunk_bytes_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_BLOB_STORE_H_
