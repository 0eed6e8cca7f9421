// The store's blobs column family. Contents are written in chunks while
// they arrive and committed under their SHA-256 in the same batch as a
// command's events. Failed and duplicate uploads delete their chunks, and
// contents are read back a chunk at a time, in both layouts.

#include "store/blob_store.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/digest.h"
#include "store/encoding.h"
#include "store/event_store.h"
#include "store/layout.h"
#include "support/temp_dir.h"

namespace parley::store {
namespace {

// Larger than BlobFamilyOptions::min_blob_size, so chunks go to blob files.
constexpr uint64_t kChunk = 8192;

// Returns `size` bytes that differ from chunk to chunk, so a chunk read in
// the wrong place shows.
std::string ContentOf(size_t size, char seed = 'a') {
  std::string content(size, '\0');
  for (size_t i = 0; i < size; ++i) content[i] = static_cast<char>(seed + i / 1000 % 26);
  return content;
}

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(dir_.path()); }

  void Open(const std::string& path) {
    EventStoreOptions options;
    options.data_dir = path;
    options.sync = false;
    absl::StatusOr<std::unique_ptr<EventStore>> store = EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    blobs_ = std::make_unique<BlobStore>(*store_, kChunk);
  }

  void Close() {
    blobs_.reset();
    store_.reset();
  }

  // Starts an upload and writes `content` to it in chunks of kChunk.
  std::unique_ptr<BlobUpload> Write(const std::string& content) {
    absl::StatusOr<std::unique_ptr<BlobUpload>> upload = blobs_->StartUpload();
    EXPECT_TRUE(upload.ok()) << upload.status();
    for (size_t offset = 0; offset < content.size(); offset += kChunk) {
      absl::Status written = (*upload)->WriteChunk(absl::string_view(content).substr(offset, kChunk));
      EXPECT_TRUE(written.ok()) << written;
    }
    return *std::move(upload);
  }

  // Runs CommitUpload for `upload`, whose content is `content`, in a
  // command, failing the command afterwards when `fail` is set. Returns
  // what CommitUpload returned.
  absl::StatusOr<bool> Commit(const BlobUpload& upload, const std::string& content,
                              bool fail = false) {
    absl::StatusOr<bool> committed = false;
    absl::StatusOr<std::string> result =
        store_->Execute({}, [&](Transaction& txn) -> absl::StatusOr<std::string> {
          committed = blobs_->CommitUpload(txn, Sha256(content), upload.Manifest());
          if (fail) return absl::AbortedError("the command fails after the commit");
          return std::string();
        });
    if (!fail && !result.ok()) return result.status();
    return committed;
  }

  // Returns the number of keys in the blobs family that start with
  // `prefix` (every key when empty).
  size_t CountKeys(absl::string_view prefix = "") {
    std::unique_ptr<rocksdb::Iterator> it(
        store_->db()->NewIterator(rocksdb::ReadOptions(), store_->blobs_family()));
    size_t count = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().starts_with(rocksdb::Slice(prefix.data(), prefix.size()))) ++count;
    }
    EXPECT_TRUE(it->status().ok()) << it->status().ToString();
    return count;
  }

  // Writes `content` under `digest` as versions before chunked uploads did.
  void PutLayout1(const std::string& content) {
    const std::string digest = Sha256(content);
    rocksdb::DB* db = store_->db();
    ASSERT_TRUE(db->Put({}, store_->blobs_family(), BlobContentKey(digest), content).ok());
    ASSERT_TRUE(db->Put({}, store_->blobs_family(), BlobMarkerKey(digest),
                        EncodeUint64(content.size()))
                    .ok());
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

TEST_F(BlobStoreTest, ChunkBoundaries) {
  struct Case {
    size_t size;
    uint64_t chunks;
  };
  const Case cases[] = {
      {1, 1},          {kChunk - 1, 1},     {kChunk, 1},         {kChunk + 1, 2},
      {2 * kChunk, 2}, {3 * kChunk - 1, 3}, {3 * kChunk + 1, 4},
  };
  char seed = 'a';
  for (const Case& c : cases) {
    SCOPED_TRACE(c.size);
    const std::string content = ContentOf(c.size, seed++);
    const size_t keys_before = CountKeys();

    std::unique_ptr<BlobUpload> upload = Write(content);
    ASSERT_EQ(upload->Manifest().chunk_count, c.chunks);
    ASSERT_EQ(upload->size(), c.size);
    EXPECT_EQ(CountKeys(kPendingUploadPrefix), 1u);
    ASSERT_EQ(Commit(*upload, content).value(), true);

    EXPECT_EQ(blobs_->Get(Sha256(content)).value(), content);
    // The chunks and the manifest; the pending key is gone.
    EXPECT_EQ(CountKeys() - keys_before, c.chunks + 1);
    EXPECT_EQ(CountKeys(kPendingUploadPrefix), 0u);
  }
}

TEST_F(BlobStoreTest, ReaderReturnsOneChunkAtATime) {
  const std::string content = ContentOf(2 * kChunk + 10);
  ASSERT_EQ(Commit(*Write(content), content).value(), true);

  absl::StatusOr<BlobReader> reader = blobs_->OpenReader(Sha256(content));
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(reader->size(), content.size());
  std::vector<std::string> pieces;
  while (!reader->done()) pieces.push_back(reader->ReadNext().value());

  EXPECT_THAT(pieces, ::testing::ElementsAre(content.substr(0, kChunk),
                                             content.substr(kChunk, kChunk),
                                             content.substr(2 * kChunk)));
  EXPECT_EQ(reader->ReadNext().status().code(), absl::StatusCode::kOutOfRange);
}

TEST_F(BlobStoreTest, StoresEachContentOnce) {
  const std::string content = ContentOf(2 * kChunk + 1);

  ASSERT_EQ(Commit(*Write(content), content).value(), true);
  const size_t keys = CountKeys();
  ASSERT_EQ(Commit(*Write(content), content).value(), false);

  EXPECT_EQ(CountKeys(), keys);
  EXPECT_EQ(keys, 3u + 1u);  // Three chunks and the manifest.
  EXPECT_EQ(blobs_->Get(Sha256(content)).value(), content);
}

TEST_F(BlobStoreTest, DuplicateInTheSameCommandIsDeleted) {
  const std::string content = ContentOf(kChunk + 1);
  std::unique_ptr<BlobUpload> first = Write(content);
  std::unique_ptr<BlobUpload> second = Write(content);

  std::vector<bool> committed;
  ASSERT_TRUE(store_->Execute({}, [&](Transaction& txn) -> absl::StatusOr<std::string> {
                      for (const BlobUpload* upload : {first.get(), second.get()}) {
                        absl::StatusOr<bool> c =
                            blobs_->CommitUpload(txn, Sha256(content), upload->Manifest());
                        if (!c.ok()) return c.status();
                        committed.push_back(*c);
                      }
                      return std::string();
                    }).ok());

  EXPECT_THAT(committed, ::testing::ElementsAre(true, false));
  EXPECT_EQ(CountKeys(), 2u + 1u);
}

TEST_F(BlobStoreTest, FailedCommandLeavesChunksToAbandon) {
  const std::string content = ContentOf(2 * kChunk);
  std::unique_ptr<BlobUpload> upload = Write(content);

  ASSERT_TRUE(Commit(*upload, content, /*fail=*/true).ok());
  EXPECT_EQ(blobs_->Get(Sha256(content)).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(CountKeys(), 2u + 1u);  // Two chunks and the pending key.

  ASSERT_TRUE(upload->Abandon().ok());
  EXPECT_EQ(CountKeys(), 0u);
  EXPECT_EQ(Commit(*Write(content), content).value(), true);
}

TEST_F(BlobStoreTest, AbandonDeletesEveryChunk) {
  std::unique_ptr<BlobUpload> untouched = Write("");
  std::unique_ptr<BlobUpload> upload = Write(ContentOf(5 * kChunk));
  ASSERT_EQ(CountKeys(), 5u + 1u);

  EXPECT_TRUE(untouched->Abandon().ok());
  EXPECT_TRUE(upload->Abandon().ok());

  EXPECT_EQ(CountKeys(), 0u);
  EXPECT_EQ(upload->WriteChunk("x").code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(BlobStoreTest, AbandonKeepsOtherUploads) {
  const std::string kept_content = ContentOf(kChunk + 1, 'k');
  std::unique_ptr<BlobUpload> keep = Write(kept_content);
  std::unique_ptr<BlobUpload> drop = Write(ContentOf(3 * kChunk, 'd'));

  ASSERT_TRUE(drop->Abandon().ok());
  ASSERT_EQ(Commit(*keep, kept_content).value(), true);

  EXPECT_EQ(blobs_->Get(Sha256(kept_content)).value(), kept_content);
  EXPECT_EQ(CountKeys(), 2u + 1u);
}

TEST_F(BlobStoreTest, WriteChunkChecksSizes) {
  absl::StatusOr<std::unique_ptr<BlobUpload>> upload = blobs_->StartUpload();
  ASSERT_TRUE(upload.ok()) << upload.status();

  EXPECT_EQ((*upload)->WriteChunk("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*upload)->WriteChunk(std::string(kChunk + 1, 'x')).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE((*upload)->WriteChunk(std::string(kChunk, 'x')).ok());
  ASSERT_TRUE((*upload)->WriteChunk("short").ok());
  EXPECT_EQ((*upload)->WriteChunk("after the last").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*upload)->size(), kChunk + 5);
}

TEST_F(BlobStoreTest, CommitRejectsBadInput) {
  const std::string content = ContentOf(10);
  std::unique_ptr<BlobUpload> empty = Write("");
  absl::StatusOr<std::string> result =
      store_->Execute({}, [&](Transaction& txn) -> absl::StatusOr<std::string> {
        EXPECT_EQ(blobs_->CommitUpload(txn, "short", Write(content)->Manifest()).status().code(),
                  absl::StatusCode::kInvalidArgument);
        EXPECT_EQ(blobs_->CommitUpload(txn, Sha256(content), empty->Manifest()).status().code(),
                  absl::StatusCode::kInvalidArgument);
        return std::string();
      });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(blobs_->Get("short").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(BlobStoreTest, CrashLeavesPendingUploadUntilSwept) {
  const std::string committed = ContentOf(kChunk + 1, 'c');
  ASSERT_EQ(Commit(*Write(committed), committed).value(), true);
  std::unique_ptr<BlobUpload> interrupted = Write(ContentOf(4 * kChunk, 'i'));
  ASSERT_EQ(CountKeys(), 2u + 1u + 4u + 1u);

  // A copy of the files of a running store is what a crash of the process
  // leaves: the write-ahead log has every write, and nothing was cleaned up.
  parley::testing::TempDir crashed;
  std::filesystem::copy(dir_.path(), crashed.path(),
                        std::filesystem::copy_options::recursive |
                            std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(std::filesystem::path(crashed.path()) / "LOCK");
  interrupted.reset();
  Close();
  Open(crashed.path());

  EXPECT_EQ(CountKeys(kPendingUploadPrefix), 1u);
  EXPECT_EQ(blobs_->DeletePendingUploads().value(), 1u);
  EXPECT_EQ(CountKeys(), 2u + 1u);
  EXPECT_EQ(blobs_->Get(Sha256(committed)).value(), committed);
  EXPECT_EQ(blobs_->DeletePendingUploads().value(), 0u);

  Close();
  Open(crashed.path());
  EXPECT_EQ(CountKeys(), 2u + 1u);
}

TEST_F(BlobStoreTest, ReadsLayout1) {
  const std::string content = ContentOf(3 * kChunk + 5, 'o');
  PutLayout1(content);

  absl::StatusOr<BlobReader> reader = blobs_->OpenReader(Sha256(content));
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(reader->size(), content.size());
  EXPECT_EQ(reader->ReadNext().value(), content);
  EXPECT_TRUE(reader->done());

  // An upload of the same bytes is a duplicate: it deletes its chunks.
  ASSERT_EQ(Commit(*Write(content), content).value(), false);
  EXPECT_EQ(CountKeys(), 2u);
  EXPECT_EQ(blobs_->Get(Sha256(content)).value(), content);
}

TEST_F(BlobStoreTest, MissingChunkIsDataLoss) {
  const std::string content = ContentOf(2 * kChunk);
  std::unique_ptr<BlobUpload> upload = Write(content);
  ASSERT_EQ(Commit(*upload, content).value(), true);
  ASSERT_TRUE(store_->db()
                  ->Delete({}, store_->blobs_family(), BlobChunkKey(upload->upload_id(), 1))
                  .ok());

  EXPECT_EQ(blobs_->Get(Sha256(content)).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(BlobStoreTest, UnknownDigestIsNotFound) {
  EXPECT_EQ(blobs_->OpenReader(Sha256("never stored")).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(BlobStoreTest, ChunksGoToBlobFiles) {
  const std::string content = ContentOf(4 * kChunk);
  ASSERT_EQ(Commit(*Write(content), content).value(), true);

  ASSERT_TRUE(store_->db()->Flush(rocksdb::FlushOptions(), store_->blobs_family()).ok());
  EXPECT_GE(CountBlobFiles(), 1u);

  Close();
  Open(dir_.path());
  EXPECT_EQ(blobs_->Get(Sha256(content)).value(), content);
}

}  // namespace
}  // namespace parley::store
