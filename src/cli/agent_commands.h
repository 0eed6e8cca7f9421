#ifndef PARLEY_CLI_AGENT_COMMANDS_H_
#define PARLEY_CLI_AGENT_COMMANDS_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/time/time.h"
#include "domain/limits.h"
#include "parley/v1/discussion.pb.h"

// The agent commands of parleyctl: one AgentService call each against a
// running parleyd. Each Run function prints the result to `out` (text, or
// JSON with CallOptions::json) and returns kExitOk, or prints the error to
// `err` and returns kExitFailure. flags.h validates the options before the
// call. The server validates them again, and its errors are printed as
// received.

namespace parley::cli {

// Target, deadline and output format of a call to parleyd.
struct CallOptions {
  // gRPC target of parleyd, e.g. HOST:PORT. The connection is plaintext.
  std::string target = "127.0.0.1:50051";
  // Deadline of the call, counted from its start.
  absl::Duration timeout = absl::Seconds(5);
  // Print the response in protobuf's JSON mapping instead of text.
  bool json = false;
};

// `parleyctl assign`: Assign.
struct AssignOptions {
  uint64_t discussion_id = 0;
  std::string agent;
  std::string request_id;  // Empty for none.
};

// `parleyctl respond`: Respond.
struct RespondOptions {
  uint64_t discussion_id = 0;
  std::string agent;
  std::string text;
  // Status after the response. STATUS_UNSPECIFIED lets the server choose
  // COMPLETED.
  parley::v1::Status status = parley::v1::STATUS_UNSPECIFIED;
  std::string request_id;
};

// `parleyctl status`: ChangeStatus.
struct ChangeStatusOptions {
  uint64_t discussion_id = 0;
  std::string agent;
  parley::v1::Status to = parley::v1::STATUS_UNSPECIFIED;
  std::string request_id;
};

// `parleyctl queue`: ListQueue.
struct QueueOptions {
  parley::v1::Status status = parley::v1::STATUS_OUTSTANDING;
  // CATEGORY_UNSPECIFIED lists every category.
  parley::v1::Category category = parley::v1::CATEGORY_UNSPECIFIED;
  int32_t offset = domain::kDefaultPageOffset;
  int32_t limit = domain::kDefaultPageLimit;
};

// `parleyctl show`: GetDiscussion with a page of its messages.
struct ShowOptions {
  uint64_t discussion_id = 0;
  int32_t message_offset = domain::kDefaultPageOffset;
  int32_t message_limit = domain::kDefaultPageLimit;
};

int RunAssign(const CallOptions& call, const AssignOptions& options, std::ostream& out,
              std::ostream& err);
int RunRespond(const CallOptions& call, const RespondOptions& options, std::ostream& out,
               std::ostream& err);
int RunChangeStatus(const CallOptions& call, const ChangeStatusOptions& options,
                    std::ostream& out, std::ostream& err);
int RunQueue(const CallOptions& call, const QueueOptions& options, std::ostream& out,
             std::ostream& err);
int RunShow(const CallOptions& call, const ShowOptions& options, std::ostream& out,
            std::ostream& err);

}  // namespace parley::cli

#endif  // PARLEY_CLI_AGENT_COMMANDS_H_
