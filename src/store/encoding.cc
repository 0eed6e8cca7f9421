#include "store/encoding.h"

namespace parley::store {

void AppendUint64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

std::string EncodeUint64(uint64_t value) {
  std::string out;
  out.reserve(8);
  AppendUint64(out, value);
  return out;
}

std::optional<uint64_t> DecodeUint64(absl::string_view in) {
  if (in.size() < 8) return std::nullopt;
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<uint8_t>(in[i]);
  }
  return value;
}

void AppendString(std::string& out, absl::string_view value) {
  out.append(value.data(), value.size());
  out.push_back('\0');
}

}  // namespace parley::store
