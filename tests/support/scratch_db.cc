#include "support/scratch_db.h"

#include <stdexcept>

namespace parley::testing {

ScratchDb::ScratchDb() {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(options, dir_.path(), &db);
  if (!status.ok()) {
    throw std::runtime_error("opening a scratch database failed: " + status.ToString());
  }
  db_.reset(db);
  rocksdb::ColumnFamilyHandle* second = nullptr;
  status = db_->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "second", &second);
  if (!status.ok()) {
    throw std::runtime_error("creating a column family failed: " + status.ToString());
  }
  second_.reset(second);
}

ScratchDb::~ScratchDb() {
  // The handle must close before the database.
  second_.reset();
  db_.reset();
}

}  // namespace parley::testing
