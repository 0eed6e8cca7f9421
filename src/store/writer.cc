#include "store/writer.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "openssl/rand.h"
#include "spdlog/spdlog.h"
#include "store/digest.h"
#include "store/encoding.h"
#include "store/group_batch.h"
#include "store/layout.h"
#include "store/transaction_impl.h"

namespace parley::store {
namespace {

std::string NewCorrelationId() {
  unsigned char bytes[8] = {};
  // Zero bytes on entropy failure still leave a valid, if less unique, id.
  RAND_bytes(bytes, sizeof(bytes));
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

}  // namespace

EventStore::Writer::Writer(rocksdb::DB* db, LogFamilies families,
                           std::vector<Projection*> projections, bool sync,
                           std::vector<uint32_t> shared_families)
    : db_(db),
      families_(families),
      projections_(std::move(projections)),
      sync_(sync),
      recent_(kRecentValueBytes, std::move(shared_families)) {
  last_position_.store(ReadLastPosition());
  durable_snapshot_ = TakeSnapshot(db_);
  thread_ = std::thread([this] { Run(); });
  sync_thread_ = std::thread([this] { RunSync(); });
}

EventStore::Writer::~Writer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
  {
    absl::MutexLock lock(&sync_mu_);
    writer_stopped_ = true;
  }
  sync_thread_.join();
}

uint64_t EventStore::Writer::ReadLastPosition() {
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), families_.meta,
                                    kLastPositionKey, &value);
  return status.ok() ? DecodeUint64(value).value_or(0) : 0;
}

uint64_t EventStore::Writer::last_position() const {
  return last_position_.load(std::memory_order_acquire);
}

std::shared_ptr<const rocksdb::Snapshot> EventStore::Writer::durable_snapshot() const {
  absl::MutexLock lock(&snapshot_mu_);
  return durable_snapshot_;
}

absl::Status EventStore::Writer::sticky_error() const {
  absl::MutexLock lock(&error_mu_);
  return sticky_error_;
}

void EventStore::Writer::SetStickyError(absl::Status status) {
  spdlog::error("{}", status.ToString());
  absl::MutexLock lock(&error_mu_);
  if (sticky_error_.ok()) sticky_error_ = std::move(status);
}

void EventStore::Writer::Submit(CommandOptions options, CommandFunction command,
                                CommandCallback done) {
  absl::MutexLock lock(&mu_);
  if (stopping_) {
    done(absl::UnavailableError("the event store is shutting down; retry on another server"));
    return;
  }
  queue_.push_back(Pending{std::move(options), std::move(command),
                           std::move(done), absl::UnknownError("not run")});
}

void EventStore::Writer::Run() {
  std::vector<Pending> group;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
        return stopping_ || !queue_.empty();
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // Stopping and drained.
      while (!queue_.empty() && group.size() < kMaxGroupSize) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    WrittenGroup written = WriteGroup(std::move(group));
    group.clear();
    absl::MutexLock lock(&sync_mu_);
    written_.push_back(std::move(written));
  }
}

EventStore::Writer::WrittenGroup EventStore::Writer::WriteGroup(std::vector<Pending> group) {
  WrittenGroup written;
  written.commands = std::move(group);
  if (absl::Status error = sticky_error(); !error.ok()) {
    for (Pending& pending : written.commands) pending.result = error;
    return written;
  }

  // Decide every command against the state its predecessors left.
  GroupBatch batch;
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  for (Pending& pending : written.commands) {
    pending.result = RunCommand(pending, batch, now_ms);
  }
  if (batch.keys() == 0) return written;

  // The sync thread makes the batch durable. This write places it in the
  // log after every earlier group.
  absl::StatusOr<rocksdb::WriteBatch> compacted = batch.Compact();
  rocksdb::Status status =
      compacted.ok() ? db_->Write(rocksdb::WriteOptions(), &*compacted)
                     : rocksdb::Status::Corruption(compacted.status().ToString());
  if (!status.ok()) {
    absl::Status error = absl::UnavailableError(absl::StrCat(
        "event log write failed: ", status.ToString(),
        "; parleyd accepts no more writes until it is restarted"));
    SetStickyError(error);
    for (Pending& pending : written.commands) pending.result = error;
    return written;
  }
  written.wrote = true;
  recent_.Add(batch);
  written.last_position = ReadLastPosition();
  written.snapshot = TakeSnapshot(db_);
  return written;
}

void EventStore::Writer::RunSync() {
  std::vector<WrittenGroup> groups;
  while (true) {
    {
      absl::MutexLock lock(&sync_mu_);
      auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(sync_mu_) {
        return writer_stopped_ || !written_.empty();
      };
      sync_mu_.Await(absl::Condition(&ready));
      if (written_.empty()) return;  // The writer stopped and all is acknowledged.
      while (!written_.empty()) {
        groups.push_back(std::move(written_.front()));
        written_.pop_front();
      }
    }
    SyncAndAcknowledge(groups);
    groups.clear();
  }
}

void EventStore::Writer::SyncAndAcknowledge(std::vector<WrittenGroup>& groups) {
  const WrittenGroup* newest = nullptr;
  for (const WrittenGroup& group : groups) {
    if (group.wrote) newest = &group;
  }

  if (newest != nullptr && sync_) {
    // One sync covers every group written before it, since they share the log.
    rocksdb::Status status = db_->SyncWAL();
    if (!status.ok()) {
      SetStickyError(absl::UnavailableError(absl::StrCat(
          "event log sync failed: ", status.ToString(),
          "; parleyd accepts no more writes until it is restarted")));
    }
  }

  // A group that wrote nothing may still have read what an earlier group
  // wrote: an idempotent retry returns the stored result of a command whose
  // sync may have failed. So after any failed write or sync, no group of
  // this round or a later one is acknowledged.
  if (absl::Status error = sticky_error(); !error.ok()) {
    for (WrittenGroup& group : groups) {
      for (Pending& pending : group.commands) pending.result = error;
    }
    newest = nullptr;
  }

  if (newest != nullptr) {
    {
      absl::MutexLock lock(&snapshot_mu_);
      durable_snapshot_ = newest->snapshot;
    }
    last_position_.store(newest->last_position, std::memory_order_release);
    if (commit_listener_) commit_listener_(newest->last_position);
  }

  for (WrittenGroup& group : groups) {
    for (Pending& pending : group.commands) pending.done(std::move(pending.result));
  }
}

absl::StatusOr<std::string> EventStore::Writer::RunCommand(
    Pending& pending, GroupBatch& batch, int64_t now_ms) {
  std::string correlation_id = pending.options.request_id.empty()
                                   ? NewCorrelationId()
                                   : pending.options.request_id;
  TransactionImpl txn(db_, &batch, &recent_, families_, projections_, now_ms,
                      pending.options, std::move(correlation_id));
  batch.SetSavePoint();
  absl::StatusOr<std::string> result = pending.options.request_id.empty()
                                           ? pending.command(txn)
                                           : RunIdempotent(pending, txn);
  if (result.ok()) {
    batch.DiscardSavePoint();
  } else {
    batch.RollbackToSavePoint();
  }
  return result;
}

absl::StatusOr<std::string> EventStore::Writer::RunIdempotent(
    Pending& pending, TransactionImpl& txn) {
  const CommandOptions& options = pending.options;
  const std::string key = IdempotencyKey(options.actor, options.request_id);
  absl::StatusOr<std::optional<std::string>> stored =
      txn.Get(families_.idempotency, key);
  if (!stored.ok()) return stored.status();

  if (stored->has_value()) {
    parley::v1::IdempotencyRecord record;
    if (!record.ParseFromString(**stored)) {
      return absl::DataLossError(absl::StrCat(
          "idempotency record for request_id ", options.request_id,
          " does not parse; the data directory is corrupt"));
    }
    if (record.request_fingerprint() != Sha256(options.fingerprint)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "request_id \"", options.request_id,
          "\" was already used for a different request; use a new request_id"));
    }
    return record.result();
  }

  absl::StatusOr<std::string> result = pending.command(txn);
  if (!result.ok()) return result;
  parley::v1::IdempotencyRecord record;
  record.set_request_fingerprint(Sha256(options.fingerprint));
  record.set_result(*result);
  txn.Put(families_.idempotency, key, record.SerializeAsString());
  return result;
}

}  // namespace parley::store
