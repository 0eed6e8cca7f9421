#include "cli/log_flags.h"

#include <algorithm>
#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "parley/v1/events.pb.h"
#include "absl/strings/str_cat.h"
#include "cli/flags.h"
#include "domain/validation.h"

ABSL_FLAG(uint64_t, from, 1,
          "events: first position to print; 1 is the start of the log. To "
          "resume, pass the last position handled plus one. Default: 1.");
ABSL_FLAG(bool, follow, false,
          "events: after the end of the log, keep printing new events as they "
          "are committed, until interrupted. Default: false.");
ABSL_FLAG(std::vector<std::string>, type, {},
          "events: print only these event types, comma-separated, e.g. "
          "MessagePosted,StatusChanged. Default: every type.");
ABSL_FLAG(std::string, data_dir, "",
          "Data directory of parleyd (its --data_dir). parleyd must be "
          "stopped: RocksDB allows one process per directory. Required.");
ABSL_FLAG(std::string, scratch_dir, "",
          "verify: new directory to rebuild the projections into; it must not "
          "exist. Default: a temporary directory, removed afterwards.");
ABSL_FLAG(absl::Time, since, absl::InfinitePast(),
          "stats: start of the range, RFC 3339, e.g. 2026-12-01T00:00:00Z. "
          "Default: 24 hours before --until.");
ABSL_FLAG(absl::Time, until, absl::InfinitePast(),
          "stats: end of the range (exclusive), RFC 3339. Default: now.");

namespace parley::cli {
namespace {

absl::StatusOr<parley::v1::Category> CategoryFromFlag() {
  const std::string name = absl::GetFlag(FLAGS_category);
  if (name.empty()) return parley::v1::CATEGORY_UNSPECIFIED;
  std::optional<parley::v1::Category> category = domain::ParseCategory(name);
  if (!category.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid --category: ", name, " is not a category; use a name such as WEBSITE_ISSUES"));
  }
  return *category;
}

// Names of the event types in events.proto, e.g. "MessagePosted".
std::vector<std::string> EventTypeNames() {
  std::vector<std::string> names;
  const google::protobuf::FileDescriptor* file =
      parley::v1::EventRecord::descriptor()->file();
  for (int i = 0; i < file->message_type_count(); ++i) {
    if (file->message_type(i) == parley::v1::EventRecord::descriptor()) continue;
    names.push_back(file->message_type(i)->name());
  }
  return names;
}

}  // namespace

absl::StatusOr<EventsOptions> EventsOptionsFromFlags() {
  EventsOptions options;
  options.from_position = absl::GetFlag(FLAGS_from);
  options.follow = absl::GetFlag(FLAGS_follow);
  options.types = absl::GetFlag(FLAGS_type);
  const std::vector<std::string> known = EventTypeNames();
  for (const std::string& type : options.types) {
    if (std::find(known.begin(), known.end(), type) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid --type: ", type, " is not an event type; use ",
          absl::StrJoin(known, ", ")));
    }
  }
  absl::StatusOr<parley::v1::Category> category = CategoryFromFlag();
  if (!category.ok()) return category.status();
  options.category = *category;
  return options;
}

absl::StatusOr<DataDirOptions> DataDirOptionsFromFlags() {
  DataDirOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError(
        "--data_dir is missing; pass parleyd's data directory, e.g. --data_dir=data/parleyd");
  }
  options.scratch_dir = absl::GetFlag(FLAGS_scratch_dir);
  if (!options.scratch_dir.empty() && std::filesystem::exists(options.scratch_dir)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid --scratch_dir: ", options.scratch_dir,
        " already exists; pass a path that does not exist yet, or omit the flag"));
  }
  return options;
}

absl::StatusOr<StatsOptions> StatsOptionsFromFlags() {
  StatsOptions options;
  const absl::Time until = absl::GetFlag(FLAGS_until) == absl::InfinitePast()
                               ? absl::Now()
                               : absl::GetFlag(FLAGS_until);
  const absl::Time since = absl::GetFlag(FLAGS_since) == absl::InfinitePast()
                               ? until - absl::Hours(24)
                               : absl::GetFlag(FLAGS_since);
  if (since >= until) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid --since: ", absl::FormatTime(since), " is not before --until ",
        absl::FormatTime(until), "; pass an earlier --since"));
  }
  options.from_ms = absl::ToUnixMillis(since);
  options.to_ms = absl::ToUnixMillis(until);
  absl::StatusOr<parley::v1::Category> category = CategoryFromFlag();
  if (!category.ok()) return category.status();
  options.category = *category;
  return options;
}

}  // namespace parley::cli
