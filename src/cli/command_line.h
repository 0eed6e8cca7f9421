#ifndef PARLEY_CLI_COMMAND_LINE_H_
#define PARLEY_CLI_COMMAND_LINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

// Splits parleyctl's arguments into positional arguments and flags, and sets
// the flags through Abseil's flag registry, which parses each value and owns
// the flag's type and help text.
//
// parleyctl does not call absl::ParseCommandLine because that function exits
// the process with code 1 on an unknown flag, an invalid value and --help.
// parleyctl exits with 2 on usage errors and 0 on help, and rejects flags
// that the command does not take.

namespace parley::cli {

// Arguments after splitting.
struct CommandLine {
  // Positional arguments in order: the command name, then its arguments.
  std::vector<std::string> positional;
  // Names of the flags given, without dashes, in order.
  std::vector<std::string> flags;
  // True when --help, -help or -h was given.
  bool help = false;
};

// Parses `args` (argv without the program name) with the syntax of
// absl::ParseCommandLine, without its --flagfile, --fromenv, --tryfromenv and
// --undefok:
//   --name=value and -name=value set a flag
//   --name value sets a flag that is not a bool
//   --name and --noname set a bool flag to true and false
//   --  ends the flags, so every later argument is positional
//   -   and any argument without a leading dash are positional
// Only flags in `known_flags` are accepted, each at most once (--name and
// --noname count as the same flag). Fails with INVALID_ARGUMENT naming the
// argument for an unknown or repeated flag, a missing value or a value that
// the flag's type rejects. Flags set before
// the failure keep their new values.
absl::StatusOr<CommandLine> ParseCommandLine(
    absl::Span<const char* const> args, absl::Span<const absl::string_view> known_flags);

}  // namespace parley::cli

#endif  // PARLEY_CLI_COMMAND_LINE_H_
