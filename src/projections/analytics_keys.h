#ifndef PARLEY_PROJECTIONS_ANALYTICS_KEYS_H_
#define PARLEY_PROJECTIONS_ANALYTICS_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "parley/v1/discussion.pb.h"

// Layout of the analytics projection's column family. u64 is 8 bytes
// big-endian, i64 is an int64 stored as its two's complement u64, and u8 is
// one byte. category and status are the numbers of parley.v1.Category and
// parley.v1.Status. Times (`*_at`, `*_start`) are event timestamps in ms since
// the Unix epoch, which the projection requires to be 0 or more, so that
// bytewise order is time order.
//
//   analytics: "d" discussion_id:u64                 -> record
//              "s" category:u8 status:u8             -> count:u64
//              "h" category:u8 hour_start:u64        -> count:u64
//              "y" category:u8 day_start:u64         -> count:u64
//              "r" category:u8 responded_at:u64 discussion_id:u64 -> ms:i64
//              "c" category:u8 completed_at:u64 discussion_id:u64 -> ms:i64
//              "m" category:u8 created_at:u64 discussion_id:u64   -> count:u64
//
//   record = category:u8 status:u8 created_at:u64 flags:u8
//   flags  = bit 0 set once the discussion has a RESPONSE message,
//            bit 1 set once its status has been COMPLETED
//
// "s" counts discussions currently in each status. "h" and "y" count the
// discussions created in each UTC hour and day, keyed by the bucket's start. "r" holds one sample per discussion: the time from creation to its
// first RESPONSE message, keyed by when that message was posted. "c" does
// the same for the first change to COMPLETED. "m" holds each discussion's
// message count, keyed by its creation time. A status count that drops to
// 0 is deleted, so a rebuild from the log writes the same bytes.

namespace parley::projections {

inline constexpr char kAnalyticsFamily[] = "analytics";

inline constexpr int64_t kHourMs = 3'600'000;
inline constexpr int64_t kDayMs = 24 * kHourMs;

// The projection's own view of one discussion, rebuilt from its events.
struct AnalyticsRecord {
  parley::v1::Category category = parley::v1::CATEGORY_UNSPECIFIED;
  parley::v1::Status status = parley::v1::STATUS_UNSPECIFIED;
  int64_t created_at_ms = 0;
  bool responded = false;  // Has a RESPONSE message.
  bool completed = false;  // Has been COMPLETED at least once.
};

// Series of entries keyed by category and time, scanned by time range. The
// values are the key prefixes of the layout above.
enum class TimeSeries : char {
  kCreatedPerHour = 'h',  // Bucket start -> discussions created.
  kCreatedPerDay = 'y',   // Bucket start -> discussions created.
  kFirstResponse = 'r',   // Response time -> ms since creation.
  kCompletion = 'c',      // Completion time -> ms since creation.
  kMessages = 'm',        // Creation time -> message count.
};

std::string AnalyticsRecordKey(uint64_t discussion_id);
std::string StatusCountKey(parley::v1::Category category,
                           parley::v1::Status status);

// Key of a bucket series entry (`at_ms` is the bucket's start), and the
// prefix of every sample series entry at `at_ms`. Entries at or after
// `at_ms` sort at or after this key, and entries before it sort before it,
// so it bounds a time range scan on either side.
std::string TimeSeriesKey(TimeSeries series, parley::v1::Category category,
                          int64_t at_ms);

// Key of a sample series entry: one per discussion.
std::string SampleKey(TimeSeries series, parley::v1::Category category,
                      int64_t at_ms, uint64_t discussion_id);

// Returns the time of a TimeSeriesKey or SampleKey, or nullopt when `key` is
// too short to contain one.
std::optional<int64_t> TimeOfSeriesKey(absl::string_view key);

// Returns the start of the UTC hour or day containing `at_ms`. Unix time has no
// leap seconds, so every UTC day is exactly kDayMs long.
int64_t HourStart(int64_t at_ms);
int64_t DayStart(int64_t at_ms);

std::string EncodeAnalyticsRecord(const AnalyticsRecord& record);

// Returns the decoded record, or nullopt when `value` is not 11 bytes.
std::optional<AnalyticsRecord> DecodeAnalyticsRecord(absl::string_view value);

}  // namespace parley::projections

#endif  // PARLEY_PROJECTIONS_ANALYTICS_KEYS_H_
