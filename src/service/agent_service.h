#ifndef PARLEY_SERVICE_AGENT_SERVICE_H_
#define PARLEY_SERVICE_AGENT_SERVICE_H_

#include "parley/v1/agent_service.grpc.pb.h"
#include "service/discussion_commands.h"
#include "service/discussion_reads.h"
#include "store/event_store.h"

namespace parley::service {

// parley.v1.AgentService on gRPC's callback API, with the same threading as
// CustomerServiceImpl. Agents see every discussion.
//
// Thread-safe. `store` and `projection` must outlive the service.
class AgentServiceImpl final : public parley::v1::AgentService::CallbackService {
 public:
  AgentServiceImpl(store::EventStore& store,
                   const projections::DiscussionProjection& projection)
      : store_(store), commands_(projection), reads_(store, projection) {}

  grpc::ServerUnaryReactor* Assign(grpc::CallbackServerContext* context,
                                   const parley::v1::AssignRequest* request,
                                   parley::v1::AssignResponse* response) override;
  grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context,
                                    const parley::v1::RespondRequest* request,
                                    parley::v1::RespondResponse* response) override;
  grpc::ServerUnaryReactor* ChangeStatus(
      grpc::CallbackServerContext* context,
      const parley::v1::ChangeStatusRequest* request,
      parley::v1::ChangeStatusResponse* response) override;
  grpc::ServerUnaryReactor* ListQueue(grpc::CallbackServerContext* context,
                                      const parley::v1::ListQueueRequest* request,
                                      parley::v1::ListQueueResponse* response) override;
  grpc::ServerUnaryReactor* GetDiscussion(
      grpc::CallbackServerContext* context,
      const parley::v1::GetDiscussionRequest* request,
      parley::v1::GetDiscussionResponse* response) override;

 private:
  store::EventStore& store_;
  const DiscussionCommands commands_;
  const DiscussionReads reads_;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_AGENT_SERVICE_H_
