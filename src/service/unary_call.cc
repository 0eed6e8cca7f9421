#include "service/unary_call.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/validation.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "service/grpc_status.h"

namespace parley::service {

grpc::ServerUnaryReactor* SubmitCommand(
    grpc::CallbackServerContext* context, store::EventStore& store,
    absl::string_view method, std::string actor, const std::string& request_id,
    const google::protobuf::Message& request,
    absl::StatusOr<store::CommandFunction> command,
    google::protobuf::Message* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status valid = command.ok() ? domain::ValidateRequestId(request_id)
                                    : command.status();
  if (!valid.ok()) {
    reactor->Finish(ToGrpcStatus(valid, method));
    return reactor;
  }

  store::CommandOptions options;
  options.actor = std::move(actor);
  options.request_id = request_id;
  if (!request_id.empty()) {
    std::string bytes;
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
    coded.Trim();
    options.fingerprint = absl::StrCat(method, "\n", bytes);
  }
  std::string method_name(method);
  store.Submit(std::move(options), *std::move(command),
               [reactor, response, method_name](absl::StatusOr<std::string> result) {
                 if (!result.ok()) {
                   reactor->Finish(ToGrpcStatus(result.status(), method_name));
                   return;
                 }
                 if (!response->ParseFromString(*result)) {
                   reactor->Finish(ToGrpcStatus(
                       absl::InternalError(absl::StrCat(
                           "result of ", method_name, " does not parse")),
                       method_name));
                   return;
                 }
                 reactor->Finish(grpc::Status::OK);
               });
  return reactor;
}

grpc::ServerUnaryReactor* FinishRead(grpc::CallbackServerContext* context,
                                     absl::string_view method,
                                     const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status, method));
  return reactor;
}

}  // namespace parley::service
