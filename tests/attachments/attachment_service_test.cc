// AttachmentService and attachment tokens on messages, against a real
// parleyd Server on a temporary data directory, called through gRPC stubs.

#include "service/attachment_service.h"

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "attachments/attachments_testing.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "parley/v1/agent_service.grpc.pb.h"
#include "parley/v1/attachment_service.grpc.pb.h"
#include "parley/v1/customer_service.grpc.pb.h"
#include "parley/v1/event_log_service.grpc.pb.h"
#include "service/attachment_errors.h"
#include "service/projection_set.h"
#include "service/server.h"
#include "store/blob_store.h"
#include "store/digest.h"
#include "store/encoding.h"
#include "store/layout.h"
#include "support/temp_dir.h"

namespace parley::service {
namespace {

using ::testing::HasSubstr;
using testing::PaddedTo;
using testing::PngBytes;
using testing::ShellScriptBytes;

constexpr std::chrono::seconds kCallDeadline(10);
constexpr char kSecret[] = "service-test-secret-0123456789abcdef0123";
constexpr char kAlice[] = "alice";
constexpr char kBob[] = "bob";
constexpr uint64_t kMaxBytes = 200'000;
// Small, so that the files of these tests take several chunks.
constexpr uint64_t kChunkBytes = 16 << 10;

// What an upload returned: the status, the reason in the trailing
// metadata, and the response.
struct UploadResult {
  grpc::Status status;
  std::string reason;
  parley::v1::UploadAttachmentResponse response;
};

struct DownloadResult {
  grpc::Status status;
  parley::v1::Attachment attachment;
  std::string content;
};

class AttachmentServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }
  void TearDown() override { StopServer(); }

  void StartServer() {
    ServerOptions options;
    options.data_dir = dir_.path();
    options.listen = "127.0.0.1:0";
    options.sync = false;
    options.attachments.token_secret = kSecret;
    options.attachments.policy.max_bytes = kMaxBytes;
    options.attachments.chunk_bytes = kChunkBytes;
    absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                       grpc::InsecureChannelCredentials());
    attachments_ = parley::v1::AttachmentService::NewStub(channel);
    customers_ = parley::v1::CustomerService::NewStub(channel);
    agents_ = parley::v1::AgentService::NewStub(channel);
    events_ = parley::v1::EventLogService::NewStub(channel);
  }

  void StopServer() {
    attachments_.reset();
    customers_.reset();
    agents_.reset();
    events_.reset();
    server_.reset();
  }

  static void SetDeadline(grpc::ClientContext& context) {
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  }

  std::string UploadToken(const std::string& customer_id) {
    grpc::ClientContext context;
    SetDeadline(context);
    parley::v1::GetUploaderConfigRequest request;
    request.set_customer_id(customer_id);
    parley::v1::GetUploaderConfigResponse response;
    grpc::Status status = attachments_->GetUploaderConfig(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.auth_token();
  }

  // Uploads `content` in chunks of 64 KiB, declaring `file_name` and
  // `declared_type`, to the upload URL of `url_customer`.
  UploadResult Upload(const std::string& token, const std::string& url_customer,
                      const std::string& content, const std::string& file_name = "photo.png",
                      const std::string& declared_type = "image/png") {
    UploadResult result;
    grpc::ClientContext context;
    SetDeadline(context);
    std::unique_ptr<grpc::ClientWriter<parley::v1::UploadAttachmentRequest>> writer =
        attachments_->UploadAttachment(&context, &result.response);
    parley::v1::UploadAttachmentRequest request;
    request.mutable_start()->set_upload_token(token);
    request.mutable_start()->set_customer_id(url_customer);
    request.mutable_start()->set_file_name(file_name);
    request.mutable_start()->set_declared_type(declared_type);
    bool open = writer->Write(request);
    for (size_t offset = 0; open && offset < content.size(); offset += 64 << 10) {
      request.set_chunk(content.substr(offset, 64 << 10));
      open = writer->Write(request);
    }
    if (open) {
      request.mutable_end()->set_size_bytes(content.size());
      writer->Write(request);
    }
    writer->WritesDone();
    result.status = writer->Finish();
    auto reason = context.GetServerTrailingMetadata().find(kErrorReasonKey);
    if (reason != context.GetServerTrailingMetadata().end()) {
      result.reason = std::string(reason->second.data(), reason->second.size());
    }
    return result;
  }

  // Uploads a PNG as alice and returns the attachment token.
  std::string UploadPng(const std::string& content = PngBytes()) {
    UploadResult result = Upload(UploadToken(kAlice), kAlice, content);
    EXPECT_TRUE(result.status.ok()) << result.status.error_message();
    return result.response.attachment_token();
  }

  DownloadResult Download(uint64_t attachment_id, const std::string& customer_id) {
    DownloadResult result;
    grpc::ClientContext context;
    SetDeadline(context);
    parley::v1::DownloadAttachmentRequest request;
    request.set_attachment_id(attachment_id);
    request.set_customer_id(customer_id);
    auto reader = attachments_->DownloadAttachment(&context, request);
    parley::v1::DownloadAttachmentResponse response;
    while (reader->Read(&response)) {
      if (response.has_attachment()) result.attachment = response.attachment();
      result.content += response.chunk();
    }
    result.status = reader->Finish();
    return result;
  }

  grpc::Status CreateDiscussion(const std::string& customer_id, const std::string& token,
                                parley::v1::CreateDiscussionResponse* response) {
    grpc::ClientContext context;
    SetDeadline(context);
    parley::v1::CreateDiscussionRequest request;
    request.set_customer_id(customer_id);
    request.set_category(parley::v1::CATEGORY_WEBSITE_ISSUES);
    request.mutable_message()->set_text("Here is the screenshot.");
    request.mutable_message()->set_attachment_token(token);
    return customers_->CreateDiscussion(&context, request, response);
  }

  grpc::Status Reply(const std::string& customer_id, uint64_t discussion_id,
                     const std::string& token) {
    grpc::ClientContext context;
    SetDeadline(context);
    parley::v1::ReplyToDiscussionRequest request;
    request.set_customer_id(customer_id);
    request.set_discussion_id(discussion_id);
    request.mutable_message()->set_text("And another one.");
    request.mutable_message()->set_attachment_token(token);
    parley::v1::ReplyToDiscussionResponse response;
    return customers_->ReplyToDiscussion(&context, request, &response);
  }

  // Returns every event in the log.
  std::vector<parley::v1::EventRecord> Events() {
    grpc::ClientContext context;
    SetDeadline(context);
    parley::v1::ReadEventsRequest request;
    request.set_from_position(1);
    request.set_max_count(1000);
    parley::v1::ReadEventsResponse response;
    grpc::Status status = events_->ReadEvents(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.events().begin(), response.events().end()};
  }

  std::vector<std::string> EventTypes() {
    std::vector<std::string> types;
    for (const parley::v1::EventRecord& event : Events()) types.push_back(event.type());
    return types;
  }

  // Opens the data directory with the server stopped.
  std::unique_ptr<store::EventStore> OpenStore() {
    store::EventStoreOptions options;
    options.data_dir = dir_.path();
    options.projections = projections_.All();
    absl::StatusOr<std::unique_ptr<store::EventStore>> store = store::EventStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  // Stops the server, which waits for every call and blob write, and
  // returns the number of keys in the blobs column family.
  size_t CountBlobKeysAfterStop() {
    StopServer();
    std::unique_ptr<store::EventStore> store = OpenStore();
    if (store == nullptr) return 0;
    std::unique_ptr<rocksdb::Iterator> it(
        store->db()->NewIterator(rocksdb::ReadOptions(), store->blobs_family()));
    size_t keys = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++keys;
    return keys;
  }

  parley::testing::TempDir dir_;
  ProjectionSet projections_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<parley::v1::AttachmentService::Stub> attachments_;
  std::unique_ptr<parley::v1::CustomerService::Stub> customers_;
  std::unique_ptr<parley::v1::AgentService::Stub> agents_;
  std::unique_ptr<parley::v1::EventLogService::Stub> events_;
};

TEST_F(AttachmentServiceTest, UploaderConfigIsBoundToCustomer) {
  grpc::ClientContext context;
  SetDeadline(context);
  parley::v1::GetUploaderConfigRequest request;
  request.set_customer_id("38779254");
  parley::v1::GetUploaderConfigResponse response;

  ASSERT_TRUE(attachments_->GetUploaderConfig(&context, request, &response).ok());

  EXPECT_EQ(response.upload_url(), "/account/documentupload/uploader/upload/38779254");
  EXPECT_EQ(response.max_bytes(), kMaxBytes);
  EXPECT_THAT(response.allowed_types(), ::testing::Contains("image/jpeg"));
  const std::string token = response.auth_token();
  EXPECT_TRUE(Upload(token, "38779254", PngBytes()).status.ok());
  EXPECT_EQ(Upload(token, "38779255", PngBytes()).reason, kUploadTokenWrongCustomer);
}

TEST_F(AttachmentServiceTest, PngNamedPdfIsStoredAsPng) {
  UploadResult result = Upload(UploadToken(kAlice), kAlice, PngBytes(), "scan.pdf",
                               "application/pdf");

  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.response.attachment().mime_type(), "image/png");
  EXPECT_EQ(result.response.attachment().size_bytes(), PngBytes().size());
  EXPECT_EQ(result.response.attachment().sha256(), store::Sha256(PngBytes()));
  EXPECT_FALSE(result.response.attachment_token().empty());
  EXPECT_THAT(EventTypes(), ::testing::ElementsAre("AttachmentUploaded"));
  EXPECT_EQ(Events()[0].stream_id(), "attachment-1");
}

TEST_F(AttachmentServiceTest, FailedUploadsStoreNothing) {
  const std::string token = UploadToken(kAlice);
  struct Case {
    std::string name;
    std::string token;
    std::string url_customer;
    std::string content;
    grpc::StatusCode code;
    absl::string_view reason;
  };
  const Case cases[] = {
      {"shell script named .jpg", token, kAlice, ShellScriptBytes(),
       grpc::StatusCode::INVALID_ARGUMENT, kAttachmentTypeNotAllowed},
      {"one byte over the limit", token, kAlice, PaddedTo(PngBytes(), kMaxBytes + 1),
       grpc::StatusCode::RESOURCE_EXHAUSTED, kAttachmentTooLarge},
      {"empty file", token, kAlice, "", grpc::StatusCode::INVALID_ARGUMENT, kAttachmentEmpty},
      {"forged token", "145D6BC5-E617-454F-BFB2-MUM19BBC160F", kAlice, PngBytes(),
       grpc::StatusCode::UNAUTHENTICATED, kUploadTokenInvalid},
      {"missing token", "", kAlice, PngBytes(), grpc::StatusCode::UNAUTHENTICATED,
       kUploadTokenInvalid},
      {"another customer's URL", token, kBob, PngBytes(), grpc::StatusCode::PERMISSION_DENIED,
       kUploadTokenWrongCustomer},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    UploadResult result = Upload(c.token, c.url_customer, c.content, "photo.jpg", "image/jpeg");
    EXPECT_EQ(result.status.error_code(), c.code) << result.status.error_message();
    EXPECT_EQ(result.reason, c.reason);
  }
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(CountBlobKeysAfterStop(), 0u);
}

TEST_F(AttachmentServiceTest, AcceptsFileOfExactlyTheLimit) {
  UploadResult result = Upload(UploadToken(kAlice), kAlice, PaddedTo(PngBytes(), kMaxBytes));

  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.response.attachment().size_bytes(), kMaxBytes);
}

TEST_F(AttachmentServiceTest, UploadWithoutEndStoresNothing) {
  parley::v1::UploadAttachmentResponse response;
  grpc::ClientContext context;
  SetDeadline(context);
  auto writer = attachments_->UploadAttachment(&context, &response);
  parley::v1::UploadAttachmentRequest request;
  request.mutable_start()->set_upload_token(UploadToken(kAlice));
  request.mutable_start()->set_customer_id(kAlice);
  writer->Write(request);
  request.set_chunk(PngBytes());
  writer->Write(request);
  writer->WritesDone();

  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(CountBlobKeysAfterStop(), 0u);
}

TEST_F(AttachmentServiceTest, SizeMismatchStoresNothing) {
  const std::string content = PaddedTo(PngBytes(), 5 * kChunkBytes + 3);
  parley::v1::UploadAttachmentResponse response;
  grpc::ClientContext context;
  SetDeadline(context);
  auto writer = attachments_->UploadAttachment(&context, &response);
  parley::v1::UploadAttachmentRequest request;
  request.mutable_start()->set_upload_token(UploadToken(kAlice));
  request.mutable_start()->set_customer_id(kAlice);
  ASSERT_TRUE(writer->Write(request));
  request.set_chunk(content);
  ASSERT_TRUE(writer->Write(request));
  request.mutable_end()->set_size_bytes(content.size() + 1);
  writer->Write(request);
  writer->WritesDone();

  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(CountBlobKeysAfterStop(), 0u);
}

TEST_F(AttachmentServiceTest, CancelledUploadStoresNothing) {
  const std::string content = PaddedTo(PngBytes(), 6 * kChunkBytes);
  parley::v1::UploadAttachmentResponse response;
  grpc::ClientContext context;
  SetDeadline(context);
  auto writer = attachments_->UploadAttachment(&context, &response);
  parley::v1::UploadAttachmentRequest request;
  request.mutable_start()->set_upload_token(UploadToken(kAlice));
  request.mutable_start()->set_customer_id(kAlice);
  ASSERT_TRUE(writer->Write(request));
  request.set_chunk(content);
  ASSERT_TRUE(writer->Write(request));

  context.TryCancel();

  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(CountBlobKeysAfterStop(), 0u);
}

TEST_F(AttachmentServiceTest, RestartDeletesUnfinishedUploads) {
  StopServer();
  {
    // An upload cut off by a crash: chunks and the pending key, no commit.
    std::unique_ptr<store::EventStore> store = OpenStore();
    ASSERT_NE(store, nullptr);
    store::BlobStore blobs(*store, kChunkBytes);
    absl::StatusOr<std::unique_ptr<store::BlobUpload>> upload = blobs.StartUpload();
    ASSERT_TRUE(upload.ok()) << upload.status();
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE((*upload)->WriteChunk(std::string(kChunkBytes, 'x')).ok());
    }
  }
  ASSERT_EQ(CountBlobKeysAfterStop(), 3u + 1u);

  StartServer();
  EXPECT_EQ(CountBlobKeysAfterStop(), 0u);
}

TEST_F(AttachmentServiceTest, MessageRecordsAttachment) {
  const std::string token = UploadPng();
  parley::v1::CreateDiscussionResponse created;

  grpc::Status status = CreateDiscussion(kAlice, token, &created);

  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(EventTypes(), ::testing::ElementsAre("AttachmentUploaded", "AttachmentAttached",
                                                   "DiscussionCreated", "MessagePosted"));
  parley::v1::MessagePosted posted;
  ASSERT_TRUE(Events()[3].payload().UnpackTo(&posted));
  ASSERT_EQ(posted.attachments_size(), 1);
  EXPECT_EQ(posted.attachments(0).id(), 1u);
  EXPECT_EQ(posted.attachments(0).mime_type(), "image/png");
  EXPECT_EQ(posted.attachments(0).size_bytes(), PngBytes().size());
  EXPECT_EQ(posted.attachments(0).sha256(), store::Sha256(PngBytes()));
  parley::v1::AttachmentAttached attached;
  ASSERT_TRUE(Events()[1].payload().UnpackTo(&attached));
  EXPECT_EQ(attached.discussion_id(), created.discussion_id());
  EXPECT_EQ(attached.message_id(), created.message_id());

  grpc::ClientContext context;
  SetDeadline(context);
  parley::v1::GetDiscussionRequest request;
  request.set_discussion_id(created.discussion_id());
  request.set_message_limit(10);
  parley::v1::GetDiscussionResponse discussion;
  ASSERT_TRUE(agents_->GetDiscussion(&context, request, &discussion).ok());
  ASSERT_EQ(discussion.discussion().messages().messages_size(), 1);
  EXPECT_EQ(discussion.discussion().messages().messages(0).attachments(0).id(), 1u);
}

TEST_F(AttachmentServiceTest, TokenIsSingleUseAndPerCustomer) {
  const std::string token = UploadPng();
  parley::v1::CreateDiscussionResponse created;

  grpc::Status bob = CreateDiscussion(kBob, token, &created);
  EXPECT_EQ(bob.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bob.error_message(), HasSubstr("another customer"));

  ASSERT_TRUE(CreateDiscussion(kAlice, token, &created).ok());
  grpc::Status reused = Reply(kAlice, created.discussion_id(), token);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(reused.error_message(), HasSubstr("already used"));

  EXPECT_THAT(EventTypes(), ::testing::ElementsAre("AttachmentUploaded", "AttachmentAttached",
                                                   "DiscussionCreated", "MessagePosted"));
}

TEST_F(AttachmentServiceTest, ConcurrentRepliesUseTokenOnce) {
  parley::v1::CreateDiscussionResponse created;
  ASSERT_TRUE(CreateDiscussion(kAlice, "", &created).ok());
  const std::string token = UploadPng();

  constexpr int kReplies = 8;
  std::vector<std::future<grpc::Status>> replies;
  for (int i = 0; i < kReplies; ++i) {
    replies.push_back(std::async(std::launch::async, [&] {
      return Reply(kAlice, created.discussion_id(), token);
    }));
  }
  int succeeded = 0;
  for (std::future<grpc::Status>& reply : replies) {
    grpc::Status status = reply.get();
    if (status.ok()) {
      ++succeeded;
    } else {
      EXPECT_THAT(status.error_message(), HasSubstr("already used"));
    }
  }

  EXPECT_EQ(succeeded, 1);
}

TEST_F(AttachmentServiceTest, DownloadsByOwnerAndAgentOnly) {
  const std::string content = PaddedTo(PngBytes(), 150'000);
  UploadPng(content);

  DownloadResult owner = Download(1, kAlice);
  ASSERT_TRUE(owner.status.ok()) << owner.status.error_message();
  EXPECT_EQ(owner.content, content);
  EXPECT_EQ(owner.attachment.mime_type(), "image/png");

  DownloadResult agent = Download(1, "");
  ASSERT_TRUE(agent.status.ok()) << agent.status.error_message();
  EXPECT_EQ(agent.content, content);

  EXPECT_EQ(Download(1, kBob).status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Download(2, kAlice).status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(AttachmentServiceTest, SameBytesAreStoredOnce) {
  const std::string content = PaddedTo(PngBytes(), 3 * kChunkBytes + 1);
  UploadPng(content);
  UploadPng(content);

  EXPECT_EQ(CountBlobKeysAfterStop(), 4u + 1u);  // Four chunks and one manifest.
  std::unique_ptr<store::EventStore> store = OpenStore();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->LastPosition(), 2u);  // Two AttachmentUploaded events.
  store.reset();

  StartServer();
  EXPECT_EQ(Download(1, kAlice).content, content);
  EXPECT_EQ(Download(2, kAlice).content, content);
}

TEST_F(AttachmentServiceTest, DownloadsFileOfLayout1) {
  // A data directory written before uploads were stored in chunks: the
  // whole file in one value, and its AttachmentUploaded event.
  const std::string content = PaddedTo(PngBytes(), 150'000);
  const std::string digest = store::Sha256(content);
  StopServer();
  {
    std::unique_ptr<store::EventStore> store = OpenStore();
    ASSERT_NE(store, nullptr);
    rocksdb::DB* db = store->db();
    ASSERT_TRUE(db->Put({}, store->blobs_family(), store::BlobContentKey(digest), content).ok());
    ASSERT_TRUE(db->Put({}, store->blobs_family(), store::BlobMarkerKey(digest),
                        store::EncodeUint64(content.size()))
                    .ok());
    absl::StatusOr<std::string> appended =
        store->Execute({}, [&](store::Transaction& txn) -> absl::StatusOr<std::string> {
          absl::StatusOr<uint64_t> id = txn.NextSequence("attachment");
          if (!id.ok()) return id.status();
          parley::v1::AttachmentUploaded uploaded;
          uploaded.set_attachment_id(*id);
          uploaded.set_customer_id(kAlice);
          uploaded.set_mime_type("image/png");
          uploaded.set_size_bytes(content.size());
          uploaded.set_sha256(digest);
          absl::StatusOr<std::vector<parley::v1::EventRecord>> records = txn.Append(
              "attachment-1", store::ExpectedVersion::NoStream(), {{&uploaded}});
          if (!records.ok()) return records.status();
          return std::string();
        });
    ASSERT_TRUE(appended.ok()) << appended.status();
  }
  StartServer();

  DownloadResult owner = Download(1, kAlice);
  ASSERT_TRUE(owner.status.ok()) << owner.status.error_message();
  EXPECT_EQ(owner.content, content);
  EXPECT_EQ(owner.attachment.size_bytes(), content.size());

  // The same bytes uploaded again are a duplicate of the old value.
  UploadPng(content);
  EXPECT_EQ(Download(2, kAlice).content, content);
  EXPECT_EQ(CountBlobKeysAfterStop(), 2u);
}

TEST_F(AttachmentServiceTest, AttachmentsSurviveRestart) {
  const std::string token = UploadPng();
  StopServer();
  StartServer();

  parley::v1::CreateDiscussionResponse created;
  ASSERT_TRUE(CreateDiscussion(kAlice, token, &created).ok());
  DownloadResult owner = Download(1, kAlice);
  ASSERT_TRUE(owner.status.ok()) << owner.status.error_message();
  EXPECT_EQ(owner.content, PngBytes());
}

}  // namespace
}  // namespace parley::service
