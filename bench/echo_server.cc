// echo_server: a gRPC service that returns each request's payload, built with
// the same server settings as parleyd (callback API, default ServerBuilder,
// health checking and reflection on), so its throughput is the ceiling of
// parleyd's RPC path. Serves until SIGTERM or SIGINT.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/synchronization/mutex.h"
#include "echo.grpc.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0",
          "Address to serve on, HOST:PORT. Port 0 picks a free port, printed on stdout.");

namespace {

class EchoServiceImpl final : public parley::bench::EchoService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const parley::bench::EchoRequest* request,
                                 parley::bench::EchoResponse* response) override {
    response->set_payload(request->payload());
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Serves parley.bench.EchoService.\nUsage: echo_server [--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);
  // As in parleyd: Debian's Abseil records every mutex, gRPC's included, in a
  // lock-order graph, which parleyd turns off.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // As in parleyd: signals are taken by sigwait, so block them before any
  // thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  EchoServiceImpl service;
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // As in parleyd: a second server cannot take over a port already served.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  int port = 0;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen), grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "echo_server: cannot listen on %s; check the address and port\n",
                 absl::GetFlag(FLAGS_listen).c_str());
    return EXIT_FAILURE;
  }
  std::printf("echo_server serving on port %d\n", port);
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  server->Shutdown();
  return EXIT_SUCCESS;
}
