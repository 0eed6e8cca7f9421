#include "cli/stats_output.h"

#include <string>

#include "absl/strings/str_format.h"
#include "cli/output.h"
#include "domain/validation.h"

namespace parley::cli {
namespace {

std::string FormatDuration(double ms) {
  if (ms < 1000) return absl::StrFormat("%.0fms", ms);
  if (ms < 60'000) return absl::StrFormat("%.1fs", ms / 1000);
  if (ms < 3'600'000) return absl::StrFormat("%.1fmin", ms / 60'000);
  return absl::StrFormat("%.1fh", ms / 3'600'000);
}

void PrintDurationSummary(const char* name, const parley::v1::StatsSummary& summary,
                          std::ostream& out) {
  if (summary.count() == 0) {
    out << "  " << name << ": no samples\n";
    return;
  }
  out << absl::StrFormat("  %s: %d samples, mean %s, p50 %s, p90 %s, p99 %s\n", name,
                         summary.count(), FormatDuration(summary.mean()),
                         FormatDuration(static_cast<double>(summary.p50())),
                         FormatDuration(static_cast<double>(summary.p90())),
                         FormatDuration(static_cast<double>(summary.p99())));
}

bool HasActivity(const parley::v1::CategoryStats& stats) {
  for (const parley::v1::StatusCount& status : stats.status_counts()) {
    if (status.count() > 0) return true;
  }
  return stats.created_per_day_size() > 0 || stats.first_response_ms().count() > 0 ||
         stats.completion_ms().count() > 0;
}

void PrintCategory(const std::string& name, const parley::v1::CategoryStats& stats,
                   std::ostream& out) {
  out << name << '\n';
  for (const parley::v1::TimeBucket& day : stats.created_per_day()) {
    out << "  created on " << FormatTimestamp(day.start_ms()).substr(0, 10) << ": "
        << day.count() << '\n';
  }
  for (const parley::v1::StatusCount& status : stats.status_counts()) {
    if (status.count() == 0) continue;
    out << "  now " << domain::StatusName(status.status()) << ": " << status.count() << '\n';
  }
  PrintDurationSummary("time to first response", stats.first_response_ms(), out);
  PrintDurationSummary("time to completion", stats.completion_ms(), out);
  const parley::v1::StatsSummary& messages = stats.messages_per_discussion();
  if (messages.count() > 0) {
    out << absl::StrFormat("  messages per discussion: mean %.1f, p50 %d, p90 %d, p99 %d\n",
                           messages.mean(), messages.p50(), messages.p90(), messages.p99());
  }
}

}  // namespace

void PrintStats(const parley::v1::GetStatsResponse& stats, std::ostream& out) {
  out << "from " << FormatTimestamp(stats.from_ms()) << " to "
      << FormatTimestamp(stats.to_ms()) << '\n';
  for (const parley::v1::CategoryStats& category : stats.categories()) {
    if (!HasActivity(category)) continue;
    PrintCategory(std::string(domain::CategoryName(category.category())), category, out);
  }
  PrintCategory("ALL CATEGORIES", stats.all(), out);
}

}  // namespace parley::cli
