#include "service/attachment_log.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/streams.h"

namespace parley::service {
namespace {

constexpr char kAttachmentSequence[] = "attachment";

// Stream versions of an attachment's events.
constexpr uint64_t kUploadedVersion = 1;

}  // namespace

store::CommandFunction RecordUpload(const store::BlobStore& blobs, std::string customer_id,
                                    ReceivedFile file, store::BlobManifest manifest,
                                    absl::Duration token_ttl) {
  return [&blobs, customer_id = std::move(customer_id), file = std::move(file),
          manifest = std::move(manifest),
          token_ttl](store::Transaction& txn) -> absl::StatusOr<std::string> {
    if (manifest.size != file.size) {
      return absl::InternalError(absl::StrCat("the upload wrote ", manifest.size,
                                              " bytes of a file of ", file.size));
    }
    absl::StatusOr<uint64_t> id = txn.NextSequence(kAttachmentSequence);
    if (!id.ok()) return id.status();
    absl::StatusOr<bool> committed = blobs.CommitUpload(txn, file.sha256, manifest);
    if (!committed.ok()) return committed.status();

    parley::v1::AttachmentUploaded uploaded;
    uploaded.set_attachment_id(*id);
    uploaded.set_customer_id(customer_id);
    uploaded.set_mime_type(file.mime_type);
    uploaded.set_size_bytes(file.size);
    uploaded.set_sha256(file.sha256);
    uploaded.set_token_expires_at_ms(
        absl::ToUnixMillis(absl::FromUnixMillis(txn.now_ms()) + token_ttl));
    absl::StatusOr<std::vector<parley::v1::EventRecord>> appended =
        txn.Append(domain::AttachmentStreamId(*id), store::ExpectedVersion::NoStream(),
                   {{&uploaded}});
    if (!appended.ok()) return appended.status();
    return uploaded.SerializeAsString();
  };
}

absl::Status ClaimAttachment(store::Transaction& txn, uint64_t attachment_id,
                             uint64_t discussion_id, uint64_t message_id) {
  const std::string stream = domain::AttachmentStreamId(attachment_id);
  absl::StatusOr<uint64_t> version = txn.StreamVersion(stream);
  if (!version.ok()) return version.status();
  if (*version < kUploadedVersion) {
    return absl::InvalidArgumentError(absl::StrCat(
        "message.attachmentToken names attachment ", attachment_id,
        ", which this server has not stored; upload the file again"));
  }
  if (*version > kUploadedVersion) {
    return absl::InvalidArgumentError(
        "message.attachmentToken was already used on a message; upload the file "
        "again to attach it to another message");
  }

  parley::v1::AttachmentAttached attached;
  attached.set_attachment_id(attachment_id);
  attached.set_discussion_id(discussion_id);
  attached.set_message_id(message_id);
  return txn.Append(stream, store::ExpectedVersion::Exactly(kUploadedVersion), {{&attached}})
      .status();
}

absl::StatusOr<parley::v1::AttachmentUploaded> FindAttachment(store::EventStore& store,
                                                              uint64_t attachment_id) {
  absl::StatusOr<std::vector<parley::v1::EventRecord>> records =
      store.ReadStream(domain::AttachmentStreamId(attachment_id), kUploadedVersion, 1);
  if (!records.ok()) return records.status();
  if (records->empty()) {
    return absl::NotFoundError(absl::StrCat("attachment ", attachment_id, " not found"));
  }
  parley::v1::AttachmentUploaded uploaded;
  if (!records->front().payload().UnpackTo(&uploaded)) {
    return absl::DataLossError(absl::StrCat("the first event of attachment ", attachment_id,
                                            " is not an AttachmentUploaded"));
  }
  return uploaded;
}

}  // namespace parley::service
