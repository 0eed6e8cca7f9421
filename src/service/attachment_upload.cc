#include "service/attachment_upload.h"

#include <algorithm>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "magic.h"
#include "openssl/evp.h"
#include "service/attachment_errors.h"

namespace parley::service {
namespace {

constexpr char kUnknownType[] = "application/octet-stream";

}  // namespace

struct ContentTypeDetector::Cookie {
  explicit Cookie(magic_t handle) : magic(handle) {}
  ~Cookie() { magic_close(magic); }
  Cookie(const Cookie&) = delete;
  Cookie& operator=(const Cookie&) = delete;

  magic_t magic;
};

absl::StatusOr<std::unique_ptr<ContentTypeDetector>> ContentTypeDetector::Create() {
  magic_t magic = magic_open(MAGIC_MIME_TYPE);
  if (magic == nullptr) {
    return absl::UnavailableError("libmagic failed to start (magic_open)");
  }
  auto cookie = std::make_unique<Cookie>(magic);
  if (magic_load(magic, nullptr) != 0) {
    return absl::UnavailableError(absl::StrCat(
        "libmagic cannot load its database: ", magic_error(magic),
        "; install Debian's libmagic-mgc or set MAGIC to the path of magic.mgc"));
  }
  return std::unique_ptr<ContentTypeDetector>(new ContentTypeDetector(std::move(cookie)));
}

ContentTypeDetector::ContentTypeDetector(std::unique_ptr<Cookie> cookie)
    : cookie_(std::move(cookie)) {}

ContentTypeDetector::~ContentTypeDetector() = default;

std::string ContentTypeDetector::Detect(absl::string_view bytes) {
  absl::MutexLock lock(&mu_);
  const char* type = magic_buffer(cookie_->magic, bytes.data(), bytes.size());
  // magic_buffer returns null only on an internal error; such a file is
  // treated as one of no known type, which no policy should allow.
  return type == nullptr ? std::string(kUnknownType) : std::string(type);
}

// Incremental SHA-256 over OpenSSL's EVP interface.
struct UploadBuffer::Hasher {
  Hasher() : context(EVP_MD_CTX_new()) {
    ok = context != nullptr && EVP_DigestInit_ex(context, EVP_sha256(), nullptr) == 1;
  }
  ~Hasher() { EVP_MD_CTX_free(context); }
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Update(absl::string_view bytes) {
    ok = ok && EVP_DigestUpdate(context, bytes.data(), bytes.size()) == 1;
  }

  // Returns the 32-byte digest, or INTERNAL when OpenSSL failed at any step.
  absl::StatusOr<std::string> Finish() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    ok = ok && EVP_DigestFinal_ex(context, digest, &size) == 1;
    if (!ok) return absl::InternalError("computing the SHA-256 of an upload failed in OpenSSL");
    return std::string(reinterpret_cast<const char*>(digest), size);
  }

  EVP_MD_CTX* context;
  bool ok = false;
};

UploadBuffer::UploadBuffer(const AttachmentPolicy& policy, ContentTypeDetector& detector,
                           size_t chunk_bytes)
    : policy_(policy),
      detector_(detector),
      chunk_bytes_(std::max<size_t>(chunk_bytes, 1)),
      hasher_(std::make_unique<Hasher>()) {}

UploadBuffer::~UploadBuffer() = default;

absl::Status UploadBuffer::Fail(absl::Status status) {
  error_ = status;
  std::string().swap(sniff_);
  std::string().swap(partial_);
  std::vector<std::string>().swap(ready_);
  return status;
}

void UploadBuffer::MaybeCompleteChunk(bool last) {
  if (partial_.size() < chunk_bytes_ && !(last && !partial_.empty())) return;
  ready_.push_back(std::move(partial_));
  partial_ = std::string();
}

absl::Status UploadBuffer::Append(absl::string_view bytes) {
  if (!error_.ok()) return error_;

  // Counted before anything is kept, so no byte past max_bytes is kept.
  if (bytes.size() > policy_.max_bytes - size_) {
    return Fail(WithReason(
        absl::ResourceExhaustedError(absl::StrCat(
            "the file is larger than the limit of ", policy_.max_bytes,
            " bytes; send a smaller file")),
        kAttachmentTooLarge));
  }
  size_ += bytes.size();
  hasher_->Update(bytes);
  if (mime_type_.empty()) {
    const absl::string_view head = bytes.substr(0, kSniffBytes - sniff_.size());
    sniff_.append(head.data(), head.size());
  }

  while (!bytes.empty()) {
    // Reserved whole, so the chunk never grows past chunk_bytes_.
    if (partial_.empty()) partial_.reserve(std::min<uint64_t>(chunk_bytes_, policy_.max_bytes));
    const size_t copied = std::min(bytes.size(), chunk_bytes_ - partial_.size());
    partial_.append(bytes.data(), copied);
    bytes.remove_prefix(copied);
    MaybeCompleteChunk(/*last=*/false);
  }

  if (mime_type_.empty() && size_ >= kSniffBytes) return CheckType();
  return absl::OkStatus();
}

std::vector<std::string> UploadBuffer::TakeChunks() {
  if (mime_type_.empty()) return {};
  return std::exchange(ready_, {});
}

absl::Status UploadBuffer::CheckType() {
  mime_type_ = detector_.Detect(sniff_);
  std::string().swap(sniff_);
  if (absl::c_linear_search(policy_.allowed_types, mime_type_)) return absl::OkStatus();
  return Fail(WithReason(
      absl::InvalidArgumentError(absl::StrCat(
          "the file's content is ", mime_type_, ", which is not accepted; send one of ",
          absl::StrJoin(policy_.allowed_types, ", "))),
      kAttachmentTypeNotAllowed));
}

absl::StatusOr<ReceivedFile> UploadBuffer::Finish(uint64_t declared_size) {
  if (!error_.ok()) return error_;
  if (size_ == 0) {
    return Fail(WithReason(
        absl::InvalidArgumentError("the file is empty; send a file of 1 byte or more"),
        kAttachmentEmpty));
  }
  if (declared_size != size_) {
    return Fail(WithReason(
        absl::InvalidArgumentError(absl::StrCat(
            "the upload ended after ", size_, " bytes, but its end message counts ",
            declared_size, "; nothing was stored")),
        kUploadMalformed));
  }
  if (mime_type_.empty()) {
    if (absl::Status s = CheckType(); !s.ok()) return s;
  }

  absl::StatusOr<std::string> digest = hasher_->Finish();
  if (!digest.ok()) return Fail(digest.status());
  MaybeCompleteChunk(/*last=*/true);
  ReceivedFile file{mime_type_, *std::move(digest), size_};
  error_ = absl::FailedPreconditionError("the upload was already finished");
  return file;
}

}  // namespace parley::service
