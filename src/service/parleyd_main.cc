// parleyd: the Parley gRPC server. See `parleyd --help`.

#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "service/server.h"
#include "spdlog/spdlog.h"

ABSL_FLAG(std::string, data_dir, "",
          "Directory of the RocksDB database; created when missing. Required.");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "Address to serve gRPC on, HOST:PORT. Port 0 picks a free port.");
ABSL_FLAG(int, block_cache_mb, 64,
          "RocksDB block cache shared by all column families, in MiB.");
ABSL_FLAG(int, memtable_mb, 128,
          "RocksDB memtables (recent writes not yet flushed) across all "
          "column families, in MiB. With --block_cache_mb, bounds most of "
          "parleyd's memory.");
ABSL_FLAG(bool, sync, true,
          "Sync the write-ahead log before acknowledging a write. Turning it "
          "off loses acknowledged writes on a machine crash; for tests only.");
ABSL_FLAG(int, shutdown_grace_ms, 5000,
          "On SIGTERM or SIGINT, how long in-flight calls may take to finish, "
          "in ms.");
ABSL_FLAG(std::string, log_level, "info",
          "Log level: trace, debug, info, warn, error, critical or off.");
ABSL_FLAG(std::vector<std::string>, attachment_types,
          parley::service::AttachmentPolicy().allowed_types,
          "Content types accepted as attachments, comma-separated, as libmagic "
          "detects them from the file's bytes. Default: image/jpeg,image/png,"
          "image/gif,image/webp,image/heic,image/heif,application/pdf.");
ABSL_FLAG(uint64_t, attachment_max_bytes, parley::service::AttachmentPolicy().max_bytes,
          "Largest attachment accepted, in bytes; 1 to 268435456 (256 MiB). "
          "parleyd stores each upload in chunks as it arrives, so the limit "
          "does not change its memory. Default: 10485760 (10 MiB).");
ABSL_FLAG(absl::Duration, upload_token_ttl, absl::Hours(1),
          "Lifetime of the upload token that attachmentUploaderConfig returns, "
          "e.g. 1h or 30m. Default: 1h.");
ABSL_FLAG(absl::Duration, attachment_token_ttl, absl::Hours(24),
          "Time a customer has to send the attachment token that an upload "
          "returns with a message, e.g. 24h. Default: 24h.");
ABSL_FLAG(int, attachment_max_concurrent_uploads, 16,
          "Maximum number of uploads received at the same time; more are "
          "rejected as busy, and the client should retry. Default: 16.");

namespace {

// Environment variable with the key that signs attachment tokens.
constexpr char kAttachmentSecretVariable[] = "PARLEY_ATTACHMENT_SECRET";

// Largest --attachment_max_bytes accepted. A duplicate upload deletes its
// chunks one key at a time in the batch of its command, so this bounds that
// batch to 1,024 deletions with the default chunk size of 256 KiB.
constexpr uint64_t kMaxAttachmentBytes = 256 << 20;

// Reads the attachment flags and PARLEY_ATTACHMENT_SECRET, or returns
// INVALID_ARGUMENT naming the flag or variable to fix.
absl::StatusOr<parley::service::AttachmentOptions> AttachmentOptionsFromFlags() {
  parley::service::AttachmentOptions options;
  const char* secret = std::getenv(kAttachmentSecretVariable);
  if (secret != nullptr) options.token_secret = secret;
  if (secret != nullptr &&
      options.token_secret.size() < parley::service::AttachmentTokens::kMinKeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        kAttachmentSecretVariable, " is ", options.token_secret.size(),
        " bytes; use at least ", parley::service::AttachmentTokens::kMinKeyBytes,
        ", e.g. the output of 'openssl rand -hex 32'"));
  }

  options.policy.allowed_types = absl::GetFlag(FLAGS_attachment_types);
  for (const std::string& type : options.policy.allowed_types) {
    if (type.find('/') == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--attachment_types has '", type, "'; use content types such as image/png"));
    }
  }
  if (options.policy.allowed_types.empty()) {
    return absl::InvalidArgumentError("--attachment_types is empty; list at least one type");
  }
  options.policy.max_bytes = absl::GetFlag(FLAGS_attachment_max_bytes);
  if (options.policy.max_bytes < 1 || options.policy.max_bytes > kMaxAttachmentBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--attachment_max_bytes is ", options.policy.max_bytes, "; use 1 to ",
        kMaxAttachmentBytes));
  }
  options.upload_token_ttl = absl::GetFlag(FLAGS_upload_token_ttl);
  options.attachment_token_ttl = absl::GetFlag(FLAGS_attachment_token_ttl);
  if (options.upload_token_ttl <= absl::ZeroDuration() ||
      options.attachment_token_ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--upload_token_ttl and --attachment_token_ttl must be positive, e.g. 1h");
  }
  options.max_concurrent_uploads = absl::GetFlag(FLAGS_attachment_max_concurrent_uploads);
  if (options.max_concurrent_uploads < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--attachment_max_concurrent_uploads is ", options.max_concurrent_uploads,
        "; use 1 or more"));
  }
  return options;
}

// Checks --listen: HOST:PORT with a port from 0 to 65535.
absl::Status ValidateListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(absl::string_view(listen).substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--listen is \"", listen,
        "\"; use HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:50051"));
  }
  return absl::OkStatus();
}

// Reads --log_level, rejecting names spdlog does not know (it would turn
// logging off for them).
absl::StatusOr<spdlog::level::level_enum> LogLevelFromFlag() {
  const std::string name = absl::GetFlag(FLAGS_log_level);
  const spdlog::level::level_enum level = spdlog::level::from_str(name);
  if (level == spdlog::level::off && name != "off") {
    return absl::InvalidArgumentError(absl::StrCat(
        "--log_level is \"", name,
        "\"; use trace, debug, info, warn, error, critical or off"));
  }
  return level;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Serves Parley's gRPC API from an embedded RocksDB directory.\n"
      "Usage: parleyd --data_dir=DIR [--listen=HOST:PORT]\n"
      "Environment: PARLEY_ATTACHMENT_SECRET, at least 32 bytes, is the key that\n"
      "signs upload and attachment tokens. Without it parleyd uses a random key,\n"
      "and tokens issued before a restart stop working.");
  absl::ParseCommandLine(argc, argv);
  // Debian's Abseil is built with its debug checks, which record every
  // mutex in a lock-order graph. That costs CPU on each command and each
  // call, and the tests run the same code with the checks on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::StatusOr<spdlog::level::level_enum> log_level = LogLevelFromFlag();
  if (!log_level.ok()) {
    spdlog::critical("{}", std::string(log_level.status().message()));
    return EXIT_FAILURE;
  }
  spdlog::set_level(*log_level);

  parley::service::ServerOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.listen = absl::GetFlag(FLAGS_listen);
  options.sync = absl::GetFlag(FLAGS_sync);
  const int cache_mb = absl::GetFlag(FLAGS_block_cache_mb);
  if (options.data_dir.empty()) {
    spdlog::critical("--data_dir is missing; pass the directory to keep data in");
    return EXIT_FAILURE;
  }
  if (absl::Status listen = ValidateListen(options.listen); !listen.ok()) {
    spdlog::critical("{}", std::string(listen.message()));
    return EXIT_FAILURE;
  }
  if (absl::GetFlag(FLAGS_shutdown_grace_ms) < 0) {
    spdlog::critical("--shutdown_grace_ms is {}; use 0 or more",
                     absl::GetFlag(FLAGS_shutdown_grace_ms));
    return EXIT_FAILURE;
  }
  if (cache_mb < 1) {
    spdlog::critical("--block_cache_mb is {}; use 1 or more", cache_mb);
    return EXIT_FAILURE;
  }
  options.block_cache_bytes = static_cast<size_t>(cache_mb) << 20;
  const int memtable_mb = absl::GetFlag(FLAGS_memtable_mb);
  if (memtable_mb < 8) {
    spdlog::critical("--memtable_mb is {}; use 8 or more", memtable_mb);
    return EXIT_FAILURE;
  }
  options.memtable_budget_bytes = static_cast<size_t>(memtable_mb) << 20;
  absl::StatusOr<parley::service::AttachmentOptions> attachments =
      AttachmentOptionsFromFlags();
  if (!attachments.ok()) {
    spdlog::critical("{}", std::string(attachments.status().message()));
    return EXIT_FAILURE;
  }
  options.attachments = *std::move(attachments);

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
