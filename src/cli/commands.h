#ifndef PARLEY_CLI_COMMANDS_H_
#define PARLEY_CLI_COMMANDS_H_

#include <ostream>

#include "absl/types/span.h"

// parleyctl's commands: the table of commands and the flags each takes, the
// help text, and the dispatch from a command line to a command function.

namespace parley::cli {

// Runs parleyctl with `args`, which is argv without the program name, e.g.
// {"assign", "--discussion=12", "--agent=ann"}. Prints results and help to
// `out` and errors to `err`. Returns kExitOk, kExitFailure or kExitUsage
// (see exit_code.h).
//
// Sets parleyctl's process-wide flags, so calls must not run concurrently,
// and a caller that runs it more than once should restore the flags between
// runs (absl::FlagSaver).
int RunParleyctl(absl::Span<const char* const> args, std::ostream& out,
                 std::ostream& err);

}  // namespace parley::cli

#endif  // PARLEY_CLI_COMMANDS_H_
