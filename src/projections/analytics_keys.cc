#include "projections/analytics_keys.h"

#include "store/encoding.h"

namespace parley::projections {
namespace {

using store::AppendUint64;
using store::DecodeUint64;

constexpr size_t kRecordSize = 1 + 1 + 8 + 1;
constexpr uint8_t kRespondedFlag = 1;
constexpr uint8_t kCompletedFlag = 2;

// Returns the start of the `width`-long bucket containing `at_ms`, rounding
// down for negative times too.
int64_t BucketStart(int64_t at_ms, int64_t width) {
  int64_t offset = at_ms % width;
  if (offset < 0) offset += width;
  return at_ms - offset;
}

}  // namespace

std::string AnalyticsRecordKey(uint64_t discussion_id) {
  std::string key = "d";
  AppendUint64(key, discussion_id);
  return key;
}

std::string StatusCountKey(parley::v1::Category category,
                           parley::v1::Status status) {
  std::string key = "s";
  key.push_back(static_cast<char>(category));
  key.push_back(static_cast<char>(status));
  return key;
}

std::string TimeSeriesKey(TimeSeries series, parley::v1::Category category,
                          int64_t at_ms) {
  std::string key;
  key.push_back(static_cast<char>(series));
  key.push_back(static_cast<char>(category));
  AppendUint64(key, static_cast<uint64_t>(at_ms));
  return key;
}

std::string SampleKey(TimeSeries series, parley::v1::Category category,
                      int64_t at_ms, uint64_t discussion_id) {
  std::string key = TimeSeriesKey(series, category, at_ms);
  AppendUint64(key, discussion_id);
  return key;
}

std::optional<int64_t> TimeOfSeriesKey(absl::string_view key) {
  if (key.size() < 2 + 8) return std::nullopt;
  std::optional<uint64_t> at = DecodeUint64(key.substr(2));
  if (!at.has_value()) return std::nullopt;
  return static_cast<int64_t>(*at);
}

int64_t HourStart(int64_t at_ms) { return BucketStart(at_ms, kHourMs); }

int64_t DayStart(int64_t at_ms) { return BucketStart(at_ms, kDayMs); }

std::string EncodeAnalyticsRecord(const AnalyticsRecord& record) {
  std::string value;
  value.push_back(static_cast<char>(record.category));
  value.push_back(static_cast<char>(record.status));
  AppendUint64(value, static_cast<uint64_t>(record.created_at_ms));
  uint8_t flags = 0;
  if (record.responded) flags |= kRespondedFlag;
  if (record.completed) flags |= kCompletedFlag;
  value.push_back(static_cast<char>(flags));
  return value;
}

std::optional<AnalyticsRecord> DecodeAnalyticsRecord(absl::string_view value) {
  if (value.size() != kRecordSize) return std::nullopt;
  AnalyticsRecord record;
  record.category =
      static_cast<parley::v1::Category>(static_cast<uint8_t>(value[0]));
  record.status = static_cast<parley::v1::Status>(static_cast<uint8_t>(value[1]));
  record.created_at_ms =
      static_cast<int64_t>(DecodeUint64(value.substr(2)).value_or(0));
  const auto flags = static_cast<uint8_t>(value[10]);
  record.responded = (flags & kRespondedFlag) != 0;
  record.completed = (flags & kCompletedFlag) != 0;
  return record;
}

}  // namespace parley::projections
