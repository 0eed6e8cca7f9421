#include "store/transaction_impl.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "openssl/rand.h"
#include "store/encoding.h"
#include "store/layout.h"

namespace parley::store {
namespace {

std::string NewEventId() {
  std::string id(16, '\0');
  // RAND_bytes fails only when the system entropy source is broken; an event
  // id is then still unique enough for tracing, so zero bytes are kept.
  RAND_bytes(reinterpret_cast<unsigned char*>(id.data()),
             static_cast<int>(id.size()));
  return id;
}

}  // namespace

TransactionImpl::TransactionImpl(rocksdb::DB* db,
                                 GroupBatch* batch,
                                 RecentValues* recent,
                                 const LogFamilies& families,
                                 const std::vector<Projection*>& projections,
                                 int64_t now_ms, const CommandOptions& options,
                                 std::string correlation_id)
    : view_(db, batch, recent),
      families_(families),
      projections_(projections),
      now_ms_(now_ms),
      options_(options),
      correlation_id_(std::move(correlation_id)) {}

absl::StatusOr<std::optional<std::string>> TransactionImpl::Get(
    rocksdb::ColumnFamilyHandle* column_family, absl::string_view key) {
  return view_.Get(column_family, key);
}

std::unique_ptr<rocksdb::Iterator> TransactionImpl::NewIterator(
    rocksdb::ColumnFamilyHandle* column_family) {
  return view_.NewIterator(column_family);
}

void TransactionImpl::Put(rocksdb::ColumnFamilyHandle* column_family,
                          absl::string_view key, absl::string_view value) {
  view_.Put(column_family, key, value);
}

void TransactionImpl::Delete(rocksdb::ColumnFamilyHandle* column_family,
                             absl::string_view key) {
  view_.Delete(column_family, key);
}

absl::StatusOr<uint64_t> TransactionImpl::ReadCounter(
    rocksdb::ColumnFamilyHandle* family, absl::string_view key) {
  absl::StatusOr<std::optional<std::string>> value = Get(family, key);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return 0;
  std::optional<uint64_t> counter = DecodeUint64(**value);
  if (!counter.has_value()) {
    return absl::DataLossError(
        absl::StrCat("counter ", key, " in ", family->GetName(),
                     " is not 8 bytes; the data directory is corrupt"));
  }
  return *counter;
}

absl::StatusOr<uint64_t> TransactionImpl::LastPosition() {
  return ReadCounter(families_.meta, kLastPositionKey);
}

absl::StatusOr<uint64_t> TransactionImpl::NextSequence(absl::string_view name) {
  const std::string key = SequenceKey(name);
  absl::StatusOr<uint64_t> last = ReadCounter(families_.meta, key);
  if (!last.ok()) return last.status();
  Put(families_.meta, key, EncodeUint64(*last + 1));
  return *last + 1;
}

absl::StatusOr<parley::v1::StreamHead> TransactionImpl::ReadStreamHead(
    absl::string_view stream_id) {
  parley::v1::StreamHead head;
  absl::StatusOr<std::optional<std::string>> value =
      Get(families_.stream_heads, StreamHeadKey(stream_id));
  if (!value.ok()) return value.status();
  if (value->has_value() && !head.ParseFromString(**value)) {
    return absl::DataLossError(absl::StrCat(
        "stream head of ", stream_id, " does not parse; the data directory is corrupt"));
  }
  return head;
}

absl::StatusOr<uint64_t> TransactionImpl::StreamVersion(
    absl::string_view stream_id) {
  absl::StatusOr<parley::v1::StreamHead> head = ReadStreamHead(stream_id);
  if (!head.ok()) return head.status();
  return head->version();
}

absl::StatusOr<std::vector<parley::v1::EventRecord>> TransactionImpl::Append(
    absl::string_view stream_id, ExpectedVersion expected,
    const std::vector<NewEvent>& events) {
  absl::StatusOr<parley::v1::StreamHead> head = ReadStreamHead(stream_id);
  if (!head.ok()) return head.status();
  if (absl::Status status = expected.Check(stream_id, head->version());
      !status.ok()) {
    return status;
  }
  absl::StatusOr<uint64_t> position = LastPosition();
  if (!position.ok()) return position.status();

  // A stream's timestamps never go backwards, even when the clock does.
  const int64_t timestamp = std::max(now_ms_, head->last_timestamp_ms());
  std::vector<parley::v1::EventRecord> records;
  records.reserve(events.size());
  for (const NewEvent& event : events) {
    parley::v1::EventRecord& record = records.emplace_back();
    record.set_position(++*position);
    record.set_stream_id(std::string(stream_id));
    record.set_version(head->version() + records.size());
    record.set_type(event.payload->GetDescriptor()->name());
    record.set_event_id(NewEventId());
    record.set_timestamp_ms(timestamp);
    record.set_actor(options_.actor);
    record.set_correlation_id(correlation_id_);
    record.set_schema_version(kEventSchemaVersion);
    record.mutable_payload()->PackFrom(*event.payload);

    Put(families_.events, EncodeUint64(record.position()),
        record.SerializeAsString());
    Put(families_.streams, StreamKey(stream_id, record.version()),
        EncodeUint64(record.position()));
    for (Projection* projection : projections_) {
      if (absl::Status status = projection->Apply(record, *this);
          !status.ok()) {
        return status;
      }
    }
  }

  head->set_version(head->version() + events.size());
  head->set_last_timestamp_ms(timestamp);
  Put(families_.stream_heads, StreamHeadKey(stream_id),
      head->SerializeAsString());
  Put(families_.meta, kLastPositionKey, EncodeUint64(*position));
  return records;
}

}  // namespace parley::store
