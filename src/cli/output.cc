#include "cli/output.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "cli/exit_code.h"
#include "domain/validation.h"
#include "google/protobuf/util/json_util.h"

namespace parley::cli {
namespace {

using parley::v1::Category;
using parley::v1::Discussion;
using parley::v1::Message;
using parley::v1::Status;

using Row = std::vector<std::string>;

// GraphQL name of a status, or "status N" for a number this build does not
// know, so that a newer server's value still prints.
std::string StatusText(Status status) {
  absl::string_view name = domain::StatusName(status);
  if (name.empty()) return absl::StrCat("status ", static_cast<int>(status));
  return std::string(name);
}

std::string CategoryText(Category category) {
  absl::string_view name = domain::CategoryName(category);
  if (name.empty()) return absl::StrCat("category ", static_cast<int>(category));
  return std::string(name);
}

std::string MessageTypeText(parley::v1::MessageType type) {
  const std::string& name = parley::v1::MessageType_Name(type);
  if (name.empty()) return absl::StrCat("type ", static_cast<int>(type));
  return std::string(absl::StripPrefix(name, "MESSAGE_TYPE_"));
}

std::string OrNone(const std::string& value) { return value.empty() ? "-" : value; }

// Prints `rows` with columns padded to their widest cell. Widths count
// bytes, so a column with non-ASCII text may be misaligned.
void PrintTable(const std::vector<Row>& rows, std::ostream& out) {
  std::vector<size_t> widths;
  for (const Row& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const Row& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << '\n';
  }
}

// Prints the position of a page within its list, e.g.
// "discussions 11-20 of 42; next page: --offset=20".
void PrintPagePosition(absl::string_view items, int32_t offset, int returned,
                       uint32_t total, bool has_more, std::ostream& out) {
  if (returned == 0) {
    out << "no " << items << " at offset " << offset << " of " << total << '\n';
    return;
  }
  out << items << ' ' << offset + 1 << '-' << offset + returned << " of " << total;
  if (has_more) out << "; next page: --offset=" << offset + returned;
  out << '\n';
}

void PrintMessage(const Message& message, std::ostream& out) {
  out << '[' << message.number() << "] " << MessageTypeText(message.type()) << " from "
      << OrNone(message.author()) << " at " << FormatTimestamp(message.created_at_ms())
      << " (message " << message.id() << ")\n";
  for (absl::string_view line : absl::StrSplit(message.text(), '\n')) {
    out << "    " << line << '\n';
  }
  for (const parley::v1::Attachment& attachment : message.attachments()) {
    out << "    attachment " << attachment.id() << ": " << attachment.mime_type() << ", "
        << attachment.size_bytes() << " bytes\n";
  }
}

}  // namespace

void PrintError(absl::string_view message, std::ostream& err) {
  err << "parleyctl: " << message << '\n';
}

void PrintRpcError(const grpc::Status& status, absl::string_view target,
                   std::ostream& err) {
  // gRPC status codes have the same numbers as absl::StatusCode.
  std::string text =
      absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
  if (!status.error_message().empty()) absl::StrAppend(&text, ": ", status.error_message());
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    absl::StrAppend(&text, " (target ", target,
                    "; check that parleyd is running there, or pass --target)");
  }
  PrintError(text, err);
}

int FinishOutput(std::ostream& out, std::ostream& err) {
  out.flush();
  if (out) return kExitOk;
  PrintError("failed to write the output", err);
  return kExitFailure;
}

int PrintJson(const google::protobuf::Message& message, std::ostream& out,
              std::ostream& err) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    PrintError(absl::StrCat("failed to convert the ", message.GetTypeName(),
                            " response to JSON: ", status.ToString()),
               err);
    return kExitFailure;
  }
  out << json << '\n';
  return FinishOutput(out, err);
}

std::string FormatTimestamp(int64_t unix_ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromUnixMillis(unix_ms),
                          absl::UTCTimeZone());
}

void PrintAssigned(uint64_t discussion_id, absl::string_view agent,
                   const parley::v1::AssignResponse& response, std::ostream& out) {
  out << "discussion " << discussion_id << " is now " << StatusText(response.status())
      << " (assigned to " << agent << ")\n";
}

void PrintResponded(uint64_t discussion_id, const parley::v1::RespondResponse& response,
                    std::ostream& out) {
  out << "discussion " << discussion_id << " is now " << StatusText(response.status())
      << " (message " << response.message_id() << " sent)\n";
}

void PrintStatusChanged(uint64_t discussion_id,
                        const parley::v1::ChangeStatusResponse& response,
                        std::ostream& out) {
  out << "discussion " << discussion_id << " is now " << StatusText(response.status())
      << '\n';
}

void PrintQueue(Status status, Category category, int32_t offset,
                const parley::v1::DiscussionPage& page, std::ostream& out) {
  std::string queue = StatusText(status);
  if (category != parley::v1::CATEGORY_UNSPECIFIED) {
    absl::StrAppend(&queue, " ", CategoryText(category));
  }
  if (page.total() == 0) {
    out << "no " << queue << " discussions\n";
    return;
  }

  std::vector<Row> rows = {
      {"ID", "STATUS", "CATEGORY", "CUSTOMER", "AGENT", "MESSAGES", "UPDATED"}};
  for (const Discussion& discussion : page.discussions()) {
    rows.push_back({absl::StrCat(discussion.id()), StatusText(discussion.status()),
                    CategoryText(discussion.category()), discussion.customer_id(),
                    OrNone(discussion.assigned_agent()),
                    absl::StrCat(discussion.message_count()),
                    FormatTimestamp(discussion.updated_at_ms())});
  }
  if (page.discussions_size() > 0) PrintTable(rows, out);
  PrintPagePosition(absl::StrCat(queue, " discussions"), offset, page.discussions_size(),
                    page.total(), page.has_more(), out);
}

void PrintDiscussion(const Discussion& discussion, int32_t offset, std::ostream& out) {
  std::vector<Row> rows = {
      {"status:", StatusText(discussion.status())},
      {"category:", CategoryText(discussion.category())},
      {"customer:", discussion.customer_id()},
      {"agent:", OrNone(discussion.assigned_agent())},
      {"created:", FormatTimestamp(discussion.created_at_ms())},
      {"updated:", FormatTimestamp(discussion.updated_at_ms())},
      {"read:", discussion.read() ? "yes" : "no"},
  };
  if (!discussion.selection().order_number().empty()) {
    rows.push_back({"order:", discussion.selection().order_number()});
  }
  if (discussion.selection().product_skus_size() > 0) {
    rows.push_back({"products:", absl::StrJoin(discussion.selection().product_skus(), ", ")});
  }
  rows.push_back({"messages:", absl::StrCat(discussion.message_count())});
  out << "discussion " << discussion.id() << '\n';
  PrintTable(rows, out);

  const parley::v1::MessagePage& page = discussion.messages();
  if (page.total() == 0) return;
  out << '\n';
  for (const Message& message : page.messages()) PrintMessage(message, out);
  PrintPagePosition("messages", offset, page.messages_size(), page.total(),
                    page.has_more(), out);
}

}  // namespace parley::cli
