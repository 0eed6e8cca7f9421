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
