#include "store/writer.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "openssl/rand.h"
#include "spdlog/spdlog.h"
#include "store/digest.h"
#include "store/encoding.h"
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
                           std::vector<Projection*> projections, bool sync)
    : db_(db),
      families_(families),
      projections_(std::move(projections)),
      sync_(sync) {
  last_position_.store(ReadLastPosition());
  thread_ = std::thread([this] { Run(); });
}

EventStore::Writer::~Writer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
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
    CommitGroup(group);
    group.clear();
  }
}

void EventStore::Writer::CommitGroup(std::vector<Pending>& group) {
  if (!sticky_error_.ok()) {
    for (Pending& pending : group) pending.done(sticky_error_);
    return;
  }

  // Decide every command against the state its predecessors left.
  rocksdb::WriteBatchWithIndex batch(rocksdb::BytewiseComparator(), 0,
                                     /*overwrite_key=*/true);
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  for (Pending& pending : group) {
    pending.result = RunCommand(pending, batch, now_ms);
  }

  // One synced write makes the whole group durable.
  if (batch.GetWriteBatch()->Count() > 0) {
    rocksdb::WriteOptions write_options;
    write_options.sync = sync_;
    rocksdb::Status status = db_->Write(write_options, batch.GetWriteBatch());
    if (!status.ok()) {
      sticky_error_ = absl::UnavailableError(absl::StrCat(
          "event log write failed: ", status.ToString(),
          "; parleyd accepts no more writes until it is restarted"));
      spdlog::error("group commit of {} commands failed: {}", group.size(),
                    status.ToString());
      for (Pending& pending : group) pending.done(sticky_error_);
      return;
    }
    last_position_.store(ReadLastPosition(), std::memory_order_release);
    if (commit_listener_) commit_listener_(last_position());
  }

  for (Pending& pending : group) pending.done(std::move(pending.result));
}

absl::StatusOr<std::string> EventStore::Writer::RunCommand(
    Pending& pending, rocksdb::WriteBatchWithIndex& batch, int64_t now_ms) {
  std::string correlation_id = pending.options.request_id.empty()
                                   ? NewCorrelationId()
                                   : pending.options.request_id;
  TransactionImpl txn(db_, &batch, families_, projections_, now_ms,
                      pending.options, std::move(correlation_id));
  batch.SetSavePoint();
  absl::StatusOr<std::string> result = pending.options.request_id.empty()
                                           ? pending.command(txn)
                                           : RunIdempotent(pending, txn);
  if (result.ok()) {
    // Keeps the command's writes; PopSavePoint fails only without a save point.
    batch.PopSavePoint().PermitUncheckedError();
  } else {
    rocksdb::Status rollback = batch.RollbackToSavePoint();
    if (!rollback.ok()) {
      // The batch may now hold part of a failed command, so none of it is
      // written.
      sticky_error_ = absl::InternalError(
          absl::StrCat("rollback of a failed command failed: ", rollback.ToString()));
      spdlog::error("{}", sticky_error_.ToString());
    }
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
