#include "service/analytics_service.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/validation.h"
#include "service/unary_call.h"
#include "store/key_value.h"

namespace parley::service {
namespace {

void ToProto(const projections::Summary& summary, parley::v1::StatsSummary& proto) {
  proto.set_count(summary.count);
  proto.set_mean(summary.mean);
  proto.set_p50(summary.p50);
  proto.set_p90(summary.p90);
  proto.set_p99(summary.p99);
}

void ToProto(const std::vector<projections::TimeBucket>& buckets,
             google::protobuf::RepeatedPtrField<parley::v1::TimeBucket>& proto) {
  for (const projections::TimeBucket& bucket : buckets) {
    parley::v1::TimeBucket* added = proto.Add();
    added->set_start_ms(bucket.start_ms);
    added->set_count(bucket.count);
  }
}

void ToProto(const projections::CategoryStats& stats, parley::v1::CategoryStats& proto) {
  proto.set_category(stats.category);
  ToProto(stats.created_per_hour, *proto.mutable_created_per_hour());
  ToProto(stats.created_per_day, *proto.mutable_created_per_day());
  for (const projections::StatusCount& status_count : stats.status_counts) {
    parley::v1::StatusCount* added = proto.add_status_counts();
    added->set_status(status_count.status);
    added->set_count(status_count.count);
  }
  ToProto(stats.first_response_ms, *proto.mutable_first_response_ms());
  ToProto(stats.completion_ms, *proto.mutable_completion_ms());
  ToProto(stats.messages_per_discussion, *proto.mutable_messages_per_discussion());
}

}  // namespace

absl::StatusOr<StatsRange> ResolveStatsRange(int64_t from_ms, int64_t to_ms,
                                             int64_t now_ms) {
  if (from_ms == 0 && to_ms == 0) {
    return StatsRange{std::max<int64_t>(0, now_ms - kDefaultStatsRangeMs), now_ms};
  }
  if (from_ms < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "from_ms is ", from_ms, "; use a time in ms since the Unix epoch, 0 or more"));
  }
  if (to_ms <= from_ms) {
    return absl::InvalidArgumentError(absl::StrCat(
        "to_ms is ", to_ms, ", not after from_ms ", from_ms,
        "; set to_ms greater than from_ms, because the range [from_ms, to_ms) "
        "excludes to_ms"));
  }
  // from_ms >= 0 and to_ms > from_ms, so the difference cannot overflow.
  if (to_ms - from_ms > kMaxStatsRangeMs) {
    return absl::InvalidArgumentError(absl::StrCat(
        "to_ms is ", to_ms - from_ms, " ms after from_ms; a range covers at most 366 days (",
        kMaxStatsRangeMs, " ms), so split the request"));
  }
  return StatsRange{from_ms, to_ms};
}

absl::Status AnalyticsServiceImpl::FillStats(const parley::v1::GetStatsRequest& request,
                                             int64_t now_ms,
                                             parley::v1::GetStatsResponse& response) const {
  absl::StatusOr<StatsRange> range =
      ResolveStatsRange(request.from_ms(), request.to_ms(), now_ms);
  if (!range.ok()) return range.status();
  std::optional<parley::v1::Category> category;
  if (request.category() != parley::v1::CATEGORY_UNSPECIFIED) {
    if (absl::Status s = domain::ValidateCategory(request.category()); !s.ok()) return s;
    category = request.category();
  }

  store::SnapshotReader reader = store_.NewReader();
  absl::StatusOr<projections::AnalyticsStats> stats =
      projection_.Stats(reader, range->from_ms, range->to_ms, category);
  if (!stats.ok()) return stats.status();

  response.set_from_ms(range->from_ms);
  response.set_to_ms(range->to_ms);
  for (const projections::CategoryStats& each : stats->categories) {
    ToProto(each, *response.add_categories());
  }
  ToProto(stats->all, *response.mutable_all());
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* AnalyticsServiceImpl::GetStats(
    grpc::CallbackServerContext* context, const parley::v1::GetStatsRequest* request,
    parley::v1::GetStatsResponse* response) {
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  return FinishRead(context, "GetStats", FillStats(*request, now_ms, *response));
}

}  // namespace parley::service
