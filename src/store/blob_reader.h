#ifndef PARLEY_STORE_BLOB_READER_H_
#define PARLEY_STORE_BLOB_READER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "store/blob_manifest.h"

namespace parley::store {

// Reads one committed content of the `blobs` column family in order, a
// chunk at a time, so a reader keeps one chunk in memory. A content of
// layout 1 (store/layout.h) has a single value, which is read whole.
//
// Not thread-safe. Committed chunks are never rewritten, so the reader
// needs no snapshot. `db` and `family` must outlive it.
class BlobReader {
 public:
  // Reads the chunks that `manifest` lists.
  static BlobReader ForManifest(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                                BlobManifest manifest);
  // Reads the value of layout 1 stored under `digest`, of `size` bytes.
  static BlobReader ForLayout1(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                               std::string digest, uint64_t size);

  // Size of the whole content, in bytes.
  uint64_t size() const { return size_; }

  // True when every byte has been returned.
  bool done() const { return next_piece_ == piece_count_; }

  // Returns the next piece of the content: a chunk, or the whole value of
  // layout 1. DATA_LOSS when the piece is missing or has the wrong size,
  // UNAVAILABLE when RocksDB fails, OUT_OF_RANGE after the last piece.
  absl::StatusOr<std::string> ReadNext();

 private:
  BlobReader(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, uint64_t size,
             uint64_t piece_count)
      : db_(db), family_(family), size_(size), piece_count_(piece_count) {}

  // Returns the key and expected size of piece `index`.
  std::string PieceKey(uint64_t index) const;
  uint64_t PieceSize(uint64_t index) const;

  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* family_;
  uint64_t size_;
  uint64_t piece_count_;
  uint64_t next_piece_ = 0;
  // Set for chunked contents, from the manifest.
  uint64_t chunk_bytes_ = 0;
  std::string upload_id_;
  // Set for layout 1.
  std::string digest_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_BLOB_READER_H_
