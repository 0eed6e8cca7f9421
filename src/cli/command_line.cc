#include "cli/command_line.h"

#include <cstdint>
#include <optional>

#include "absl/algorithm/container.h"
#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace parley::cli {
namespace {

// One flag argument split at its first '='.
struct FlagArgument {
  std::string name;
  std::optional<std::string> value;
};

FlagArgument SplitFlagArgument(absl::string_view arg) {
  absl::ConsumePrefix(&arg, "-");
  absl::ConsumePrefix(&arg, "-");
  FlagArgument flag;
  const size_t equals = arg.find('=');
  flag.name = std::string(arg.substr(0, equals));
  if (equals != absl::string_view::npos) flag.value = std::string(arg.substr(equals + 1));
  return flag;
}

bool IsHelp(const FlagArgument& flag) {
  return !flag.value.has_value() && (flag.name == "help" || flag.name == "h");
}

absl::Status UnknownFlag(absl::string_view name) {
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown flag --", name));
}

// Finds a flag that parleyctl defines, or nullptr.
absl::CommandLineFlag* FindKnownFlag(absl::Span<const absl::string_view> known_flags,
                                     absl::string_view name) {
  if (!absl::c_linear_search(known_flags, name)) return nullptr;
  return absl::FindCommandLineFlag(name);
}

// Describes the values that `flag` accepts, for an error message.
absl::string_view ExpectedValue(const absl::CommandLineFlag& flag) {
  if (flag.IsOfType<bool>()) return "use true or false";
  if (flag.IsOfType<absl::Duration>()) return "use a number with a unit, e.g. 5s, 500ms or 720h";
  if (flag.IsOfType<std::optional<uint64_t>>()) return "use a positive integer, e.g. 12";
  if (flag.IsOfType<uint64_t>()) return "use a decimal integer of 0 or more";
  if (flag.IsOfType<int32_t>()) return "use a decimal integer";
  return "see 'parleyctl help'";
}

absl::Status SetFlag(absl::CommandLineFlag& flag, absl::string_view value) {
  // Abseil's own error only repeats the value and the flag name.
  std::string ignored_error;
  if (flag.ParseFrom(value, &ignored_error)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("invalid value '", value, "' for --",
                                                 flag.Name(), "; ", ExpectedValue(flag)));
}

}  // namespace

absl::StatusOr<CommandLine> ParseCommandLine(
    absl::Span<const char* const> args, absl::Span<const absl::string_view> known_flags) {
  CommandLine result;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const absl::string_view arg = args[i];
    if (flags_ended || arg.size() < 2 || arg[0] != '-') {
      result.positional.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }

    FlagArgument parsed = SplitFlagArgument(arg);
    if (IsHelp(parsed)) {
      result.help = true;
      continue;
    }
    absl::CommandLineFlag* flag = FindKnownFlag(known_flags, parsed.name);
    absl::string_view negated_name = parsed.name;
    if (flag == nullptr && !parsed.value.has_value() &&
        absl::ConsumePrefix(&negated_name, "no")) {
      // --noname: only a bool flag has this form.
      flag = FindKnownFlag(known_flags, negated_name);
      if (flag == nullptr || !flag->IsOfType<bool>()) return UnknownFlag(parsed.name);
      parsed.value = "false";
    }
    if (flag == nullptr) return UnknownFlag(parsed.name);

    if (!parsed.value.has_value() && flag->IsOfType<bool>()) parsed.value = "true";
    if (!parsed.value.has_value()) {
      if (i + 1 == args.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", flag->Name(), " is missing its value; pass --",
                         flag->Name(), "=VALUE"));
      }
      parsed.value = args[++i];
    }
    if (absl::c_linear_search(result.flags, flag->Name())) {
      // Keeping one of the values would act on an id the user may not have meant.
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag->Name(), " is given twice; pass it once"));
    }
    if (absl::Status s = SetFlag(*flag, *parsed.value); !s.ok()) return s;
    result.flags.emplace_back(flag->Name());
  }
  return result;
}

}  // namespace parley::cli
