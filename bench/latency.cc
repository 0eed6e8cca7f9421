#include "latency.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_format.h"

namespace parley::bench {
namespace {

// Nearest-rank percentile of sorted samples: the smallest sample that at
// least `fraction` of all samples are less than or equal to.
double PercentileMicros(const std::vector<int64_t>& sorted, double fraction) {
  size_t rank = static_cast<size_t>(fraction * static_cast<double>(sorted.size()));
  if (rank >= sorted.size()) rank = sorted.size() - 1;
  return static_cast<double>(sorted[rank]) / 1000.0;
}

}  // namespace

void LatencyRecorder::Merge(const LatencyRecorder& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
}

LatencySummary LatencyRecorder::Summarize() {
  LatencySummary summary;
  summary.count = samples_.size();
  if (samples_.empty()) return summary;
  std::sort(samples_.begin(), samples_.end());
  summary.p50_us = PercentileMicros(samples_, 0.50);
  summary.p99_us = PercentileMicros(samples_, 0.99);
  summary.p999_us = PercentileMicros(samples_, 0.999);
  summary.max_us = static_cast<double>(samples_.back()) / 1000.0;
  return summary;
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string FormatSummary(const LatencySummary& summary) {
  return absl::StrFormat("p50=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus",
                         summary.p50_us, summary.p99_us, summary.p999_us,
                         summary.max_us);
}

}  // namespace parley::bench
