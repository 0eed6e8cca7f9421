#ifndef PARLEY_SERVICE_ATTACHMENT_SERVICE_H_
#define PARLEY_SERVICE_ATTACHMENT_SERVICE_H_

#include <atomic>
#include <string>

#include "absl/time/time.h"
#include "parley/v1/attachment_service.grpc.pb.h"
#include "service/attachment_tokens.h"
#include "service/attachment_upload.h"
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
  // reason UPLOADS_BUSY. Each keeps its file in memory until it is stored,
  // and about three times the file while the store writes it (measured in
  // docs/benchmarks.md). Default: 16.
  int max_concurrent_uploads = 16;
};

// Path, relative to the storefront's domain, that accepts the uploads of
// `customer_id`.
std::string UploadPathFor(absl::string_view customer_id);

// parley.v1.AttachmentService on gRPC's callback API.
//
// An upload is received into an UploadBuffer on gRPC's threads, one message
// at a time, and stored by a command on the store's writer, whose callback
// finishes the call. A download reads the whole file from the blob store
// when the call starts and sends it in 64 KiB messages, one in flight at a
// time, so a slow reader costs one file of memory and no thread.
//
// Thread-safe. `store`, `tokens` and `detector` must outlive the service.
class AttachmentServiceImpl final : public parley::v1::AttachmentService::CallbackService {
 public:
  AttachmentServiceImpl(store::EventStore& store, const AttachmentTokens& tokens,
                        ContentTypeDetector& detector, AttachmentOptions options)
      : store_(store),
        blobs_(store),
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

  store::EventStore& store_;
  const store::BlobStore blobs_;
  const AttachmentTokens& tokens_;
  ContentTypeDetector& detector_;
  const AttachmentOptions options_;
  std::atomic<int> uploads_in_progress_{0};
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_ATTACHMENT_SERVICE_H_
