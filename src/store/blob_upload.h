#ifndef PARLEY_STORE_BLOB_UPLOAD_H_
#define PARLEY_STORE_BLOB_UPLOAD_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "store/blob_manifest.h"

namespace parley::store {

// The chunks of one upload, written to the `blobs` column family while the
// upload arrives, so that no step keeps the whole content in memory. The
// writes go straight to RocksDB, not through the store's writer, and are
// not synced. BlobStore::CommitUpload makes them durable: the store
// acknowledges its command only after DB::SyncWAL, which syncs every
// write-ahead log file written so far, including those with the chunks.
//
// The first chunk is written together with the upload's pending key
// (store/layout.h). Until a command commits the upload, its chunks belong
// to no digest: Abandon deletes them, and BlobStore::DeletePendingUploads
// deletes those of uploads that a crash interrupted.
//
// Not thread-safe: one caller at a time. `db` and `family` must outlive it.
class BlobUpload {
 public:
  // `upload_id` must be kUploadIdBytes long and unique to this upload.
  // Writes nothing yet.
  BlobUpload(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, std::string upload_id,
             uint64_t chunk_bytes, int64_t started_at_ms);

  BlobUpload(const BlobUpload&) = delete;
  BlobUpload& operator=(const BlobUpload&) = delete;

  // Writes `chunk` as the next chunk. Every chunk but the last must be
  // exactly chunk_bytes long, so INVALID_ARGUMENT for an empty or longer
  // chunk, and FAILED_PRECONDITION after a shorter one or after Abandon.
  // UNAVAILABLE when RocksDB fails; the upload must then be abandoned.
  absl::Status WriteChunk(absl::string_view chunk);

  // Deletes every chunk of the upload and its pending key with one range
  // deletion, unsynced. Does nothing when no chunk was written. UNAVAILABLE
  // when RocksDB fails: the keys stay until DeletePendingUploads runs.
  absl::Status Abandon();

  // Returns where the chunks written so far are. Valid as a stored content
  // only after at least one chunk.
  BlobManifest Manifest() const;

  const std::string& upload_id() const { return upload_id_; }
  uint64_t chunk_bytes() const { return chunk_bytes_; }
  // Bytes written so far.
  uint64_t size() const { return size_; }

 private:
  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const family_;
  const std::string upload_id_;
  const uint64_t chunk_bytes_;
  const int64_t started_at_ms_;
  uint64_t size_ = 0;
  uint64_t chunk_count_ = 0;
  // True once a write was attempted, even a failed one, because keys may
  // exist then and Abandon must delete them.
  bool wrote_ = false;
  // True after a chunk shorter than chunk_bytes_, which must be the last.
  bool complete_ = false;
  bool abandoned_ = false;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_BLOB_UPLOAD_H_
