#ifndef PARLEY_CLI_EXIT_CODE_H_
#define PARLEY_CLI_EXIT_CODE_H_

namespace parley::cli {

// Exit codes of parleyctl. Every command function returns one of them.
inline constexpr int kExitOk = 0;
// The command was valid but failed: the server returned an error, could not
// be reached, or the output could not be written.
inline constexpr int kExitFailure = 1;
// The command line or the environment is invalid: an unknown command or
// flag, a missing or invalid flag value, or a missing token secret.
inline constexpr int kExitUsage = 2;

}  // namespace parley::cli

#endif  // PARLEY_CLI_EXIT_CODE_H_
