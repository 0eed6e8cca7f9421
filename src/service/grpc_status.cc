#include "service/grpc_status.h"

#include <string>

#include "spdlog/spdlog.h"

namespace parley::service {

grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view method) {
  if (status.ok()) return grpc::Status::OK;
  const std::string method_name(method);
  const auto code = static_cast<grpc::StatusCode>(status.code());
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnknown:
      spdlog::error("{} failed: {}", method_name, status.ToString());
      return grpc::Status(code, "internal error in parleyd; the operator can find the cause in its log");
    case absl::StatusCode::kUnavailable:
      spdlog::warn("{} failed: {}", method_name, status.ToString());
      break;
    default:
      spdlog::info("{} rejected: {}", method_name, status.ToString());
      break;
  }
  return grpc::Status(code, std::string(status.message()));
}

}  // namespace parley::service
