#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/reflection.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/exit_code.h"
#include "cli_server_test_base.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parley::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-test";

// Runs RunParleyctl as `parleyctl args...` and restores the flags after.
CommandResult RunCli(std::vector<const char*> args) {
  absl::FlagSaver saver;
  std::ostringstream out;
  std::ostringstream err;
  CommandResult result;
  result.exit_code = RunParleyctl(args, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

// Sets an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = getenv(name); old != nullptr) old_ = old;
    if (value == nullptr) {
      unsetenv(name);
    } else {
      setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (old_.has_value()) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(Parleyctl, HelpListsCommandsAndFlags) {
  CommandResult result = RunCli({"--help"});

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.err, "");
  for (const char* command : {"token", "assign", "respond", "status", "queue", "show"}) {
    EXPECT_THAT(result.out, HasSubstr(absl::StrCat("\n  ", command, " "))) << command;
  }
  EXPECT_THAT(result.out, HasSubstr("--discussion=ID"));
  EXPECT_THAT(result.out, HasSubstr("--ttl=DURATION"));
  EXPECT_EQ(RunCli({"help"}).out, result.out);
}

TEST(Parleyctl, HelpCommandListsItsFlagsOnly) {
  CommandResult result = RunCli({"help", "assign"});

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_THAT(result.out, StartsWith("Usage:\n  parleyctl assign --discussion=ID --agent=NAME"));
  EXPECT_THAT(result.out, HasSubstr("  --request_id=KEY\n"));
  EXPECT_THAT(result.out, HasSubstr("  --target=HOST:PORT\n"));
  EXPECT_THAT(result.out, Not(HasSubstr("--customer")));
  EXPECT_THAT(result.out, Not(HasSubstr("--message")));
  EXPECT_EQ(RunCli({"assign", "--help"}).out, result.out);
}

TEST(Parleyctl, GroupHelpListsItsCommands) {
  CommandResult result = RunCli({"help", "attachment"});

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(result.out, RunCli({"help", "attachment", "get"}).out);
  EXPECT_EQ(RunCli({"attachment", "--help"}).out, result.out);

  CommandResult bare = RunCli({"attachment"});
  EXPECT_EQ(bare.exit_code, kExitUsage);
  EXPECT_THAT(bare.err, StartsWith("parleyctl: 'attachment' needs a subcommand: get\n"));
}

TEST(Parleyctl, EveryFlagHasHelpText) {
  CommandResult result = RunCli({"--help"});
  std::vector<std::string> lines = absl::StrSplit(result.out, '\n');

  for (size_t i = 0; i < lines.size(); ++i) {
    if (!absl::StartsWith(lines[i], "  --")) continue;
    SCOPED_TRACE(lines[i]);
    ASSERT_LT(i + 1, lines.size());
    EXPECT_THAT(lines[i + 1], StartsWith("      "));
    EXPECT_GT(lines[i + 1].size(), 10u);
  }
}

TEST(Parleyctl, UsageErrorsExitWithTwo) {
  struct Case {
    std::vector<const char*> args;
    std::string error;
  };
  const Case cases[] = {
      {{}, "parleyctl: missing command\n"},
      {{"frobnicate"}, "parleyctl: unknown command 'frobnicate'\n"},
      {{"help", "frobnicate"}, "parleyctl: unknown command 'frobnicate'\n"},
      {{"assign", "12"}, "parleyctl: unexpected argument '12'"},
      {{"assign", "--discussion=1", "--agent=ann", "--message=hi"},
       "parleyctl: --message does not apply to 'assign'\n"},
      {{"assign", "--agent=ann"}, "parleyctl: --discussion is missing; pass it"},
      {{"assign", "--discussion=1", "--agent= ann"},
       "parleyctl: invalid --agent: agent starts or ends with whitespace"},
      {{"assign", "--discussion=0", "--agent=ann"},
       "parleyctl: --discussion is 0; discussion ids start at 1"},
      {{"assign", "--discussion=abc", "--agent=ann"},
       "parleyctl: invalid value 'abc' for --discussion; use a positive integer"},
      {{"respond", "--discussion=2", "--discussion=3", "--agent=ann", "--message=hi"},
       "parleyctl: --discussion is given twice; pass it once\n"},
      {{"respond", "--discussion=1", "--agent=ann"}, "parleyctl: --message is missing or empty"},
      {{"respond", "--discussion=1", "--agent=ann", "--message="},
       "parleyctl: --message is missing or empty"},
      {{"respond", "--discussion=1", "--agent=ann", "--message=hi", "--status=OUTSTANDING"},
       "parleyctl: --status is 'OUTSTANDING'; use IN_PROGRESS, PENDING or COMPLETED\n"},
      {{"status", "--discussion=1", "--agent=ann", "--to=DONE"},
       "parleyctl: --to is 'DONE'; use IN_PROGRESS, PENDING or COMPLETED\n"},
      {{"queue", "--status=DONE"},
       "parleyctl: --status is 'DONE'; use OUTSTANDING, IN_PROGRESS, PENDING or COMPLETED\n"},
      {{"attachment", "get", "--id=0", "--out=x"},
       "parleyctl: --id is 0; attachment ids start at 1"},
      {{"queue", "--category=SHOES"}, "parleyctl: --category is 'SHOES'; use one of "},
      {{"queue", "--limit=101"}, "parleyctl: --limit is 101; use 0 to 100\n"},
      {{"show", "--discussion=1", "--timeout=0s"}, "parleyctl: --timeout is 0; use a positive"},
      {{"token"}, "parleyctl: --customer is missing"},
      {{"token", "--customer=a/b"}, "parleyctl: invalid --customer: customer_id contains"},
      {{"queue", "--bogus"}, "parleyctl: unknown flag --bogus\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    CommandResult result = RunCli(c.args);
    EXPECT_EQ(result.exit_code, kExitUsage);
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, StartsWith(c.error));
    EXPECT_THAT(result.err, HasSubstr("Run 'parleyctl help"));
  }
}

TEST(Parleyctl, TokenNeedsSecret) {
  ScopedEnv unset("PARLEY_TOKEN_SECRET", nullptr);

  CommandResult result = RunCli({"token", "--customer=c-42"});

  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_THAT(result.err, StartsWith("parleyctl: PARLEY_TOKEN_SECRET is not set"));
}

TEST(Parleyctl, TokenPrintsJwt) {
  ScopedEnv secret("PARLEY_TOKEN_SECRET", kSecret);

  CommandResult result = RunCli({"token", "--customer=c-42", "--ttl=1h"});

  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.err, "");
  std::vector<std::string> parts = absl::StrSplit(result.out, '.');
  EXPECT_EQ(parts.size(), 3u);
}

class ParleyctlServerTest : public CliServerTest {};

TEST_F(ParleyctlServerTest, FlagsReachTheServer) {
  const uint64_t id = CreateDiscussion("c-1", parley::v1::CATEGORY_PAYMENT, "Refund?");
  const std::string target = absl::StrCat("--target=", call_.target);
  const std::string discussion = absl::StrCat("--discussion=", id);

  CommandResult respond =
      RunCli({"respond", target.c_str(), discussion.c_str(), "--agent=ann",
              "--message=Sent today", "--status=PENDING", "--request_id=r-1"});
  CommandResult queue = RunCli({"queue", target.c_str(), "--status=PENDING", "--json"});
  CommandResult missing = RunCli({"show", target.c_str(), "--discussion=999"});

  EXPECT_EQ(respond.exit_code, kExitOk) << respond.err;
  EXPECT_THAT(respond.out, StartsWith(absl::StrCat("discussion ", id, " is now PENDING")));
  EXPECT_EQ(queue.exit_code, kExitOk) << queue.err;
  EXPECT_THAT(queue.out, HasSubstr(absl::StrCat("\"id\":\"", id, "\"")));
  EXPECT_EQ(missing.exit_code, kExitFailure);
  EXPECT_EQ(missing.err, "parleyctl: NOT_FOUND: discussion 999 not found\n");
}

// Runs the built binary through the shell and returns its exit code and
// stdout.
CommandResult RunBinary(const std::string& arguments) {
  const std::string command =
      absl::StrCat(PARLEY_BINARY_DIR, "/parleyctl ", arguments, " 2>/dev/null");
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed for " << command;
    return result;
  }
  char buffer[4096];
  size_t read = 0;
  while ((read = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.out.append(buffer, read);
  const int status = pclose(pipe);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

TEST(ParleyctlBinary, HelpExitsWithZero) {
  CommandResult result = RunBinary("--help");

  ASSERT_EQ(result.exit_code, kExitOk)
      << "build the parleyctl target before cli_tests: " << PARLEY_BINARY_DIR;
  EXPECT_THAT(result.out, HasSubstr("Usage: parleyctl COMMAND"));
  EXPECT_THAT(result.out, HasSubstr("  assign "));
  EXPECT_THAT(result.out, HasSubstr("  token "));
}

TEST(ParleyctlBinary, UnknownCommandExitsWithTwo) {
  CommandResult result = RunBinary("frobnicate");

  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_EQ(result.out, "");
}

}  // namespace
}  // namespace parley::cli
