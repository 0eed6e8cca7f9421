#include "domain/validation.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "domain/limits.h"
#include "domain/unicode.h"

namespace parley::domain {
namespace {

using parley::v1::Category;
using parley::v1::Status;

constexpr absl::string_view kCategoryPrefix = "CATEGORY_";
constexpr absl::string_view kStatusPrefix = "STATUS_";
constexpr absl::string_view kIdentifierCharacters =
    "A-Z, a-z, 0-9, '_' and '-'";

// "0xff", the form error messages use for a single byte.
std::string FormatByte(char byte) {
  return absl::StrCat("0x",
                      absl::Hex(static_cast<uint8_t>(byte), absl::kZeroPad2));
}

// "'#'" for a printable ASCII byte and "byte 0xc3" for any other byte.
std::string DescribeByte(char byte) {
  const auto value = static_cast<unsigned char>(byte);
  if (value >= 0x20 && value <= 0x7E)
    return absl::StrCat("'", std::string(1, byte), "'");
  return absl::StrCat("byte ", FormatByte(byte));
}

// "U+00A0", the usual notation for a code point.
std::string FormatCodePoint(char32_t code_point) {
  return absl::StrCat(
      "U+", absl::AsciiStrToUpper(absl::StrCat(absl::Hex(
                static_cast<uint32_t>(code_point), absl::kZeroPad4))));
}

// Summary of a text that ScanText decoded without error.
struct TextScan {
  size_t code_points = 0;
  bool has_non_blank = false;
  bool starts_blank = false;
  bool ends_blank = false;
};

// Decodes all of `bytes`, rejecting ill-formed UTF-8 and control characters.
// Tab, line feed and carriage return pass when `allow_line_breaks` is true.
absl::StatusOr<TextScan> ScanText(absl::string_view field,
                                  absl::string_view bytes,
                                  bool allow_line_breaks) {
  TextScan scan;
  size_t offset = 0;
  while (offset < bytes.size()) {
    const std::optional<DecodedCodePoint> decoded =
        DecodeUtf8CodePoint(bytes.substr(offset));
    if (!decoded.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " is not valid UTF-8 (invalid byte ",
                       FormatByte(bytes[offset]), " at offset ", offset,
                       "); send UTF-8 text"));
    }

    const char32_t c = decoded->code_point;
    const bool line_break = c == '\t' || c == '\n' || c == '\r';
    if (IsControlCodePoint(c) && !(allow_line_breaks && line_break)) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, " contains control character ", FormatCodePoint(c),
          " at offset ", offset, "; remove it"));
    }

    const bool blank = IsBlankCodePoint(c);
    if (offset == 0) scan.starts_blank = blank;
    scan.ends_blank = blank;
    scan.has_non_blank = scan.has_non_blank || !blank;
    ++scan.code_points;
    offset += decoded->length;
  }
  return scan;
}

bool IsIdentifierCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         c == '-';
}

// Checks 1 to `max_length` characters of [A-Za-z0-9_-].
absl::Status ValidateIdentifier(absl::string_view field,
                                absl::string_view value, size_t max_length) {
  if (value.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is missing; use 1 to ", max_length,
                     " characters of ", kIdentifierCharacters));
  }
  if (value.size() > max_length) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is ", value.size(),
                     " characters; the maximum is ", max_length));
  }
  for (size_t i = 0; i < value.size(); ++i) {
    if (!IsIdentifierCharacter(value[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " contains ", DescribeByte(value[i]),
                       " at offset ", i, "; use only ", kIdentifierCharacters));
    }
  }
  return absl::OkStatus();
}

// Checks one SKU of a selection; `field` is "selection.product_skus[i]".
absl::Status ValidateSku(absl::string_view field, absl::string_view sku) {
  const std::string fix =
      absl::StrCat("; use a decimal number from 0 to ", kMaxSku,
                   " without leading zeros");
  if (sku.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is empty", fix));
  }
  for (size_t i = 0; i < sku.size(); ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(sku[i]))) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, " contains ", DescribeByte(sku[i]), " at offset ", i, fix));
    }
  }
  if (sku.size() > kMaxSkuDigits) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " has ", sku.size(), " digits", fix));
  }
  if (sku.size() > 1 && sku[0] == '0') {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " has a leading zero", fix));
  }
  uint64_t value = 0;
  if (!absl::SimpleAtoi(sku, &value) || value > kMaxSku) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is ", sku, ", above the maximum", fix));
  }
  return absl::OkStatus();
}

// "CANCELLATION, CHECKOUT, ..., WHERE_IS_MY_ORDER".
std::string CategoryNames() {
  std::vector<absl::string_view> names;
  for (int i = parley::v1::Category_MIN; i <= parley::v1::Category_MAX; ++i) {
    const absl::string_view name = CategoryName(static_cast<Category>(i));
    if (!name.empty()) names.push_back(name);
  }
  return absl::StrJoin(names, ", ");
}

// "OUTSTANDING, IN_PROGRESS, PENDING, COMPLETED".
std::string StatusNames() {
  std::vector<absl::string_view> names;
  for (int i = parley::v1::Status_MIN; i <= parley::v1::Status_MAX; ++i) {
    const absl::string_view name = StatusName(static_cast<Status>(i));
    if (!name.empty()) names.push_back(name);
  }
  return absl::StrJoin(names, ", ");
}

}  // namespace

absl::StatusOr<std::string> ValidateMessageText(absl::string_view field,
                                                absl::string_view bytes) {
  if (bytes.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is empty; write ", kMinMessageCharacters, " to ",
                     kMaxMessageCharacters, " characters"));
  }

  absl::StatusOr<TextScan> scan =
      ScanText(field, bytes, /*allow_line_breaks=*/true);
  if (!scan.ok()) return scan.status();

  if (scan->code_points > kMaxMessageCharacters) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is ", scan->code_points,
                     " characters; the maximum is ", kMaxMessageCharacters));
  }
  if (!scan->has_non_blank) {
    return absl::InvalidArgumentError(absl::StrCat(
        field,
        " contains only whitespace; write at least one visible character"));
  }
  return std::string(bytes);
}

absl::Status ValidateCategory(Category category) {
  if (category == parley::v1::CATEGORY_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat("category is missing; use one of ", CategoryNames()));
  }
  if (CategoryName(category).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("category ", static_cast<int>(category),
                     " is not a known category; use one of ", CategoryNames()));
  }
  return absl::OkStatus();
}

absl::Status ValidateStatus(absl::string_view field, Status status) {
  if (status == parley::v1::STATUS_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is missing; use one of ", StatusNames()));
  }
  if (StatusName(status).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", static_cast<int>(status),
                     " is not a known status; use one of ", StatusNames()));
  }
  return absl::OkStatus();
}

absl::StatusOr<Page> ValidatePage(absl::string_view offset_field,
                                  int32_t offset, absl::string_view limit_field,
                                  int32_t limit) {
  if (offset < kMinPageOffset) {
    return absl::InvalidArgumentError(absl::StrCat(
        offset_field, " is ", offset, "; use ", kMinPageOffset, " or more"));
  }
  if (limit < kMinPageLimit || limit > kMaxPageLimit) {
    return absl::InvalidArgumentError(absl::StrCat(limit_field, " is ", limit,
                                                   "; use ", kMinPageLimit,
                                                   " to ", kMaxPageLimit));
  }
  return Page{static_cast<uint32_t>(offset), static_cast<uint32_t>(limit)};
}

absl::Status ValidateOrderNumber(absl::string_view field, absl::string_view order_number) {
  return ValidateIdentifier(field, order_number, kMaxOrderNumberLength);
}

absl::Status ValidateSelection(const parley::v1::Selection& selection) {
  if (!selection.order_number().empty()) {
    absl::Status order = ValidateOrderNumber("selection.order_number", selection.order_number());
    if (!order.ok()) return order;
  }

  const auto& skus = selection.product_skus();
  if (static_cast<size_t>(skus.size()) > kMaxSelectionSkus) {
    return absl::InvalidArgumentError(
        absl::StrCat("selection.product_skus has ", skus.size(),
                     " SKUs; the maximum is ", kMaxSelectionSkus));
  }

  // SKU -> index of its first occurrence. The keys view strings of
  // `selection`, which outlives the map.
  std::unordered_map<std::string_view, int> first_index;
  for (int i = 0; i < skus.size(); ++i) {
    const std::string field = absl::StrCat("selection.product_skus[", i, "]");
    absl::Status sku = ValidateSku(field, skus[i]);
    if (!sku.ok()) return sku;

    auto [it, inserted] = first_index.emplace(skus[i], i);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, " repeats SKU ", skus[i], " from selection.product_skus[",
          it->second, "]; list each SKU once"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateCustomerId(absl::string_view customer_id) {
  return ValidateIdentifier("customer_id", customer_id, kMaxCustomerIdLength);
}

absl::Status ValidateAgentName(absl::string_view agent) {
  if (agent.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("agent is missing; use a name of 1 to ",
                     kMaxAgentNameBytes, " bytes of UTF-8"));
  }
  if (agent.size() > kMaxAgentNameBytes) {
    return absl::InvalidArgumentError(absl::StrCat("agent is ", agent.size(),
                                                   " bytes; the maximum is ",
                                                   kMaxAgentNameBytes));
  }

  absl::StatusOr<TextScan> scan =
      ScanText("agent", agent, /*allow_line_breaks=*/false);
  if (!scan.ok()) return scan.status();

  if (!scan->has_non_blank) {
    return absl::InvalidArgumentError(
        "agent contains only whitespace; use a name with a visible character");
  }
  if (scan->starts_blank || scan->ends_blank) {
    return absl::InvalidArgumentError(
        "agent starts or ends with whitespace; remove it");
  }
  return absl::OkStatus();
}

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.size() > kMaxRequestIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("request_id is ", request_id.size(),
                     " bytes; the maximum is ", kMaxRequestIdBytes));
  }
  for (size_t i = 0; i < request_id.size(); ++i) {
    const auto byte = static_cast<unsigned char>(request_id[i]);
    if (byte < 0x20 || byte > 0x7E) {
      return absl::InvalidArgumentError(absl::StrCat(
          "request_id contains byte ", FormatByte(request_id[i]), " at offset ",
          i, "; use only printable ASCII (0x20 to 0x7E)"));
    }
  }
  return absl::OkStatus();
}

absl::string_view CategoryName(Category category) {
  if (category == parley::v1::CATEGORY_UNSPECIFIED) return {};
  // Category_Name returns an empty string for numbers outside the enum.
  return absl::StripPrefix(parley::v1::Category_Name(category),
                           kCategoryPrefix);
}

absl::string_view StatusName(Status status) {
  if (status == parley::v1::STATUS_UNSPECIFIED) return {};
  return absl::StripPrefix(parley::v1::Status_Name(status), kStatusPrefix);
}

std::optional<Category> ParseCategory(absl::string_view name) {
  const std::string proto_name = absl::StartsWith(name, kCategoryPrefix)
                                     ? std::string(name)
                                     : absl::StrCat(kCategoryPrefix, name);
  Category category;
  if (!parley::v1::Category_Parse(proto_name, &category) ||
      category == parley::v1::CATEGORY_UNSPECIFIED) {
    return std::nullopt;
  }
  return category;
}

std::optional<Status> ParseStatus(absl::string_view name) {
  const std::string proto_name = absl::StartsWith(name, kStatusPrefix)
                                     ? std::string(name)
                                     : absl::StrCat(kStatusPrefix, name);
  Status status;
  if (!parley::v1::Status_Parse(proto_name, &status) ||
      status == parley::v1::STATUS_UNSPECIFIED) {
    return std::nullopt;
  }
  return status;
}

}  // namespace parley::domain
