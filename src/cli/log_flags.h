#ifndef PARLEY_CLI_LOG_FLAGS_H_
#define PARLEY_CLI_LOG_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cli/log_commands.h"

// Flags of the log, projection and analytics commands, and their
// conversion into options. Shared flags (--target, --category, ...) are in
// flags.h.

ABSL_DECLARE_FLAG(uint64_t, from);
ABSL_DECLARE_FLAG(bool, follow);
ABSL_DECLARE_FLAG(std::vector<std::string>, type);
ABSL_DECLARE_FLAG(std::string, data_dir);
ABSL_DECLARE_FLAG(std::string, scratch_dir);
ABSL_DECLARE_FLAG(absl::Time, since);
ABSL_DECLARE_FLAG(absl::Time, until);

namespace parley::cli {

absl::StatusOr<EventsOptions> EventsOptionsFromFlags();
absl::StatusOr<DataDirOptions> DataDirOptionsFromFlags();
absl::StatusOr<StatsOptions> StatsOptionsFromFlags();

}  // namespace parley::cli

#endif  // PARLEY_CLI_LOG_FLAGS_H_
