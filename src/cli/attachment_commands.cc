#include "cli/attachment_commands.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>

#include "absl/flags/flag.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "grpcpp/grpcpp.h"
#include "openssl/evp.h"
#include "parley/v1/attachment_service.grpc.pb.h"

ABSL_FLAG(std::optional<uint64_t>, id, std::nullopt,
          "attachment get: id of the attachment, as 'parleyctl show' lists it. "
          "Required.");
ABSL_FLAG(std::string, out, "",
          "attachment get: file to write the attachment to; an existing file is "
          "replaced only when the download succeeds. Required.");

namespace parley::cli {
namespace {

// Receives the download into `file` and returns the attachment's metadata.
// DATA_LOSS when the bytes do not match the metadata's size and digest.
absl::StatusOr<parley::v1::Attachment> Receive(
    grpc::ClientReader<parley::v1::DownloadAttachmentResponse>& reader, std::ofstream& file) {
  parley::v1::DownloadAttachmentResponse response;
  if (!reader.Read(&response) || !response.has_attachment()) {
    return absl::UnavailableError("the download ended before the attachment's metadata");
  }
  parley::v1::Attachment attachment = response.attachment();

  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> sha(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  bool hashed = sha != nullptr && EVP_DigestInit_ex(sha.get(), EVP_sha256(), nullptr) == 1;
  uint64_t size = 0;
  while (reader.Read(&response)) {
    const std::string& chunk = response.chunk();
    file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    hashed = hashed && EVP_DigestUpdate(sha.get(), chunk.data(), chunk.size()) == 1;
    size += chunk.size();
  }
  unsigned char raw_digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  hashed = hashed && EVP_DigestFinal_ex(sha.get(), raw_digest, &digest_size) == 1;
  if (!hashed) return absl::InternalError("computing SHA-256 with OpenSSL failed");
  const std::string digest(reinterpret_cast<const char*>(raw_digest), digest_size);

  if (size != attachment.size_bytes() || digest != attachment.sha256()) {
    return absl::DataLossError(absl::StrCat(
        "received ", size, " bytes with SHA-256 ", absl::BytesToHexString(digest),
        ", but attachment ", attachment.id(), " has ", attachment.size_bytes(),
        " bytes with SHA-256 ", absl::BytesToHexString(attachment.sha256())));
  }
  return attachment;
}

}  // namespace

absl::StatusOr<AttachmentGetOptions> AttachmentGetOptionsFromFlags() {
  AttachmentGetOptions options;
  const std::optional<uint64_t> id = absl::GetFlag(FLAGS_id);
  if (!id.has_value()) return absl::InvalidArgumentError("--id is missing; pass it, e.g. --id=7");
  if (*id == 0) {
    return absl::InvalidArgumentError("--id is 0; attachment ids start at 1, e.g. --id=7");
  }
  options.attachment_id = *id;
  options.out_path = absl::GetFlag(FLAGS_out);
  if (options.out_path.empty()) {
    return absl::InvalidArgumentError("--out is missing; pass it, e.g. --out=receipt.pdf");
  }
  return options;
}

int RunAttachmentGet(const CallOptions& call, const AttachmentGetOptions& options,
                     std::ostream& out, std::ostream& err) {
  const std::string partial_path = absl::StrCat(options.out_path, ".part");
  std::ofstream file(partial_path, std::ios::binary | std::ios::trunc);
  if (!file) {
    PrintError(absl::StrCat("opening ", partial_path, " failed: ", std::strerror(errno),
                            "; check that the directory of --out exists and is writable"),
               err);
    return kExitFailure;
  }

  auto stub = parley::v1::AttachmentService::NewStub(
      grpc::CreateChannel(call.target, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + call.timeout));
  parley::v1::DownloadAttachmentRequest request;
  request.set_attachment_id(options.attachment_id);
  std::unique_ptr<grpc::ClientReader<parley::v1::DownloadAttachmentResponse>> reader =
      stub->DownloadAttachment(&context, request);

  absl::StatusOr<parley::v1::Attachment> attachment = Receive(*reader, file);
  grpc::Status status = reader->Finish();
  file.close();
  if (!status.ok() || !attachment.ok() || !file) {
    std::remove(partial_path.c_str());
    if (!status.ok()) {
      PrintRpcError(status, call.target, err);
    } else if (!attachment.ok()) {
      PrintError(attachment.status().message(), err);
    } else {
      PrintError(absl::StrCat("writing ", partial_path, " failed"), err);
    }
    return kExitFailure;
  }
  if (std::rename(partial_path.c_str(), options.out_path.c_str()) != 0) {
    const int rename_error = errno;
    std::remove(partial_path.c_str());
    errno = rename_error;
    PrintError(absl::StrCat("renaming ", partial_path, " to ", options.out_path,
                            " failed: ", std::strerror(errno)),
               err);
    return kExitFailure;
  }

  if (call.json) return PrintJson(*attachment, out, err);
  out << "attachment " << attachment->id() << " (" << attachment->mime_type() << ", "
      << attachment->size_bytes() << " bytes) saved to " << options.out_path << '\n';
  return FinishOutput(out, err);
}

}  // namespace parley::cli
