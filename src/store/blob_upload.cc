#include "store/blob_upload.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "store/encoding.h"
#include "store/layout.h"

namespace parley::store {

BlobUpload::BlobUpload(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                       std::string upload_id, uint64_t chunk_bytes, int64_t started_at_ms)
    : db_(db),
      family_(family),
      upload_id_(std::move(upload_id)),
      chunk_bytes_(chunk_bytes),
      started_at_ms_(started_at_ms) {}

absl::Status BlobUpload::WriteChunk(absl::string_view chunk) {
  if (abandoned_) return absl::FailedPreconditionError("the upload was abandoned");
  if (complete_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the upload ended with a chunk shorter than ", chunk_bytes_, " bytes already"));
  }
  if (chunk.empty() || chunk.size() > chunk_bytes_) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a chunk of ", chunk.size(), " bytes; chunks are 1 to ", chunk_bytes_, " bytes"));
  }

  rocksdb::WriteBatch batch;
  if (chunk_count_ == 0) {
    rocksdb::Status s =
        batch.Put(family_, PendingUploadKey(upload_id_), EncodeUint64(started_at_ms_));
    if (!s.ok()) return absl::InternalError(s.ToString());
  }
  rocksdb::Status s = batch.Put(family_, BlobChunkKey(upload_id_, chunk_count_),
                                rocksdb::Slice(chunk.data(), chunk.size()));
  if (!s.ok()) return absl::InternalError(s.ToString());

  wrote_ = true;
  s = db_->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) {
    return absl::UnavailableError(
        absl::StrCat("writing chunk ", chunk_count_, " of upload ",
                     absl::BytesToHexString(upload_id_), " failed: ", s.ToString()));
  }
  ++chunk_count_;
  size_ += chunk.size();
  complete_ = chunk.size() < chunk_bytes_;
  return absl::OkStatus();
}

absl::Status BlobUpload::Abandon() {
  abandoned_ = true;
  if (!wrote_) return absl::OkStatus();

  rocksdb::WriteBatch batch;
  rocksdb::Status s =
      batch.DeleteRange(family_, BlobChunkKey(upload_id_, 0), BlobChunksEnd(upload_id_));
  if (s.ok()) s = batch.Delete(family_, PendingUploadKey(upload_id_));
  if (s.ok()) s = db_->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "deleting the ", chunk_count_, " chunks of abandoned upload ",
        absl::BytesToHexString(upload_id_), " failed: ", s.ToString()));
  }
  wrote_ = false;
  return absl::OkStatus();
}

BlobManifest BlobUpload::Manifest() const {
  return BlobManifest{size_, chunk_bytes_, chunk_count_, upload_id_};
}

}  // namespace parley::store
