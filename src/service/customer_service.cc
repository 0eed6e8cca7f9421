#include "service/customer_service.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "service/unary_call.h"

namespace parley::service {
namespace {

std::string CustomerActor(const std::string& customer_id) {
  return absl::StrCat("customer:", customer_id);
}

}  // namespace

grpc::ServerUnaryReactor* CustomerServiceImpl::CreateDiscussion(
    grpc::CallbackServerContext* context,
    const parley::v1::CreateDiscussionRequest* request,
    parley::v1::CreateDiscussionResponse* response) {
  return SubmitCommand(context, store_, "CreateDiscussion",
                       CustomerActor(request->customer_id()), request->request_id(),
                       *request, commands_.CreateDiscussion(*request), response);
}

grpc::ServerUnaryReactor* CustomerServiceImpl::ReplyToDiscussion(
    grpc::CallbackServerContext* context,
    const parley::v1::ReplyToDiscussionRequest* request,
    parley::v1::ReplyToDiscussionResponse* response) {
  return SubmitCommand(context, store_, "ReplyToDiscussion",
                       CustomerActor(request->customer_id()), request->request_id(),
                       *request, commands_.ReplyToDiscussion(*request), response);
}

grpc::ServerUnaryReactor* CustomerServiceImpl::MarkRead(
    grpc::CallbackServerContext* context, const parley::v1::MarkReadRequest* request,
    parley::v1::MarkReadResponse* response) {
  return SubmitCommand(context, store_, "MarkRead",
                       CustomerActor(request->customer_id()), request->request_id(),
                       *request, commands_.MarkRead(*request), response);
}

grpc::ServerUnaryReactor* CustomerServiceImpl::ListDiscussions(
    grpc::CallbackServerContext* context,
    const parley::v1::ListDiscussionsRequest* request,
    parley::v1::ListDiscussionsResponse* response) {
  return FinishRead(context, "ListDiscussions",
                    reads_.ListDiscussions(*request, *response));
}

grpc::ServerUnaryReactor* CustomerServiceImpl::ListMessages(
    grpc::CallbackServerContext* context,
    const parley::v1::ListMessagesRequest* request,
    parley::v1::ListMessagesResponse* response) {
  return FinishRead(context, "ListMessages", reads_.ListMessages(*request, *response));
}

}  // namespace parley::service
