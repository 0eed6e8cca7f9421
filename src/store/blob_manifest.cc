#include "store/blob_manifest.h"

#include "absl/strings/str_cat.h"
#include "store/encoding.h"

namespace parley::store {
namespace {

constexpr size_t kEncodedBytes = 3 * 8 + kUploadIdBytes;

// Returns the number of chunks of chunk_bytes that `size` bytes take.
uint64_t ChunksFor(uint64_t size, uint64_t chunk_bytes) {
  return size / chunk_bytes + (size % chunk_bytes == 0 ? 0 : 1);
}

}  // namespace

std::string EncodeBlobManifest(const BlobManifest& manifest) {
  std::string value;
  AppendUint64(value, manifest.size);
  AppendUint64(value, manifest.chunk_bytes);
  AppendUint64(value, manifest.chunk_count);
  value.append(manifest.upload_id);
  return value;
}

absl::StatusOr<BlobManifest> DecodeBlobManifest(absl::string_view value) {
  if (value.size() != kEncodedBytes) {
    return absl::DataLossError(absl::StrCat("blob manifest is ", value.size(),
                                            " bytes; a manifest is ", kEncodedBytes));
  }
  BlobManifest manifest;
  manifest.size = *DecodeUint64(value.substr(0, 8));
  manifest.chunk_bytes = *DecodeUint64(value.substr(8, 8));
  manifest.chunk_count = *DecodeUint64(value.substr(16, 8));
  manifest.upload_id = std::string(value.substr(24));
  if (manifest.size == 0 || manifest.chunk_bytes == 0 ||
      manifest.chunk_count != ChunksFor(manifest.size, manifest.chunk_bytes)) {
    return absl::DataLossError(absl::StrCat(
        "blob manifest counts ", manifest.chunk_count, " chunks of ", manifest.chunk_bytes,
        " bytes for a content of ", manifest.size, " bytes"));
  }
  return manifest;
}

}  // namespace parley::store
