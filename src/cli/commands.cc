#include "cli/commands.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/agent_commands.h"
#include "cli/attachment_commands.h"
#include "cli/command_line.h"
#include "cli/exit_code.h"
#include "cli/flags.h"
#include "cli/log_commands.h"
#include "cli/log_flags.h"
#include "cli/output.h"
#include "cli/token.h"

namespace parley::cli {
namespace {

// A flag as one command takes it.
struct FlagUse {
  absl::string_view name;
  // Placeholder of the value in usage lines, e.g. "ID", or empty for a bool.
  absl::string_view value;
  bool required = false;
};

struct Command {
  // One word, or two for a command of a group, e.g. "attachment get".
  absl::string_view name;
  // One sentence for the list of commands.
  absl::string_view summary;
  // Lines of `parleyctl help NAME`, wrapped at 80 columns.
  absl::string_view description;
  std::vector<FlagUse> flags;
  // Reads the flags into options and runs the command. Usage errors print
  // their message and return kExitUsage.
  int (*run)(std::ostream& out, std::ostream& err);
};

constexpr absl::string_view kHelpCommand = "help";
constexpr size_t kHelpWidth = 80;
constexpr size_t kFlagHelpIndent = 6;

// Reads the call flags and a command's own flags, then runs the command.
template <typename Options>
int RunAgentCommand(absl::StatusOr<Options> (*read_flags)(),
                    int (*run)(const CallOptions&, const Options&, std::ostream&,
                               std::ostream&),
                    std::ostream& out, std::ostream& err) {
  absl::StatusOr<CallOptions> call = CallOptionsFromFlags();
  if (!call.ok()) {
    PrintError(call.status().message(), err);
    return kExitUsage;
  }
  absl::StatusOr<Options> options = read_flags();
  if (!options.ok()) {
    PrintError(options.status().message(), err);
    return kExitUsage;
  }
  return run(*call, *options, out, err);
}

// Reads the flags of a data-directory command and runs it.
int RunDataDirCommand(int (*run)(const DataDirOptions&, std::ostream&, std::ostream&),
                      std::ostream& out, std::ostream& err) {
  absl::StatusOr<DataDirOptions> options = DataDirOptionsFromFlags();
  if (!options.ok()) {
    PrintError(options.status().message(), err);
    return kExitUsage;
  }
  return run(*options, out, err);
}

int RunTokenCommand(std::ostream& out, std::ostream& err) {
  absl::StatusOr<TokenOptions> options = TokenOptionsFromFlags();
  if (!options.ok()) {
    PrintError(options.status().message(), err);
    return kExitUsage;
  }
  return RunToken(*options, out, err);
}

// Returns `flags` followed by the flags that every agent command takes.
std::vector<FlagUse> WithCallFlags(std::vector<FlagUse> flags) {
  flags.push_back({"target", "HOST:PORT"});
  flags.push_back({"timeout", "DURATION"});
  flags.push_back({"json", ""});
  return flags;
}

const std::vector<Command>& Commands() {
  static const auto* const kCommands = new std::vector<Command>{
      {"token", "Print a signed customer token for the GraphQL gateway.",
       "Prints a JWT signed with HMAC-SHA256 (HS256). Its claims are sub, the\n"
       "customer id; iat, the issue time; and exp, the issue time plus --ttl.\n"
       "The signing secret is read from the environment variable\n"
       "PARLEY_TOKEN_SECRET, which must contain at least 32 bytes and must be\n"
       "the secret that the gateway verifies tokens with.",
       {{"customer", "ID", true}, {"ttl", "DURATION"}},
       RunTokenCommand},
      {"assign", "Assign a discussion to an agent.",
       "Assigns the discussion to the agent. An OUTSTANDING or PENDING\n"
       "discussion becomes IN_PROGRESS, and an IN_PROGRESS one changes its\n"
       "assignee. A COMPLETED discussion cannot be assigned; reopen it with\n"
       "'parleyctl status --to=IN_PROGRESS'.",
       WithCallFlags({{"discussion", "ID", true},
                      {"agent", "NAME", true},
                      {"request_id", "KEY"}}),
       [](std::ostream& out, std::ostream& err) {
         return RunAgentCommand(AssignOptionsFromFlags, RunAssign, out, err);
       }},
      {"respond", "Post an agent's response to a discussion.",
       "Posts the message as a RESPONSE from the agent. The discussion becomes\n"
       "COMPLETED unless --status names another status. The agent becomes the\n"
       "assignee unless the discussion is IN_PROGRESS or PENDING with an\n"
       "assignee already.",
       WithCallFlags({{"discussion", "ID", true},
                      {"agent", "NAME", true},
                      {"message", "TEXT", true},
                      {"status", "STATUS"},
                      {"request_id", "KEY"}}),
       [](std::ostream& out, std::ostream& err) {
         return RunAgentCommand(RespondOptionsFromFlags, RunRespond, out, err);
       }},
      {"status", "Change the status of a discussion.",
       "Moves the discussion to the status named by --to. The server rejects a\n"
       "move that the lifecycle does not allow with FAILED_PRECONDITION; only a\n"
       "customer reply makes a discussion OUTSTANDING again.",
       WithCallFlags({{"discussion", "ID", true},
                      {"agent", "NAME", true},
                      {"to", "STATUS", true},
                      {"request_id", "KEY"}}),
       [](std::ostream& out, std::ostream& err) {
         return RunAgentCommand(ChangeStatusOptionsFromFlags, RunChangeStatus, out, err);
       }},
      {"queue", "List the discussions waiting in a status.",
       "Lists one page of the discussions in a status (default OUTSTANDING),\n"
       "optionally of one category, least recently updated first.",
       WithCallFlags({{"status", "STATUS"},
                      {"category", "CATEGORY"},
                      {"offset", "N"},
                      {"limit", "N"}}),
       [](std::ostream& out, std::ostream& err) {
         return RunAgentCommand(QueueOptionsFromFlags, RunQueue, out, err);
       }},
      {"show", "Print a discussion and a page of its messages.",
       "Prints the discussion's status, category, customer, assignee and times,\n"
       "then one page of its messages, oldest first.",
       WithCallFlags({{"discussion", "ID", true}, {"offset", "N"}, {"limit", "N"}}),
       [](std::ostream& out, std::ostream& err) {
         return RunAgentCommand(ShowOptionsFromFlags, RunShow, out, err);
       }},
      {"events", "Print the event log as JSON Lines.",
       "Prints events from --from on, one JSON object per line in protobuf's\n"
       "JSON mapping, oldest first, and stops at the end of the log. With\n"
       "--follow it then keeps printing new events as they are committed.\n"
       "--type and --category keep only some events. Each line has a position;\n"
       "to resume later, pass the last position handled plus one as --from.",
       WithCallFlags({{"from", "POSITION"},
                      {"follow", ""},
                      {"type", "TYPE[,TYPE...]"},
                      {"category", "CATEGORY"}}),
       [](std::ostream& out, std::ostream& err) {
         return RunAgentCommand(EventsOptionsFromFlags, RunEvents, out, err);
       }},
      {"rebuild", "Rebuild every projection from the event log (offline).",
       "Drops every projection of the data directory and rebuilds it by\n"
       "replaying the whole log. parleyd must be stopped. The log, sequences\n"
       "and idempotency records are not changed.",
       {{"data_dir", "DIR", true}},
       [](std::ostream& out, std::ostream& err) {
         return RunDataDirCommand(RunRebuild, out, err);
       }},
      {"verify", "Compare the projections with a rebuild from the log (offline).",
       "Rebuilds every projection into a scratch directory and compares it key\n"
       "by key with the data directory's. Prints each key that differs and\n"
       "exits with 1 when any does. parleyd must be stopped.",
       {{"data_dir", "DIR", true}, {"scratch_dir", "DIR"}},
       [](std::ostream& out, std::ostream& err) {
         return RunDataDirCommand(RunVerify, out, err);
       }},
      {"attachment get", "Download an attachment into a file.",
       "Downloads the attachment with the given id, as 'parleyctl show' lists\n"
       "it under each message, and writes it to --out. The size and SHA-256 of\n"
       "the bytes are checked against the attachment's metadata; on any failure\n"
       "--out is left unchanged. Agents may download every attachment.",
       WithCallFlags({{"id", "ID", true}, {"out", "FILE", true}}),
       [](std::ostream& out, std::ostream& err) {
         return RunAgentCommand(AttachmentGetOptionsFromFlags, RunAttachmentGet, out, err);
       }},
      {"stats", "Print discussion analytics for a time range.",
       "Prints, per category, discussions created per day, discussions now in\n"
       "each status, and the time to first response, the time to completion\n"
       "and the messages per discussion (count, mean, p50, p90, p99) over the\n"
       "range --since to --until, by default the last 24 hours.",
       WithCallFlags({{"since", "TIME"}, {"until", "TIME"}, {"category", "CATEGORY"}}),
       [](std::ostream& out, std::ostream& err) {
         return RunAgentCommand(StatsOptionsFromFlags, RunStats, out, err);
       }},
  };
  return *kCommands;
}

// Returns the command that the first words of `words` name, and sets
// `word_count` to how many words its name has. A two-word name is tried
// first, so "attachment get" wins over a command "attachment".
const Command* FindCommand(absl::Span<const std::string> words, size_t& word_count) {
  for (size_t count : {size_t{2}, size_t{1}}) {
    if (words.size() < count) continue;
    const std::string name = absl::StrJoin(words.subspan(0, count), " ");
    for (const Command& command : Commands()) {
      if (command.name == name) {
        word_count = count;
        return &command;
      }
    }
  }
  return nullptr;
}

// Returns the commands of the group `word`, e.g. "attachment get" for
// "attachment", or none when `word` names no group.
std::vector<const Command*> GroupCommands(absl::string_view word) {
  std::vector<const Command*> commands;
  for (const Command& command : Commands()) {
    if (absl::StartsWith(command.name, absl::StrCat(word, " "))) commands.push_back(&command);
  }
  return commands;
}

// Message for words that name no command: a group's name alone lists its
// subcommands.
std::string UnknownCommand(absl::string_view word) {
  std::vector<absl::string_view> subcommands;
  for (const Command* command : GroupCommands(word)) {
    subcommands.push_back(command->name.substr(word.size() + 1));
  }
  if (subcommands.empty()) return absl::StrCat("unknown command '", word, "'");
  return absl::StrCat("'", word, "' needs a subcommand: ", absl::StrJoin(subcommands, ", "));
}

bool TakesFlag(const Command& command, absl::string_view flag) {
  return absl::c_any_of(command.flags,
                        [&](const FlagUse& use) { return use.name == flag; });
}

// Every flag of every command, each once, in the order of first use.
std::vector<FlagUse> AllFlags() {
  std::vector<FlagUse> flags;
  for (const Command& command : Commands()) {
    for (const FlagUse& use : command.flags) {
      const bool seen = absl::c_any_of(
          flags, [&](const FlagUse& other) { return other.name == use.name; });
      if (!seen) flags.push_back({use.name, use.value});
    }
  }
  return flags;
}

std::vector<absl::string_view> AllFlagNames() {
  std::vector<absl::string_view> names;
  for (const FlagUse& use : AllFlags()) names.push_back(use.name);
  return names;
}

std::string FlagSyntax(const FlagUse& use) {
  if (use.value.empty()) return absl::StrCat("--", use.name);
  return absl::StrCat("--", use.name, "=", use.value);
}

// Prints `text` wrapped at kHelpWidth columns, each line indented by
// `indent` spaces. A word longer than a line is printed on a line of its own.
void PrintWrapped(absl::string_view text, size_t indent, std::ostream& out) {
  const std::string margin(indent, ' ');
  std::string line;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line.empty() && indent + line.size() + 1 + word.size() > kHelpWidth) {
      out << margin << line << '\n';
      line.clear();
    }
    if (!line.empty()) line += ' ';
    absl::StrAppend(&line, word);
  }
  if (!line.empty()) out << margin << line << '\n';
}

void PrintFlagHelp(const FlagUse& use, std::ostream& out) {
  out << "  " << FlagSyntax(use) << '\n';
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(use.name);
  if (flag != nullptr) PrintWrapped(flag->Help(), kFlagHelpIndent, out);
}

void PrintOverview(std::ostream& out) {
  out << "parleyctl: the operator and agent tool of Parley, the customer-services\n"
         "messaging backend.\n\n"
         "Usage: parleyctl COMMAND [--flag=value ...]\n"
         "       parleyctl help COMMAND\n\n"
         "Commands:\n";
  size_t width = kHelpCommand.size();
  for (const Command& command : Commands()) width = std::max(width, command.name.size());
  for (const Command& command : Commands()) {
    out << "  " << command.name << std::string(width + 2 - command.name.size(), ' ')
        << command.summary << '\n';
  }
  out << "  " << kHelpCommand << std::string(width + 2 - kHelpCommand.size(), ' ')
      << "Print the usage and flags of a command.\n\n"
      << "Flags (each command takes some of them; see 'parleyctl help COMMAND'):\n";
  for (const FlagUse& use : AllFlags()) PrintFlagHelp(use, out);
  out << "\nExit codes: 0 success; 1 failure, such as an error returned by the server\n"
         "or a server that cannot be reached; 2 usage error.\n";
}

void PrintCommandHelp(const Command& command, std::ostream& out) {
  std::vector<std::string> synopsis = {"parleyctl", std::string(command.name)};
  for (const FlagUse& use : command.flags) {
    synopsis.push_back(use.required ? FlagSyntax(use)
                                    : absl::StrCat("[", FlagSyntax(use), "]"));
  }
  out << "Usage:\n";
  PrintWrapped(absl::StrJoin(synopsis, " "), 2, out);
  out << '\n' << command.description << "\n\nFlags:\n";
  for (const FlagUse& use : command.flags) PrintFlagHelp(use, out);
}

// Prints the help of every command of a group, e.g. for
// `parleyctl help attachment`. Returns false when `word` names no group.
bool PrintGroupHelp(absl::string_view word, std::ostream& out) {
  const std::vector<const Command*> commands = GroupCommands(word);
  for (size_t i = 0; i < commands.size(); ++i) {
    if (i > 0) out << '\n';
    PrintCommandHelp(*commands[i], out);
  }
  return !commands.empty();
}

// Prints a usage error and the help command to run, then returns kExitUsage.
int UsageError(absl::string_view message, absl::string_view command, std::ostream& err) {
  PrintError(message, err);
  err << "Run 'parleyctl help" << (command.empty() ? "" : " ") << command
      << "' for usage.\n";
  return kExitUsage;
}

// Runs `parleyctl help [COMMAND]`.
int RunHelp(const std::vector<std::string>& positional, std::ostream& out,
            std::ostream& err) {
  if (positional.size() == 1) {
    PrintOverview(out);
    return FinishOutput(out, err);
  }
  if (positional[1] == kHelpCommand && positional.size() == 2) {
    PrintOverview(out);
    return FinishOutput(out, err);
  }
  const absl::Span<const std::string> words = absl::MakeConstSpan(positional).subspan(1);
  size_t word_count = 0;
  const Command* command = FindCommand(words, word_count);
  if (command == nullptr && words.size() == 1 && PrintGroupHelp(words[0], out)) {
    return FinishOutput(out, err);
  }
  if (command == nullptr) return UsageError(UnknownCommand(words[0]), "", err);
  if (words.size() > word_count) {
    return UsageError(absl::StrCat("unexpected argument '", words[word_count], "'"), "", err);
  }
  PrintCommandHelp(*command, out);
  return FinishOutput(out, err);
}

}  // namespace

int RunParleyctl(absl::Span<const char* const> args, std::ostream& out,
                 std::ostream& err) {
  absl::StatusOr<CommandLine> command_line = ParseCommandLine(args, AllFlagNames());
  if (!command_line.ok()) return UsageError(command_line.status().message(), "", err);
  const std::vector<std::string>& positional = command_line->positional;

  if (positional.empty()) {
    if (command_line->help) {
      PrintOverview(out);
      return FinishOutput(out, err);
    }
    return UsageError("missing command", "", err);
  }
  if (positional[0] == kHelpCommand) {
    if (command_line->help) return RunHelp({std::string(kHelpCommand)}, out, err);
    return RunHelp(positional, out, err);
  }

  size_t word_count = 0;
  const Command* command = FindCommand(positional, word_count);
  if (command == nullptr && command_line->help && positional.size() == 1 &&
      PrintGroupHelp(positional[0], out)) {
    return FinishOutput(out, err);
  }
  if (command == nullptr) return UsageError(UnknownCommand(positional[0]), "", err);
  if (command_line->help) {
    PrintCommandHelp(*command, out);
    return FinishOutput(out, err);
  }
  if (positional.size() > word_count) {
    return UsageError(absl::StrCat("unexpected argument '", positional[word_count],
                                   "'; pass values as flags, e.g. --discussion=12"),
                      command->name, err);
  }
  for (const std::string& flag : command_line->flags) {
    if (!TakesFlag(*command, flag)) {
      return UsageError(
          absl::StrCat("--", flag, " does not apply to '", command->name, "'"),
          command->name, err);
    }
  }

  const int exit_code = command->run(out, err);
  if (exit_code == kExitUsage) {
    err << "Run 'parleyctl help " << command->name << "' for usage.\n";
  }
  return exit_code;
}

}  // namespace parley::cli
