#include "absl/strings/str_cat.h"
#include "store/event_store.h"

namespace parley::store {

absl::Status ExpectedVersion::Check(absl::string_view stream_id,
                                    uint64_t current) const {
  switch (kind_) {
    case kAny:
      return absl::OkStatus();
    case kNoStream:
      if (current == 0) return absl::OkStatus();
      return absl::AbortedError(absl::StrCat(
          "stream ", stream_id, " already exists at version ", current,
          ", expected no stream; reload it and retry"));
    case kExact:
      if (current == version_) return absl::OkStatus();
      return absl::AbortedError(absl::StrCat(
          "stream ", stream_id, " is at version ", current, ", expected version ",
          version_, "; reload it and retry"));
  }
  return absl::InternalError("unknown expected-version kind");
}

}  // namespace parley::store
