#include "store/blob_store.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
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

}  // namespace

absl::StatusOr<bool> BlobStore::PutIfAbsent(Transaction& txn, absl::string_view digest,
                                            absl::string_view content) const {
  if (absl::Status s = CheckDigest(digest); !s.ok()) return s;
  const std::string marker_key = BlobMarkerKey(digest);
  absl::StatusOr<std::optional<std::string>> marker = txn.Get(family_, marker_key);
  if (!marker.ok()) return marker.status();
  if (marker->has_value()) return false;

  txn.Put(family_, BlobContentKey(digest), content);
  txn.Put(family_, marker_key, EncodeUint64(content.size()));
  return true;
}

absl::StatusOr<std::string> BlobStore::Get(absl::string_view digest) const {
  if (absl::Status s = CheckDigest(digest); !s.ok()) return s;
  std::string content;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), family_, BlobContentKey(digest), &content);
  if (status.IsNotFound()) {
    return absl::NotFoundError(
        absl::StrCat("no blob with digest ", absl::BytesToHexString(digest)));
  }
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat("reading blob ", absl::BytesToHexString(digest),
                                               " failed: ", status.ToString()));
  }
  return content;
}

}  // namespace parley::store
