#ifndef PARLEY_SERVICE_ATTACHMENT_TOKENS_H_
#define PARLEY_SERVICE_ATTACHMENT_TOKENS_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "parley/v1/discussion.pb.h"

namespace parley::service {

// Permission carried by an attachment token: `customer_id` may put
// `attachment` on one message until `expires_at`.
struct AttachmentGrant {
  std::string customer_id;
  absl::Time expires_at;
  parley::v1::Attachment attachment;
};

// Signs and verifies the two tokens of an attachment: the upload token,
// which lets one customer upload files, and the attachment token, which an
// upload returns and a message then carries.
//
// A token is base64url(payload) "." base64url(HMAC-SHA-256(key, payload)),
// without padding. The payload is text, one field a line:
//
//   upload token:      "parley-upload-v1" customer expires_ms
//   attachment token:  "parley-attachment-v1" customer expires_ms
//                      attachment_id mime_type size_bytes sha256_hex
//
// expires_ms is in ms since the Unix epoch. The first line names the kind,
// so one kind of token never verifies as the other. Anyone holding a token
// can read its payload; only the key holder can make one.
//
// Thread-safe: the object is immutable.
class AttachmentTokens {
 public:
  // Shortest key accepted, in bytes.
  static constexpr size_t kMinKeyBytes = 32;

  // Returns signer and verifier with `key`, or INVALID_ARGUMENT when the key
  // is shorter than kMinKeyBytes.
  static absl::StatusOr<AttachmentTokens> Create(std::string key);

  // Returns signer and verifier with a random key of kMinKeyBytes, or
  // UNAVAILABLE when OpenSSL has no entropy. Tokens signed with it verify
  // only in this process.
  static absl::StatusOr<AttachmentTokens> CreateWithRandomKey();

  // Returns an upload token for `customer_id`, valid until `expires_at`.
  std::string SignUploadToken(absl::string_view customer_id, absl::Time expires_at) const;

  // Checks that `token` is an upload token signed with this key, not
  // expired at `now`, and issued to `customer_id`, in that order. Errors
  // carry a reason (attachment_errors.h): UNAUTHENTICATED with
  // UPLOAD_TOKEN_INVALID or UPLOAD_TOKEN_EXPIRED, or PERMISSION_DENIED with
  // UPLOAD_TOKEN_WRONG_CUSTOMER.
  absl::Status VerifyUploadToken(absl::string_view token, absl::string_view customer_id,
                                 absl::Time now) const;

  // Returns an attachment token for `grant`.
  std::string SignAttachmentToken(const AttachmentGrant& grant) const;

  // Returns the attachment that `token` grants when it is an attachment
  // token signed with this key, issued to `customer_id` and not expired at
  // `now`. Otherwise INVALID_ARGUMENT, with a message that names the field
  // message.attachmentToken and the cause. Whether the attachment was used
  // already is for the caller to check, in the event log.
  absl::StatusOr<parley::v1::Attachment> VerifyAttachmentToken(
      absl::string_view token, absl::string_view customer_id, absl::Time now) const;

 private:
  explicit AttachmentTokens(std::string key) : key_(std::move(key)) {}

  // Returns the raw HMAC-SHA-256 of `payload`, or an empty string when
  // OpenSSL fails.
  std::string Mac(absl::string_view payload) const;
  std::string Sign(absl::string_view payload) const;
  // Returns the payload of `token` when its signature is valid.
  absl::StatusOr<std::string> Open(absl::string_view token) const;

  std::string key_;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_ATTACHMENT_TOKENS_H_
