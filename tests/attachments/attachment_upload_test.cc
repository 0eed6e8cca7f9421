// Content type detection, the size limit and the digest of UploadBuffer.

#include "service/attachment_upload.h"

#include <memory>
#include <string>

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

  // Feeds `content` in chunks of `chunk_size` and finishes. Stops at the
  // first failed Append, whose error it returns.
  absl::StatusOr<ReceivedFile> Receive(absl::string_view content, size_t chunk_size = 4096) {
    UploadBuffer buffer(policy_, *detector_);
    for (size_t offset = 0; offset < content.size(); offset += chunk_size) {
      absl::Status appended = buffer.Append(content.substr(offset, chunk_size));
      if (!appended.ok()) return appended;
    }
    return buffer.Finish(content.size());
  }

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
    absl::StatusOr<ReceivedFile> file = Receive(c.content);
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(file->mime_type, c.type);
    EXPECT_EQ(file->content, c.content);
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
  UploadBuffer buffer(policy_, *detector_);

  absl::Status first = buffer.Append(absl::string_view(script).substr(0, UploadBuffer::kSniffBytes));

  EXPECT_EQ(ReasonOf(first), kAttachmentTypeNotAllowed);
  EXPECT_EQ(ReasonOf(buffer.Append("more")), kAttachmentTypeNotAllowed);
}

TEST_F(UploadBufferTest, AcceptsFileOfExactlyTheLimit) {
  policy_.max_bytes = 100'000;
  const std::string png = PaddedTo(PngBytes(), policy_.max_bytes);

  absl::StatusOr<ReceivedFile> file = Receive(png, 8192);

  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->content.size(), policy_.max_bytes);
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
  UploadBuffer buffer(policy_, *detector_);

  ASSERT_TRUE(buffer.Append("0123456789").ok());
  EXPECT_EQ(ReasonOf(buffer.Append("A")), kAttachmentTooLarge);
  EXPECT_EQ(buffer.size(), 10u);
  EXPECT_EQ(ReasonOf(buffer.Finish(11).status()), kAttachmentTooLarge);
}

TEST_F(UploadBufferTest, RejectsEmptyFile) {
  UploadBuffer buffer(policy_, *detector_);

  absl::StatusOr<ReceivedFile> file = buffer.Finish(0);

  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(file.status()), kAttachmentEmpty);
}

TEST_F(UploadBufferTest, RejectsSizeMismatchAtEnd) {
  UploadBuffer buffer(policy_, *detector_);
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

}  // namespace
}  // namespace parley::service
