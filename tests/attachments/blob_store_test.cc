// The store's blobs column family: content-addressed values that BlobDB
// keeps in blob files, written in the same batch as a command's events.

#include "store/blob_store.h"

#include <filesystem>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/digest.h"
#include "store/event_store.h"
#include "support/temp_dir.h"

namespace parley::store {
namespace {

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    EventStoreOptions options;
    options.data_dir = dir_.path();
    options.sync = false;
    absl::StatusOr<std::unique_ptr<EventStore>> store = EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    blobs_ = std::make_unique<BlobStore>(*store_);
  }

  // Runs PutIfAbsent for `content` in a command, failing the command
  // afterwards when `fail` is set. Returns what PutIfAbsent returned.
  absl::StatusOr<bool> Put(const std::string& content, bool fail = false) {
    absl::StatusOr<bool> written = false;
    absl::StatusOr<std::string> result =
        store_->Execute({}, [&](Transaction& txn) -> absl::StatusOr<std::string> {
          written = blobs_->PutIfAbsent(txn, Sha256(content), content);
          if (fail) return absl::AbortedError("the command fails after the put");
          return std::string();
        });
    if (!fail && !result.ok()) return result.status();
    return written;
  }

  size_t CountBlobFiles() const {
    size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      if (entry.path().extension() == ".blob") ++count;
    }
    return count;
  }

  parley::testing::TempDir dir_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<BlobStore> blobs_;
};

TEST_F(BlobStoreTest, StoresEachContentOnce) {
  const std::string content(100'000, 'x');

  EXPECT_EQ(Put(content).value(), true);
  EXPECT_EQ(Put(content).value(), false);
  EXPECT_EQ(blobs_->Get(Sha256(content)).value(), content);
}

TEST_F(BlobStoreTest, FailedCommandStoresNothing) {
  const std::string content(100'000, 'y');

  ASSERT_TRUE(Put(content, /*fail=*/true).ok());

  EXPECT_EQ(blobs_->Get(Sha256(content)).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Put(content).value(), true);
}

TEST_F(BlobStoreTest, RejectsDigestOfWrongSize) {
  EXPECT_EQ(blobs_->Get("short").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(BlobStoreTest, LargeValueGoesToBlobFile) {
  const std::string content(1 << 20, 'z');
  ASSERT_TRUE(Put(content).ok());

  ASSERT_TRUE(store_->db()->Flush(rocksdb::FlushOptions(), store_->blobs_family()).ok());
  EXPECT_GE(CountBlobFiles(), 1u);

  blobs_.reset();
  store_.reset();
  Open();
  EXPECT_EQ(blobs_->Get(Sha256(content)).value(), content);
}

}  // namespace
}  // namespace parley::store
