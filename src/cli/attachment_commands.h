#ifndef PARLEY_CLI_ATTACHMENT_COMMANDS_H_
#define PARLEY_CLI_ATTACHMENT_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "cli/agent_commands.h"

// `parleyctl attachment get`: downloads an attachment with AttachmentService
// DownloadAttachment, as an agent, who may read every attachment. Agents
// find attachment ids with `parleyctl show`, which lists each message's
// attachments.

ABSL_DECLARE_FLAG(std::optional<uint64_t>, id);
ABSL_DECLARE_FLAG(std::string, out);

namespace parley::cli {

struct AttachmentGetOptions {
  uint64_t attachment_id = 0;
  // File to write the attachment to; replaced when it exists.
  std::string out_path;
};

// Reads --id and --out. INVALID_ARGUMENT naming the flag when one is
// missing.
absl::StatusOr<AttachmentGetOptions> AttachmentGetOptionsFromFlags();

// Downloads the attachment into a temporary file next to out_path, checks
// its size and SHA-256 against the metadata parleyd sent first, and renames
// it to out_path. On any failure out_path is left as it was and the
// temporary file is removed. Prints the attachment's metadata (JSON with
// CallOptions::json) and returns kExitOk, or prints the error and returns
// kExitFailure.
int RunAttachmentGet(const CallOptions& call, const AttachmentGetOptions& options,
                     std::ostream& out, std::ostream& err);

}  // namespace parley::cli

#endif  // PARLEY_CLI_ATTACHMENT_COMMANDS_H_
