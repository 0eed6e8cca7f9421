#include <set>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/validation.h"
#include "service/event_log_service.h"
#include "store/key_value.h"

namespace parley::service {

absl::StatusOr<store::EventPredicate> MakeEventPredicate(
    const parley::v1::EventFilter& filter, store::EventStore& store,
    const projections::DiscussionProjection& projection) {
  if (filter.types().empty() && filter.categories().empty()) return nullptr;
  std::set<std::string> types(filter.types().begin(), filter.types().end());
  std::set<int> categories;
  for (int category : filter.categories()) {
    absl::Status valid =
        domain::ValidateCategory(static_cast<parley::v1::Category>(category));
    if (!valid.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("filter.categories: ", valid.message()));
    }
    categories.insert(category);
  }

  return [types = std::move(types), categories = std::move(categories), &store,
          &projection](const parley::v1::EventRecord& event) -> absl::StatusOr<bool> {
    if (!types.empty() && !types.contains(event.type())) return false;
    if (categories.empty()) return true;
    uint64_t discussion_id = 0;
    if (!absl::SimpleAtoi(event.stream_id(), &discussion_id)) return false;
    // The category never changes, so the current state gives it for every
    // event of the stream.
    store::SnapshotReader reader = store.NewReader();
    absl::StatusOr<std::optional<parley::v1::DiscussionState>> state =
        projection.GetDiscussion(reader, discussion_id);
    if (!state.ok()) return state.status();
    return state->has_value() && categories.contains((*state)->category());
  };
}

}  // namespace parley::service
