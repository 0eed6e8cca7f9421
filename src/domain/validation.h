#ifndef PARLEY_DOMAIN_VALIDATION_H_
#define PARLEY_DOMAIN_VALIDATION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "parley/v1/discussion.pb.h"

// Checks of request values against the limits in limits.h. Every failure is
// INVALID_ARGUMENT with a message that names the field, states what is wrong
// with the value and how to fix it, for example
//   "limit is 101; use 0 to 100".
// Messages quote the field names the caller passes in, and the proto field
// names where a function takes no field name. All functions are pure and
// safe to call from any thread.

namespace parley::domain {

// Offset and limit of one page, both within limits.h.
struct Page {
  uint32_t offset = 0;
  uint32_t limit = 0;
};

// Validates message text received as raw bytes. Returns the text unchanged,
// with no trimming or normalization, when it is valid UTF-8 of 1 to 10,000
// code points that contains a non-blank code point and no control character
// other than tab, line feed and carriage return. Fails with
// INVALID_ARGUMENT naming `field` (e.g. "message.text") otherwise.
absl::StatusOr<std::string> ValidateMessageText(absl::string_view field,
                                                absl::string_view bytes);

// Returns OK for a named category. Fails with INVALID_ARGUMENT for
// CATEGORY_UNSPECIFIED ("category is missing") and for numbers outside the
// enum; the message lists the valid GraphQL names.
absl::Status ValidateCategory(parley::v1::Category category);

// Returns OK for OUTSTANDING, IN_PROGRESS, PENDING and COMPLETED. Fails with
// INVALID_ARGUMENT naming `field` for STATUS_UNSPECIFIED and for numbers
// outside the enum. Callers for which UNSPECIFIED has a meaning (a filter,
// a response's default) map it before calling.
absl::Status ValidateStatus(absl::string_view field, parley::v1::Status status);

// Validates a page request: offset 0 or more, limit 0 to 100. Returns both
// as unsigned values, or INVALID_ARGUMENT naming the offending field.
absl::StatusOr<Page> ValidatePage(absl::string_view offset_field,
                                  int32_t offset, absl::string_view limit_field,
                                  int32_t limit);

// Validates a selection: an order number that is empty (no order) or 1 to 64
// characters of [A-Za-z0-9_-], and at most 50 SKUs of 1 to 20 decimal digits
// with no SKU listed twice. Errors name "selection.order_number" or
// "selection.product_skus[i]".
absl::Status ValidateSelection(const parley::v1::Selection& selection);

// Validates an order number: 1 to 64 characters of [A-Za-z0-9_-]. Errors name
// `field`.
absl::Status ValidateOrderNumber(absl::string_view field, absl::string_view order_number);

// Validates a customer id: 1 to 64 characters of [A-Za-z0-9_-]. Errors name
// "customer_id".
absl::Status ValidateCustomerId(absl::string_view customer_id);

// Validates an agent name: 1 to 128 bytes of valid UTF-8 without control
// characters, not only blank, with no leading or trailing blank code point.
// Errors name "agent".
absl::Status ValidateAgentName(absl::string_view agent);

// Validates a client request id: 0 to 128 bytes of printable ASCII. Empty
// means no request id and is valid. Errors name "request_id".
absl::Status ValidateRequestId(absl::string_view request_id);

// Returns the GraphQL name of a category, e.g. "WEBSITE_ISSUES" for
// CATEGORY_WEBSITE_ISSUES, or an empty string for CATEGORY_UNSPECIFIED and
// numbers outside the enum. The view refers to static storage.
absl::string_view CategoryName(parley::v1::Category category);

// Returns the GraphQL name of a status, e.g. "IN_PROGRESS", or an empty string
// for STATUS_UNSPECIFIED and numbers outside the enum. The view refers to
// static storage.
absl::string_view StatusName(parley::v1::Status status);

// Parses a category name, case-sensitively. Accepts the GraphQL name
// ("WEBSITE_ISSUES") and the proto name ("CATEGORY_WEBSITE_ISSUES"). Returns
// nullopt for any other text, including "UNSPECIFIED".
std::optional<parley::v1::Category> ParseCategory(absl::string_view name);

// Parses a status name, case-sensitively. Accepts the GraphQL name
// ("IN_PROGRESS") and the proto name ("STATUS_IN_PROGRESS"). Returns nullopt
// for any other text, including "UNSPECIFIED".
std::optional<parley::v1::Status> ParseStatus(absl::string_view name);

}  // namespace parley::domain

#endif  // PARLEY_DOMAIN_VALIDATION_H_
