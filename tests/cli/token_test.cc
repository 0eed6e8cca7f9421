#include "cli/token.h"

#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "cli/exit_code.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parley::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-test";
constexpr int64_t kIssuedAt = 1'700'000'000;

TokenOptions ValidOptions() {
  TokenOptions options;
  options.customer_id = "c-42";
  options.ttl = absl::Hours(1);
  options.issued_at = absl::FromUnixSeconds(kIssuedAt);
  options.secret = kSecret;
  return options;
}

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPointer = std::unique_ptr<jwt_t, JwtDeleter>;

// Verifies `token` with libjwt. Returns null when verification fails.
JwtPointer Decode(const std::string& token, const std::string& secret) {
  jwt_t* jwt = nullptr;
  const int error =
      jwt_decode(&jwt, token.c_str(), reinterpret_cast<const unsigned char*>(secret.data()),
                 static_cast<int>(secret.size()));
  if (error != 0) {
    jwt_free(jwt);
    return nullptr;
  }
  return JwtPointer(jwt);
}

TEST(SignCustomerToken, RoundTripsThroughLibjwt) {
  absl::StatusOr<std::string> token = SignCustomerToken(ValidOptions());
  ASSERT_TRUE(token.ok()) << token.status();

  JwtPointer jwt = Decode(*token, kSecret);
  ASSERT_NE(jwt, nullptr);
  EXPECT_EQ(jwt_get_alg(jwt.get()), JWT_ALG_HS256);
  EXPECT_STREQ(jwt_get_grant(jwt.get(), "sub"), "c-42");
  EXPECT_EQ(jwt_get_grant_int(jwt.get(), "iat"), kIssuedAt);
  EXPECT_EQ(jwt_get_grant_int(jwt.get(), "exp"), kIssuedAt + 3600);
}

TEST(SignCustomerToken, WrongSecretFailsVerification) {
  absl::StatusOr<std::string> token = SignCustomerToken(ValidOptions());
  ASSERT_TRUE(token.ok()) << token.status();

  EXPECT_EQ(Decode(*token, "another-secret-of-32-bytes-or-more!!"), nullptr);
  EXPECT_NE(Decode(*token, kSecret), nullptr);
}

// Checks the token with OpenSSL instead of libjwt, the way any JWT library
// (such as the gateway's) verifies HS256: base64url(HMAC-SHA256(secret,
// header "." payload)) without padding.
TEST(SignCustomerToken, SignatureIsHmacSha256OfHeaderAndPayload) {
  absl::StatusOr<std::string> token = SignCustomerToken(ValidOptions());
  ASSERT_TRUE(token.ok()) << token.status();
  std::vector<std::string> parts = absl::StrSplit(*token, '.');
  ASSERT_EQ(parts.size(), 3u);

  const std::string signed_part = parts[0] + "." + parts[1];
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  ASSERT_NE(HMAC(EVP_sha256(), kSecret, static_cast<int>(sizeof(kSecret) - 1),
                 reinterpret_cast<const unsigned char*>(signed_part.data()),
                 signed_part.size(), mac, &mac_size),
            nullptr);
  EXPECT_EQ(parts[2], absl::WebSafeBase64Escape(
                          absl::string_view(reinterpret_cast<const char*>(mac), mac_size)));

  std::string header;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[0], &header));
  EXPECT_THAT(header, HasSubstr("\"alg\":\"HS256\""));
  std::string payload;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &payload));
  EXPECT_THAT(payload, HasSubstr("\"sub\":\"c-42\""));
  EXPECT_THAT(payload, HasSubstr("\"iat\":1700000000"));
  EXPECT_THAT(payload, HasSubstr("\"exp\":1700003600"));
}

TEST(SignCustomerToken, RoundsExpiryDownToWholeSeconds) {
  TokenOptions options = ValidOptions();
  options.issued_at = absl::FromUnixMillis(kIssuedAt * 1000 + 700);
  options.ttl = absl::Milliseconds(90'500);
  absl::StatusOr<std::string> token = SignCustomerToken(options);
  ASSERT_TRUE(token.ok()) << token.status();

  JwtPointer jwt = Decode(*token, kSecret);
  ASSERT_NE(jwt, nullptr);
  EXPECT_EQ(jwt_get_grant_int(jwt.get(), "iat"), kIssuedAt);
  EXPECT_EQ(jwt_get_grant_int(jwt.get(), "exp"), kIssuedAt + 91);
}

TEST(SignCustomerToken, RejectsSecretShorterThan32Bytes) {
  TokenOptions options = ValidOptions();
  options.secret = std::string(31, 'k');
  absl::StatusOr<std::string> token = SignCustomerToken(options);
  EXPECT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(token.status().message(), HasSubstr("PARLEY_TOKEN_SECRET is 31 bytes long"));

  options.secret = std::string(32, 'k');
  EXPECT_TRUE(SignCustomerToken(options).ok());
}

TEST(SignCustomerToken, RejectsInvalidCustomerIds) {
  const std::string cases[] = {"", "c 42", "c/42", std::string(65, 'c')};
  for (const std::string& customer_id : cases) {
    SCOPED_TRACE(customer_id);
    TokenOptions options = ValidOptions();
    options.customer_id = customer_id;
    absl::StatusOr<std::string> token = SignCustomerToken(options);
    EXPECT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(token.status().message(), HasSubstr("customer_id"));
  }
}

TEST(SignCustomerToken, RejectsTtlUnderOneSecond) {
  const absl::Duration cases[] = {absl::ZeroDuration(), absl::Milliseconds(999),
                                  -absl::Hours(1)};
  for (absl::Duration ttl : cases) {
    SCOPED_TRACE(absl::FormatDuration(ttl));
    TokenOptions options = ValidOptions();
    options.ttl = ttl;
    absl::StatusOr<std::string> token = SignCustomerToken(options);
    EXPECT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(token.status().message(), HasSubstr("use 1s or more"));
  }
}

TEST(SignCustomerToken, RejectsInfiniteTtl) {
  TokenOptions options = ValidOptions();
  options.ttl = absl::InfiniteDuration();
  absl::StatusOr<std::string> token = SignCustomerToken(options);
  EXPECT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(token.status().message(), HasSubstr("finite"));
}

TEST(RunToken, PrintsTokenAndNewline) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunToken(ValidOptions(), out, err), kExitOk);
  EXPECT_EQ(err.str(), "");

  std::string printed = out.str();
  ASSERT_FALSE(printed.empty());
  EXPECT_EQ(printed.back(), '\n');
  printed.pop_back();
  EXPECT_NE(Decode(printed, kSecret), nullptr);
}

TEST(RunToken, ShortSecretIsUsageError) {
  TokenOptions options = ValidOptions();
  options.secret = "short";
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunToken(options, out, err), kExitUsage);
  EXPECT_EQ(out.str(), "");
  EXPECT_THAT(err.str(), HasSubstr("parleyctl: PARLEY_TOKEN_SECRET is 5 bytes long"));
}

}  // namespace
}  // namespace parley::cli
