#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "projections/analytics_projection.h"

// Unit tests of the nearest-rank percentile and of Summarize. The
// nearest-rank p-th percentile of n sorted samples is the sample at 1-based
// rank ceil(p * n / 100).

namespace parley::projections {
namespace {

TEST(NearestRankPercentile, EmptyIsZero) {
  EXPECT_EQ(NearestRankPercentile({}, 50), 0);
}

TEST(NearestRankPercentile, OneSampleIsEveryPercentile) {
  const std::vector<int64_t> sorted = {42};
  for (int percent : {1, 50, 90, 99, 100}) {
    SCOPED_TRACE(percent);
    EXPECT_EQ(NearestRankPercentile(sorted, percent), 42);
  }
}

TEST(NearestRankPercentile, OddCount) {
  // n = 5: p50 is rank ceil(2.5) = 3, p90 rank ceil(4.5) = 5, p99 rank
  // ceil(4.95) = 5, p20 rank exactly 1, p21 rank ceil(1.05) = 2.
  const std::vector<int64_t> sorted = {10, 20, 30, 40, 50};
  EXPECT_EQ(NearestRankPercentile(sorted, 50), 30);
  EXPECT_EQ(NearestRankPercentile(sorted, 90), 50);
  EXPECT_EQ(NearestRankPercentile(sorted, 99), 50);
  EXPECT_EQ(NearestRankPercentile(sorted, 20), 10);
  EXPECT_EQ(NearestRankPercentile(sorted, 21), 20);
}

TEST(NearestRankPercentile, EvenCountTakesLowerMiddle) {
  // n = 4: p50 is rank exactly 2, with no interpolation towards rank 3;
  // p51 is rank ceil(2.04) = 3; p90 is rank ceil(3.6) = 4.
  const std::vector<int64_t> sorted = {10, 20, 30, 40};
  EXPECT_EQ(NearestRankPercentile(sorted, 50), 20);
  EXPECT_EQ(NearestRankPercentile(sorted, 51), 30);
  EXPECT_EQ(NearestRankPercentile(sorted, 90), 40);
}

TEST(NearestRankPercentile, P99OfHundredSamples) {
  // Samples 1..100: p99 is rank 99 exactly, p100 rank 100, p1 rank 1.
  std::vector<int64_t> sorted;
  for (int64_t value = 1; value <= 100; ++value) sorted.push_back(value);
  EXPECT_EQ(NearestRankPercentile(sorted, 99), 99);
  EXPECT_EQ(NearestRankPercentile(sorted, 100), 100);
  EXPECT_EQ(NearestRankPercentile(sorted, 1), 1);
  EXPECT_EQ(NearestRankPercentile(sorted, 50), 50);
  EXPECT_EQ(NearestRankPercentile(sorted, 90), 90);
}

TEST(NearestRankPercentile, P99OfHundredOneSamples) {
  // n = 101: p99 is rank ceil(99.99) = 100.
  std::vector<int64_t> sorted;
  for (int64_t value = 1; value <= 101; ++value) sorted.push_back(value);
  EXPECT_EQ(NearestRankPercentile(sorted, 99), 100);
}

TEST(NearestRankPercentile, ClampsPercent) {
  const std::vector<int64_t> sorted = {10, 20, 30};
  EXPECT_EQ(NearestRankPercentile(sorted, 0), 10);
  EXPECT_EQ(NearestRankPercentile(sorted, -5), 10);
  EXPECT_EQ(NearestRankPercentile(sorted, 150), 30);
}

TEST(Summarize, NoSamplesIsAllZero) {
  const Summary summary = Summarize({});
  EXPECT_EQ(summary.count, 0u);
  EXPECT_EQ(summary.mean, 0);
  EXPECT_EQ(summary.p50, 0);
  EXPECT_EQ(summary.p90, 0);
  EXPECT_EQ(summary.p99, 0);
}

TEST(Summarize, SortsUnorderedSamples) {
  // Sorted: 100 200 300 400 1000. Mean 2000 / 5 = 400. p50 rank 3 = 300,
  // p90 rank ceil(4.5) = 5 = 1000, p99 rank 5 = 1000.
  const Summary summary = Summarize({400, 1000, 100, 300, 200});
  EXPECT_EQ(summary.count, 5u);
  EXPECT_DOUBLE_EQ(summary.mean, 400);
  EXPECT_EQ(summary.p50, 300);
  EXPECT_EQ(summary.p90, 1000);
  EXPECT_EQ(summary.p99, 1000);
}

TEST(Summarize, MeanKeepsFraction) {
  // (1 + 2) / 2 = 1.5; p50 rank 1 = 1, p90 rank ceil(1.8) = 2.
  const Summary summary = Summarize({2, 1});
  EXPECT_DOUBLE_EQ(summary.mean, 1.5);
  EXPECT_EQ(summary.p50, 1);
  EXPECT_EQ(summary.p90, 2);
  EXPECT_EQ(summary.p99, 2);
}

}  // namespace
}  // namespace parley::projections
