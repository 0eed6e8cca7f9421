#ifndef PARLEY_TESTS_SUPPORT_SCRATCH_DB_H_
#define PARLEY_TESTS_SUPPORT_SCRATCH_DB_H_

#include <memory>

#include "rocksdb/db.h"
#include "support/temp_dir.h"

namespace parley::testing {

// A RocksDB database in a fresh directory, with the default column family
// and one more named "second". Tests of batches over several families
// write to both.
class ScratchDb {
 public:
  ScratchDb();
  ~ScratchDb();
  ScratchDb(const ScratchDb&) = delete;
  ScratchDb& operator=(const ScratchDb&) = delete;

  rocksdb::DB* db() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* first() { return db_->DefaultColumnFamily(); }
  rocksdb::ColumnFamilyHandle* second() { return second_.get(); }

 private:
  TempDir dir_;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> second_;
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SUPPORT_SCRATCH_DB_H_
