#include "cli/command_line.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "cli/flags.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parley::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<absl::string_view> kKnownFlags = {"discussion", "agent", "json",
                                                     "timeout", "offset"};

absl::StatusOr<CommandLine> Parse(std::vector<const char*> args) {
  return ParseCommandLine(args, kKnownFlags);
}

void ExpectInvalid(const absl::StatusOr<CommandLine>& parsed, absl::string_view message) {
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(), message);
}

TEST(ParseCommandLine, SetsFlagsInEveryForm) {
  absl::FlagSaver saver;
  absl::StatusOr<CommandLine> parsed =
      Parse({"assign", "--discussion=12", "-agent", "ann", "--json", "--offset", "-3"});

  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->positional, ElementsAre("assign"));
  EXPECT_THAT(parsed->flags, ElementsAre("discussion", "agent", "json", "offset"));
  EXPECT_FALSE(parsed->help);
  EXPECT_EQ(absl::GetFlag(FLAGS_discussion), std::optional<uint64_t>(12));
  EXPECT_EQ(absl::GetFlag(FLAGS_agent), "ann");
  EXPECT_TRUE(absl::GetFlag(FLAGS_json));
  EXPECT_EQ(absl::GetFlag(FLAGS_offset), -3);
}

TEST(ParseCommandLine, NegatedBoolFlagSetsFalse) {
  absl::FlagSaver saver;
  absl::SetFlag(&FLAGS_json, true);

  absl::StatusOr<CommandLine> parsed = Parse({"queue", "--nojson"});

  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->flags, ElementsAre("json"));
  EXPECT_FALSE(absl::GetFlag(FLAGS_json));
}

TEST(ParseCommandLine, RejectsRepeatedFlag) {
  absl::FlagSaver saver;
  ExpectInvalid(Parse({"--discussion=2", "--discussion=3"}),
                "--discussion is given twice; pass it once");
  ExpectInvalid(Parse({"--agent", "ann", "-agent=ann"}), "--agent is given twice; pass it once");
  ExpectInvalid(Parse({"--json", "--nojson"}), "--json is given twice; pass it once");
}

TEST(ParseCommandLine, DoubleDashEndsFlags) {
  absl::FlagSaver saver;
  absl::StatusOr<CommandLine> parsed = Parse({"show", "--", "--discussion=5", "-"});

  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->positional, ElementsAre("show", "--discussion=5", "-"));
  EXPECT_THAT(parsed->flags, IsEmpty());
  EXPECT_EQ(absl::GetFlag(FLAGS_discussion), std::nullopt);
}

TEST(ParseCommandLine, RecognizesHelpForms) {
  for (const char* help : {"--help", "-help", "-h"}) {
    SCOPED_TRACE(help);
    absl::StatusOr<CommandLine> parsed = Parse({"assign", help});
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_TRUE(parsed->help);
    EXPECT_THAT(parsed->positional, ElementsAre("assign"));
  }
}

TEST(ParseCommandLine, RejectsUnknownFlags) {
  absl::FlagSaver saver;
  ExpectInvalid(Parse({"--bogus=1"}), "unknown flag --bogus");
  // Defined by parleyctl, but not in the known list of this parse.
  ExpectInvalid(Parse({"--customer=c-1"}), "unknown flag --customer");
  // Defined by Abseil itself, but parleyctl does not take it.
  ExpectInvalid(Parse({"--flagfile=/tmp/flags"}), "unknown flag --flagfile");
  // --no applies only to bool flags.
  ExpectInvalid(Parse({"--noagent"}), "unknown flag --noagent");
}

TEST(ParseCommandLine, RejectsMissingValue) {
  absl::FlagSaver saver;
  ExpectInvalid(Parse({"assign", "--agent"}),
                "--agent is missing its value; pass --agent=VALUE");
}

TEST(ParseCommandLine, RejectsValuesOfWrongType) {
  absl::FlagSaver saver;
  ExpectInvalid(Parse({"--discussion=abc"}),
                "invalid value 'abc' for --discussion; use a positive integer, e.g. 12");
  ExpectInvalid(Parse({"--discussion=-1"}),
                "invalid value '-1' for --discussion; use a positive integer, e.g. 12");
  ExpectInvalid(Parse({"--timeout=5"}),
                "invalid value '5' for --timeout; use a number with a unit, e.g. 5s, "
                "500ms or 720h");
  ExpectInvalid(Parse({"--json=maybe"}), "invalid value 'maybe' for --json; use true or false");
  ExpectInvalid(Parse({"--offset=1.5"}), "invalid value '1.5' for --offset; use a decimal integer");
}

}  // namespace
}  // namespace parley::cli
