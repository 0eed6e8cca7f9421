#ifndef PARLEY_SERVICE_GRPC_STATUS_H_
#define PARLEY_SERVICE_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace parley::service {

// Converts `status` to a gRPC status with the same code. Messages of caller
// errors pass through, because they name the field and the fix. Server-side
// failures (INTERNAL, DATA_LOSS, UNKNOWN) are logged with `method` and
// replaced by a generic message, so no internal detail reaches the caller.
grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view method);

}  // namespace parley::service

#endif  // PARLEY_SERVICE_GRPC_STATUS_H_
