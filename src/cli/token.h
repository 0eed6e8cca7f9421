#ifndef PARLEY_CLI_TOKEN_H_
#define PARLEY_CLI_TOKEN_H_

#include <cstddef>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

// `parleyctl token`: customer tokens for the GraphQL gateway. A token is a
// JWT (RFC 7519) signed with HMAC-SHA256 ("alg": "HS256") whose claims are
//   sub  the customer id
//   iat  issue time, in seconds since the Unix epoch
//   exp  expiry time, in seconds since the Unix epoch
// The key is the bytes of the secret as given, with no base64 decoding.

namespace parley::cli {

// Environment variable that contains the signing secret.
inline constexpr char kTokenSecretVariable[] = "PARLEY_TOKEN_SECRET";

// Minimum secret length, in bytes. RFC 7518 section 3.2 requires an HS256
// key at least as long as the hash output, which is 32 bytes for SHA-256.
inline constexpr size_t kMinTokenSecretBytes = 32;

// Options of `parleyctl token`.
struct TokenOptions {
  // Subject of the token, in the format of domain::ValidateCustomerId.
  std::string customer_id;
  // Lifetime: exp = iat + ttl, rounded down to whole seconds. At least 1s.
  absl::Duration ttl = absl::Hours(720);
  // Issue time, rounded down to whole seconds.
  absl::Time issued_at;
  // HMAC key, at least kMinTokenSecretBytes bytes.
  std::string secret;
};

// Signs a customer token. Fails with INVALID_ARGUMENT when the customer id
// is invalid, the secret is shorter than kMinTokenSecretBytes, or the ttl is
// under 1s or makes exp overflow. Fails with INTERNAL when libjwt fails.
absl::StatusOr<std::string> SignCustomerToken(const TokenOptions& options);

// Prints the signed token and a newline to `out`. On an invalid option,
// prints the error to `err` and returns kExitUsage.
int RunToken(const TokenOptions& options, std::ostream& out, std::ostream& err);

}  // namespace parley::cli

#endif  // PARLEY_CLI_TOKEN_H_
