#include "projections/analytics_projection.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "projections/analytics_keys.h"
#include "store/encoding.h"

namespace parley::projections {
namespace {

using parley::v1::Category;
using parley::v1::EventRecord;

constexpr std::array<parley::v1::Status, 4> kStatuses = {
    parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_IN_PROGRESS,
    parley::v1::STATUS_PENDING, parley::v1::STATUS_COMPLETED};

// Largest category or status number that fits the u8 fields of the layout.
constexpr int kMaxKeyByte = 255;

// Everything read for one category, or for several merged, before the
// samples are summarized.
struct RawStats {
  std::map<int64_t, uint64_t> created_per_hour;  // Bucket start -> count.
  std::map<int64_t, uint64_t> created_per_day;
  std::array<uint64_t, kStatuses.size()> status_counts{};
  std::vector<int64_t> first_response_ms;
  std::vector<int64_t> completion_ms;
  std::vector<int64_t> messages;

  void Merge(const RawStats& other) {
    for (const auto& [start, count] : other.created_per_hour) created_per_hour[start] += count;
    for (const auto& [start, count] : other.created_per_day) created_per_day[start] += count;
    for (size_t i = 0; i < status_counts.size(); ++i) status_counts[i] += other.status_counts[i];
    first_response_ms.insert(first_response_ms.end(), other.first_response_ms.begin(),
                             other.first_response_ms.end());
    completion_ms.insert(completion_ms.end(), other.completion_ms.begin(),
                         other.completion_ms.end());
    messages.insert(messages.end(), other.messages.begin(), other.messages.end());
  }
};

rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

absl::Status Undecodable(absl::string_view entry) {
  return absl::DataLossError(absl::StrCat(
      "an analytics ", entry, " does not decode; rebuild the projections"));
}

// Decodes an 8-byte value: a count, or an int64 duration in two's complement.
absl::StatusOr<uint64_t> DecodeValue(absl::string_view value) {
  if (value.size() != 8) return Undecodable("value");
  return store::DecodeUint64(value).value_or(0);
}

// Unpacks the payload of `event` as Event.
template <typename Event>
absl::StatusOr<Event> Unpack(const EventRecord& event) {
  Event payload;
  if (!event.payload().UnpackTo(&payload)) {
    return absl::DataLossError(absl::StrCat(event.type(), " at position ",
                                            event.position(), " does not unpack"));
  }
  return payload;
}

// Returns the discussion id of `event` after checking what the key layout
// needs of it.
absl::StatusOr<uint64_t> CheckEvent(const EventRecord& event) {
  uint64_t discussion_id = 0;
  if (!absl::SimpleAtoi(event.stream_id(), &discussion_id)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "stream id ", event.stream_id(), " is not a discussion id"));
  }
  if (event.timestamp_ms() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event at position ", event.position(), " has timestamp ",
        event.timestamp_ms(), "; analytics needs a time at or after the Unix epoch"));
  }
  return discussion_id;
}

absl::Status CheckKeyByte(absl::string_view field, int value, const EventRecord& event) {
  if (value >= 0 && value <= kMaxKeyByte) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      field, " ", value, " of the event at position ", event.position(),
      " is outside 0 to 255, which the analytics key layout stores"));
}

absl::StatusOr<std::optional<AnalyticsRecord>> ReadRecord(
    store::KeyValueReader& reader, rocksdb::ColumnFamilyHandle* family,
    uint64_t discussion_id) {
  absl::StatusOr<std::optional<std::string>> value =
      reader.Get(family, AnalyticsRecordKey(discussion_id));
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::nullopt;
  std::optional<AnalyticsRecord> record = DecodeAnalyticsRecord(**value);
  if (!record.has_value()) return Undecodable(absl::StrCat("record of discussion ", discussion_id));
  return record;
}

// Calls `visit` with the time and value of every entry of `series` for
// `category` with a time in [begin_ms, end_ms), oldest first.
absl::Status ScanSeries(
    store::KeyValueReader& reader, rocksdb::ColumnFamilyHandle* family,
    TimeSeries series, Category category, int64_t begin_ms, int64_t end_ms,
    absl::FunctionRef<absl::Status(int64_t at_ms, absl::string_view value)> visit) {
  const std::string begin = TimeSeriesKey(series, category, begin_ms);
  const std::string end = TimeSeriesKey(series, category, end_ms);
  std::unique_ptr<rocksdb::Iterator> it = reader.NewIterator(family);
  for (it->Seek(ToSlice(begin)); it->Valid(); it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    if (key >= end) break;
    std::optional<int64_t> at_ms = TimeOfSeriesKey(key);
    if (!at_ms.has_value()) return Undecodable("key");
    const absl::string_view value(it->value().data(), it->value().size());
    if (absl::Status status = visit(*at_ms, value); !status.ok()) return status;
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(
        absl::StrCat("reading analytics failed: ", it->status().ToString()));
  }
  return absl::OkStatus();
}

// Adds the buckets of `series` that start in [first_start_ms, to_ms) to
// `buckets`.
absl::Status CollectBuckets(store::KeyValueReader& reader,
                            rocksdb::ColumnFamilyHandle* family, TimeSeries series,
                            Category category, int64_t first_start_ms, int64_t to_ms,
                            std::map<int64_t, uint64_t>& buckets) {
  return ScanSeries(reader, family, series, category, first_start_ms, to_ms,
                    [&](int64_t start_ms, absl::string_view value) -> absl::Status {
                      absl::StatusOr<uint64_t> count = DecodeValue(value);
                      if (!count.ok()) return count.status();
                      buckets[start_ms] += *count;
                      return absl::OkStatus();
                    });
}

// Appends the samples of `series` with a time in [from_ms, to_ms) to
// `samples`.
absl::Status CollectSamples(store::KeyValueReader& reader,
                            rocksdb::ColumnFamilyHandle* family, TimeSeries series,
                            Category category, int64_t from_ms, int64_t to_ms,
                            std::vector<int64_t>& samples) {
  return ScanSeries(reader, family, series, category, from_ms, to_ms,
                    [&](int64_t, absl::string_view value) -> absl::Status {
                      absl::StatusOr<uint64_t> sample = DecodeValue(value);
                      if (!sample.ok()) return sample.status();
                      samples.push_back(static_cast<int64_t>(*sample));
                      return absl::OkStatus();
                    });
}

absl::StatusOr<RawStats> CollectCategory(store::KeyValueReader& reader,
                                         rocksdb::ColumnFamilyHandle* family,
                                         Category category, int64_t from_ms,
                                         int64_t to_ms) {
  RawStats raw;
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    absl::StatusOr<std::optional<std::string>> value =
        reader.Get(family, StatusCountKey(category, kStatuses[i]));
    if (!value.ok()) return value.status();
    if (!value->has_value()) continue;
    absl::StatusOr<uint64_t> count = DecodeValue(**value);
    if (!count.ok()) return count.status();
    raw.status_counts[i] = *count;
  }

  const std::pair<TimeSeries, std::map<int64_t, uint64_t>*> bucket_scans[] = {
      {TimeSeries::kCreatedPerHour, &raw.created_per_hour},
      {TimeSeries::kCreatedPerDay, &raw.created_per_day}};
  for (const auto& [series, buckets] : bucket_scans) {
    const int64_t first_start_ms = series == TimeSeries::kCreatedPerHour
                                       ? HourStart(from_ms)
                                       : DayStart(from_ms);
    if (absl::Status s = CollectBuckets(reader, family, series, category,
                                        first_start_ms, to_ms, *buckets);
        !s.ok()) {
      return s;
    }
  }

  const std::pair<TimeSeries, std::vector<int64_t>*> sample_scans[] = {
      {TimeSeries::kFirstResponse, &raw.first_response_ms},
      {TimeSeries::kCompletion, &raw.completion_ms},
      {TimeSeries::kMessages, &raw.messages}};
  for (const auto& [series, samples] : sample_scans) {
    if (absl::Status s = CollectSamples(reader, family, series, category, from_ms,
                                        to_ms, *samples);
        !s.ok()) {
      return s;
    }
  }
  return raw;
}

std::vector<TimeBucket> ToBuckets(const std::map<int64_t, uint64_t>& buckets) {
  std::vector<TimeBucket> result;
  result.reserve(buckets.size());
  for (const auto& [start_ms, count] : buckets) result.push_back({start_ms, count});
  return result;
}

CategoryStats ToCategoryStats(Category category, RawStats raw) {
  CategoryStats stats;
  stats.category = category;
  stats.created_per_hour = ToBuckets(raw.created_per_hour);
  stats.created_per_day = ToBuckets(raw.created_per_day);
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    stats.status_counts.push_back({kStatuses[i], raw.status_counts[i]});
  }
  stats.first_response_ms = Summarize(std::move(raw.first_response_ms));
  stats.completion_ms = Summarize(std::move(raw.completion_ms));
  stats.messages_per_discussion = Summarize(std::move(raw.messages));
  return stats;
}

}  // namespace

int64_t NearestRankPercentile(std::span<const int64_t> sorted, int percent) {
  if (sorted.empty()) return 0;
  const uint64_t clamped = static_cast<uint64_t>(std::clamp(percent, 1, 100));
  // ceil(percent * n / 100) in integers, so that p99 of 100 samples is rank
  // 99 exactly; rank is at least 1 because percent is.
  const uint64_t rank = (clamped * sorted.size() + 99) / 100;
  return sorted[rank - 1];
}

Summary Summarize(std::vector<int64_t> samples) {
  Summary summary;
  if (samples.empty()) return summary;
  std::sort(samples.begin(), samples.end());
  double total = 0;
  for (int64_t sample : samples) total += static_cast<double>(sample);
  summary.count = samples.size();
  summary.mean = total / static_cast<double>(samples.size());
  summary.p50 = NearestRankPercentile(samples, 50);
  summary.p90 = NearestRankPercentile(samples, 90);
  summary.p99 = NearestRankPercentile(samples, 99);
  return summary;
}

std::vector<std::string> AnalyticsProjection::ColumnFamilies() const {
  return {kAnalyticsFamily};
}

void AnalyticsProjection::Bind(std::vector<rocksdb::ColumnFamilyHandle*> handles) {
  analytics_ = handles[0];
}

absl::Status AnalyticsProjection::Apply(const EventRecord& event,
                                        store::BatchView& batch) {
  const std::string& type = event.type();
  const bool counted = type == parley::v1::DiscussionCreated::descriptor()->name() ||
                       type == parley::v1::MessagePosted::descriptor()->name() ||
                       type == parley::v1::StatusChanged::descriptor()->name();
  if (!counted) return absl::OkStatus();

  absl::StatusOr<uint64_t> discussion_id = CheckEvent(event);
  if (!discussion_id.ok()) return discussion_id.status();
  if (type == parley::v1::DiscussionCreated::descriptor()->name()) {
    return ApplyCreated(event, *discussion_id, batch);
  }
  if (type == parley::v1::MessagePosted::descriptor()->name()) {
    return ApplyMessagePosted(event, *discussion_id, batch);
  }
  return ApplyStatusChanged(event, *discussion_id, batch);
}

absl::Status AnalyticsProjection::ApplyCreated(const EventRecord& event,
                                               uint64_t discussion_id,
                                               store::BatchView& batch) {
  absl::StatusOr<parley::v1::DiscussionCreated> created =
      Unpack<parley::v1::DiscussionCreated>(event);
  if (!created.ok()) return created.status();
  if (absl::Status s = CheckKeyByte("category", created->category(), event); !s.ok()) return s;
  absl::StatusOr<std::optional<AnalyticsRecord>> existing =
      ReadRecord(batch, analytics_, discussion_id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return absl::DataLossError(absl::StrCat("event at position ", event.position(),
                                            " creates discussion ", discussion_id, " again"));
  }

  AnalyticsRecord record;
  record.category = created->category();
  record.status = parley::v1::STATUS_OUTSTANDING;
  record.created_at_ms = event.timestamp_ms();
  batch.Put(analytics_, AnalyticsRecordKey(discussion_id), EncodeAnalyticsRecord(record));
  // The message count starts at 0; the first message is a separate event.
  batch.Put(analytics_,
            SampleKey(TimeSeries::kMessages, record.category, record.created_at_ms,
                      discussion_id),
            store::EncodeUint64(0));

  const Category category = record.category;
  for (const std::string& key :
       {StatusCountKey(category, record.status),
        TimeSeriesKey(TimeSeries::kCreatedPerHour, category, HourStart(record.created_at_ms)),
        TimeSeriesKey(TimeSeries::kCreatedPerDay, category, DayStart(record.created_at_ms))}) {
    if (absl::Status s = AddToCount(batch, key, 1); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status AnalyticsProjection::ApplyMessagePosted(const EventRecord& event,
                                                     uint64_t discussion_id,
                                                     store::BatchView& batch) {
  absl::StatusOr<parley::v1::MessagePosted> posted =
      Unpack<parley::v1::MessagePosted>(event);
  if (!posted.ok()) return posted.status();
  absl::StatusOr<std::optional<AnalyticsRecord>> stored =
      ReadRecord(batch, analytics_, discussion_id);
  if (!stored.ok()) return stored.status();
  // NOTE: a discussion created before this projection was registered has no
  // record, so its events are skipped until a rebuild replays the log.
  if (!stored->has_value()) return absl::OkStatus();
  AnalyticsRecord& record = **stored;

  const std::string count_key = SampleKey(TimeSeries::kMessages, record.category,
                                          record.created_at_ms, discussion_id);
  if (absl::Status s = AddToCount(batch, count_key, 1); !s.ok()) return s;

  if (posted->type() != parley::v1::MESSAGE_TYPE_RESPONSE || record.responded) {
    return absl::OkStatus();
  }
  record.responded = true;
  const int64_t elapsed_ms = event.timestamp_ms() - record.created_at_ms;
  batch.Put(analytics_,
            SampleKey(TimeSeries::kFirstResponse, record.category, event.timestamp_ms(),
                      discussion_id),
            store::EncodeUint64(static_cast<uint64_t>(elapsed_ms)));
  batch.Put(analytics_, AnalyticsRecordKey(discussion_id), EncodeAnalyticsRecord(record));
  return absl::OkStatus();
}

absl::Status AnalyticsProjection::ApplyStatusChanged(const EventRecord& event,
                                                     uint64_t discussion_id,
                                                     store::BatchView& batch) {
  absl::StatusOr<parley::v1::StatusChanged> changed =
      Unpack<parley::v1::StatusChanged>(event);
  if (!changed.ok()) return changed.status();
  if (absl::Status s = CheckKeyByte("status", changed->to(), event); !s.ok()) return s;
  absl::StatusOr<std::optional<AnalyticsRecord>> stored =
      ReadRecord(batch, analytics_, discussion_id);
  if (!stored.ok()) return stored.status();
  // NOTE: skipped for the same reason as in ApplyMessagePosted.
  if (!stored->has_value()) return absl::OkStatus();
  AnalyticsRecord& record = **stored;
  if (changed->to() == record.status) return absl::OkStatus();

  // The count of the recorded status, not of changed->from(), goes down, so
  // the status counts always add up to the recorded discussions.
  if (absl::Status s = AddToCount(batch, StatusCountKey(record.category, record.status), -1);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = AddToCount(batch, StatusCountKey(record.category, changed->to()), 1);
      !s.ok()) {
    return s;
  }
  record.status = changed->to();

  if (record.status == parley::v1::STATUS_COMPLETED && !record.completed) {
    record.completed = true;
    const int64_t elapsed_ms = event.timestamp_ms() - record.created_at_ms;
    batch.Put(analytics_,
              SampleKey(TimeSeries::kCompletion, record.category, event.timestamp_ms(),
                        discussion_id),
              store::EncodeUint64(static_cast<uint64_t>(elapsed_ms)));
  }
  batch.Put(analytics_, AnalyticsRecordKey(discussion_id), EncodeAnalyticsRecord(record));
  return absl::OkStatus();
}

absl::Status AnalyticsProjection::AddToCount(store::BatchView& batch,
                                             const std::string& key, int64_t delta) {
  absl::StatusOr<std::optional<std::string>> value = batch.Get(analytics_, key);
  if (!value.ok()) return value.status();
  uint64_t count = 0;
  if (value->has_value()) {
    absl::StatusOr<uint64_t> stored = DecodeValue(**value);
    if (!stored.ok()) return stored.status();
    count = *stored;
  }
  if (delta < 0 && count < static_cast<uint64_t>(-delta)) {
    return absl::DataLossError("an analytics count went below zero; rebuild the projections");
  }
  count += static_cast<uint64_t>(delta);
  if (count == 0) {
    batch.Delete(analytics_, key);
  } else {
    batch.Put(analytics_, key, store::EncodeUint64(count));
  }
  return absl::OkStatus();
}

absl::StatusOr<AnalyticsStats> AnalyticsProjection::Stats(
    store::KeyValueReader& reader, int64_t from_ms, int64_t to_ms,
    std::optional<Category> category) const {
  if (from_ms < 0 || to_ms <= from_ms) {
    return absl::InvalidArgumentError(absl::StrCat(
        "analytics range [", from_ms, ", ", to_ms,
        ") is invalid; from_ms must be 0 or more and to_ms greater than from_ms"));
  }
  if (category.has_value() && (*category < 0 || *category > kMaxKeyByte)) {
    return absl::InvalidArgumentError(
        absl::StrCat("category ", *category, " is outside 0 to 255"));
  }
  std::vector<Category> categories;
  if (category.has_value()) {
    categories.push_back(*category);
  } else {
    for (int number = 1; number <= parley::v1::Category_MAX; ++number) {
      if (parley::v1::Category_IsValid(number)) {
        categories.push_back(static_cast<Category>(number));
      }
    }
  }

  AnalyticsStats stats;
  RawStats all;
  for (Category each : categories) {
    absl::StatusOr<RawStats> raw = CollectCategory(reader, analytics_, each, from_ms, to_ms);
    if (!raw.ok()) return raw.status();
    all.Merge(*raw);
    stats.categories.push_back(ToCategoryStats(each, *std::move(raw)));
  }
  stats.all = ToCategoryStats(parley::v1::CATEGORY_UNSPECIFIED, std::move(all));
  return stats;
}

}  // namespace parley::projections
