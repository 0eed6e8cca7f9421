#ifndef PARLEY_STORE_DIGEST_H_
#define PARLEY_STORE_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"

namespace parley::store {

// Returns the 32-byte SHA-256 digest of `data` (OpenSSL).
std::string Sha256(absl::string_view data);

}  // namespace parley::store

#endif  // PARLEY_STORE_DIGEST_H_
