#ifndef PARLEY_SERVICE_ATTACHMENT_UPLOAD_H_
#define PARLEY_SERVICE_ATTACHMENT_UPLOAD_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace parley::service {

// Rules for the files that parleyd accepts as attachments.
struct AttachmentPolicy {
  // Content types accepted, as libmagic names them (MAGIC_MIME_TYPE).
  // Default: image/jpeg, image/png, image/gif, image/webp, image/heic,
  // image/heif and application/pdf.
  std::vector<std::string> allowed_types = {"image/jpeg", "image/png",  "image/gif",
                                            "image/webp", "image/heic", "image/heif",
                                            "application/pdf"};
  // Largest file accepted, in bytes. parleyd stores an upload in chunks as
  // it arrives, so the limit does not change the memory an upload takes.
  // Default: 10 MiB.
  uint64_t max_bytes = 10 << 20;
};

// Detects content types from bytes with libmagic, never from a file name or
// a declared type.
//
// Thread-safe: a libmagic handle is not, so calls take turns on a mutex.
class ContentTypeDetector {
 public:
  // Opens libmagic with its default database. UNAVAILABLE when the
  // database cannot be loaded (Debian's libmagic-mgc package ships it).
  static absl::StatusOr<std::unique_ptr<ContentTypeDetector>> Create();

  ~ContentTypeDetector();
  ContentTypeDetector(const ContentTypeDetector&) = delete;
  ContentTypeDetector& operator=(const ContentTypeDetector&) = delete;

  // Returns the content type of `bytes`, e.g. "image/png", or
  // "application/octet-stream" when libmagic recognizes nothing.
  std::string Detect(absl::string_view bytes);

 private:
  struct Cookie;
  explicit ContentTypeDetector(std::unique_ptr<Cookie> cookie);

  absl::Mutex mu_;
  std::unique_ptr<Cookie> cookie_ ABSL_GUARDED_BY(mu_);
};

// A file that passed the policy.
struct ReceivedFile {
  std::string mime_type;
  std::string sha256;  // 32 bytes.
  uint64_t size = 0;
};

// Checks one upload's bytes against the policy as they arrive and cuts them
// into chunks of chunk_bytes for the blob store. An upload is rejected as
// soon as it breaks a rule: at the first byte over max_bytes, and at
// kSniffBytes when the type is not allowed. The digest is computed along
// the way. No chunk is handed out before the type is known, so a rejected
// type is never written.
//
// It keeps at most the bytes not yet taken with TakeChunks: one partial
// chunk, the complete chunks of the last Append, and before the type is
// known the first kSniffBytes.
//
// Not thread-safe: one upload is fed by one caller. `policy` and `detector`
// must outlive it.
class UploadBuffer {
 public:
  // Bytes given to libmagic: the type is decided on this prefix of the file
  // (or on the whole file when it is shorter). The formats of the default
  // policy are recognized by their first bytes.
  static constexpr size_t kSniffBytes = 64 << 10;

  // `chunk_bytes` is the size of every chunk but the last; at least 1.
  UploadBuffer(const AttachmentPolicy& policy, ContentTypeDetector& detector,
               size_t chunk_bytes);
  ~UploadBuffer();

  UploadBuffer(const UploadBuffer&) = delete;
  UploadBuffer& operator=(const UploadBuffer&) = delete;

  // Adds the next bytes of the file. Fails with RESOURCE_EXHAUSTED and
  // reason ATTACHMENT_TOO_LARGE when the file grows past max_bytes, and with
  // INVALID_ARGUMENT and reason ATTACHMENT_TYPE_NOT_ALLOWED once kSniffBytes
  // are in and their type is not allowed. After a failure the buffer is
  // released and every later call fails the same way.
  absl::Status Append(absl::string_view bytes);

  // Removes and returns the chunks ready to be stored, in file order: the
  // complete ones once the type is known, and after Finish the last,
  // shorter one too. Empty when none is ready.
  std::vector<std::string> TakeChunks();

  // Bytes received so far.
  uint64_t size() const { return size_; }

  // Completes the file, whose sender counted `declared_size` bytes. Fails
  // with INVALID_ARGUMENT: reason ATTACHMENT_EMPTY for no bytes,
  // UPLOAD_MALFORMED when declared_size differs from size(), and
  // ATTACHMENT_TYPE_NOT_ALLOWED for a short file of a type not allowed.
  // On success the rest of the file waits in TakeChunks.
  absl::StatusOr<ReceivedFile> Finish(uint64_t declared_size);

 private:
  absl::Status CheckType();
  absl::Status Fail(absl::Status status);
  // Moves the partial chunk to ready_ once it is full, or when `last`.
  void MaybeCompleteChunk(bool last);

  const AttachmentPolicy& policy_;
  ContentTypeDetector& detector_;
  const size_t chunk_bytes_;
  // The first kSniffBytes of the file; released once the type is known.
  std::string sniff_;
  // The chunk being filled, and complete chunks not yet taken.
  std::string partial_;
  std::vector<std::string> ready_;
  uint64_t size_ = 0;
  std::string mime_type_;  // Empty until detected.
  absl::Status error_;
  struct Hasher;
  std::unique_ptr<Hasher> hasher_;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_ATTACHMENT_UPLOAD_H_
