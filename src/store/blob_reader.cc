#include "store/blob_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "store/layout.h"

namespace parley::store {

BlobReader BlobReader::ForManifest(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                                   BlobManifest manifest) {
  BlobReader reader(db, family, manifest.size, manifest.chunk_count);
  reader.chunk_bytes_ = manifest.chunk_bytes;
  reader.upload_id_ = std::move(manifest.upload_id);
  return reader;
}

BlobReader BlobReader::ForLayout1(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                                  std::string digest, uint64_t size) {
  BlobReader reader(db, family, size, /*piece_count=*/1);
  reader.digest_ = std::move(digest);
  return reader;
}

std::string BlobReader::PieceKey(uint64_t index) const {
  if (!digest_.empty()) return BlobContentKey(digest_);
  return BlobChunkKey(upload_id_, index);
}

uint64_t BlobReader::PieceSize(uint64_t index) const {
  if (!digest_.empty()) return size_;
  return std::min(chunk_bytes_, size_ - index * chunk_bytes_);
}

absl::StatusOr<std::string> BlobReader::ReadNext() {
  if (done()) return absl::OutOfRangeError("the whole blob was read already");
  const uint64_t index = next_piece_;
  const std::string what =
      digest_.empty()
          ? absl::StrCat("chunk ", index, " of upload ", absl::BytesToHexString(upload_id_))
          : absl::StrCat("blob ", absl::BytesToHexString(digest_));

  std::string piece;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), family_, PieceKey(index), &piece);
  if (status.IsNotFound()) return absl::DataLossError(absl::StrCat(what, " is missing"));
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat("reading ", what, " failed: ", status.ToString()));
  }
  if (piece.size() != PieceSize(index)) {
    return absl::DataLossError(absl::StrCat(what, " is ", piece.size(), " bytes; expected ",
                                            PieceSize(index)));
  }
  ++next_piece_;
  return piece;
}

}  // namespace parley::store
