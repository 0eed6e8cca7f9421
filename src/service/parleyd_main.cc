// parleyd: the Parley gRPC server. See `parleyd --help`.

#include <csignal>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "service/server.h"
#include "spdlog/spdlog.h"

ABSL_FLAG(std::string, data_dir, "",
          "Directory of the RocksDB database; created when missing. Required.");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "Address to serve gRPC on, HOST:PORT. Port 0 picks a free port.");
ABSL_FLAG(int, block_cache_mb, 64,
          "RocksDB block cache shared by all column families, in MiB.");
ABSL_FLAG(bool, sync, true,
          "Sync the write-ahead log before acknowledging a write. Turning it "
          "off loses acknowledged writes on a machine crash; for tests only.");
ABSL_FLAG(int, shutdown_grace_ms, 5000,
          "On SIGTERM or SIGINT, how long in-flight calls may take to finish, "
          "in ms.");
ABSL_FLAG(std::string, log_level, "info",
          "Log level: trace, debug, info, warn, error, critical or off.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Serves Parley's gRPC API from an embedded RocksDB directory.\n"
      "Usage: parleyd --data_dir=DIR [--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);
  spdlog::set_level(spdlog::level::from_str(absl::GetFlag(FLAGS_log_level)));

  parley::service::ServerOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.listen = absl::GetFlag(FLAGS_listen);
  options.sync = absl::GetFlag(FLAGS_sync);
  const int cache_mb = absl::GetFlag(FLAGS_block_cache_mb);
  if (options.data_dir.empty()) {
    spdlog::critical("--data_dir is missing; pass the directory to keep data in");
    return EXIT_FAILURE;
  }
  if (cache_mb < 1) {
    spdlog::critical("--block_cache_mb is {}; use 1 or more", cache_mb);
    return EXIT_FAILURE;
  }
  options.block_cache_bytes = static_cast<size_t>(cache_mb) << 20;

  // Signals are taken synchronously by sigwait below, so they must be
  // blocked before any thread starts and inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::unique_ptr<parley::service::Server>> server =
      parley::service::Server::Start(options);
  if (!server.ok()) {
    spdlog::critical("parleyd failed to start: {}", server.status().ToString());
    return EXIT_FAILURE;
  }

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("received signal {}", signal_number);
  (*server)->Shutdown(absl::Milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms)));
  return EXIT_SUCCESS;
}
