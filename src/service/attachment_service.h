#ifndef PARLEY_SERVICE_ATTACHMENT_SERVICE_H_
#define PARLEY_SERVICE_ATTACHMENT_SERVICE_H_

#include <atomic>
#include <string>

#include "absl/time/time.h"
#include "parley/v1/attachment_service.grpc.pb.h"
#include "service/attachment_tokens.h"
#include "service/attachment_upload.h"
#include "service/work_queue.h"
#include "store/blob_store.h"
#include "store/event_store.h"

namespace parley::service {

// Settings of attachments in parleyd.
struct AttachmentOptions {
  // HMAC-SHA-256 key of upload and attachment tokens, at least 32 bytes.
  // Empty: Server::Start makes a random key, so tokens issued before a
  // restart stop verifying after it. Default: empty.
  std::string token_secret;
  // Lifetime of an upload token from GetUploaderConfig. Default: 1 hour.
  absl::Duration upload_token_ttl = absl::Hours(1);
  // Lifetime of the attachment token that an upload returns: the time the
  // customer has to send the message. Default: 24 hours.
  absl::Duration attachment_token_ttl = absl::Hours(24);
  // Accepted types and the size limit.
  AttachmentPolicy policy;
  // Uploads in progress at most; more are rejected with UNAVAILABLE and
  // reason UPLOADS_BUSY. Each keeps about two chunks in memory, whatever
  // the file's size (measured in docs/benchmarks.md). Default: 16.
  int max_concurrent_uploads = 16;
  // Size of the chunks that uploads are stored in, in bytes: the unit of
  // memory that an upload or a download holds, and of each RocksDB write.
  // Contents stored earlier keep their own chunk size. Default: 256 KiB.
  uint64_t chunk_bytes = store::BlobStore::kDefaultChunkBytes;
};

// Path, relative to the storefront's domain, that accepts the uploads of
// `customer_id`.
std::string UploadPathFor(absl::string_view customer_id);

// parley.v1.AttachmentService on gRPC's callback API.
//
// An upload is checked by an UploadBuffer on gRPC's threads, one message at
// a time, and its chunks are written to the blob store as they complete.
// The writes run on a WorkQueue, and the next message is read only after
// they finish, so an upload holds about two chunks and blocks no gRPC
// thread. At UploadEnd a command on the store's writer commits the chunks
// with the AttachmentUploaded event, and its callback finishes the call.
// A failed upload deletes its chunks before the call ends.
//
// A download reads one chunk at a time on the WorkQueue and sends it in
// 64 KiB messages, one in flight at a time, so a slow reader costs one
// chunk of memory and no thread. A file stored by earlier versions in one
// value (layout 1 in store/layout.h) is read whole.
//
// Thread-safe. `store`, `tokens` and `detector` must outlive the service.
// The destructor waits for the WorkQueue's tasks, so destroy the service
// after the gRPC server has stopped and before the store closes.
class AttachmentServiceImpl final : public parley::v1::AttachmentService::CallbackService {
 public:
  AttachmentServiceImpl(store::EventStore& store, const AttachmentTokens& tokens,
                        ContentTypeDetector& detector, AttachmentOptions options)
      : store_(store),
        blobs_(store, options.chunk_bytes),
        tokens_(tokens),
        detector_(detector),
        options_(std::move(options)) {}

  grpc::ServerUnaryReactor* GetUploaderConfig(
      grpc::CallbackServerContext* context,
      const parley::v1::GetUploaderConfigRequest* request,
      parley::v1::GetUploaderConfigResponse* response) override;

  grpc::ServerReadReactor<parley::v1::UploadAttachmentRequest>* UploadAttachment(
      grpc::CallbackServerContext* context,
      parley::v1::UploadAttachmentResponse* response) override;

  grpc::ServerWriteReactor<parley::v1::DownloadAttachmentResponse>* DownloadAttachment(
      grpc::CallbackServerContext* context,
      const parley::v1::DownloadAttachmentRequest* request) override;

 private:
  class Upload;
  class Download;

  static constexpr int kBlobIoThreads = 2;

  store::EventStore& store_;
  const store::BlobStore blobs_;
  const AttachmentTokens& tokens_;
  ContentTypeDetector& detector_;
  const AttachmentOptions options_;
  std::atomic<int> uploads_in_progress_{0};
  // Runs the blob store's reads and writes for uploads and downloads.
  WorkQueue blob_io_{kBlobIoThreads};
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_ATTACHMENT_SERVICE_H_
