#include "store/event_store.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "spdlog/spdlog.h"
#include "store/block_cache.h"
#include "store/encoding.h"
#include "store/layout.h"
#include "store/writer.h"

namespace parley::store {
namespace {

rocksdb::Options DatabaseOptions(const EventStoreOptions& options) {
  rocksdb::Options db_options;
  if (options.env != nullptr) db_options.env = options.env;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  // Each column family gets memtables of a quarter of the budget, and the
  // write buffer manager caps all of them together, so memory stays bounded
  // however many column families the projections add.
  db_options.OptimizeLevelStyleCompaction(options.memtable_budget_bytes);
  db_options.db_write_buffer_size = options.memtable_budget_bytes;
  // A bloom filter per memtable lets a read of a key the memtable does not
  // hold skip its skip list; commands read many such keys.
  db_options.memtable_prefix_bloom_size_ratio = 0.02;
  db_options.memtable_whole_key_filtering = true;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_options.keep_log_file_num = 4;

  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = NewBlockCache(options.block_cache_bytes);
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table_options.cache_index_and_filter_blocks = true;
  db_options.table_factory.reset(
      rocksdb::NewBlockBasedTableFactory(table_options));
  return db_options;
}

rocksdb::ColumnFamilyOptions BlobFamilyOptionsFor(const rocksdb::Options& db_options,
                                                  const BlobFamilyOptions& blobs) {
  rocksdb::ColumnFamilyOptions family(db_options);
  family.enable_blob_files = true;
  family.min_blob_size = blobs.min_blob_size;
  family.blob_file_size = blobs.blob_file_size;
  // Large values such as images and PDFs are compressed already, so a
  // second compression would cost CPU and save little space.
  family.blob_compression_type = rocksdb::kNoCompression;
  family.enable_blob_garbage_collection = true;
  family.write_buffer_size = blobs.write_buffer_size;
  family.max_write_buffer_number = 2;
  return family;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventStore>> EventStore::Open(
    EventStoreOptions options) {
  rocksdb::Options db_options = DatabaseOptions(options);

  // Handles come back in this order: the log's families, `blobs`, then the
  // projections' families. RebuildProjections drops every family from
  // first_projection_handle_ on, so `blobs` must come before them.
  std::vector<std::string> names = {
      rocksdb::kDefaultColumnFamilyName, kEventsFamily,  kStreamsFamily,
      kStreamHeadsFamily, kMetaFamily, kIdempotencyFamily};
  const size_t blobs_handle = names.size();
  const size_t first_projection_handle = blobs_handle + 1;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions(db_options));
  }
  descriptors.emplace_back(kBlobsFamily, BlobFamilyOptionsFor(db_options, options.blobs));
  for (Projection* projection : options.projections) {
    for (std::string& name : projection->ColumnFamilies()) {
      descriptors.emplace_back(std::move(name), rocksdb::ColumnFamilyOptions(db_options));
    }
  }

  std::unique_ptr<EventStore> store(new EventStore());
  rocksdb::DB* db = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(db_options, options.data_dir,
                                             descriptors, &store->handles_, &db);
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "cannot open data directory ", options.data_dir, ": ", status.ToString()));
  }
  store->db_.reset(db);

  store->blobs_ = store->handles_[blobs_handle];
  store->projections_ = options.projections;
  store->first_projection_handle_ = first_projection_handle;
  store->BindProjections();

  LogFamilies families{store->handles_[1], store->handles_[2],
                       store->handles_[3], store->handles_[4],
                       store->handles_[5]};
  store->families_ = families;
  store->writer_ = std::make_unique<Writer>(
      store->db_.get(), families, options.projections, options.sync,
      // Uploads write chunks to `blobs` outside the writer.
      std::vector<uint32_t>{store->blobs_->GetID()});
  store->watcher_ = std::make_unique<PositionWatcher>(store->LastPosition());
  PositionWatcher* watcher = store->watcher_.get();
  store->writer_->set_commit_listener(
      [watcher](uint64_t position) { watcher->Advance(position); });
  spdlog::info("event store opened at {}: last position {}", options.data_dir,
               store->LastPosition());
  return store;
}

void EventStore::BindProjections() {
  // Each projection gets its handles in the order it listed them.
  size_t next = first_projection_handle_;
  for (Projection* projection : projections_) {
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    for (size_t i = 0; i < projection->ColumnFamilies().size(); ++i) {
      handles.push_back(handles_[next++]);
    }
    projection->Bind(std::move(handles));
  }
}

EventStore::~EventStore() {
  // The writer finishes queued commands before the database closes, and the
  // watcher's thread, which runs subscribers' reads, stops before it too.
  writer_.reset();
  watcher_.reset();
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    rocksdb::Status status = db_->DestroyColumnFamilyHandle(handle);
    if (!status.ok()) spdlog::error("closing column family failed: {}", status.ToString());
  }
  rocksdb::Status status = db_->Close();
  if (!status.ok()) spdlog::error("closing the event store failed: {}", status.ToString());
}

void EventStore::Submit(CommandOptions options, CommandFunction command,
                        CommandCallback done) {
  writer_->Submit(std::move(options), std::move(command), std::move(done));
}

absl::StatusOr<std::string> EventStore::Execute(CommandOptions options,
                                                CommandFunction command) {
  absl::Notification finished;
  absl::StatusOr<std::string> result;
  Submit(std::move(options), std::move(command),
         [&](absl::StatusOr<std::string> r) {
           result = std::move(r);
           finished.Notify();
         });
  finished.WaitForNotification();
  return result;
}

uint64_t EventStore::LastPosition() const { return writer_->last_position(); }

SnapshotReader EventStore::NewReader() {
  return SnapshotReader(db_.get(), writer_->durable_snapshot());
}

absl::StatusOr<parley::v1::EventRecord> EventStore::ReadEvent(
    uint64_t position) {
  SnapshotReader reader = NewReader();
  return ReadEvent(reader, position);
}

absl::StatusOr<parley::v1::EventRecord> EventStore::ReadEvent(
    KeyValueReader& reader, uint64_t position) {
  absl::StatusOr<std::optional<std::string>> value =
      reader.Get(families_.events, EncodeUint64(position));
  if (!value.ok()) return value.status();
  if (!value->has_value()) {
    return absl::NotFoundError(absl::StrCat("event at position ", position,
                                            " not found"));
  }
  parley::v1::EventRecord record;
  if (!record.ParseFromString(**value)) {
    return absl::DataLossError(absl::StrCat(
        "event at position ", position, " does not parse"));
  }
  return record;
}

absl::StatusOr<EventPage> EventStore::ReadEvents(uint64_t from_position,
                                                 const EventReadLimits& limits,
                                                 const EventPredicate& keep) {
  EventPage page;
  page.next_position = std::max<uint64_t>(from_position, 1);
  SnapshotReader reader = NewReader();
  std::unique_ptr<rocksdb::Iterator> it = reader.NewIterator(families_.events);
  size_t bytes = 0;
  size_t scanned = 0;
  for (it->Seek(EncodeUint64(page.next_position));
       it->Valid() && page.events.size() < limits.max_count &&
       scanned < limits.max_scanned;
       it->Next(), ++scanned) {
    if (!page.events.empty() && bytes + it->value().size() > limits.max_bytes) break;
    parley::v1::EventRecord record;
    if (!record.ParseFromArray(it->value().data(),
                               static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat(
          "event at position ", page.next_position, " does not parse"));
    }
    page.next_position = record.position() + 1;
    if (keep) {
      absl::StatusOr<bool> kept = keep(record);
      if (!kept.ok()) return kept.status();
      if (!*kept) continue;
    }
    bytes += it->value().size();
    page.events.push_back(std::move(record));
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(absl::StrCat(
        "reading the log from position ", from_position, " failed: ",
        it->status().ToString()));
  }
  return page;
}

absl::StatusOr<std::vector<parley::v1::EventRecord>> EventStore::ReadStream(
    absl::string_view stream_id, uint64_t from_version, size_t max_count) {
  std::vector<parley::v1::EventRecord> records;
  std::string prefix;
  AppendString(prefix, stream_id);
  SnapshotReader reader = NewReader();
  std::unique_ptr<rocksdb::Iterator> it = reader.NewIterator(families_.streams);
  for (it->Seek(StreamKey(stream_id, from_version));
       it->Valid() && it->key().starts_with(prefix) &&
       records.size() < max_count;
       it->Next()) {
    std::optional<uint64_t> position =
        DecodeUint64(absl::string_view(it->value().data(), it->value().size()));
    if (!position.has_value()) {
      return absl::DataLossError(absl::StrCat("stream index of ", stream_id,
                                              " holds a bad position"));
    }
    absl::StatusOr<parley::v1::EventRecord> record = ReadEvent(reader, *position);
    if (!record.ok()) return record.status();
    records.push_back(*std::move(record));
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(absl::StrCat(
        "reading stream ", stream_id, " failed: ", it->status().ToString()));
  }
  return records;
}

}  // namespace parley::store
