#ifndef PARLEY_CLI_STATS_OUTPUT_H_
#define PARLEY_CLI_STATS_OUTPUT_H_

#include <ostream>

#include "parley/v1/analytics_service.pb.h"

namespace parley::cli {

// Prints `stats` as text: the range, then per category with any activity,
// created counts per day, current status counts, and the first-response,
// completion and messages-per-discussion summaries.
void PrintStats(const parley::v1::GetStatsResponse& stats, std::ostream& out);

}  // namespace parley::cli

#endif  // PARLEY_CLI_STATS_OUTPUT_H_
