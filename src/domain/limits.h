#ifndef PARLEY_DOMAIN_LIMITS_H_
#define PARLEY_DOMAIN_LIMITS_H_

#include <cstddef>
#include <cstdint>

// Input limits of the discussion API. validation.h enforces every one of
// them and returns INVALID_ARGUMENT naming the field when a value is outside.

namespace parley::domain {

// Message text: UTF-8, measured in Unicode code points, so "é" (2 bytes) and
// "😀" (4 bytes) each count as 1. Besides the length limits, the text must be
// valid UTF-8 and contain at least one code point that is not blank (see the
// list below). It must not contain control characters (Unicode category Cc:
// U+0000 to U+001F, U+007F to U+009F) other than tab, line feed and carriage
// return.
inline constexpr size_t kMinMessageCharacters = 1;
inline constexpr size_t kMaxMessageCharacters = 10'000;

// Blank code points, which make a message or an agent name "only
// whitespace": Unicode's White_Space property (Unicode 15.0) plus invisible
// format characters that render as nothing.
//   U+0009..U+000D  tab, line feed, vertical tab, form feed, carriage return
//   U+0020          space
//   U+0085          next line
//   U+00A0          no-break space
//   U+1680          ogham space mark
//   U+180E          Mongolian vowel separator (White_Space before Unicode 6.3)
//   U+2000..U+200A  en quad to hair space
//   U+200B..U+200D  zero width space, zero width non-joiner, zero width joiner
//   U+2028, U+2029  line separator, paragraph separator
//   U+202F          narrow no-break space
//   U+205F          medium mathematical space
//   U+2060          word joiner
//   U+3000          ideographic space
//   U+FEFF          zero width no-break space (byte order mark)
// IsBlankCodePoint in unicode.h tests membership.

// Page of a list. limit is the maximum number of items returned, offset the
// number of items skipped from the start of the ordered list. Both are item
// counts. An offset past the end returns an empty page.
inline constexpr int32_t kMinPageLimit = 0;
inline constexpr int32_t kMaxPageLimit = 100;
// Default: the limit the GraphQL schema applies when a query omits it. The
// gRPC API cannot tell an omitted int32 from 0, so there limit 0 returns no
// items (only the total).
inline constexpr int32_t kDefaultPageLimit = 10;
inline constexpr int32_t kMinPageOffset = 0;
inline constexpr int32_t kDefaultPageOffset = 0;

// Selection: at most 50 product SKUs, each a decimal number from 0 to
// 2^53 - 1 without leading zeros, with no SKU listed twice. The GraphQL API
// returns SKUs as JSON numbers, which are exact only up to 2^53 - 1, and a
// leading zero would be lost on the way back.
inline constexpr size_t kMaxSelectionSkus = 50;
inline constexpr size_t kMinSkuDigits = 1;
inline constexpr size_t kMaxSkuDigits = 16;
inline constexpr uint64_t kMaxSku = 9'007'199'254'740'991;

// Order number of a selection: 1 to 64 characters of [A-Za-z0-9_-]. An empty
// order number means that the selection names no order.
inline constexpr size_t kMinOrderNumberLength = 1;
inline constexpr size_t kMaxOrderNumberLength = 64;

// Customer id (the subject of the customer's token): 1 to 64 characters of
// [A-Za-z0-9_-].
inline constexpr size_t kMinCustomerIdLength = 1;
inline constexpr size_t kMaxCustomerIdLength = 64;

// Agent name: 1 to 128 bytes of valid UTF-8 without control characters (Cc),
// not only blank code points, and without leading or trailing blank code
// points, so that "alice" and "alice " cannot name two different agents.
inline constexpr size_t kMinAgentNameBytes = 1;
inline constexpr size_t kMaxAgentNameBytes = 128;

// Client request id (idempotency key): 0 to 128 bytes of printable ASCII
// (0x20 to 0x7E). Empty means that the command has no request id.
inline constexpr size_t kMaxRequestIdBytes = 128;

}  // namespace parley::domain

#endif  // PARLEY_DOMAIN_LIMITS_H_
