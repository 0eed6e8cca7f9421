#include "domain/unicode.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace parley::domain {
namespace {

TEST(DecodeUtf8CodePoint, DecodesEveryLengthAtItsBoundaries) {
  struct Case {
    std::string bytes;
    char32_t code_point;
    size_t length;
  };
  const Case cases[] = {
      {std::string(1, '\0'), 0x0000, 1},
      {"\x7f", 0x007F, 1},
      {"\xc2\x80", 0x0080, 2},
      {"\xdf\xbf", 0x07FF, 2},
      {"\xe0\xa0\x80", 0x0800, 3},
      {"\xed\x9f\xbf", 0xD7FF, 3},  // Last code point before the surrogates.
      {"\xee\x80\x80", 0xE000, 3},  // First code point after them.
      {"\xef\xbf\xbf", 0xFFFF, 3},
      {"\xf0\x90\x80\x80", 0x10000, 4},
      {"\xf4\x8f\xbf\xbf", 0x10FFFF, 4},
      {"\xc3\xa9xyz", 0x00E9, 2},  // Only the first code point is decoded.
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::CHexEscape(c.bytes));
    const auto decoded = DecodeUtf8CodePoint(c.bytes);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->code_point, c.code_point);
    EXPECT_EQ(decoded->length, c.length);
  }
}

TEST(DecodeUtf8CodePoint, RejectsIllFormedSequences) {
  const std::string cases[] = {
      "",                  // Nothing to decode.
      "\x80",              // Continuation byte without a lead byte.
      "\xbf",              // Continuation byte without a lead byte.
      "\xc0\x80",          // Overlong U+0000.
      "\xc1\xbf",          // Overlong U+007F.
      "\xe0\x80\x80",      // Overlong U+0000 in 3 bytes.
      "\xe0\x9f\xbf",      // Overlong U+07FF.
      "\xf0\x80\x80\x80",  // Overlong U+0000 in 4 bytes.
      "\xf0\x8f\xbf\xbf",  // Overlong U+FFFF.
      "\xed\xa0\x80",      // Surrogate U+D800.
      "\xed\xbf\xbf",      // Surrogate U+DFFF.
      "\xf4\x90\x80\x80",  // U+110000, above the maximum.
      "\xf5\x80\x80\x80",  // Lead byte that never occurs.
      "\xff",              // Byte that never occurs.
      "\xc3",              // Truncated 2-byte sequence.
      "\xe2\x82",          // Truncated 3-byte sequence.
      "\xf0\x9f\x98",      // Truncated 4-byte sequence.
      "\xe2\x82x",         // Third byte is not a continuation byte.
      "\xc3\xc3",          // Second byte is a lead byte.
  };
  for (const std::string& bytes : cases) {
    SCOPED_TRACE(absl::CHexEscape(bytes));
    EXPECT_FALSE(DecodeUtf8CodePoint(bytes).has_value());
  }
}

TEST(IsBlankCodePoint, MatchesTheDocumentedSet) {
  const char32_t blank[] = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,
                            0x85,   0xA0,   0x1680, 0x180E, 0x2000, 0x2005,
                            0x200A, 0x200B, 0x200C, 0x200D, 0x2028, 0x2029,
                            0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF};
  for (char32_t c : blank) {
    SCOPED_TRACE(static_cast<uint32_t>(c));
    EXPECT_TRUE(IsBlankCodePoint(c));
  }

  const char32_t visible[] = {'a',    '0',    '.',    0x00,   0x08,
                              0x0E,   0x1F,   0xA1,   0x200E, 0x2061,
                              0x3001, 0xFEFE, 0x1F600};
  for (char32_t c : visible) {
    SCOPED_TRACE(static_cast<uint32_t>(c));
    EXPECT_FALSE(IsBlankCodePoint(c));
  }
}

TEST(IsControlCodePoint, CoversC0DeleteAndC1) {
  for (char32_t c : {0x00, 0x09, 0x1F, 0x7F, 0x80, 0x85, 0x9F}) {
    SCOPED_TRACE(static_cast<uint32_t>(c));
    EXPECT_TRUE(IsControlCodePoint(c));
  }
  for (char32_t c : {0x20, 0x7E, 0xA0, 0x2028, 0xFEFF}) {
    SCOPED_TRACE(static_cast<uint32_t>(c));
    EXPECT_FALSE(IsControlCodePoint(c));
  }
}

}  // namespace
}  // namespace parley::domain
