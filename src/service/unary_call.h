#ifndef PARLEY_SERVICE_UNARY_CALL_H_
#define PARLEY_SERVICE_UNARY_CALL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"
#include "store/event_store.h"

namespace parley::service {

// Queues `command` on the store and finishes `reactor` when its batch is
// durable, parsing the command's result into `response`. Never blocks: the
// reactor finishes on the store's writer thread. An invalid `command`
// finishes the call at once with its status.
//
// `request` identifies the call for idempotency: its request_id (when not
// empty) scopes to `actor`, and its bytes become the fingerprint.
grpc::ServerUnaryReactor* SubmitCommand(
    grpc::CallbackServerContext* context, store::EventStore& store,
    absl::string_view method, std::string actor, const std::string& request_id,
    const google::protobuf::Message& request,
    absl::StatusOr<store::CommandFunction> command,
    google::protobuf::Message* response);

// Finishes a read call with `status`, converting and logging it.
grpc::ServerUnaryReactor* FinishRead(grpc::CallbackServerContext* context,
                                     absl::string_view method,
                                     const absl::Status& status);

}  // namespace parley::service

#endif  // PARLEY_SERVICE_UNARY_CALL_H_
