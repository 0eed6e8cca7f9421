#ifndef PARLEY_SERVICE_ATTACHMENT_LOG_H_
#define PARLEY_SERVICE_ATTACHMENT_LOG_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "parley/v1/events.pb.h"
#include "service/attachment_upload.h"
#include "store/blob_store.h"
#include "store/event_store.h"

// Attachments in the event log. Each has the stream "attachment-<id>"
// (domain/streams.h): AttachmentUploaded at version 1, written with the
// digest's manifest in the blobs column family, and AttachmentAttached at
// version 2 when a message uses it. The log alone records who owns an
// attachment and whether a message used it, so no projection is needed.

namespace parley::service {

// Returns the command that stores an upload of `customer_id`, whose chunks
// `manifest` lists (BlobUpload::Manifest after the last chunk). The command
// takes the next attachment id and commits the chunks as the content of
// the file's digest, or deletes them when a file with the same digest is
// stored already (BlobStore::CommitUpload). Then it appends
// AttachmentUploaded, whose token expires `token_ttl` after the command's
// time, and returns that event serialized. INTERNAL when the manifest's
// size differs from the file's. `blobs` must outlive the command.
store::CommandFunction RecordUpload(const store::BlobStore& blobs, std::string customer_id,
                                    ReceivedFile file, store::BlobManifest manifest,
                                    absl::Duration token_ttl);

// Inside a command of `discussion_id` that posts `message_id`: appends
// AttachmentAttached to the attachment's stream when the attachment is
// stored and unused. Otherwise INVALID_ARGUMENT naming
// message.attachmentToken, and the command must fail. Two commands that
// claim the same attachment run one after the other on the writer, so the
// second reads the first's event and fails.
absl::Status ClaimAttachment(store::Transaction& txn, uint64_t attachment_id,
                             uint64_t discussion_id, uint64_t message_id);

// Returns the committed AttachmentUploaded of `attachment_id`, or
// NOT_FOUND naming the id.
absl::StatusOr<parley::v1::AttachmentUploaded> FindAttachment(store::EventStore& store,
                                                              uint64_t attachment_id);

}  // namespace parley::service

#endif  // PARLEY_SERVICE_ATTACHMENT_LOG_H_
