#include "domain/unicode.h"

#include <cstdint>

namespace parley::domain {
namespace {

// Shape of a well-formed sequence for one lead byte, from Table 3-7 of the
// Unicode Standard (15.0, section 3.9). The second byte has a narrower range
// than 0x80..0xBF after 0xE0, 0xED, 0xF0 and 0xF4: that is what rejects
// overlong encodings, surrogates and values above U+10FFFF.
struct SequenceShape {
  size_t length;  // 0 for a byte that cannot start a sequence.
  uint8_t second_min;
  uint8_t second_max;
};

SequenceShape ShapeForLeadByte(uint8_t lead) {
  if (lead < 0x80) return {1, 0, 0};
  if (lead < 0xC2) return {0, 0, 0};  // Continuation byte, or 0xC0/0xC1.
  if (lead < 0xE0) return {2, 0x80, 0xBF};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};
  if (lead == 0xED) return {3, 0x80, 0x9F};
  if (lead < 0xF0) return {3, 0x80, 0xBF};
  if (lead == 0xF0) return {4, 0x90, 0xBF};
  if (lead < 0xF4) return {4, 0x80, 0xBF};
  if (lead == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};  // 0xF5..0xFF.
}

bool IsContinuationByte(uint8_t byte) { return byte >= 0x80 && byte <= 0xBF; }

}  // namespace

std::optional<DecodedCodePoint> DecodeUtf8CodePoint(absl::string_view bytes) {
  if (bytes.empty()) return std::nullopt;

  const auto lead = static_cast<uint8_t>(bytes[0]);
  const SequenceShape shape = ShapeForLeadByte(lead);
  if (shape.length == 0 || bytes.size() < shape.length) return std::nullopt;
  if (shape.length == 1) return DecodedCodePoint{lead, 1};

  const auto second = static_cast<uint8_t>(bytes[1]);
  if (second < shape.second_min || second > shape.second_max) {
    return std::nullopt;
  }

  // The lead byte carries 5, 4 or 3 payload bits for lengths 2, 3 and 4;
  // every continuation byte carries 6.
  const uint8_t lead_mask = static_cast<uint8_t>(0x7F >> shape.length);
  char32_t code_point = lead & lead_mask;
  for (size_t i = 1; i < shape.length; ++i) {
    const auto byte = static_cast<uint8_t>(bytes[i]);
    if (!IsContinuationByte(byte)) return std::nullopt;
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  return DecodedCodePoint{code_point, shape.length};
}

bool IsBlankCodePoint(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200D) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x2060 || c == 0x3000 || c == 0xFEFF;
}

bool IsControlCodePoint(char32_t c) {
  return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
}

}  // namespace parley::domain
