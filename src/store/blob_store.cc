#include "store/blob_store.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "openssl/rand.h"
#include "rocksdb/write_batch.h"
#include "store/encoding.h"
#include "store/layout.h"

namespace parley::store {
namespace {

constexpr size_t kDigestBytes = 32;

absl::Status CheckDigest(absl::string_view digest) {
  if (digest.size() == kDigestBytes) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "blob digest is ", digest.size(), " bytes; a SHA-256 digest is ", kDigestBytes));
}

// First key after every pending key.
constexpr char kPendingUploadsEnd[] = "q";

}  // namespace

absl::StatusOr<std::unique_ptr<BlobUpload>> BlobStore::StartUpload() const {
  std::string upload_id(kUploadIdBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(upload_id.data()),
                 static_cast<int>(upload_id.size())) != 1) {
    return absl::InternalError("OpenSSL failed to generate a random upload id (RAND_bytes)");
  }
  return std::make_unique<BlobUpload>(db_, family_, std::move(upload_id), chunk_bytes_,
                                      absl::ToUnixMillis(absl::Now()));
}

absl::StatusOr<bool> BlobStore::CommitUpload(Transaction& txn, absl::string_view digest,
                                             const BlobManifest& manifest) const {
  if (absl::Status s = CheckDigest(digest); !s.ok()) return s;
  if (manifest.chunk_count == 0 || manifest.upload_id.size() != kUploadIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot commit an upload of ", manifest.chunk_count, " chunks with an id of ",
        manifest.upload_id.size(), " bytes"));
  }
  txn.Delete(family_, PendingUploadKey(manifest.upload_id));

  absl::StatusOr<std::optional<std::string>> stored = txn.Get(family_, BlobManifestKey(digest));
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    stored = txn.Get(family_, BlobMarkerKey(digest));
    if (!stored.ok()) return stored.status();
  }
  if (stored->has_value()) {
    // The batch cannot hold a range deletion, so the chunks go one by one.
    for (uint64_t i = 0; i < manifest.chunk_count; ++i) {
      txn.Delete(family_, BlobChunkKey(manifest.upload_id, i));
    }
    return false;
  }

  txn.Put(family_, BlobManifestKey(digest), EncodeBlobManifest(manifest));
  return true;
}

absl::StatusOr<BlobReader> BlobStore::OpenReader(absl::string_view digest) const {
  if (absl::Status s = CheckDigest(digest); !s.ok()) return s;
  const std::string hex = absl::BytesToHexString(digest);

  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), family_, BlobManifestKey(digest), &value);
  if (status.ok()) {
    absl::StatusOr<BlobManifest> manifest = DecodeBlobManifest(value);
    if (!manifest.ok()) {
      return absl::DataLossError(absl::StrCat("blob ", hex, ": ", manifest.status().message()));
    }
    return BlobReader::ForManifest(db_, family_, *std::move(manifest));
  }
  if (status.IsNotFound()) {
    status = db_->Get(rocksdb::ReadOptions(), family_, BlobMarkerKey(digest), &value);
  }
  if (status.IsNotFound()) return absl::NotFoundError(absl::StrCat("no blob with digest ", hex));
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("reading blob ", hex, " failed: ", status.ToString()));
  }
  std::optional<uint64_t> size = DecodeUint64(value);
  if (!size.has_value() || value.size() != 8) {
    return absl::DataLossError(absl::StrCat("the size of blob ", hex, " is ", value.size(),
                                            " bytes; expected 8"));
  }
  return BlobReader::ForLayout1(db_, family_, std::string(digest), *size);
}

absl::StatusOr<std::string> BlobStore::Get(absl::string_view digest) const {
  absl::StatusOr<BlobReader> reader = OpenReader(digest);
  if (!reader.ok()) return reader.status();
  std::string content;
  while (!reader->done()) {
    absl::StatusOr<std::string> piece = reader->ReadNext();
    if (!piece.ok()) return piece.status();
    content.append(*piece);
  }
  return content;
}

absl::StatusOr<size_t> BlobStore::DeletePendingUploads() const {
  rocksdb::Slice upper(kPendingUploadsEnd);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, family_));

  size_t deleted = 0;
  for (it->Seek(kPendingUploadPrefix); it->Valid() && it->key().starts_with(kPendingUploadPrefix);
       it->Next()) {
    const std::string upload_id = it->key().ToString().substr(1);
    rocksdb::WriteBatch batch;
    rocksdb::Status s =
        batch.DeleteRange(family_, BlobChunkKey(upload_id, 0), BlobChunksEnd(upload_id));
    if (s.ok()) s = batch.Delete(family_, it->key());
    if (s.ok()) s = db_->Write(rocksdb::WriteOptions(), &batch);
    if (!s.ok()) {
      return absl::UnavailableError(absl::StrCat("deleting pending upload ",
                                                 absl::BytesToHexString(upload_id),
                                                 " failed: ", s.ToString()));
    }
    ++deleted;
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(
        absl::StrCat("listing pending uploads failed: ", it->status().ToString()));
  }
  return deleted;
}

}  // namespace parley::store
