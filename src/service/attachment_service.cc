#include "service/attachment_service.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/validation.h"
#include "service/attachment_errors.h"
#include "service/attachment_log.h"
#include "service/grpc_status.h"
#include "service/unary_call.h"
#include "spdlog/spdlog.h"

namespace parley::service {
namespace {

using parley::v1::DownloadAttachmentResponse;
using parley::v1::UploadAttachmentRequest;
using parley::v1::UploadAttachmentResponse;

constexpr char kUploadPathPrefix[] = "/account/documentupload/uploader/upload/";

// Bytes per download message.
constexpr size_t kDownloadChunkBytes = 64 << 10;

absl::Status MalformedUpload(absl::string_view problem) {
  return WithReason(
      absl::InvalidArgumentError(absl::StrCat("upload stream ", problem,
                                              "; send UploadStart, chunks, then UploadEnd")),
      kUploadMalformed);
}

}  // namespace

std::string UploadPathFor(absl::string_view customer_id) {
  return absl::StrCat(kUploadPathPrefix, customer_id);
}

// One UploadAttachment call. Reads are started one at a time, and the next
// starts only after the chunks of the last one are written. After the
// UploadEnd message the only remaining steps are the last write and the
// store command, whose callback finishes the call. So at most one thread
// touches the reactor at once.
class AttachmentServiceImpl::Upload final
    : public grpc::ServerReadReactor<UploadAttachmentRequest> {
 public:
  // `holds_slot` is true when the call counts in uploads_in_progress_.
  Upload(AttachmentServiceImpl& service, grpc::CallbackServerContext* context,
         UploadAttachmentResponse* response, bool holds_slot)
      : service_(service), context_(context), response_(response), holds_slot_(holds_slot) {}

  void Start() { StartRead(&request_); }

  // Ends the call with `status` and its reason, if it has one, after
  // deleting what the upload wrote to the blob store.
  void Fail(const absl::Status& status) {
    buffer_.reset();
    const std::string reason = ReasonOf(status);
    if (!reason.empty()) context_->AddTrailingMetadata(kErrorReasonKey, reason);
    if (blob_ == nullptr) {
      Finish(ToGrpcStatus(status, "UploadAttachment"));
      return;
    }
    service_.blob_io_.Schedule([this, status] {
      if (absl::Status deleted = blob_->Abandon(); !deleted.ok()) {
        spdlog::error("deleting the chunks of a failed upload of customer {} failed, so they "
                      "stay until parleyd restarts: {}",
                      customer_id_, deleted.ToString());
      }
      blob_.reset();
      Finish(ToGrpcStatus(status, "UploadAttachment"));
    });
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Fail(MalformedUpload("ended without UploadEnd, so nothing was stored"));
      return;
    }
    absl::Status handled = HandleRequest();
    if (!handled.ok()) Fail(handled);
  }

  void OnDone() override {
    if (holds_slot_) service_.uploads_in_progress_.fetch_sub(1);
    delete this;
  }

 private:
  // Handles the message just read, then reads the next one unless the
  // upload is complete. An error means the call must fail.
  absl::Status HandleRequest() {
    switch (request_.part_case()) {
      case UploadAttachmentRequest::kStart:
        if (buffer_.has_value()) return MalformedUpload("has a second UploadStart");
        if (absl::Status s = HandleStart(request_.start()); !s.ok()) return s;
        StartRead(&request_);
        return absl::OkStatus();
      case UploadAttachmentRequest::kChunk:
        if (!buffer_.has_value()) return MalformedUpload("starts with a chunk");
        if (absl::Status s = buffer_->Append(request_.chunk()); !s.ok()) return s;
        request_.clear_chunk();
        WriteChunks([this] { StartRead(&request_); });
        return absl::OkStatus();
      case UploadAttachmentRequest::kEnd:
        if (!buffer_.has_value()) return MalformedUpload("starts with UploadEnd");
        return HandleEnd(request_.end().size_bytes());
      default:
        return MalformedUpload("has a message with no part set");
    }
  }

  absl::Status HandleStart(const parley::v1::UploadStart& start) {
    if (absl::Status s = service_.tokens_.VerifyUploadToken(
            start.upload_token(), start.customer_id(), absl::Now());
        !s.ok()) {
      return s;
    }
    absl::StatusOr<std::unique_ptr<store::BlobUpload>> blob = service_.blobs_.StartUpload();
    if (!blob.ok()) return blob.status();
    blob_ = *std::move(blob);
    customer_id_ = start.customer_id();
    buffer_.emplace(service_.options_.policy, service_.detector_,
                    service_.options_.chunk_bytes);
    return absl::OkStatus();
  }

  // Writes the chunks that the buffer has ready on the blob I/O queue, then
  // runs `next` there; runs `next` at once when none is ready.
  void WriteChunks(absl::AnyInvocable<void() &&> next) {
    std::vector<std::string> chunks = buffer_->TakeChunks();
    if (chunks.empty()) {
      std::move(next)();
      return;
    }
    service_.blob_io_.Schedule(
        [this, chunks = std::move(chunks), next = std::move(next)]() mutable {
          for (std::string& chunk : chunks) {
            absl::Status written = blob_->WriteChunk(chunk);
            if (!written.ok()) {
              Fail(written);
              return;
            }
            std::string().swap(chunk);
          }
          std::move(next)();
        });
  }

  // Completes the file, writes its last chunks and commits it.
  absl::Status HandleEnd(uint64_t declared_size) {
    absl::StatusOr<ReceivedFile> file = buffer_->Finish(declared_size);
    if (!file.ok()) return file.status();
    WriteChunks([this, file = *std::move(file)]() mutable {
      buffer_.reset();
      Commit(std::move(file));
    });
    return absl::OkStatus();
  }

  // Commits the upload with a command on the writer; its callback finishes
  // the call.
  void Commit(ReceivedFile file) {
    store::CommandOptions options;
    options.actor = absl::StrCat("customer:", customer_id_);
    service_.store_.Submit(
        std::move(options),
        RecordUpload(service_.blobs_, customer_id_, std::move(file), blob_->Manifest(),
                     service_.options_.attachment_token_ttl),
        [this](absl::StatusOr<std::string> result) { OnStored(std::move(result)); });
  }

  // Runs on the store's writer thread, so it only signs and finishes, and
  // hands the deletion of a failed upload's chunks to the blob I/O queue.
  void OnStored(absl::StatusOr<std::string> result) {
    if (!result.ok()) {
      Fail(result.status());
      return;
    }
    // The command committed the chunks or deleted them as a duplicate's.
    blob_.reset();
    parley::v1::AttachmentUploaded uploaded;
    if (!uploaded.ParseFromString(*result)) {
      Fail(absl::InternalError("the result of RecordUpload does not parse"));
      return;
    }

    AttachmentGrant grant;
    grant.customer_id = uploaded.customer_id();
    grant.expires_at = absl::FromUnixMillis(uploaded.token_expires_at_ms());
    grant.attachment.set_id(uploaded.attachment_id());
    grant.attachment.set_mime_type(uploaded.mime_type());
    grant.attachment.set_size_bytes(uploaded.size_bytes());
    grant.attachment.set_sha256(uploaded.sha256());
    response_->set_attachment_token(service_.tokens_.SignAttachmentToken(grant));
    *response_->mutable_attachment() = grant.attachment;
    response_->set_expires_at_ms(uploaded.token_expires_at_ms());
    Finish(grpc::Status::OK);
  }

  AttachmentServiceImpl& service_;
  grpc::CallbackServerContext* const context_;
  UploadAttachmentResponse* const response_;
  const bool holds_slot_;
  UploadAttachmentRequest request_;
  std::string customer_id_;
  // Set once UploadStart is accepted; reset when the upload completes.
  std::optional<UploadBuffer> buffer_;
  // The upload's chunks in the blob store; set with buffer_, and reset once
  // they are committed or deleted.
  std::unique_ptr<store::BlobUpload> blob_;
};

// One DownloadAttachment call: the metadata, then the content read a piece
// (a stored chunk) at a time on the blob I/O queue and sent in messages of
// kDownloadChunkBytes, one in flight.
class AttachmentServiceImpl::Download final
    : public grpc::ServerWriteReactor<DownloadAttachmentResponse> {
 public:
  explicit Download(WorkQueue& blob_io) : blob_io_(blob_io) {}

  void Start(const parley::v1::Attachment& attachment, store::BlobReader reader) {
    reader_.emplace(std::move(reader));
    *response_.mutable_attachment() = attachment;
    StartWrite(&response_);
  }

  void Fail(const absl::Status& status) { Finish(ToGrpcStatus(status, "DownloadAttachment")); }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      return;
    }
    if (offset_ < piece_.size()) {
      SendNextMessage();
      return;
    }
    if (reader_->done()) {
      Finish(grpc::Status::OK);
      return;
    }
    std::string().swap(piece_);
    blob_io_.Schedule([this] {
      absl::StatusOr<std::string> piece = reader_->ReadNext();
      if (!piece.ok()) {
        Fail(piece.status());
        return;
      }
      piece_ = *std::move(piece);
      offset_ = 0;
      SendNextMessage();
    });
  }

  void OnDone() override { delete this; }

 private:
  void SendNextMessage() {
    const size_t size = std::min(kDownloadChunkBytes, piece_.size() - offset_);
    response_.set_chunk(piece_.data() + offset_, size);
    offset_ += size;
    StartWrite(&response_);
  }

  WorkQueue& blob_io_;
  DownloadAttachmentResponse response_;
  std::optional<store::BlobReader> reader_;
  // The piece being sent, and the offset of its first byte not yet sent.
  std::string piece_;
  size_t offset_ = 0;
};

grpc::ServerUnaryReactor* AttachmentServiceImpl::GetUploaderConfig(
    grpc::CallbackServerContext* context, const parley::v1::GetUploaderConfigRequest* request,
    parley::v1::GetUploaderConfigResponse* response) {
  if (absl::Status s = domain::ValidateCustomerId(request->customer_id()); !s.ok()) {
    return FinishRead(context, "GetUploaderConfig", s);
  }

  const absl::Time expires_at = absl::Now() + options_.upload_token_ttl;
  response->set_upload_url(UploadPathFor(request->customer_id()));
  response->set_auth_token(tokens_.SignUploadToken(request->customer_id(), expires_at));
  response->set_expires_at_ms(absl::ToUnixMillis(expires_at));
  response->set_max_bytes(options_.policy.max_bytes);
  for (const std::string& type : options_.policy.allowed_types) {
    response->add_allowed_types(type);
  }
  return FinishRead(context, "GetUploaderConfig", absl::OkStatus());
}

grpc::ServerReadReactor<UploadAttachmentRequest>* AttachmentServiceImpl::UploadAttachment(
    grpc::CallbackServerContext* context, UploadAttachmentResponse* response) {
  const bool has_slot = uploads_in_progress_.fetch_add(1) < options_.max_concurrent_uploads;
  if (!has_slot) uploads_in_progress_.fetch_sub(1);
  auto* upload = new Upload(*this, context, response, has_slot);
  if (!has_slot) {
    upload->Fail(WithReason(
        absl::UnavailableError(absl::StrCat(
            "parleyd is receiving ", options_.max_concurrent_uploads,
            " uploads already; retry in a few seconds")),
        kUploadsBusy));
    return upload;
  }
  upload->Start();
  return upload;
}

grpc::ServerWriteReactor<DownloadAttachmentResponse>* AttachmentServiceImpl::DownloadAttachment(
    grpc::CallbackServerContext* context, const parley::v1::DownloadAttachmentRequest* request) {
  (void)context;
  auto* download = new Download(blob_io_);
  absl::StatusOr<parley::v1::AttachmentUploaded> uploaded =
      FindAttachment(store_, request->attachment_id());
  if (!uploaded.ok()) {
    download->Fail(uploaded.status());
    return download;
  }
  // Another customer's attachment reads as one that does not exist.
  if (!request->customer_id().empty() && request->customer_id() != uploaded->customer_id()) {
    download->Fail(absl::NotFoundError(
        absl::StrCat("attachment ", request->attachment_id(), " not found")));
    return download;
  }

  absl::StatusOr<store::BlobReader> reader = blobs_.OpenReader(uploaded->sha256());
  if (!reader.ok()) {
    download->Fail(absl::IsNotFound(reader.status())
                       ? absl::DataLossError(absl::StrCat(
                             "the bytes of attachment ", request->attachment_id(),
                             " are missing from the blobs column family"))
                       : reader.status());
    return download;
  }
  parley::v1::Attachment attachment;
  attachment.set_id(uploaded->attachment_id());
  attachment.set_mime_type(uploaded->mime_type());
  attachment.set_size_bytes(uploaded->size_bytes());
  attachment.set_sha256(uploaded->sha256());
  download->Start(attachment, *std::move(reader));
  return download;
}

}  // namespace parley::service
