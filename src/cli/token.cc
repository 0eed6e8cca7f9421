#include "cli/token.h"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "domain/validation.h"

namespace parley::cli {
namespace {

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPointer = std::unique_ptr<jwt_t, JwtDeleter>;

// jwt_encode_str returns a string from malloc in libjwt 1.10.
struct MallocDeleter {
  void operator()(char* text) const { std::free(text); }
};

absl::Status JwtError(absl::string_view operation, int error) {
  return absl::InternalError(
      absl::StrCat("libjwt ", operation, " failed: ", std::strerror(error)));
}

absl::Status ValidateTokenOptions(const TokenOptions& options) {
  if (absl::Status s = domain::ValidateCustomerId(options.customer_id); !s.ok()) {
    return s;
  }
  if (options.secret.size() < kMinTokenSecretBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        kTokenSecretVariable, " is ", options.secret.size(), " bytes long; set it to a ",
        "secret of at least ", kMinTokenSecretBytes,
        " bytes, the same secret that the gateway verifies tokens with"));
  }
  if (options.ttl < absl::Seconds(1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ttl is ", absl::FormatDuration(options.ttl), "; use 1s or more, e.g. 720h"));
  }
  if (options.issued_at + options.ttl == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ttl is ", absl::FormatDuration(options.ttl), "; use a finite duration, e.g. 720h"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> SignCustomerToken(const TokenOptions& options) {
  if (absl::Status s = ValidateTokenOptions(options); !s.ok()) return s;
  const int64_t issued_at = absl::ToUnixSeconds(options.issued_at);
  const int64_t expires_at = absl::ToUnixSeconds(options.issued_at + options.ttl);

  jwt_t* raw = nullptr;
  if (int error = jwt_new(&raw); error != 0) return JwtError("jwt_new", error);
  JwtPointer jwt(raw);
  const auto* key = reinterpret_cast<const unsigned char*>(options.secret.data());
  if (int error = jwt_set_alg(jwt.get(), JWT_ALG_HS256, key,
                              static_cast<int>(options.secret.size()));
      error != 0) {
    return JwtError("jwt_set_alg", error);
  }
  if (int error = jwt_add_grant(jwt.get(), "sub", options.customer_id.c_str()); error != 0) {
    return JwtError("jwt_add_grant(sub)", error);
  }
  if (int error = jwt_add_grant_int(jwt.get(), "iat", issued_at); error != 0) {
    return JwtError("jwt_add_grant_int(iat)", error);
  }
  if (int error = jwt_add_grant_int(jwt.get(), "exp", expires_at); error != 0) {
    return JwtError("jwt_add_grant_int(exp)", error);
  }

  std::unique_ptr<char, MallocDeleter> token(jwt_encode_str(jwt.get()));
  if (token == nullptr) return JwtError("jwt_encode_str", errno);
  return std::string(token.get());
}

int RunToken(const TokenOptions& options, std::ostream& out, std::ostream& err) {
  absl::StatusOr<std::string> token = SignCustomerToken(options);
  if (!token.ok()) {
    PrintError(token.status().message(), err);
    return token.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage
                                                                       : kExitFailure;
  }
  out << *token << '\n';
  return FinishOutput(out, err);
}

}  // namespace parley::cli
