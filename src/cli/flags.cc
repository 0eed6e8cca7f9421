#include "cli/flags.h"

#include <cstdlib>
#include <optional>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "domain/limits.h"
#include "domain/validation.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051",
          "Address of parleyd's gRPC server, HOST:PORT. The connection is "
          "plaintext. Default: 127.0.0.1:50051.");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(5),
          "Deadline of the call to parleyd, as a duration such as 5s or 500ms. "
          "Default: 5s.");
ABSL_FLAG(bool, json, false,
          "Print the server's response in protobuf's JSON mapping, on one line, "
          "instead of text. Default: false.");
ABSL_FLAG(std::string, customer, "",
          "Customer id that the token authenticates (its sub claim): 1 to 64 "
          "characters of A-Z, a-z, 0-9, '_' and '-'. Required.");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(720),
          "Lifetime of the token, as a duration such as 720h or 90m; 1s or more. "
          "Default: 720h (30 days).");
ABSL_FLAG(std::optional<uint64_t>, discussion, std::nullopt,
          "Id of the discussion, a positive integer. Required.");
ABSL_FLAG(std::string, agent, "",
          "Name of the acting agent: 1 to 128 bytes of UTF-8, no control "
          "characters, no leading or trailing whitespace. Required.");
ABSL_FLAG(std::string, message, "",
          "Text of the response: 1 to 10,000 characters of UTF-8, not only "
          "whitespace. Required.");
ABSL_FLAG(std::string, status, "",
          "respond: status after the response, IN_PROGRESS, PENDING or "
          "COMPLETED; default COMPLETED. queue: status of the discussions to "
          "list, OUTSTANDING, IN_PROGRESS, PENDING or COMPLETED; default "
          "OUTSTANDING.");
ABSL_FLAG(std::string, to, "",
          "New status: IN_PROGRESS, PENDING or COMPLETED. Required.");
ABSL_FLAG(std::string, category, "",
          "List only discussions of this category, e.g. WEBSITE_ISSUES. "
          "Default: every category.");
ABSL_FLAG(int32_t, offset, parley::domain::kDefaultPageOffset,
          "queue: number of discussions to skip. show: number of messages to "
          "skip. 0 or more. Default: 0.");
ABSL_FLAG(int32_t, limit, parley::domain::kDefaultPageLimit,
          "queue: maximum number of discussions to print. show: maximum number "
          "of messages to print. 0 to 100. Default: 10.");
ABSL_FLAG(std::string, request_id, "",
          "Idempotency key: up to 128 printable ASCII characters. A retry by "
          "the same agent with the same key returns the first result and "
          "changes nothing; reusing the key for a different request fails. "
          "Default: none.");

namespace parley::cli {
namespace {

absl::Status MissingFlag(absl::string_view flag, absl::string_view example) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " is missing; pass it, e.g. --", flag, "=", example));
}

// Prefixes a domain validation error with the flag it came from.
absl::Status InvalidFlag(absl::string_view flag, const absl::Status& status) {
  return absl::InvalidArgumentError(absl::StrCat("invalid --", flag, ": ", status.message()));
}

absl::StatusOr<uint64_t> DiscussionFromFlag() {
  const std::optional<uint64_t> id = absl::GetFlag(FLAGS_discussion);
  if (!id.has_value()) return MissingFlag("discussion", "12");
  if (*id == 0) {
    return absl::InvalidArgumentError(
        "--discussion is 0; discussion ids start at 1, e.g. --discussion=12");
  }
  return *id;
}

absl::StatusOr<std::string> AgentFromFlag() {
  std::string agent = absl::GetFlag(FLAGS_agent);
  if (agent.empty()) return MissingFlag("agent", "ann");
  if (absl::Status s = domain::ValidateAgentName(agent); !s.ok()) {
    return InvalidFlag("agent", s);
  }
  return agent;
}

absl::StatusOr<std::string> RequestIdFromFlag() {
  std::string request_id = absl::GetFlag(FLAGS_request_id);
  if (absl::Status s = domain::ValidateRequestId(request_id); !s.ok()) {
    return InvalidFlag("request_id", s);
  }
  return request_id;
}

// Statuses that an agent can move a discussion to. OUTSTANDING is only the
// status of a new or reopened discussion.
constexpr parley::v1::Status kAgentStatuses[] = {
    parley::v1::STATUS_IN_PROGRESS, parley::v1::STATUS_PENDING, parley::v1::STATUS_COMPLETED};
constexpr parley::v1::Status kAllStatuses[] = {
    parley::v1::STATUS_OUTSTANDING, parley::v1::STATUS_IN_PROGRESS,
    parley::v1::STATUS_PENDING, parley::v1::STATUS_COMPLETED};

// Parses a status name that must be one of `allowed`, or returns `if_empty`
// for an empty name.
absl::StatusOr<parley::v1::Status> StatusFromFlag(
    absl::string_view flag, const std::string& name, parley::v1::Status if_empty,
    absl::Span<const parley::v1::Status> allowed) {
  if (name.empty()) return if_empty;
  std::optional<parley::v1::Status> status = domain::ParseStatus(name);
  if (status.has_value() && absl::c_linear_search(allowed, *status)) return *status;

  std::vector<absl::string_view> names;
  for (parley::v1::Status value : allowed) names.push_back(domain::StatusName(value));
  return absl::InvalidArgumentError(absl::StrCat(
      "--", flag, " is '", name, "'; use ",
      absl::StrJoin(absl::MakeConstSpan(names).subspan(0, names.size() - 1), ", "), " or ",
      names.back()));
}

absl::StatusOr<parley::v1::Category> CategoryFromFlag() {
  const std::string name = absl::GetFlag(FLAGS_category);
  if (name.empty()) return parley::v1::CATEGORY_UNSPECIFIED;
  std::optional<parley::v1::Category> category = domain::ParseCategory(name);
  if (category.has_value()) return *category;

  std::vector<absl::string_view> names;
  for (int value = parley::v1::Category_MIN; value <= parley::v1::Category_MAX; ++value) {
    absl::string_view known = domain::CategoryName(static_cast<parley::v1::Category>(value));
    if (!known.empty()) names.push_back(known);
  }
  return absl::InvalidArgumentError(absl::StrCat("--category is '", name, "'; use one of ",
                                                 absl::StrJoin(names, ", ")));
}

absl::StatusOr<domain::Page> PageFromFlags() {
  return domain::ValidatePage("--offset", absl::GetFlag(FLAGS_offset), "--limit",
                              absl::GetFlag(FLAGS_limit));
}

}  // namespace

absl::StatusOr<TokenOptions> TokenOptionsFromFlags() {
  TokenOptions options;
  options.customer_id = absl::GetFlag(FLAGS_customer);
  if (options.customer_id.empty()) return MissingFlag("customer", "c-42");
  if (absl::Status s = domain::ValidateCustomerId(options.customer_id); !s.ok()) {
    return InvalidFlag("customer", s);
  }
  options.ttl = absl::GetFlag(FLAGS_ttl);

  const char* secret = std::getenv(kTokenSecretVariable);
  if (secret == nullptr || *secret == '\0') {
    return absl::InvalidArgumentError(absl::StrCat(
        kTokenSecretVariable, " is not set; set it to the secret, at least ",
        kMinTokenSecretBytes, " bytes, that the gateway verifies tokens with"));
  }
  options.secret = secret;
  options.issued_at = absl::Now();
  return options;
}

absl::StatusOr<CallOptions> CallOptionsFromFlags() {
  CallOptions call;
  call.target = absl::GetFlag(FLAGS_target);
  call.timeout = absl::GetFlag(FLAGS_timeout);
  call.json = absl::GetFlag(FLAGS_json);
  if (call.target.empty()) return MissingFlag("target", "127.0.0.1:50051");
  if (call.timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--timeout is ", absl::FormatDuration(call.timeout), "; use a positive duration, e.g. 5s"));
  }
  return call;
}

absl::StatusOr<AssignOptions> AssignOptionsFromFlags() {
  absl::StatusOr<uint64_t> discussion_id = DiscussionFromFlag();
  if (!discussion_id.ok()) return discussion_id.status();
  absl::StatusOr<std::string> agent = AgentFromFlag();
  if (!agent.ok()) return agent.status();
  absl::StatusOr<std::string> request_id = RequestIdFromFlag();
  if (!request_id.ok()) return request_id.status();
  return AssignOptions{*discussion_id, *std::move(agent), *std::move(request_id)};
}

absl::StatusOr<RespondOptions> RespondOptionsFromFlags() {
  RespondOptions options;
  absl::StatusOr<uint64_t> discussion_id = DiscussionFromFlag();
  if (!discussion_id.ok()) return discussion_id.status();
  options.discussion_id = *discussion_id;
  absl::StatusOr<std::string> agent = AgentFromFlag();
  if (!agent.ok()) return agent.status();
  options.agent = *std::move(agent);

  const std::string text = absl::GetFlag(FLAGS_message);
  if (text.empty()) {
    return absl::InvalidArgumentError(
        "--message is missing or empty; pass the response's text, e.g. "
        "--message='Your refund was sent today.'");
  }
  absl::StatusOr<std::string> validated = domain::ValidateMessageText("--message", text);
  if (!validated.ok()) return validated.status();
  options.text = *std::move(validated);

  absl::StatusOr<parley::v1::Status> status = StatusFromFlag(
      "status", absl::GetFlag(FLAGS_status), parley::v1::STATUS_UNSPECIFIED, kAgentStatuses);
  if (!status.ok()) return status.status();
  options.status = *status;
  absl::StatusOr<std::string> request_id = RequestIdFromFlag();
  if (!request_id.ok()) return request_id.status();
  options.request_id = *std::move(request_id);
  return options;
}

absl::StatusOr<ChangeStatusOptions> ChangeStatusOptionsFromFlags() {
  ChangeStatusOptions options;
  absl::StatusOr<uint64_t> discussion_id = DiscussionFromFlag();
  if (!discussion_id.ok()) return discussion_id.status();
  options.discussion_id = *discussion_id;
  absl::StatusOr<std::string> agent = AgentFromFlag();
  if (!agent.ok()) return agent.status();
  options.agent = *std::move(agent);

  const std::string to = absl::GetFlag(FLAGS_to);
  if (to.empty()) return MissingFlag("to", "COMPLETED");
  absl::StatusOr<parley::v1::Status> status =
      StatusFromFlag("to", to, parley::v1::STATUS_UNSPECIFIED, kAgentStatuses);
  if (!status.ok()) return status.status();
  options.to = *status;
  absl::StatusOr<std::string> request_id = RequestIdFromFlag();
  if (!request_id.ok()) return request_id.status();
  options.request_id = *std::move(request_id);
  return options;
}

absl::StatusOr<QueueOptions> QueueOptionsFromFlags() {
  QueueOptions options;
  absl::StatusOr<parley::v1::Status> status = StatusFromFlag(
      "status", absl::GetFlag(FLAGS_status), parley::v1::STATUS_OUTSTANDING, kAllStatuses);
  if (!status.ok()) return status.status();
  options.status = *status;
  absl::StatusOr<parley::v1::Category> category = CategoryFromFlag();
  if (!category.ok()) return category.status();
  options.category = *category;

  absl::StatusOr<domain::Page> page = PageFromFlags();
  if (!page.ok()) return page.status();
  options.offset = static_cast<int32_t>(page->offset);
  options.limit = static_cast<int32_t>(page->limit);
  return options;
}

absl::StatusOr<ShowOptions> ShowOptionsFromFlags() {
  ShowOptions options;
  absl::StatusOr<uint64_t> discussion_id = DiscussionFromFlag();
  if (!discussion_id.ok()) return discussion_id.status();
  options.discussion_id = *discussion_id;

  absl::StatusOr<domain::Page> page = PageFromFlags();
  if (!page.ok()) return page.status();
  options.message_offset = static_cast<int32_t>(page->offset);
  options.message_limit = static_cast<int32_t>(page->limit);
  return options;
}

}  // namespace parley::cli
