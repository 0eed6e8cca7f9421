#ifndef PARLEY_STORE_EVENT_STORE_H_
#define PARLEY_STORE_EVENT_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "parley/v1/events.pb.h"
#include "rocksdb/db.h"
#include "store/key_value.h"
#include "store/position_watcher.h"

namespace parley::store {

// The version a stream must be at for an append to succeed.
class ExpectedVersion {
 public:
  static ExpectedVersion Any() { return ExpectedVersion(kAny, 0); }
  static ExpectedVersion NoStream() { return ExpectedVersion(kNoStream, 0); }
  static ExpectedVersion Exactly(uint64_t version) {
    return ExpectedVersion(kExact, version);
  }

  // Returns OK when a stream at `current` (0 for a stream with no events)
  // satisfies this expectation, and ABORTED naming both versions otherwise.
  absl::Status Check(absl::string_view stream_id, uint64_t current) const;

 private:
  enum Kind { kAny, kNoStream, kExact };
  ExpectedVersion(Kind kind, uint64_t version) : kind_(kind), version_(version) {}

  Kind kind_;
  uint64_t version_;
};

// An event to append: its payload message. The type recorded in the log is
// the payload's message name, e.g. "MessagePosted".
struct NewEvent {
  const google::protobuf::Message* payload;  // Not owned; must outlive Append.
};

// A read model kept in step with the log. The store calls Apply for every
// appended event, inside the same batch as the event, so a committed event
// and its projection updates are durable together.
class Projection {
 public:
  virtual ~Projection() = default;

  // Column families this projection writes; the store creates them on open.
  virtual std::vector<std::string> ColumnFamilies() const = 0;

  // Receives the handles of ColumnFamilies(), in the same order, after open.
  virtual void Bind(std::vector<rocksdb::ColumnFamilyHandle*> handles) = 0;

  // Updates the projection for `event`. An error fails the whole command and
  // discards everything it wrote.
  virtual absl::Status Apply(const parley::v1::EventRecord& event,
                             BatchView& batch) = 0;
};

// The store's side of one command, run on the writer thread. Reads see the
// committed database plus everything earlier commands of the same group and
// this command have written. Only valid inside the command function.
class Transaction : public BatchView {
 public:
  // Server time of the group, in ms since the Unix epoch.
  virtual int64_t now_ms() const = 0;

  // Returns the stream's current version (0 when it has no events).
  virtual absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream_id) = 0;

  // Appends `events` to `stream_id` when the stream satisfies `expected`,
  // applies every registered projection to them, and returns the records as
  // written. Fails with ABORTED on a version conflict and appends nothing.
  virtual absl::StatusOr<std::vector<parley::v1::EventRecord>> Append(
      absl::string_view stream_id, ExpectedVersion expected,
      const std::vector<NewEvent>& events) = 0;

  // Returns the next value of the named sequence, starting at 1.
  virtual absl::StatusOr<uint64_t> NextSequence(absl::string_view name) = 0;
};

struct CommandOptions {
  // Actor issuing the command, recorded on every event, e.g. "customer:42".
  std::string actor;
  // Optional idempotency key, scoped to `actor`. Empty disables idempotency.
  std::string request_id;
  // Identifies the request's content, e.g. the method name followed by the
  // serialized request. A retry whose fingerprint differs from the first
  // use of the same request_id is rejected with INVALID_ARGUMENT.
  std::string fingerprint;
};

// Runs the command's decision against current state and returns its
// serialized result. Returning an error discards everything it wrote.
using CommandFunction =
    absl::AnyInvocable<absl::StatusOr<std::string>(Transaction&)>;

// Receives the command's result once the batch holding it is durable, or the
// error that prevented it. Called on the store's sync thread, in submission
// order: it must not block.
using CommandCallback = absl::AnyInvocable<void(absl::StatusOr<std::string>)>;

// Handles of the log's own column families; see store/layout.h.
struct LogFamilies {
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* streams = nullptr;
  rocksdb::ColumnFamilyHandle* stream_heads = nullptr;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* idempotency = nullptr;
};

// Options of the `blobs` column family, which contains large values such as
// the chunks of attachment files. It uses RocksDB's integrated BlobDB:
// values of at least min_blob_size bytes live in blob files beside the SST
// files, so compactions move small keys and leave the large values where
// they are. Failed and duplicate uploads delete their chunks, so blob
// garbage collection is on: compactions move the live values out of the
// oldest quarter of the blob files (RocksDB 7.8's default
// blob_garbage_collection_age_cutoff), so those files can be deleted.
struct BlobFamilyOptions {
  // Values of this many bytes or more go to blob files; smaller ones stay
  // in the SST files. Default: 4096.
  uint64_t min_blob_size = 4096;
  // A blob file is closed and a new one started at this size, in bytes.
  // Default: 256 MiB.
  uint64_t blob_file_size = 256 << 20;
  // Memtable size of the family, in bytes. A written chunk stays in the
  // memtable until the next flush, so this bounds the memory that recent
  // chunks hold (times max_write_buffer_number, 2), whatever the size of
  // the files. Each flush starts a new blob file, so a smaller memtable
  // makes more, smaller blob files. Default: 4 MiB.
  size_t write_buffer_size = 4 << 20;
};

struct EventStoreOptions {
  // Directory of the RocksDB database; created when missing.
  std::string data_dir;
  // Read models updated in the same batch as the events. Not owned; they
  // must outlive the store.
  std::vector<Projection*> projections;
  // Sync the write-ahead log before acknowledging a batch. Turning it off
  // loses acknowledged commands on a machine crash; tests only.
  // Default: true.
  bool sync = true;
  // Block cache size for all column families, in bytes. Default: 64 MiB.
  size_t block_cache_bytes = 64 << 20;
  // Memory for memtables (recent writes not yet flushed) across all column
  // families, in bytes; a family flushes early when the total reaches it.
  // With the block cache, this bounds most of RocksDB's memory.
  // Default: 128 MiB.
  size_t memtable_budget_bytes = 128 << 20;
  // The `blobs` column family, which every store has; see BlobStore.
  BlobFamilyOptions blobs;
  // Environment for RocksDB's files and threads; tests pass one that
  // injects faults. Not owned. Default: rocksdb::Env::Default().
  rocksdb::Env* env = nullptr;
};

// Bounds of one ReadEvents call.
struct EventReadLimits {
  // Events returned at most.
  size_t max_count = 100;
  // Serialized bytes of returned events at most; the first event is returned
  // whatever its size, so a page always makes progress.
  size_t max_bytes = 1 << 20;
  // Events examined at most, kept or not, so a selective filter cannot turn
  // one call into a scan of the whole log.
  size_t max_scanned = 10'000;
};

// A page of the log in position order.
struct EventPage {
  std::vector<parley::v1::EventRecord> events;
  // Position after the last event examined: where the next page starts.
  uint64_t next_position = 1;
};

// Decides whether ReadEvents keeps an event; an error ends the read.
using EventPredicate =
    std::function<absl::StatusOr<bool>(const parley::v1::EventRecord&)>;

// An append-only event log in RocksDB with per-stream versions, gap-free
// global positions, idempotent commands and group commit.
//
// Commands are queued and run one at a time on a single writer thread, which
// gathers every queued command into one WriteBatch and one write. A second
// thread syncs the write-ahead log once for all the groups written since
// its last sync, and a command is acknowledged only after that sync. If a
// write or a sync fails, the store latches the error: every later command
// fails with it, because RocksDB's state after a failed sync is unknown.
//
// Thread-safe: Submit and Execute may be called from any thread.
class EventStore {
 public:
  // Opens or creates the store, creating the column families of the log,
  // the `blobs` family and the families of every projection.
  static absl::StatusOr<std::unique_ptr<EventStore>> Open(
      EventStoreOptions options);

  // Finishes every queued command, stops the writer and closes the database.
  ~EventStore();

  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Queues `command`; `done` receives its result when durable. With a
  // request_id already used by the same actor and fingerprint, `done`
  // receives the first result and `command` does not run.
  void Submit(CommandOptions options, CommandFunction command,
              CommandCallback done);

  // Submit, then wait for the result.
  absl::StatusOr<std::string> Execute(CommandOptions options,
                                      CommandFunction command);

  // Returns the durable event at `position`, or NOT_FOUND.
  absl::StatusOr<parley::v1::EventRecord> ReadEvent(uint64_t position);
  // Returns the event at `position` in `reader`'s view, or NOT_FOUND.
  absl::StatusOr<parley::v1::EventRecord> ReadEvent(KeyValueReader& reader,
                                                    uint64_t position);

  // Returns up to `max_count` events of `stream_id` from `from_version` on.
  absl::StatusOr<std::vector<parley::v1::EventRecord>> ReadStream(
      absl::string_view stream_id, uint64_t from_version, size_t max_count);

  // Returns committed events from `from_position` on (1 when 0), in
  // position order, within `limits`, keeping those `keep` accepts (all when
  // `keep` is empty). Reads a consistent snapshot.
  absl::StatusOr<EventPage> ReadEvents(uint64_t from_position,
                                       const EventReadLimits& limits,
                                       const EventPredicate& keep = nullptr);

  // Position of the newest committed event; 0 for an empty log.
  uint64_t LastPosition() const;

  // A reader of everything durable and nothing newer. Writes become visible
  // here only once synced, which is also when their commands are
  // acknowledged, so a client never reads a write that a crash could undo.
  // Every read served to clients goes through one.
  SnapshotReader NewReader();

  // Drops every projection's column families and rebuilds them by replaying
  // the whole log. Offline only: no command may run meanwhile, so call it
  // right after Open, before any Submit. Returns the events replayed.
  absl::StatusOr<uint64_t> RebuildProjections();

  // Rebuilds the projections into a new RocksDB directory `scratch_dir`
  // using `fresh`, unbound projections of the same types and order as the
  // store's, and compares them key by key with the live ones. Returns up to
  // `max_differences` differences; none means the live projections are
  // exactly what the log implies.
  absl::StatusOr<std::vector<struct ProjectionDifference>> VerifyProjections(
      const std::vector<Projection*>& fresh, const std::string& scratch_dir,
      size_t max_differences);

  // Wakes subscribers as the log grows; advanced after every durable batch.
  PositionWatcher& watcher() { return *watcher_; }

  // The underlying database, for offline tools. Its latest state may contain
  // writes not yet durable; serve clients from NewReader() instead. Write
  // only to `blobs` through it: the writer keeps copies of the values it
  // wrote to the other families, and would not see a change made here.
  rocksdb::DB* db() { return db_.get(); }

  // Column family of the log's events, keyed by big-endian position.
  rocksdb::ColumnFamilyHandle* events_family() { return families_.events; }

  // Column family of large values, with BlobDB enabled; see BlobStore for
  // its layout. Uploads write their chunks there directly, and commands
  // commit them through Transaction::Put, so a content is durable together
  // with the events of its command.
  rocksdb::ColumnFamilyHandle* blobs_family() { return blobs_; }

 private:
  class Writer;
  EventStore() = default;
  void BindProjections();

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  LogFamilies families_;
  rocksdb::ColumnFamilyHandle* blobs_ = nullptr;
  std::vector<Projection*> projections_;
  // Index in handles_ of the first projection column family; the rest
  // follow in registration order.
  size_t first_projection_handle_ = 0;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<PositionWatcher> watcher_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_EVENT_STORE_H_
