// generate: writes a synthetic Parley data set for the read benchmarks and
// the load generator. See dataset.h for its shape.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "dataset.h"
#include "spdlog/spdlog.h"

ABSL_FLAG(std::string, data_dir, "",
          "Directory to create the data set in; must not hold a database. Required.");
ABSL_FLAG(std::string, size, "quick",
          "Preset shape: quick (2,000 customers, 20,000 discussions, 200,000 "
          "messages), medium (10,000, 100,000 and 1,000,000) or full (100,000 "
          "customers, 1,000,000 discussions, 10,000,000 messages).");
ABSL_FLAG(uint64_t, customers, 0, "Overrides the preset's customer count; 0 keeps it.");
ABSL_FLAG(uint64_t, discussions, 0, "Overrides the preset's discussion count; 0 keeps it.");
ABSL_FLAG(uint64_t, messages, 0, "Overrides the preset's message count; 0 keeps it.");
ABSL_FLAG(int64_t, heavy_customers, -1,
          "Overrides the preset's number of customers with long lists; -1 keeps it.");
ABSL_FLAG(int64_t, heavy_customer_discussions, -1,
          "Overrides the preset's discussions per heavy customer; -1 keeps it.");
ABSL_FLAG(int64_t, heavy_discussions, -1,
          "Overrides the preset's number of long discussions; -1 keeps it.");
ABSL_FLAG(int64_t, heavy_discussion_messages, -1,
          "Overrides the preset's messages per heavy discussion; -1 keeps it.");
ABSL_FLAG(uint64_t, window, 4096, "Commands queued on the store at once.");
ABSL_FLAG(bool, compact, true,
          "Compact every column family at the end, as a long-running server's "
          "background compaction would have.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Writes a synthetic Parley data set.\n"
      "Usage: generate --data_dir=DIR [--size=quick|medium|full]");
  absl::ParseCommandLine(argc, argv);
  // The store logs every open at info level, which would clutter the report.
  spdlog::set_level(spdlog::level::warn);

  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (data_dir.empty()) {
    std::fprintf(stderr, "generate: --data_dir is missing; pass an empty directory\n");
    return EXIT_FAILURE;
  }
  parley::bench::DatasetShape shape;
  const std::string size = absl::GetFlag(FLAGS_size);
  if (size == "quick") {
    shape = parley::bench::QuickShape();
  } else if (size == "medium") {
    shape = parley::bench::MediumShape();
  } else if (size == "full") {
    shape = parley::bench::FullShape();
  } else {
    std::fprintf(stderr, "generate: --size is \"%s\"; use quick, medium or full\n",
                 size.c_str());
    return EXIT_FAILURE;
  }
  if (absl::GetFlag(FLAGS_customers) > 0) shape.customers = absl::GetFlag(FLAGS_customers);
  if (absl::GetFlag(FLAGS_discussions) > 0) shape.discussions = absl::GetFlag(FLAGS_discussions);
  if (absl::GetFlag(FLAGS_messages) > 0) shape.messages = absl::GetFlag(FLAGS_messages);
  std::pair<int64_t, uint64_t*> heavy[] = {
      {absl::GetFlag(FLAGS_heavy_customers), &shape.heavy_customers},
      {absl::GetFlag(FLAGS_heavy_customer_discussions), &shape.heavy_customer_discussions},
      {absl::GetFlag(FLAGS_heavy_discussions), &shape.heavy_discussions},
      {absl::GetFlag(FLAGS_heavy_discussion_messages), &shape.heavy_discussion_messages},
  };
  for (auto [value, field] : heavy) {
    if (value >= 0) *field = static_cast<uint64_t>(value);
  }

  parley::bench::GenerateOptions options;
  options.window = absl::GetFlag(FLAGS_window);
  options.compact = absl::GetFlag(FLAGS_compact);
  absl::StatusOr<parley::bench::DatasetManifest> manifest =
      parley::bench::GenerateDataset(data_dir, shape, options);
  if (!manifest.ok()) {
    std::fprintf(stderr, "generate: %s\n", manifest.status().ToString().c_str());
    return EXIT_FAILURE;
  }
  std::printf("generated %llu customers, %llu discussions, %llu messages, %llu events "
              "in %.1f s into %s\n",
              static_cast<unsigned long long>(shape.customers),
              static_cast<unsigned long long>(shape.discussions),
              static_cast<unsigned long long>(shape.messages),
              static_cast<unsigned long long>(manifest->events),
              manifest->generation_seconds, data_dir.c_str());
  return EXIT_SUCCESS;
}
