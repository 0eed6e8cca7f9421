#ifndef PARLEY_TESTS_DOMAIN_DOMAIN_TESTING_H_
#define PARLEY_TESTS_DOMAIN_DOMAIN_TESTING_H_

// Helpers shared by the domain tests: text-format builders for protos and
// readable descriptions of decided events.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/evolve.h"
#include "domain/rules.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "parley/v1/events.pb.h"
#include "parley/v1/records.pb.h"

namespace parley::domain::testing {

// Parses a text-format proto; a parse error fails the current test.
template <typename T>
T ParseText(absl::string_view text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(std::string(text),
                                                            &message))
      << "bad text proto for " << T::descriptor()->name() << ": " << text;
  return message;
}

// "AgentAssigned { discussion_id: 5 agent: \"bob\" }".
inline std::string DescribeEvent(const google::protobuf::Message& event) {
  return absl::StrCat(event.GetDescriptor()->name(), " { ",
                      event.ShortDebugString(), " }");
}

// Describes each event, so that a mismatch prints readable lists.
inline std::vector<std::string> Describe(const Events& events) {
  std::vector<std::string> described;
  for (const auto& event : events) described.push_back(DescribeEvent(*event));
  return described;
}

// The description an event of type T with the given text-format fields has.
template <typename T>
std::string EventText(absl::string_view text) {
  return DescribeEvent(ParseText<T>(text));
}

// Wraps decided events in records as the store would write them (next
// version, position and `timestamp_ms`) and applies them with Evolve.
inline absl::Status Commit(parley::v1::DiscussionState& state,
                           const Events& events, int64_t timestamp_ms) {
  for (const auto& event : events) {
    parley::v1::EventRecord record;
    record.set_position(state.version() + 1000);
    record.set_stream_id(absl::StrCat(state.id()));
    record.set_version(state.version() + 1);
    record.set_type(event->GetDescriptor()->name());
    record.set_timestamp_ms(timestamp_ms);
    record.mutable_payload()->PackFrom(*event);
    if (absl::Status status = Evolve(state, record); !status.ok())
      return status;
  }
  return absl::OkStatus();
}

}  // namespace parley::domain::testing

#endif  // PARLEY_TESTS_DOMAIN_DOMAIN_TESTING_H_
