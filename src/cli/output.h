#ifndef PARLEY_CLI_OUTPUT_H_
#define PARLEY_CLI_OUTPUT_H_

#include <cstdint>
#include <ostream>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/status.h"
#include "parley/v1/agent_service.pb.h"
#include "parley/v1/discussion.pb.h"

// How parleyctl prints results and errors. Text output is for people and
// may change, so scripts should pass --json, which prints protobuf's JSON
// mapping of the response on one line. Times print in RFC 3339, UTC.

namespace parley::cli {

// Prints "parleyctl: <message>" and a newline.
void PrintError(absl::string_view message, std::ostream& err);

// Prints a failed call as "parleyctl: <code name>: <server message>", e.g.
// "parleyctl: NOT_FOUND: discussion 9 not found". For UNAVAILABLE and
// DEADLINE_EXCEEDED, adds the target, because the server may be down.
void PrintRpcError(const grpc::Status& status, absl::string_view target,
                   std::ostream& err);

// Flushes `out`. Returns kExitOk, or kExitFailure with an error on `err`
// when writing failed.
int FinishOutput(std::ostream& out, std::ostream& err);

// Prints `message` in protobuf's JSON mapping (lowerCamelCase names, 64-bit
// integers as strings, fields with default values included) and a newline.
// Returns an exit code as FinishOutput does.
int PrintJson(const google::protobuf::Message& message, std::ostream& out,
              std::ostream& err);

// Formats milliseconds since the Unix epoch as RFC 3339 in UTC, e.g.
// "2024-05-01T09:30:00.250Z".
std::string FormatTimestamp(int64_t unix_ms);

// "discussion 12 is now IN_PROGRESS (assigned to ann)"
void PrintAssigned(uint64_t discussion_id, absl::string_view agent,
                   const parley::v1::AssignResponse& response, std::ostream& out);

// "discussion 12 is now COMPLETED (message 35 sent)"
void PrintResponded(uint64_t discussion_id, const parley::v1::RespondResponse& response,
                    std::ostream& out);

// "discussion 12 is now PENDING"
void PrintStatusChanged(uint64_t discussion_id,
                        const parley::v1::ChangeStatusResponse& response,
                        std::ostream& out);

// Prints a page of the queue of `status` (and `category`, unless
// CATEGORY_UNSPECIFIED) as a table with one discussion a line, then a line
// with the count and, when more discussions follow, the --offset of the
// next page.
void PrintQueue(parley::v1::Status status, parley::v1::Category category,
                int32_t offset, const parley::v1::DiscussionPage& page,
                std::ostream& out);

// Prints a discussion's fields, one a line, then its page of messages
// starting at message `offset`, each with a header line and its text
// indented by four spaces.
void PrintDiscussion(const parley::v1::Discussion& discussion, int32_t offset,
                     std::ostream& out);

}  // namespace parley::cli

#endif  // PARLEY_CLI_OUTPUT_H_
