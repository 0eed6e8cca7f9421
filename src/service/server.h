#ifndef PARLEY_SERVICE_SERVER_H_
#define PARLEY_SERVICE_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "service/agent_service.h"
#include "service/analytics_service.h"
#include "service/attachment_service.h"
#include "service/customer_service.h"
#include "service/event_log_service.h"
#include "service/projection_set.h"
#include "store/event_store.h"

namespace parley::service {

struct ServerOptions {
  // RocksDB directory; created when missing. Required.
  std::string data_dir;
  // Address to listen on, HOST:PORT. Port 0 picks a free port.
  // Default: 127.0.0.1:50051.
  std::string listen = "127.0.0.1:50051";
  // Block cache for all column families, in bytes. Default: 64 MiB.
  size_t block_cache_bytes = 64 << 20;
  // Memtables across all column families, in bytes. Default: 128 MiB.
  size_t memtable_budget_bytes = 128 << 20;
  // Sync the WAL before acknowledging writes. Default: true.
  bool sync = true;
  // Upload limits, accepted types and token settings.
  AttachmentOptions attachments;
};

// parleyd: the event store, its projections and the gRPC services
// (CustomerService, AgentService, EventLogService, AnalyticsService,
// AttachmentService, grpc.health.v1.Health, reflection) in one object.
//
// Thread-safe after Start.
class Server {
 public:
  // Opens the data directory and starts serving.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options);

  // Stops accepting calls, waits up to `grace` for in-flight calls (queued
  // appends included) to finish, cancels the rest, and closes the store.
  void Shutdown(absl::Duration grace);

  ~Server();

  // Port actually bound; differs from the option when it asked for port 0.
  int port() const { return port_; }

 private:
  Server() = default;
  // Makes the token signer, the content type detector and the attachment
  // service; the store must be open.
  absl::Status StartAttachments(const AttachmentOptions& options);

  ProjectionSet projections_;
  std::unique_ptr<store::EventStore> store_;
  std::unique_ptr<AttachmentTokens> attachment_tokens_;
  std::unique_ptr<ContentTypeDetector> content_types_;
  std::unique_ptr<AttachmentServiceImpl> attachment_service_;
  std::unique_ptr<CustomerServiceImpl> customer_service_;
  std::unique_ptr<AgentServiceImpl> agent_service_;
  std::unique_ptr<EventLogServiceImpl> event_log_service_;
  std::unique_ptr<AnalyticsServiceImpl> analytics_service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  int port_ = 0;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_SERVER_H_
