#ifndef PARLEY_CLI_FLAGS_H_
#define PARLEY_CLI_FLAGS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cli/agent_commands.h"
#include "cli/token.h"

// parleyctl's flags, and their conversion into each command's options.
// Every flag is process-wide, and commands.h decides which commands take
// which flags. The help text of each flag is the one `parleyctl help` prints.

ABSL_DECLARE_FLAG(std::string, target);
ABSL_DECLARE_FLAG(absl::Duration, timeout);
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, customer);
ABSL_DECLARE_FLAG(absl::Duration, ttl);
ABSL_DECLARE_FLAG(std::optional<uint64_t>, discussion);
ABSL_DECLARE_FLAG(std::string, agent);
ABSL_DECLARE_FLAG(std::string, message);
ABSL_DECLARE_FLAG(std::string, status);
ABSL_DECLARE_FLAG(std::string, to);
ABSL_DECLARE_FLAG(std::string, category);
ABSL_DECLARE_FLAG(int32_t, offset);
ABSL_DECLARE_FLAG(int32_t, limit);
ABSL_DECLARE_FLAG(std::string, request_id);

namespace parley::cli {

// Each function reads the current flag values into a command's options.
// Values are checked with the rules of domain/validation.h, so that an
// invalid command line fails before any call. Every failure is
// INVALID_ARGUMENT with a message that names the flag, e.g.
// "--discussion is missing; pass it, e.g. --discussion=12".

// Reads --customer and --ttl, the secret from PARLEY_TOKEN_SECRET, and sets
// the issue time to now.
absl::StatusOr<TokenOptions> TokenOptionsFromFlags();

// Reads --target, --timeout and --json.
absl::StatusOr<CallOptions> CallOptionsFromFlags();

absl::StatusOr<AssignOptions> AssignOptionsFromFlags();
absl::StatusOr<RespondOptions> RespondOptionsFromFlags();
absl::StatusOr<ChangeStatusOptions> ChangeStatusOptionsFromFlags();
absl::StatusOr<QueueOptions> QueueOptionsFromFlags();
absl::StatusOr<ShowOptions> ShowOptionsFromFlags();

}  // namespace parley::cli

#endif  // PARLEY_CLI_FLAGS_H_
