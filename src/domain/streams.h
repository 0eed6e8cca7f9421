#ifndef PARLEY_DOMAIN_STREAMS_H_
#define PARLEY_DOMAIN_STREAMS_H_

#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

// Stream ids of the event log. A discussion's stream is its id in decimal,
// e.g. "12". An uploaded attachment's stream is "attachment-<id>", e.g.
// "attachment-7": AttachmentUploaded at version 1, then AttachmentAttached
// at version 2 once a message uses it. The prefix keeps the two apart.

namespace parley::domain {

inline constexpr absl::string_view kAttachmentStreamPrefix = "attachment-";

inline std::string AttachmentStreamId(uint64_t attachment_id) {
  return absl::StrCat(kAttachmentStreamPrefix, attachment_id);
}

inline bool IsAttachmentStream(absl::string_view stream_id) {
  return absl::StartsWith(stream_id, kAttachmentStreamPrefix);
}

}  // namespace parley::domain

#endif  // PARLEY_DOMAIN_STREAMS_H_
