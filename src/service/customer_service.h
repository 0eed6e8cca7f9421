#ifndef PARLEY_SERVICE_CUSTOMER_SERVICE_H_
#define PARLEY_SERVICE_CUSTOMER_SERVICE_H_

#include "parley/v1/customer_service.grpc.pb.h"
#include "service/discussion_commands.h"
#include "service/discussion_reads.h"
#include "store/event_store.h"

namespace parley::service {

// parley.v1.CustomerService on gRPC's callback API. Mutations are queued on
// the store's writer and finish when durable. Reads run on the calling gRPC
// thread against a snapshot (RocksDB reads, no locks held).
//
// Thread-safe. `store`, `projection` and `attachment_tokens` must outlive
// the service. Without `attachment_tokens`, messages with an attachment
// token are rejected.
class CustomerServiceImpl final : public parley::v1::CustomerService::CallbackService {
 public:
  CustomerServiceImpl(store::EventStore& store,
                      const projections::DiscussionProjection& projection,
                      const AttachmentTokens* attachment_tokens = nullptr)
      : store_(store),
        commands_(projection, attachment_tokens),
        reads_(store, projection) {}

  grpc::ServerUnaryReactor* CreateDiscussion(
      grpc::CallbackServerContext* context,
      const parley::v1::CreateDiscussionRequest* request,
      parley::v1::CreateDiscussionResponse* response) override;
  grpc::ServerUnaryReactor* ReplyToDiscussion(
      grpc::CallbackServerContext* context,
      const parley::v1::ReplyToDiscussionRequest* request,
      parley::v1::ReplyToDiscussionResponse* response) override;
  grpc::ServerUnaryReactor* MarkRead(grpc::CallbackServerContext* context,
                                     const parley::v1::MarkReadRequest* request,
                                     parley::v1::MarkReadResponse* response) override;
  grpc::ServerUnaryReactor* ListDiscussions(
      grpc::CallbackServerContext* context,
      const parley::v1::ListDiscussionsRequest* request,
      parley::v1::ListDiscussionsResponse* response) override;
  grpc::ServerUnaryReactor* ListMessages(
      grpc::CallbackServerContext* context,
      const parley::v1::ListMessagesRequest* request,
      parley::v1::ListMessagesResponse* response) override;

 private:
  store::EventStore& store_;
  const DiscussionCommands commands_;
  const DiscussionReads reads_;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_CUSTOMER_SERVICE_H_
