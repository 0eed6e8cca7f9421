#include "service/agent_service.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "service/unary_call.h"

namespace parley::service {
namespace {

std::string AgentActor(const std::string& agent) {
  return absl::StrCat("agent:", agent);
}

}  // namespace

grpc::ServerUnaryReactor* AgentServiceImpl::Assign(
    grpc::CallbackServerContext* context, const parley::v1::AssignRequest* request,
    parley::v1::AssignResponse* response) {
  return SubmitCommand(context, store_, "Assign", AgentActor(request->agent()),
                       request->request_id(), *request, commands_.Assign(*request),
                       response);
}

grpc::ServerUnaryReactor* AgentServiceImpl::Respond(
    grpc::CallbackServerContext* context, const parley::v1::RespondRequest* request,
    parley::v1::RespondResponse* response) {
  return SubmitCommand(context, store_, "Respond", AgentActor(request->agent()),
                       request->request_id(), *request, commands_.Respond(*request),
                       response);
}

grpc::ServerUnaryReactor* AgentServiceImpl::ChangeStatus(
    grpc::CallbackServerContext* context,
    const parley::v1::ChangeStatusRequest* request,
    parley::v1::ChangeStatusResponse* response) {
  return SubmitCommand(context, store_, "ChangeStatus", AgentActor(request->agent()),
                       request->request_id(), *request,
                       commands_.ChangeStatus(*request), response);
}

grpc::ServerUnaryReactor* AgentServiceImpl::ListQueue(
    grpc::CallbackServerContext* context, const parley::v1::ListQueueRequest* request,
    parley::v1::ListQueueResponse* response) {
  return FinishRead(context, "ListQueue", reads_.ListQueue(*request, *response));
}

grpc::ServerUnaryReactor* AgentServiceImpl::GetDiscussion(
    grpc::CallbackServerContext* context,
    const parley::v1::GetDiscussionRequest* request,
    parley::v1::GetDiscussionResponse* response) {
  return FinishRead(context, "GetDiscussion", reads_.GetDiscussion(*request, *response));
}

}  // namespace parley::service
