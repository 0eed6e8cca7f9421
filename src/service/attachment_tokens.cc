#include "service/attachment_tokens.h"

#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "openssl/crypto.h"
#include "openssl/evp.h"
#include "openssl/hmac.h"
#include "openssl/rand.h"
#include "service/attachment_errors.h"

namespace parley::service {
namespace {

constexpr absl::string_view kUploadKind = "parley-upload-v1";
constexpr absl::string_view kAttachmentKind = "parley-attachment-v1";
constexpr size_t kUploadFields = 3;
constexpr size_t kAttachmentFields = 7;
constexpr size_t kSha256Bytes = 32;

constexpr absl::string_view kAttachmentField = "message.attachmentToken";

absl::Status InvalidUploadToken(absl::string_view problem) {
  return WithReason(
      absl::UnauthenticatedError(absl::StrCat(
          "upload token ", problem,
          "; request a new one with attachmentUploaderConfig and send it as uploadToken")),
      kUploadTokenInvalid);
}

absl::Status InvalidAttachmentToken(absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      kAttachmentField, " ", problem,
      "; upload the file again and send the token that the upload returns"));
}

int64_t ToMillis(absl::Time time) { return absl::ToUnixMillis(time); }

// Splits a payload into its lines when the first is `kind` and there are
// `fields` lines in all; otherwise returns an empty vector.
std::vector<absl::string_view> Fields(absl::string_view payload, absl::string_view kind,
                                      size_t fields) {
  std::vector<absl::string_view> lines = absl::StrSplit(payload, '\n');
  if (lines.size() != fields || lines[0] != kind) return {};
  return lines;
}

bool IsHexDigest(absl::string_view hex) {
  return hex.size() == 2 * kSha256Bytes &&
         absl::c_all_of(hex, [](char c) { return absl::ascii_isxdigit(c); });
}

}  // namespace

absl::StatusOr<AttachmentTokens> AttachmentTokens::Create(std::string key) {
  if (key.size() < kMinKeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the attachment token secret is ", key.size(), " bytes; use at least ",
        kMinKeyBytes, " random bytes, e.g. the output of 'openssl rand -hex 32'"));
  }
  return AttachmentTokens(std::move(key));
}

absl::StatusOr<AttachmentTokens> AttachmentTokens::CreateWithRandomKey() {
  std::string key(kMinKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) !=
      1) {
    return absl::UnavailableError("OpenSSL cannot make a random attachment token key");
  }
  return AttachmentTokens(std::move(key));
}

std::string AttachmentTokens::Mac(absl::string_view payload) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  // When OpenSSL's HMAC fails, the empty signature returned matches no
  // token (Open rejects an empty one), so verification fails closed.
  if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
           reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac,
           &mac_size) == nullptr) {
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(mac), mac_size);
}

std::string AttachmentTokens::Sign(absl::string_view payload) const {
  return absl::StrCat(absl::WebSafeBase64Escape(payload), ".",
                      absl::WebSafeBase64Escape(Mac(payload)));
}

absl::StatusOr<std::string> AttachmentTokens::Open(absl::string_view token) const {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  std::string payload;
  std::string mac;
  // Only the canonical encoding is accepted: base64 can spell the same bytes
  // in more than one way, and a changed character must never verify.
  if (parts.size() != 2 || !absl::WebSafeBase64Unescape(parts[0], &payload) ||
      !absl::WebSafeBase64Unescape(parts[1], &mac) ||
      absl::WebSafeBase64Escape(payload) != parts[0] ||
      absl::WebSafeBase64Escape(mac) != parts[1]) {
    return absl::InvalidArgumentError("is not a token issued by parleyd");
  }

  const std::string expected = Mac(payload);
  if (expected.empty() || expected.size() != mac.size() ||
      CRYPTO_memcmp(expected.data(), mac.data(), mac.size()) != 0) {
    return absl::InvalidArgumentError("has an invalid signature");
  }
  return payload;
}

std::string AttachmentTokens::SignUploadToken(absl::string_view customer_id,
                                              absl::Time expires_at) const {
  return Sign(absl::StrCat(kUploadKind, "\n", customer_id, "\n", ToMillis(expires_at)));
}

absl::Status AttachmentTokens::VerifyUploadToken(absl::string_view token,
                                                 absl::string_view customer_id,
                                                 absl::Time now) const {
  if (token.empty()) return InvalidUploadToken("is missing");
  absl::StatusOr<std::string> payload = Open(token);
  if (!payload.ok()) return InvalidUploadToken(payload.status().message());
  std::vector<absl::string_view> fields = Fields(*payload, kUploadKind, kUploadFields);
  int64_t expires_ms = 0;
  if (fields.empty() || !absl::SimpleAtoi(fields[2], &expires_ms)) {
    return InvalidUploadToken("is not an upload token");
  }

  if (ToMillis(now) > expires_ms) {
    return WithReason(
        absl::UnauthenticatedError(absl::StrCat(
            "upload token expired at ", absl::FormatTime(absl::FromUnixMillis(expires_ms)),
            "; request a new one with attachmentUploaderConfig")),
        kUploadTokenExpired);
  }
  if (fields[1] != customer_id) {
    return WithReason(
        // The message leaves out `customer_id`: it comes from the URL and
        // may contain any characters, line breaks included.
        absl::PermissionDeniedError(
            "upload token was issued for another customer than the one in the upload "
            "URL; upload to the uploadUrl returned with the token"),
        kUploadTokenWrongCustomer);
  }
  return absl::OkStatus();
}

std::string AttachmentTokens::SignAttachmentToken(const AttachmentGrant& grant) const {
  const parley::v1::Attachment& attachment = grant.attachment;
  return Sign(absl::StrJoin(
      {std::string(kAttachmentKind), grant.customer_id,
       absl::StrCat(ToMillis(grant.expires_at)), absl::StrCat(attachment.id()),
       attachment.mime_type(), absl::StrCat(attachment.size_bytes()),
       absl::BytesToHexString(attachment.sha256())},
      "\n"));
}

absl::StatusOr<parley::v1::Attachment> AttachmentTokens::VerifyAttachmentToken(
    absl::string_view token, absl::string_view customer_id, absl::Time now) const {
  absl::StatusOr<std::string> payload = Open(token);
  if (!payload.ok()) {
    return InvalidAttachmentToken(absl::StrCat("is unknown: it ", payload.status().message()));
  }
  std::vector<absl::string_view> fields =
      Fields(*payload, kAttachmentKind, kAttachmentFields);
  int64_t expires_ms = 0;
  uint64_t id = 0;
  uint64_t size = 0;
  if (fields.empty() || !absl::SimpleAtoi(fields[2], &expires_ms) ||
      !absl::SimpleAtoi(fields[3], &id) || !absl::SimpleAtoi(fields[5], &size) ||
      !IsHexDigest(fields[6])) {
    return InvalidAttachmentToken("is unknown: it is not an attachment token");
  }

  if (fields[1] != customer_id) {
    return InvalidAttachmentToken("was issued to another customer");
  }
  if (ToMillis(now) > expires_ms) {
    return InvalidAttachmentToken(absl::StrCat(
        "expired at ", absl::FormatTime(absl::FromUnixMillis(expires_ms))));
  }
  parley::v1::Attachment attachment;
  attachment.set_id(id);
  attachment.set_mime_type(std::string(fields[4]));
  attachment.set_size_bytes(size);
  attachment.set_sha256(absl::HexStringToBytes(fields[6]));
  return attachment;
}

}  // namespace parley::service
