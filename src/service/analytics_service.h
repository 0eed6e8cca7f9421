#ifndef PARLEY_SERVICE_ANALYTICS_SERVICE_H_
#define PARLEY_SERVICE_ANALYTICS_SERVICE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "parley/v1/analytics_service.grpc.pb.h"
#include "projections/analytics_keys.h"
#include "projections/analytics_projection.h"
#include "store/event_store.h"

namespace parley::service {

// Maximum range one GetStats call may cover: 366 days, in ms.
inline constexpr int64_t kMaxStatsRangeMs = 366 * projections::kDayMs;

// Range used when a GetStats request leaves from_ms and to_ms both 0.
inline constexpr int64_t kDefaultStatsRangeMs = projections::kDayMs;

// Time range [from_ms, to_ms) of a GetStats call, in ms since the Unix epoch.
struct StatsRange {
  int64_t from_ms = 0;
  int64_t to_ms = 0;
};

// Returns the range a GetStats request selects: [now_ms - 24 h, now_ms) when
// from_ms and to_ms are both 0, and [from_ms, to_ms) otherwise. Fails with
// INVALID_ARGUMENT naming from_ms when it is negative, and naming to_ms when
// it is not greater than from_ms or more than kMaxStatsRangeMs after it.
absl::StatusOr<StatsRange> ResolveStatsRange(int64_t from_ms, int64_t to_ms,
                                             int64_t now_ms);

// parley.v1.AnalyticsService on gRPC's callback API. GetStats reads the
// analytics projection on the calling gRPC thread against a snapshot
// (RocksDB reads, no locks held), as the read calls of CustomerServiceImpl
// do.
//
// Thread-safe. `store` and `projection` must outlive the service, and
// `projection` must be registered with `store`.
class AnalyticsServiceImpl final
    : public parley::v1::AnalyticsService::CallbackService {
 public:
  AnalyticsServiceImpl(store::EventStore& store,
                       const projections::AnalyticsProjection& projection)
      : store_(store), projection_(projection) {}

  grpc::ServerUnaryReactor* GetStats(
      grpc::CallbackServerContext* context,
      const parley::v1::GetStatsRequest* request,
      parley::v1::GetStatsResponse* response) override;

  // Validates `request` and fills `response` from a new snapshot, taking
  // `now_ms` as the time of the request. The work behind GetStats, without
  // gRPC. Fails with INVALID_ARGUMENT naming the field for an invalid range
  // or category, and with the projection's errors otherwise.
  absl::Status FillStats(const parley::v1::GetStatsRequest& request,
                         int64_t now_ms,
                         parley::v1::GetStatsResponse& response) const;

 private:
  store::EventStore& store_;
  const projections::AnalyticsProjection& projection_;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_ANALYTICS_SERVICE_H_
