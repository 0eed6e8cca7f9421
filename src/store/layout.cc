#include "store/layout.h"

#include "store/encoding.h"

namespace parley::store {

std::string StreamKey(absl::string_view stream_id, uint64_t version) {
  std::string key;
  AppendString(key, stream_id);
  AppendUint64(key, version);
  return key;
}

std::string StreamHeadKey(absl::string_view stream_id) {
  std::string key;
  AppendString(key, stream_id);
  return key;
}

std::string SequenceKey(absl::string_view name) {
  std::string key = "seq/";
  key.append(name.data(), name.size());
  return key;
}

std::string IdempotencyKey(absl::string_view actor,
                           absl::string_view request_id) {
  std::string key;
  AppendString(key, actor);
  key.append(request_id.data(), request_id.size());
  return key;
}

std::string BlobManifestKey(absl::string_view digest) {
  std::string key = "f";
  key.append(digest.data(), digest.size());
  return key;
}

std::string BlobChunkKey(absl::string_view upload_id, uint64_t index) {
  std::string key = "u";
  key.append(upload_id.data(), upload_id.size());
  AppendUint64(key, index);
  return key;
}

std::string BlobChunksEnd(absl::string_view upload_id) {
  // A chunk key is "u" upload_id and 8 index bytes, so the same prefix
  // followed by nine 0xff bytes sorts after every chunk key of the upload.
  std::string key = "u";
  key.append(upload_id.data(), upload_id.size());
  key.append(9, '\xff');
  return key;
}

std::string PendingUploadKey(absl::string_view upload_id) {
  std::string key = kPendingUploadPrefix;
  key.append(upload_id.data(), upload_id.size());
  return key;
}

std::string BlobMarkerKey(absl::string_view digest) {
  std::string key = "m";
  key.append(digest.data(), digest.size());
  return key;
}

std::string BlobContentKey(absl::string_view digest) {
  std::string key = "c";
  key.append(digest.data(), digest.size());
  return key;
}

}  // namespace parley::store
