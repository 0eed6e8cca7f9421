#include "cli/agent_commands.h"

#include <memory>

#include "absl/functional/function_ref.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "grpcpp/grpcpp.h"
#include "parley/v1/agent_service.grpc.pb.h"

namespace parley::cli {
namespace {

using parley::v1::AgentService;

std::unique_ptr<AgentService::Stub> ConnectAgentService(const CallOptions& call) {
  return AgentService::NewStub(
      grpc::CreateChannel(call.target, grpc::InsecureChannelCredentials()));
}

void SetDeadline(const CallOptions& call, grpc::ClientContext& context) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + call.timeout));
}

// Prints the outcome of a finished call: the error, the response as JSON,
// or the response as text through `print_text`.
int FinishCall(const grpc::Status& status, const CallOptions& call,
               const google::protobuf::Message& response,
               absl::FunctionRef<void(std::ostream&)> print_text, std::ostream& out,
               std::ostream& err) {
  if (!status.ok()) {
    PrintRpcError(status, call.target, err);
    return kExitFailure;
  }
  if (call.json) return PrintJson(response, out, err);
  print_text(out);
  return FinishOutput(out, err);
}

}  // namespace

int RunAssign(const CallOptions& call, const AssignOptions& options, std::ostream& out,
              std::ostream& err) {
  parley::v1::AssignRequest request;
  request.set_discussion_id(options.discussion_id);
  request.set_agent(options.agent);
  request.set_request_id(options.request_id);

  grpc::ClientContext context;
  SetDeadline(call, context);
  parley::v1::AssignResponse response;
  grpc::Status status = ConnectAgentService(call)->Assign(&context, request, &response);
  return FinishCall(
      status, call, response,
      [&](std::ostream& text) {
        PrintAssigned(options.discussion_id, options.agent, response, text);
      },
      out, err);
}

int RunRespond(const CallOptions& call, const RespondOptions& options, std::ostream& out,
               std::ostream& err) {
  parley::v1::RespondRequest request;
  request.set_discussion_id(options.discussion_id);
  request.set_agent(options.agent);
  request.set_text(options.text);
  request.set_status(options.status);
  request.set_request_id(options.request_id);

  grpc::ClientContext context;
  SetDeadline(call, context);
  parley::v1::RespondResponse response;
  grpc::Status status = ConnectAgentService(call)->Respond(&context, request, &response);
  return FinishCall(
      status, call, response,
      [&](std::ostream& text) { PrintResponded(options.discussion_id, response, text); },
      out, err);
}

int RunChangeStatus(const CallOptions& call, const ChangeStatusOptions& options,
                    std::ostream& out, std::ostream& err) {
  parley::v1::ChangeStatusRequest request;
  request.set_discussion_id(options.discussion_id);
  request.set_agent(options.agent);
  request.set_status(options.to);
  request.set_request_id(options.request_id);

  grpc::ClientContext context;
  SetDeadline(call, context);
  parley::v1::ChangeStatusResponse response;
  grpc::Status status =
      ConnectAgentService(call)->ChangeStatus(&context, request, &response);
  return FinishCall(
      status, call, response,
      [&](std::ostream& text) {
        PrintStatusChanged(options.discussion_id, response, text);
      },
      out, err);
}

int RunQueue(const CallOptions& call, const QueueOptions& options, std::ostream& out,
             std::ostream& err) {
  parley::v1::ListQueueRequest request;
  request.set_status(options.status);
  request.set_category(options.category);
  request.set_offset(options.offset);
  request.set_limit(options.limit);

  grpc::ClientContext context;
  SetDeadline(call, context);
  parley::v1::ListQueueResponse response;
  grpc::Status status = ConnectAgentService(call)->ListQueue(&context, request, &response);
  return FinishCall(
      status, call, response,
      [&](std::ostream& text) {
        PrintQueue(options.status, options.category, options.offset, response.page(),
                   text);
      },
      out, err);
}

int RunShow(const CallOptions& call, const ShowOptions& options, std::ostream& out,
            std::ostream& err) {
  parley::v1::GetDiscussionRequest request;
  request.set_discussion_id(options.discussion_id);
  request.set_message_offset(options.message_offset);
  request.set_message_limit(options.message_limit);

  grpc::ClientContext context;
  SetDeadline(call, context);
  parley::v1::GetDiscussionResponse response;
  grpc::Status status =
      ConnectAgentService(call)->GetDiscussion(&context, request, &response);
  return FinishCall(
      status, call, response,
      [&](std::ostream& text) {
        PrintDiscussion(response.discussion(), options.message_offset, text);
      },
      out, err);
}

}  // namespace parley::cli
