#include "service/attachment_errors.h"

#include "absl/strings/cord.h"

namespace parley::service {

absl::Status WithReason(absl::Status status, absl::string_view reason) {
  status.SetPayload(kErrorReasonKey, absl::Cord(reason));
  return status;
}

std::string ReasonOf(const absl::Status& status) {
  // absl::optional, which is not std::optional in Debian's Abseil.
  auto reason = status.GetPayload(kErrorReasonKey);
  return reason.has_value() ? std::string(*reason) : std::string();
}

}  // namespace parley::service
