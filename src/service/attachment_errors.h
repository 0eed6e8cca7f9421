#ifndef PARLEY_SERVICE_ATTACHMENT_ERRORS_H_
#define PARLEY_SERVICE_ATTACHMENT_ERRORS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// Reasons of attachment failures that share a status code, such as an
// invalid and an expired upload token (both UNAUTHENTICATED). A reason
// travels in the absl::Status as a payload and reaches gRPC clients in the
// trailing metadata key kErrorReasonKey. attachment_service.proto lists the
// reasons with their codes.

namespace parley::service {

// Trailing metadata key, and absl::Status payload URL, of the reason.
inline constexpr char kErrorReasonKey[] = "parley-error-reason";

inline constexpr absl::string_view kUploadTokenInvalid = "UPLOAD_TOKEN_INVALID";
inline constexpr absl::string_view kUploadTokenExpired = "UPLOAD_TOKEN_EXPIRED";
inline constexpr absl::string_view kUploadTokenWrongCustomer = "UPLOAD_TOKEN_WRONG_CUSTOMER";
inline constexpr absl::string_view kAttachmentEmpty = "ATTACHMENT_EMPTY";
inline constexpr absl::string_view kAttachmentTooLarge = "ATTACHMENT_TOO_LARGE";
inline constexpr absl::string_view kAttachmentTypeNotAllowed = "ATTACHMENT_TYPE_NOT_ALLOWED";
inline constexpr absl::string_view kUploadMalformed = "UPLOAD_MALFORMED";
inline constexpr absl::string_view kUploadsBusy = "UPLOADS_BUSY";

// Returns `status` with `reason` attached. `status` must not be OK.
absl::Status WithReason(absl::Status status, absl::string_view reason);

// Returns the reason attached to `status`, or an empty string for none.
std::string ReasonOf(const absl::Status& status);

}  // namespace parley::service

#endif  // PARLEY_SERVICE_ATTACHMENT_ERRORS_H_
