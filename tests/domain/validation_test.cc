#include "domain/validation.h"

#include <climits>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/limits.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parley::domain {
namespace {

using parley::v1::Category;
using parley::v1::Selection;
using parley::v1::Status;

// "é" and "😀" are one character each but 2 and 4 bytes in UTF-8.
constexpr char kTwoByteCharacter[] = "\xc3\xa9";
constexpr char kFourByteCharacter[] = "\xf0\x9f\x98\x80";

std::string Repeat(absl::string_view unit, size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) text.append(unit.data(), unit.size());
  return text;
}

void ExpectInvalid(const absl::Status& status, absl::string_view message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), message);
}

TEST(ValidateMessageText, AcceptsLengthsUpToTheMaximum) {
  const std::string cases[] = {
      "a",
      Repeat("a", kMaxMessageCharacters),
      Repeat(kTwoByteCharacter, kMaxMessageCharacters),
      Repeat(kFourByteCharacter, kMaxMessageCharacters),
      Repeat("a", kMaxMessageCharacters - 1) + kFourByteCharacter,
  };
  for (const std::string& text : cases) {
    SCOPED_TRACE(absl::StrCat(text.size(), " bytes"));
    absl::StatusOr<std::string> validated =
        ValidateMessageText("message.text", text);
    ASSERT_TRUE(validated.ok()) << validated.status();
    EXPECT_EQ(*validated, text);
  }
}

TEST(ValidateMessageText, RejectsOneCharacterPastTheMaximum) {
  const std::string cases[] = {
      Repeat("a", kMaxMessageCharacters + 1),
      Repeat(kTwoByteCharacter, kMaxMessageCharacters + 1),
      Repeat(kFourByteCharacter, kMaxMessageCharacters) + "a",
  };
  for (const std::string& text : cases) {
    SCOPED_TRACE(absl::StrCat(text.size(), " bytes"));
    ExpectInvalid(ValidateMessageText("message.text", text).status(),
                  "message.text is 10001 characters; the maximum is 10000");
  }
}

TEST(ValidateMessageText, RejectsEmptyText) {
  ExpectInvalid(ValidateMessageText("message.text", "").status(),
                "message.text is empty; write 1 to 10000 characters");
}

TEST(ValidateMessageText, RejectsOnlyWhitespace) {
  const std::string cases[] = {
      " ",
      "   ",
      "\t\n\r ",
      "\xc2\xa0",                  // U+00A0 no-break space.
      "\xe2\x80\x80\xe2\x80\x8a",  // U+2000, U+200A.
      "\xe2\x80\x8b",              // U+200B zero width space.
      "\xe2\x80\xa8",              // U+2028 line separator.
      "\xe3\x80\x80",              // U+3000 ideographic space.
      "\xef\xbb\xbf",              // U+FEFF byte order mark.
      " \xc2\xa0\n\xe3\x80\x80",
  };
  for (const std::string& text : cases) {
    SCOPED_TRACE(absl::CHexEscape(text));
    ExpectInvalid(ValidateMessageText("message.text", text).status(),
                  "message.text contains only whitespace; write at least one "
                  "visible character");
  }
}

TEST(ValidateMessageText, KeepsSurroundingWhitespace) {
  absl::StatusOr<std::string> validated =
      ValidateMessageText("message.text", "  hello\n\tworld\r\n ");
  ASSERT_TRUE(validated.ok()) << validated.status();
  EXPECT_EQ(*validated, "  hello\n\tworld\r\n ");
}

TEST(ValidateMessageText, RejectsInvalidUtf8WithOffset) {
  struct Case {
    std::string text;
    std::string detail;
  };
  const Case cases[] = {
      {"abcde\xff", "invalid byte 0xff at offset 5"},
      {"\x80", "invalid byte 0x80 at offset 0"},
      {"ok \xc0\x80", "invalid byte 0xc0 at offset 3"},       // Overlong NUL.
      {"\xc1\xbf", "invalid byte 0xc1 at offset 0"},          // Overlong.
      {"\xe0\x80\xaf", "invalid byte 0xe0 at offset 0"},      // Overlong '/'.
      {"\xf0\x82\x82\xac", "invalid byte 0xf0 at offset 0"},  // Overlong '€'.
      {"a\xed\xa0\x80", "invalid byte 0xed at offset 1"},     // U+D800.
      {"a\xed\xbf\xbf", "invalid byte 0xed at offset 1"},     // U+DFFF.
      {"\xf4\x90\x80\x80", "invalid byte 0xf4 at offset 0"},  // U+110000.
      {"abc\xe2\x82", "invalid byte 0xe2 at offset 3"},       // Truncated.
      {"\xc3\xa9\xc3", "invalid byte 0xc3 at offset 2"},      // Truncated.
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::CHexEscape(c.text));
    ExpectInvalid(ValidateMessageText("message.text", c.text).status(),
                  absl::StrCat("message.text is not valid UTF-8 (", c.detail,
                               "); send UTF-8 text"));
  }
}

TEST(ValidateMessageText, RejectsControlCharacters) {
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {std::string("a\0b", 3),
       "message.text contains control character U+0000 at offset 1; remove it"},
      {"bell\x07",
       "message.text contains control character U+0007 at offset 4; remove it"},
      {"\x7f",
       "message.text contains control character U+007F at offset 0; remove it"},
      {"x\xc2\x85",  // U+0085 next line, a C1 control.
       "message.text contains control character U+0085 at offset 1; remove it"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::CHexEscape(c.text));
    ExpectInvalid(ValidateMessageText("message.text", c.text).status(),
                  c.message);
  }
}

TEST(ValidateMessageText, NamesTheFieldItIsGiven) {
  ExpectInvalid(ValidateMessageText("text", "").status(),
                "text is empty; write 1 to 10000 characters");
}

constexpr char kCategoryNames[] =
    "CANCELLATION, CHECKOUT, DELIVERY_PROBLEM, FEEDBACK, FREE_GIFT, "
    "I_WANT_TO_CREATE_AN_ACCOUNT, NUTRITIONAL_ADVICE, OFFERS_AND_PROMOTIONS, "
    "PAYMENT, PLACING_AN_ORDER, PRICEBEATER_REQUEST, PROBLEM_WITH_MY_ORDER, "
    "PRODUCT_INFORMATION, RETURNS_AND_REFUNDS, STOCK_AVAILABILITY, "
    "WEBSITE_ISSUES, WHERE_IS_MY_ORDER";

TEST(ValidateCategory, AcceptsEveryNamedCategory) {
  for (int i = 1; i <= parley::v1::Category_MAX; ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(ValidateCategory(static_cast<Category>(i)).ok());
  }
}

TEST(ValidateCategory, RejectsMissingAndUnknownValues) {
  ExpectInvalid(
      ValidateCategory(parley::v1::CATEGORY_UNSPECIFIED),
      absl::StrCat("category is missing; use one of ", kCategoryNames));
  ExpectInvalid(ValidateCategory(static_cast<Category>(18)),
                absl::StrCat("category 18 is not a known category; use one of ",
                             kCategoryNames));
  ExpectInvalid(ValidateCategory(static_cast<Category>(-1)),
                absl::StrCat("category -1 is not a known category; use one of ",
                             kCategoryNames));
}

TEST(CategoryName, RoundTripsThroughParseCategory) {
  for (int i = 1; i <= parley::v1::Category_MAX; ++i) {
    const auto category = static_cast<Category>(i);
    const absl::string_view name = CategoryName(category);
    SCOPED_TRACE(name);
    EXPECT_FALSE(absl::StartsWith(name, "CATEGORY_"));
    EXPECT_EQ(ParseCategory(name), category);
    EXPECT_EQ(ParseCategory(absl::StrCat("CATEGORY_", name)), category);
  }
  EXPECT_EQ(CategoryName(parley::v1::CATEGORY_WEBSITE_ISSUES),
            "WEBSITE_ISSUES");
}

TEST(CategoryName, IsEmptyForUnspecifiedAndUnknown) {
  EXPECT_EQ(CategoryName(parley::v1::CATEGORY_UNSPECIFIED), "");
  EXPECT_EQ(CategoryName(static_cast<Category>(99)), "");
}

TEST(ParseCategory, RejectsOtherText) {
  for (const char* name : {"", "UNSPECIFIED", "CATEGORY_UNSPECIFIED", "payment",
                           "PAYMENT ", "CATEGORY_", "17"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(ParseCategory(name), std::nullopt);
  }
}

TEST(ValidateStatus, AcceptsTheFourStatuses) {
  for (Status status :
       {parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_IN_PROGRESS,
        parley::v1::STATUS_PENDING, parley::v1::STATUS_COMPLETED}) {
    SCOPED_TRACE(status);
    EXPECT_TRUE(ValidateStatus("status", status).ok());
  }
}

TEST(ValidateStatus, RejectsMissingAndUnknownValues) {
  ExpectInvalid(ValidateStatus("filter.status", parley::v1::STATUS_UNSPECIFIED),
                "filter.status is missing; use one of OUTSTANDING, "
                "IN_PROGRESS, PENDING, COMPLETED");
  ExpectInvalid(ValidateStatus("status", static_cast<Status>(5)),
                "status 5 is not a known status; use one of OUTSTANDING, "
                "IN_PROGRESS, PENDING, COMPLETED");
}

TEST(StatusName, RoundTripsThroughParseStatus) {
  EXPECT_EQ(StatusName(parley::v1::STATUS_IN_PROGRESS), "IN_PROGRESS");
  for (int i = 1; i <= parley::v1::Status_MAX; ++i) {
    const auto status = static_cast<Status>(i);
    SCOPED_TRACE(StatusName(status));
    EXPECT_EQ(ParseStatus(StatusName(status)), status);
    EXPECT_EQ(ParseStatus(absl::StrCat("STATUS_", StatusName(status))), status);
  }
  EXPECT_EQ(StatusName(parley::v1::STATUS_UNSPECIFIED), "");
  EXPECT_EQ(StatusName(static_cast<Status>(42)), "");
  EXPECT_EQ(ParseStatus("UNSPECIFIED"), std::nullopt);
  EXPECT_EQ(ParseStatus("pending"), std::nullopt);
}

TEST(ValidatePage, AcceptsBoundaries) {
  struct Case {
    int32_t offset;
    int32_t limit;
  };
  for (const Case& c : {Case{0, 0}, Case{0, 100}, Case{INT32_MAX, 10}}) {
    SCOPED_TRACE(absl::StrCat("offset ", c.offset, " limit ", c.limit));
    absl::StatusOr<Page> page =
        ValidatePage("offset", c.offset, "limit", c.limit);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->offset, static_cast<uint32_t>(c.offset));
    EXPECT_EQ(page->limit, static_cast<uint32_t>(c.limit));
  }
}

TEST(ValidatePage, RejectsValuesOutsideTheRange) {
  ExpectInvalid(ValidatePage("offset", -1, "limit", 10).status(),
                "offset is -1; use 0 or more");
  ExpectInvalid(ValidatePage("offset", 0, "limit", 101).status(),
                "limit is 101; use 0 to 100");
  ExpectInvalid(ValidatePage("offset", 0, "limit", -1).status(),
                "limit is -1; use 0 to 100");
  ExpectInvalid(
      ValidatePage("message_offset", INT32_MIN, "message_limit", 10).status(),
      "message_offset is -2147483648; use 0 or more");
  ExpectInvalid(
      ValidatePage("message_offset", 0, "message_limit", 1000).status(),
      "message_limit is 1000; use 0 to 100");
}

Selection MakeSelection(const std::string& order_number,
                        const std::vector<std::string>& skus) {
  Selection selection;
  selection.set_order_number(order_number);
  for (const std::string& sku : skus) selection.add_product_skus(sku);
  return selection;
}

std::vector<std::string> NumberedSkus(size_t count) {
  std::vector<std::string> skus;
  for (size_t i = 0; i < count; ++i) skus.push_back(absl::StrCat(1000 + i));
  return skus;
}

TEST(ValidateSelection, AcceptsBoundaries) {
  const Selection cases[] = {
      MakeSelection("", {}),
      MakeSelection("A-1_b", {}),
      MakeSelection(std::string(kMaxOrderNumberLength, 'X'), {}),
      MakeSelection("", {"1"}),
      MakeSelection("ORDER-1", NumberedSkus(kMaxSelectionSkus)),
      MakeSelection("ORDER-1",
                    {"9007199254740991", "0"}),
  };
  for (const Selection& selection : cases) {
    SCOPED_TRACE(selection.ShortDebugString());
    EXPECT_TRUE(ValidateSelection(selection).ok());
  }
}

TEST(ValidateSelection, RejectsBadOrderNumbers) {
  ExpectInvalid(ValidateSelection(MakeSelection(std::string(65, 'X'), {})),
                "selection.order_number is 65 characters; the maximum is 64");
  ExpectInvalid(ValidateSelection(MakeSelection("A#1", {})),
                "selection.order_number contains '#' at offset 1; use only "
                "A-Z, a-z, 0-9, '_' and '-'");
  ExpectInvalid(ValidateSelection(MakeSelection("A 1", {})),
                "selection.order_number contains ' ' at offset 1; use only "
                "A-Z, a-z, 0-9, '_' and '-'");
  ExpectInvalid(ValidateSelection(MakeSelection("\xc3\xa9", {})),
                "selection.order_number contains byte 0xc3 at offset 0; use "
                "only A-Z, a-z, 0-9, '_' and '-'");
}

TEST(ValidateSelection, RejectsBadSkus) {
  struct Case {
    std::vector<std::string> skus;
    std::string message;
  };
  const std::string fix =
      "; use a decimal number from 0 to 9007199254740991 without leading "
      "zeros";
  const Case cases[] = {
      {NumberedSkus(kMaxSelectionSkus + 1),
       "selection.product_skus has 51 SKUs; the maximum is 50"},
      {{"1", ""}, "selection.product_skus[1] is empty" + fix},
      {{"12a"}, "selection.product_skus[0] contains 'a' at offset 2" + fix},
      {{"-1"}, "selection.product_skus[0] contains '-' at offset 0" + fix},
      {{std::string(17, '9')}, "selection.product_skus[0] has 17 digits" + fix},
      {{"012"}, "selection.product_skus[0] has a leading zero" + fix},
      {{"9007199254740992"},
       "selection.product_skus[0] is 9007199254740992, above the maximum" + fix},
      {{"1", "2", "1"},
       "selection.product_skus[2] repeats SKU 1 from "
       "selection.product_skus[0]; list each SKU once"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    ExpectInvalid(ValidateSelection(MakeSelection("", c.skus)), c.message);
  }
}

TEST(ValidateCustomerId, AcceptsBoundaries) {
  EXPECT_TRUE(ValidateCustomerId("c").ok());
  EXPECT_TRUE(ValidateCustomerId("cust_01-AZ").ok());
  EXPECT_TRUE(ValidateCustomerId(std::string(kMaxCustomerIdLength, 'c')).ok());
}

TEST(ValidateCustomerId, RejectsBadIds) {
  ExpectInvalid(ValidateCustomerId(""),
                "customer_id is missing; use 1 to 64 characters of A-Z, a-z, "
                "0-9, '_' and '-'");
  ExpectInvalid(ValidateCustomerId(std::string(65, 'c')),
                "customer_id is 65 characters; the maximum is 64");
  ExpectInvalid(ValidateCustomerId("a:b"),
                "customer_id contains ':' at offset 1; use only A-Z, a-z, 0-9, "
                "'_' and '-'");
}

TEST(ValidateAgentName, AcceptsBoundaries) {
  const std::string cases[] = {
      "a",
      "Alice Smith",
      "Zo\xc3\xab",  // "Zoë".
      std::string(kMaxAgentNameBytes, 'a'),
      Repeat(kTwoByteCharacter, kMaxAgentNameBytes / 2),
  };
  for (const std::string& agent : cases) {
    SCOPED_TRACE(agent);
    EXPECT_TRUE(ValidateAgentName(agent).ok());
  }
}

TEST(ValidateAgentName, RejectsBadNames) {
  struct Case {
    std::string agent;
    std::string message;
  };
  const Case cases[] = {
      {"", "agent is missing; use a name of 1 to 128 bytes of UTF-8"},
      {std::string(129, 'a'), "agent is 129 bytes; the maximum is 128"},
      {"bob\xff",
       "agent is not valid UTF-8 (invalid byte 0xff at offset 3); send UTF-8 "
       "text"},
      {"a\tb",
       "agent contains control character U+0009 at offset 1; remove it"},
      {"bob\n",
       "agent contains control character U+000A at offset 3; remove it"},
      {"  ",
       "agent contains only whitespace; use a name with a visible character"},
      {" alice", "agent starts or ends with whitespace; remove it"},
      {"alice ", "agent starts or ends with whitespace; remove it"},
      {"\xc2\xa0"
       "alice",
       "agent starts or ends with whitespace; remove it"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::CHexEscape(c.agent));
    ExpectInvalid(ValidateAgentName(c.agent), c.message);
  }
}

TEST(ValidateRequestId, AcceptsEmptyAndPrintableAscii) {
  EXPECT_TRUE(ValidateRequestId("").ok());
  EXPECT_TRUE(ValidateRequestId("req-1 ~!{}").ok());
  EXPECT_TRUE(ValidateRequestId(std::string(kMaxRequestIdBytes, 'r')).ok());
}

TEST(ValidateRequestId, RejectsLongAndNonPrintable) {
  ExpectInvalid(ValidateRequestId(std::string(129, 'r')),
                "request_id is 129 bytes; the maximum is 128");
  ExpectInvalid(ValidateRequestId("abc\n"),
                "request_id contains byte 0x0a at offset 3; use only printable "
                "ASCII (0x20 to 0x7E)");
  ExpectInvalid(ValidateRequestId("\xc3\xa9"),
                "request_id contains byte 0xc3 at offset 0; use only printable "
                "ASCII (0x20 to 0x7E)");
  ExpectInvalid(ValidateRequestId("\x7f"),
                "request_id contains byte 0x7f at offset 0; use only printable "
                "ASCII (0x20 to 0x7E)");
}

}  // namespace
}  // namespace parley::domain
