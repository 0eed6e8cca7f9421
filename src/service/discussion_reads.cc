#include "service/discussion_reads.h"

#include "domain/rules.h"
#include "domain/validation.h"
#include "store/key_value.h"

namespace parley::service {
namespace {

using parley::v1::DiscussionState;

// Fills `page` with the discussion's messages from `page_request`.
absl::Status FillMessagePage(const projections::DiscussionProjection& projection,
                             store::KeyValueReader& reader,
                             const DiscussionState& state,
                             const domain::Page& page_request,
                             parley::v1::MessagePage& page) {
  absl::StatusOr<std::vector<parley::v1::Message>> messages = projection.ListMessages(
      reader, state.id(), page_request.offset, page_request.limit);
  if (!messages.ok()) return messages.status();
  for (parley::v1::Message& message : *messages) {
    *page.add_messages() = std::move(message);
  }
  page.set_total(state.message_count());
  page.set_has_more(uint64_t{page_request.offset} + page.messages_size() < page.total());
  return absl::OkStatus();
}

// Fills `page` with `list`, adding a message page to each discussion when
// `messages` is set.
absl::Status FillDiscussionPage(const projections::DiscussionProjection& projection,
                                store::KeyValueReader& reader,
                                const projections::DiscussionList& list,
                                uint32_t offset,
                                const std::optional<domain::Page>& messages,
                                parley::v1::DiscussionPage& page) {
  for (const DiscussionState& state : list.discussions) {
    parley::v1::Discussion* view = page.add_discussions();
    *view = projections::ToDiscussionView(state);
    if (messages.has_value()) {
      if (absl::Status s = FillMessagePage(projection, reader, state, *messages,
                                           *view->mutable_messages());
          !s.ok()) {
        return s;
      }
    }
  }
  page.set_total(list.total);
  page.set_has_more(uint64_t{offset} + page.discussions_size() < list.total);
  return absl::OkStatus();
}

}  // namespace

absl::Status DiscussionReads::ListDiscussions(
    const parley::v1::ListDiscussionsRequest& request,
    parley::v1::ListDiscussionsResponse& response) const {
  if (absl::Status s = domain::ValidateCustomerId(request.customer_id()); !s.ok()) return s;
  absl::StatusOr<domain::Page> page =
      domain::ValidatePage("offset", request.offset(), "limit", request.limit());
  if (!page.ok()) return page.status();
  std::optional<domain::Page> messages;
  if (request.include_messages()) {
    absl::StatusOr<domain::Page> message_page = domain::ValidatePage(
        "messages.offset", request.message_offset(), "messages.limit",
        request.message_limit());
    if (!message_page.ok()) return message_page.status();
    messages = *message_page;
  }
  if (request.filter().status() != parley::v1::STATUS_UNSPECIFIED) {
    if (absl::Status s = domain::ValidateStatus("filter.status", request.filter().status());
        !s.ok()) {
      return s;
    }
  }

  if (!request.filter().order_number().empty()) {
    if (absl::Status s = domain::ValidateOrderNumber("filter.order_number",
                                                     request.filter().order_number());
        !s.ok()) {
      return s;
    }
  }

  projections::DiscussionFilter filter;
  filter.discussion_id = request.filter().discussion_id();
  filter.order_number = request.filter().order_number();
  filter.status = request.filter().status();
  store::SnapshotReader reader = store_.NewReader();
  absl::StatusOr<projections::DiscussionList> list = projection_.ListCustomerDiscussions(
      reader, request.customer_id(), filter, page->offset, page->limit);
  if (!list.ok()) return list.status();
  return FillDiscussionPage(projection_, reader, *list, page->offset, messages,
                            *response.mutable_page());
}

absl::Status DiscussionReads::ListMessages(
    const parley::v1::ListMessagesRequest& request,
    parley::v1::ListMessagesResponse& response) const {
  if (absl::Status s = domain::ValidateCustomerId(request.customer_id()); !s.ok()) return s;
  absl::StatusOr<domain::Page> page =
      domain::ValidatePage("offset", request.offset(), "limit", request.limit());
  if (!page.ok()) return page.status();

  store::SnapshotReader reader = store_.NewReader();
  absl::StatusOr<std::optional<DiscussionState>> state =
      projection_.GetDiscussion(reader, request.discussion_id());
  if (!state.ok()) return state.status();
  if (!state->has_value() || (*state)->customer_id() != request.customer_id()) {
    return domain::DiscussionNotFound(request.discussion_id());
  }
  return FillMessagePage(projection_, reader, **state, *page, *response.mutable_page());
}

absl::Status DiscussionReads::ListQueue(const parley::v1::ListQueueRequest& request,
                                        parley::v1::ListQueueResponse& response) const {
  absl::StatusOr<domain::Page> page =
      domain::ValidatePage("offset", request.offset(), "limit", request.limit());
  if (!page.ok()) return page.status();
  parley::v1::Status status = request.status() == parley::v1::STATUS_UNSPECIFIED
                                  ? parley::v1::STATUS_OUTSTANDING
                                  : request.status();
  if (absl::Status s = domain::ValidateStatus("status", status); !s.ok()) return s;
  if (request.category() != parley::v1::CATEGORY_UNSPECIFIED) {
    if (absl::Status s = domain::ValidateCategory(request.category()); !s.ok()) return s;
  }

  store::SnapshotReader reader = store_.NewReader();
  absl::StatusOr<projections::DiscussionList> list = projection_.ListQueue(
      reader, status, request.category(), page->offset, page->limit);
  if (!list.ok()) return list.status();
  return FillDiscussionPage(projection_, reader, *list, page->offset, std::nullopt,
                            *response.mutable_page());
}

absl::Status DiscussionReads::GetDiscussion(
    const parley::v1::GetDiscussionRequest& request,
    parley::v1::GetDiscussionResponse& response) const {
  absl::StatusOr<domain::Page> page = domain::ValidatePage(
      "message_offset", request.message_offset(), "message_limit", request.message_limit());
  if (!page.ok()) return page.status();

  store::SnapshotReader reader = store_.NewReader();
  absl::StatusOr<std::optional<DiscussionState>> state =
      projection_.GetDiscussion(reader, request.discussion_id());
  if (!state.ok()) return state.status();
  if (!state->has_value()) return domain::DiscussionNotFound(request.discussion_id());
  parley::v1::Discussion* view = response.mutable_discussion();
  *view = projections::ToDiscussionView(**state);
  return FillMessagePage(projection_, reader, **state, *page, *view->mutable_messages());
}

}  // namespace parley::service
