#ifndef PARLEY_CLI_LOG_COMMANDS_H_
#define PARLEY_CLI_LOG_COMMANDS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "cli/agent_commands.h"
#include "parley/v1/discussion.pb.h"

// parleyctl's commands over the event log and the projections: reading and
// following the log, rebuilding and verifying projections in a data
// directory, and analytics. Each Run function prints to `out`, reports
// errors on `err`, and returns an exit code from exit_code.h.

namespace parley::cli {

// `parleyctl events`: ReadEvents pages up to the end of the log, or
// SubscribeEvents with `follow`.
struct EventsOptions {
  uint64_t from_position = 1;
  bool follow = false;
  std::vector<std::string> types;  // Empty for every type.
  parley::v1::Category category = parley::v1::CATEGORY_UNSPECIFIED;
};

// `parleyctl rebuild` and `parleyctl verify`: offline, on a data directory
// that no running parleyd has open.
struct DataDirOptions {
  std::string data_dir;
  // verify: where to build the scratch copy; a new temporary directory,
  // removed afterwards, when empty.
  std::string scratch_dir;
  // verify: differences printed at most.
  size_t max_differences = 100;
};

// `parleyctl stats`: GetStats.
struct StatsOptions {
  int64_t from_ms = 0;  // 0 and 0 mean the last 24 hours.
  int64_t to_ms = 0;
  parley::v1::Category category = parley::v1::CATEGORY_UNSPECIFIED;
};

// Prints one JSON object per event (protobuf's JSON mapping), one per line.
// Without `follow`, stops at the end of the log; with it, runs until the
// stream ends, and then exits with kExitFailure and the error.
int RunEvents(const CallOptions& call, const EventsOptions& options,
              std::ostream& out, std::ostream& err);

// Drops and rebuilds every projection from the log.
int RunRebuild(const DataDirOptions& options, std::ostream& out, std::ostream& err);

// Rebuilds the projections into a scratch directory and prints every key
// where they differ from the live ones. Exits kExitFailure when any
// differs.
int RunVerify(const DataDirOptions& options, std::ostream& out, std::ostream& err);

int RunStats(const CallOptions& call, const StatsOptions& options,
             std::ostream& out, std::ostream& err);

}  // namespace parley::cli

#endif  // PARLEY_CLI_LOG_COMMANDS_H_
