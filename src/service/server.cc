#include "service/server.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "spdlog/spdlog.h"

namespace parley::service {

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  std::unique_ptr<Server> server(new Server());

  store::EventStoreOptions store_options;
  store_options.data_dir = options.data_dir;
  store_options.projections = server->projections_.All();
  store_options.sync = options.sync;
  store_options.block_cache_bytes = options.block_cache_bytes;
  store_options.memtable_budget_bytes = options.memtable_budget_bytes;
  absl::StatusOr<std::unique_ptr<store::EventStore>> store =
      store::EventStore::Open(store_options);
  if (!store.ok()) return store.status();
  server->store_ = *std::move(store);

  if (absl::Status s = server->StartAttachments(options.attachments); !s.ok()) return s;
  server->customer_service_ = std::make_unique<CustomerServiceImpl>(
      *server->store_, server->projections_.discussions, server->attachment_tokens_.get());
  server->agent_service_ =
      std::make_unique<AgentServiceImpl>(*server->store_, server->projections_.discussions);
  server->event_log_service_ =
      std::make_unique<EventLogServiceImpl>(*server->store_, server->projections_.discussions);
  server->analytics_service_ =
      std::make_unique<AnalyticsServiceImpl>(*server->store_, server->projections_.analytics);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Without this, gRPC sets SO_REUSEPORT and a second parleyd on the same
  // port would start and take half of the new connections.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // Without BDP probing, gRPC keeps each stream's receive window at 64 KiB
  // instead of growing it to megabytes, so an upload that waits for its
  // chunk writes makes the client wait rather than parleyd buffer its bytes.
  // Requests other than uploads are small, so only uploads feel the limit.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.RegisterService(server->customer_service_.get());
  builder.RegisterService(server->agent_service_.get());
  builder.RegisterService(server->event_log_service_.get());
  builder.RegisterService(server->analytics_service_.get());
  builder.RegisterService(server->attachment_service_.get());
  server->grpc_server_ = builder.BuildAndStart();
  if (server->grpc_server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen,
        "; check that the address is valid and the port is free"));
  }
  spdlog::info("parleyd serving on port {} with data directory {}", server->port_,
               options.data_dir);
  return server;
}

absl::Status Server::StartAttachments(const AttachmentOptions& options) {
  absl::StatusOr<AttachmentTokens> tokens =
      options.token_secret.empty() ? AttachmentTokens::CreateWithRandomKey()
                                   : AttachmentTokens::Create(options.token_secret);
  if (!tokens.ok()) return tokens.status();
  if (options.token_secret.empty()) {
    spdlog::warn("no attachment token secret is set, so parleyd signs with a random one: "
                 "upload and attachment tokens issued now stop working when it restarts");
  }
  attachment_tokens_ = std::make_unique<AttachmentTokens>(*std::move(tokens));

  absl::StatusOr<std::unique_ptr<ContentTypeDetector>> detector = ContentTypeDetector::Create();
  if (!detector.ok()) return detector.status();
  content_types_ = *std::move(detector);

  // No upload runs before the service exists, so every pending upload was
  // cut off by a crash or a kill.
  absl::StatusOr<size_t> abandoned = store::BlobStore(*store_).DeletePendingUploads();
  if (!abandoned.ok()) return abandoned.status();
  if (*abandoned > 0) {
    spdlog::info("deleted the chunks of {} uploads that the last run left unfinished", *abandoned);
  }

  attachment_service_ = std::make_unique<AttachmentServiceImpl>(
      *store_, *attachment_tokens_, *content_types_, options);
  return absl::OkStatus();
}

void Server::Shutdown(absl::Duration grace) {
  if (grpc_server_ == nullptr) return;
  spdlog::info("parleyd shutting down; waiting up to {} ms for in-flight calls",
               absl::ToInt64Milliseconds(grace));
  // Subscriptions never finish by themselves; ending them first lets the
  // other calls use the grace period.
  store_->watcher().Stop();
  grpc_server_->Shutdown(std::chrono::system_clock::now() +
                         absl::ToChronoMilliseconds(grace));
  grpc_server_.reset();
  // The attachment service waits for its blob reads and writes, which need
  // the store.
  attachment_service_.reset();
  // The store's destructor runs every queued append before closing RocksDB.
  store_.reset();
  spdlog::info("parleyd stopped");
}

Server::~Server() { Shutdown(absl::Seconds(5)); }

}  // namespace parley::service
