#ifndef PARLEY_STORE_TRANSACTION_IMPL_H_
#define PARLEY_STORE_TRANSACTION_IMPL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "parley/v1/records.pb.h"
#include "store/event_store.h"
#include "store/group_batch.h"
#include "store/writer.h"

namespace parley::store {

// Transaction over the writer's group batch. Reads merge the batch
// with the committed database; writes go to the batch only.
//
// Not thread-safe: used by the writer thread for one command at a time.
class TransactionImpl final : public Transaction {
 public:
  TransactionImpl(rocksdb::DB* db, GroupBatch* batch, RecentValues* recent,
                  const LogFamilies& families,
                  const std::vector<Projection*>& projections,
                  int64_t now_ms, const CommandOptions& options,
                  std::string correlation_id);

  absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* column_family,
      absl::string_view key) override;
  std::unique_ptr<rocksdb::Iterator> NewIterator(
      rocksdb::ColumnFamilyHandle* column_family) override;
  void Put(rocksdb::ColumnFamilyHandle* column_family, absl::string_view key,
           absl::string_view value) override;
  void Delete(rocksdb::ColumnFamilyHandle* column_family,
              absl::string_view key) override;

  int64_t now_ms() const override { return now_ms_; }
  absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream_id) override;
  absl::StatusOr<std::vector<parley::v1::EventRecord>> Append(
      absl::string_view stream_id, ExpectedVersion expected,
      const std::vector<NewEvent>& events) override;
  absl::StatusOr<uint64_t> NextSequence(absl::string_view name) override;

  // Position of the newest event in the batch or the database.
  absl::StatusOr<uint64_t> LastPosition();

 private:
  absl::StatusOr<parley::v1::StreamHead> ReadStreamHead(
      absl::string_view stream_id);
  absl::StatusOr<uint64_t> ReadCounter(rocksdb::ColumnFamilyHandle* family,
                                       absl::string_view key);

  GroupBatchView view_;
  const LogFamilies& families_;
  const std::vector<Projection*>& projections_;
  const int64_t now_ms_;
  const CommandOptions& options_;
  const std::string correlation_id_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_TRANSACTION_IMPL_H_
