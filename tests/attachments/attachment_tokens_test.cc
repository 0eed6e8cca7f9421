// Signing and verification of upload and attachment tokens.

#include "service/attachment_tokens.h"

#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/attachment_errors.h"

namespace parley::service {
namespace {

using ::testing::HasSubstr;

constexpr char kKey[] = "test-key-0123456789abcdef0123456789abcdef";
constexpr char kOtherKey[] = "other-key-0123456789abcdef0123456789abcdef";
const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

AttachmentTokens Tokens(const std::string& key = kKey) {
  absl::StatusOr<AttachmentTokens> tokens = AttachmentTokens::Create(key);
  EXPECT_TRUE(tokens.ok()) << tokens.status();
  return *std::move(tokens);
}

AttachmentGrant Grant(const std::string& customer_id = "alice") {
  AttachmentGrant grant;
  grant.customer_id = customer_id;
  grant.expires_at = kNow + absl::Hours(24);
  grant.attachment.set_id(7);
  grant.attachment.set_mime_type("image/png");
  grant.attachment.set_size_bytes(68);
  grant.attachment.set_sha256(std::string(32, '\xab'));
  return grant;
}

// Returns `token` with the byte at `index` changed.
std::string FlipByte(std::string token, size_t index) {
  token[index] = token[index] == 'A' ? 'B' : 'A';
  return token;
}

TEST(AttachmentTokens, RejectsShortKey) {
  absl::StatusOr<AttachmentTokens> tokens = AttachmentTokens::Create(std::string(31, 'k'));

  EXPECT_EQ(tokens.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(tokens.status().message(), HasSubstr("at least 32"));
}

TEST(UploadToken, VerifiesForItsCustomer) {
  const AttachmentTokens tokens = Tokens();
  const std::string token = tokens.SignUploadToken("alice", kNow + absl::Hours(1));

  EXPECT_TRUE(tokens.VerifyUploadToken(token, "alice", kNow).ok());
}

TEST(UploadToken, VerifiesUntilItsExpiry) {
  const AttachmentTokens tokens = Tokens();
  const std::string token = tokens.SignUploadToken("alice", kNow);

  EXPECT_TRUE(tokens.VerifyUploadToken(token, "alice", kNow).ok());
  absl::Status late = tokens.VerifyUploadToken(token, "alice", kNow + absl::Milliseconds(1));
  EXPECT_EQ(late.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ReasonOf(late), kUploadTokenExpired);
}

TEST(UploadToken, ExpiredIsRejected) {
  const AttachmentTokens tokens = Tokens();
  const std::string token = tokens.SignUploadToken("alice", kNow - absl::Hours(1));

  absl::Status status = tokens.VerifyUploadToken(token, "alice", kNow);

  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ReasonOf(status), kUploadTokenExpired);
  EXPECT_THAT(status.message(), HasSubstr("expired"));
}

TEST(UploadToken, OtherCustomerIsDenied) {
  const AttachmentTokens tokens = Tokens();
  const std::string token = tokens.SignUploadToken("alice", kNow + absl::Hours(1));

  absl::Status status = tokens.VerifyUploadToken(token, "bob", kNow);

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(status), kUploadTokenWrongCustomer);
}

TEST(UploadToken, EveryTamperedByteIsRejected) {
  const AttachmentTokens tokens = Tokens();
  const std::string token = tokens.SignUploadToken("alice", kNow + absl::Hours(1));

  for (size_t i = 0; i < token.size(); ++i) {
    SCOPED_TRACE(i);
    absl::Status status = tokens.VerifyUploadToken(FlipByte(token, i), "alice", kNow);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
    EXPECT_EQ(ReasonOf(status), kUploadTokenInvalid);
  }
}

TEST(UploadToken, ForgedTokensAreRejected) {
  const AttachmentTokens tokens = Tokens();
  const std::string valid = tokens.SignUploadToken("alice", kNow + absl::Hours(1));
  const std::string payload = valid.substr(0, valid.find('.'));
  struct Case {
    std::string name;
    std::string token;
  };
  const Case cases[] = {
      {"empty", ""},
      {"the documented example", "145D6BC5-E617-454F-BFB2-MUM19BBC160F"},
      {"payload without signature", payload},
      {"payload with an empty signature", payload + "."},
      {"three parts", valid + ".x"},
      {"signed with another key",
       Tokens(kOtherKey).SignUploadToken("alice", kNow + absl::Hours(1))},
      {"an attachment token", tokens.SignAttachmentToken(Grant())},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::Status status = tokens.VerifyUploadToken(c.token, "alice", kNow);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
    EXPECT_EQ(ReasonOf(status), kUploadTokenInvalid);
  }
}

TEST(AttachmentToken, ReturnsTheGrantedAttachment) {
  const AttachmentTokens tokens = Tokens();
  const AttachmentGrant grant = Grant();

  absl::StatusOr<parley::v1::Attachment> attachment =
      tokens.VerifyAttachmentToken(tokens.SignAttachmentToken(grant), "alice", kNow);

  ASSERT_TRUE(attachment.ok()) << attachment.status();
  EXPECT_EQ(attachment->id(), 7u);
  EXPECT_EQ(attachment->mime_type(), "image/png");
  EXPECT_EQ(attachment->size_bytes(), 68u);
  EXPECT_EQ(attachment->sha256(), grant.attachment.sha256());
}

TEST(AttachmentToken, RejectionsNameTheFieldAndCause) {
  const AttachmentTokens tokens = Tokens();
  const std::string token = tokens.SignAttachmentToken(Grant());
  struct Case {
    std::string name;
    std::string token;
    std::string customer_id;
    absl::Time now;
    std::string cause;
  };
  const Case cases[] = {
      {"expired", token, "alice", kNow + absl::Hours(25), "expired"},
      {"another customer", token, "bob", kNow, "another customer"},
      {"tampered", FlipByte(token, token.size() / 3), "alice", kNow, "unknown"},
      {"tampered signature", FlipByte(token, token.size() - 2), "alice", kNow, "unknown"},
      {"another key", Tokens(kOtherKey).SignAttachmentToken(Grant()), "alice", kNow,
       "unknown"},
      {"an upload token", tokens.SignUploadToken("alice", kNow + absl::Hours(1)), "alice",
       kNow, "unknown"},
      {"not a token", "eTErS1ZBazJGZzNFR25TcGQzVkNxVzFC", "alice", kNow, "unknown"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<parley::v1::Attachment> attachment =
        tokens.VerifyAttachmentToken(c.token, c.customer_id, c.now);
    EXPECT_EQ(attachment.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(attachment.status().message(), HasSubstr("message.attachmentToken"));
    EXPECT_THAT(attachment.status().message(), HasSubstr(c.cause));
  }
}

TEST(AttachmentToken, RandomKeysDiffer) {
  absl::StatusOr<AttachmentTokens> first = AttachmentTokens::CreateWithRandomKey();
  absl::StatusOr<AttachmentTokens> second = AttachmentTokens::CreateWithRandomKey();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());

  const std::string token = first->SignUploadToken("alice", kNow + absl::Hours(1));

  EXPECT_TRUE(first->VerifyUploadToken(token, "alice", kNow).ok());
  EXPECT_EQ(ReasonOf(second->VerifyUploadToken(token, "alice", kNow)), kUploadTokenInvalid);
}

}  // namespace
}  // namespace parley::service
