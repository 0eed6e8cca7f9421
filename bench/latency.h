#ifndef PARLEY_BENCH_LATENCY_H_
#define PARLEY_BENCH_LATENCY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace parley::bench {

// Latency percentiles of one measured operation, in microseconds.
struct LatencySummary {
  size_t count = 0;
  double p50_us = 0;
  double p99_us = 0;
  double p999_us = 0;
  double max_us = 0;
};

// Exact latency samples, in nanoseconds. Every sample is kept, so memory is
// 8 bytes per operation; callers bound the operation count.
//
// Not thread-safe: keep one recorder per thread and Merge them at the end.
class LatencyRecorder {
 public:
  void Record(int64_t nanoseconds) { samples_.push_back(nanoseconds); }

  // Appends every sample of `other`.
  void Merge(const LatencyRecorder& other);

  void Clear() { samples_.clear(); }
  size_t count() const { return samples_.size(); }

  // Sorts the samples and returns nearest-rank percentiles; all zero when
  // there are no samples.
  LatencySummary Summarize();

 private:
  std::vector<int64_t> samples_;
};

// Returns a monotonic timestamp in nanoseconds.
int64_t NowNanos();

// Returns "p50=… p99=… p99.9=… max=…" in microseconds, for logs.
std::string FormatSummary(const LatencySummary& summary);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_LATENCY_H_
