#ifndef PARLEY_STORE_BLOB_MANIFEST_H_
#define PARLEY_STORE_BLOB_MANIFEST_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace parley::store {

// Location of the chunks of a stored content: the value of its 'f' key in the
// `blobs` column family (store/layout.h). Encoded in 40 bytes:
//
//   size:u64 chunk_bytes:u64 chunk_count:u64 upload_id:16
//
// Chunk i contains bytes [i * chunk_bytes, min(size, (i + 1) * chunk_bytes)).
struct BlobManifest {
  // Size of the content, in bytes; at least 1.
  uint64_t size = 0;
  // Size of every chunk but the last, in bytes.
  uint64_t chunk_bytes = 0;
  uint64_t chunk_count = 0;
  // Random id of the upload that wrote the chunks; kUploadIdBytes long.
  std::string upload_id;
};

inline constexpr size_t kUploadIdBytes = 16;

std::string EncodeBlobManifest(const BlobManifest& manifest);

// Decodes a manifest; DATA_LOSS when `value` is not 40 bytes or its counts
// do not add up to `size`.
absl::StatusOr<BlobManifest> DecodeBlobManifest(absl::string_view value);

}  // namespace parley::store

#endif  // PARLEY_STORE_BLOB_MANIFEST_H_
