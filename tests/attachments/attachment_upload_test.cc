// Content type detection, the size limit, the digest and the chunks of
// UploadBuffer.

#include "service/attachment_upload.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "attachments/attachments_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/attachment_errors.h"
#include "store/digest.h"

namespace parley::service {
namespace {

using ::testing::HasSubstr;
using testing::GifBytes;
using testing::HeicBytes;
using testing::JpegBytes;
using testing::PaddedTo;
using testing::PdfBytes;
using testing::PngBytes;
using testing::ShellScriptBytes;
using testing::WebpBytes;

class UploadBufferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ContentTypeDetector>> detector =
        ContentTypeDetector::Create();
    ASSERT_TRUE(detector.ok()) << detector.status();
    detector_ = *std::move(detector);
  }

  // Feeds `content` in messages of `message_size` and finishes. Stops at
  // the first failed Append, whose error it returns. The chunks handed out
  // go to chunks_.
  absl::StatusOr<ReceivedFile> Receive(absl::string_view content, size_t message_size = 4096) {
    UploadBuffer buffer(policy_, *detector_, chunk_bytes_);
    for (size_t offset = 0; offset < content.size(); offset += message_size) {
      absl::Status appended = buffer.Append(content.substr(offset, message_size));
      if (!appended.ok()) return appended;
      Take(buffer);
    }
    absl::StatusOr<ReceivedFile> file = buffer.Finish(content.size());
    Take(buffer);
    return file;
  }

  void Take(UploadBuffer& buffer) {
    for (std::string& chunk : buffer.TakeChunks()) chunks_.push_back(std::move(chunk));
  }

  std::vector<size_t> ChunkSizes() const {
    std::vector<size_t> sizes;
    for (const std::string& chunk : chunks_) sizes.push_back(chunk.size());
    return sizes;
  }

  size_t chunk_bytes_ = 256 << 10;
  std::vector<std::string> chunks_;
  AttachmentPolicy policy_;
  std::unique_ptr<ContentTypeDetector> detector_;
};

TEST_F(UploadBufferTest, DetectsEveryDefaultType) {
  struct Case {
    std::string content;
    std::string type;
  };
  const Case cases[] = {
      {PngBytes(), "image/png"},   {JpegBytes(), "image/jpeg"}, {GifBytes(), "image/gif"},
      {WebpBytes(), "image/webp"}, {HeicBytes(), "image/heic"}, {PdfBytes(), "application/pdf"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type);
    chunks_.clear();
    absl::StatusOr<ReceivedFile> file = Receive(c.content);
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(file->mime_type, c.type);
    EXPECT_EQ(file->size, c.content.size());
    EXPECT_EQ(absl::StrJoin(chunks_, ""), c.content);
  }
}

TEST_F(UploadBufferTest, TypeComesFromBytesNotName) {
  // The buffer gets no name and no declared type, so a PNG that a client
  // calls "scan.pdf" with type application/pdf is detected as a PNG.
  absl::StatusOr<ReceivedFile> file = Receive(PngBytes());

  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->mime_type, "image/png");
}

TEST_F(UploadBufferTest, RejectsShellScript) {
  absl::StatusOr<ReceivedFile> file = Receive(ShellScriptBytes());

  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(file.status()), kAttachmentTypeNotAllowed);
  EXPECT_THAT(file.status().message(), HasSubstr("text/x-shellscript"));
}

TEST_F(UploadBufferTest, RejectsTypeBeforeTheEnd) {
  const std::string script = PaddedTo(ShellScriptBytes() + "# ", 4 * UploadBuffer::kSniffBytes);
  UploadBuffer buffer(policy_, *detector_, /*chunk_bytes=*/1000);

  absl::Status first = buffer.Append(absl::string_view(script).substr(0, UploadBuffer::kSniffBytes));

  EXPECT_EQ(ReasonOf(first), kAttachmentTypeNotAllowed);
  EXPECT_EQ(ReasonOf(buffer.Append("more")), kAttachmentTypeNotAllowed);
  EXPECT_TRUE(buffer.TakeChunks().empty());
}

TEST_F(UploadBufferTest, AcceptsFileOfExactlyTheLimit) {
  policy_.max_bytes = 100'000;
  const std::string png = PaddedTo(PngBytes(), policy_.max_bytes);

  absl::StatusOr<ReceivedFile> file = Receive(png, 8192);

  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->size, policy_.max_bytes);
  EXPECT_EQ(absl::StrJoin(chunks_, ""), png);
  EXPECT_EQ(file->mime_type, "image/png");
}

TEST_F(UploadBufferTest, RejectsOneByteOverTheLimit) {
  policy_.max_bytes = 100'000;
  const std::string png = PaddedTo(PngBytes(), policy_.max_bytes + 1);

  absl::StatusOr<ReceivedFile> file = Receive(png, 8192);

  EXPECT_EQ(file.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ReasonOf(file.status()), kAttachmentTooLarge);
  EXPECT_THAT(file.status().message(), HasSubstr("100000 bytes"));
}

TEST_F(UploadBufferTest, StopsKeepingBytesAtTheLimit) {
  policy_.max_bytes = 10;
  UploadBuffer buffer(policy_, *detector_, chunk_bytes_);

  ASSERT_TRUE(buffer.Append("0123456789").ok());
  EXPECT_EQ(ReasonOf(buffer.Append("A")), kAttachmentTooLarge);
  EXPECT_EQ(buffer.size(), 10u);
  EXPECT_EQ(ReasonOf(buffer.Finish(11).status()), kAttachmentTooLarge);
}

TEST_F(UploadBufferTest, RejectsEmptyFile) {
  UploadBuffer buffer(policy_, *detector_, chunk_bytes_);

  absl::StatusOr<ReceivedFile> file = buffer.Finish(0);

  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(file.status()), kAttachmentEmpty);
}

TEST_F(UploadBufferTest, RejectsSizeMismatchAtEnd) {
  UploadBuffer buffer(policy_, *detector_, chunk_bytes_);
  ASSERT_TRUE(buffer.Append(PngBytes()).ok());

  absl::StatusOr<ReceivedFile> file = buffer.Finish(PngBytes().size() + 1);

  EXPECT_EQ(ReasonOf(file.status()), kUploadMalformed);
}

TEST_F(UploadBufferTest, ComputesSha256AcrossChunks) {
  const std::string pdf = PaddedTo(PdfBytes(), 300'000);

  absl::StatusOr<ReceivedFile> file = Receive(pdf, 7000);

  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->sha256, store::Sha256(pdf));
}

TEST_F(UploadBufferTest, HonoursConfiguredTypes) {
  policy_.allowed_types = {"application/pdf"};

  EXPECT_EQ(ReasonOf(Receive(PngBytes()).status()), kAttachmentTypeNotAllowed);
  EXPECT_TRUE(Receive(PdfBytes()).ok());
}

TEST_F(UploadBufferTest, CutsChunksOfExactSize) {
  chunk_bytes_ = 1000;
  struct Case {
    size_t file_size;
    size_t message_size;
    std::vector<size_t> chunk_sizes;
  };
  const Case cases[] = {
      {999, 300, {999}},
      {1000, 300, {1000}},
      {1001, 300, {1000, 1}},
      {3000, 1000, {1000, 1000, 1000}},
      {2500, 4096, {1000, 1000, 500}},
      {2001, 1, {1000, 1000, 1}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.file_size, " bytes in messages of ", c.message_size));
    chunks_.clear();
    const std::string png = PaddedTo(PngBytes(), c.file_size);

    absl::StatusOr<ReceivedFile> file = Receive(png, c.message_size);

    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(ChunkSizes(), c.chunk_sizes);
    EXPECT_EQ(absl::StrJoin(chunks_, ""), png);
  }
}

TEST_F(UploadBufferTest, HoldsChunksUntilTypeIsKnown) {
  const std::string png = PaddedTo(PngBytes(), UploadBuffer::kSniffBytes + 500);
  UploadBuffer buffer(policy_, *detector_, /*chunk_bytes=*/1000);

  ASSERT_TRUE(buffer.Append(absl::string_view(png).substr(0, 10'000)).ok());
  EXPECT_TRUE(buffer.TakeChunks().empty());

  ASSERT_TRUE(buffer.Append(absl::string_view(png).substr(10'000)).ok());
  std::vector<std::string> chunks = buffer.TakeChunks();
  EXPECT_EQ(chunks.size(), png.size() / 1000);
  EXPECT_TRUE(buffer.TakeChunks().empty());

  ASSERT_TRUE(buffer.Finish(png.size()).ok());
  std::vector<std::string> last = buffer.TakeChunks();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(absl::StrJoin(chunks, "") + last[0], png);
}

TEST_F(UploadBufferTest, ShortRejectedFileHandsOutNoChunk) {
  UploadBuffer buffer(policy_, *detector_, /*chunk_bytes=*/4);
  ASSERT_TRUE(buffer.Append(ShellScriptBytes()).ok());

  EXPECT_EQ(ReasonOf(buffer.Finish(ShellScriptBytes().size()).status()),
            kAttachmentTypeNotAllowed);
  EXPECT_TRUE(buffer.TakeChunks().empty());
}

}  // namespace
}  // namespace parley::service
