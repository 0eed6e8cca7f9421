#ifndef PARLEY_DOMAIN_UNICODE_H_
#define PARLEY_DOMAIN_UNICODE_H_

#include <cstddef>
#include <optional>

#include "absl/strings/string_view.h"

// UTF-8 decoding and the code point classes that validation.h needs. All
// functions are pure and safe to call from any thread.

namespace parley::domain {

// A code point decoded from UTF-8 and the number of bytes it occupied.
struct DecodedCodePoint {
  char32_t code_point;
  size_t length;  // 1 to 4.
};

// Decodes the code point at the start of `bytes` as RFC 3629 defines UTF-8.
// Returns nullopt when `bytes` is empty or starts with an ill-formed
// sequence: a continuation byte, a byte that never occurs in UTF-8 (0xC0,
// 0xC1, 0xF5 to 0xFF), a truncated sequence, an overlong encoding, a
// surrogate (U+D800 to U+DFFF) or a value above U+10FFFF.
std::optional<DecodedCodePoint> DecodeUtf8CodePoint(absl::string_view bytes);

// Returns true for the blank code points listed in limits.h: Unicode
// White_Space plus invisible format characters.
bool IsBlankCodePoint(char32_t code_point);

// Returns true for Unicode control characters (category Cc): U+0000 to
// U+001F and U+007F to U+009F.
bool IsControlCodePoint(char32_t code_point);

}  // namespace parley::domain

#endif  // PARLEY_DOMAIN_UNICODE_H_
