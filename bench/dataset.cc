#include "dataset.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "parley/v1/customer_service.pb.h"
#include "rocksdb/convenience.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/options_util.h"
#include "service/discussion_commands.h"
#include "service/projection_set.h"
#include "store/event_store.h"
#include "submit_window.h"

// dataset.txt grammar, one entry per line:
//   customers <n> | discussions <n> | messages <n> | heavy_customers <n>
//   | heavy_customer_discussions <n> | heavy_discussions <n>
//   | heavy_discussion_messages <n> | events <n> | generation_seconds <s>
//   | heavy_customer <customer id> | heavy_discussion <discussion id>

namespace parley::bench {
namespace {

constexpr char kManifestFile[] = "dataset.txt";
constexpr int kCategoryCount = 17;

uint64_t HeavyListTotal(const DatasetShape& shape) {
  return shape.heavy_customers * shape.heavy_customer_discussions;
}

// Id of the first heavy discussion. The heavy discussions are the first
// discussions of ordinary customers.
uint64_t FirstHeavyDiscussionId(const DatasetShape& shape) {
  return HeavyListTotal(shape) + 1;
}

bool IsHeavyDiscussion(const DatasetShape& shape, uint64_t discussion_id) {
  const uint64_t first = FirstHeavyDiscussionId(shape);
  return discussion_id >= first && discussion_id < first + shape.heavy_discussions;
}

// Messages after the first one of an ordinary discussion.
uint64_t ExtraMessages(const DatasetShape& shape, uint64_t discussion_id) {
  const uint64_t ordinary = shape.discussions - shape.heavy_discussions;
  const uint64_t extra = shape.messages - shape.discussions -
                         shape.heavy_discussions * (shape.heavy_discussion_messages - 1);
  // Ordinary discussions in id order, skipping the heavy ones.
  uint64_t index = discussion_id - 1;
  if (discussion_id >= FirstHeavyDiscussionId(shape) + shape.heavy_discussions) {
    index -= shape.heavy_discussions;
  }
  return extra / ordinary + (index < extra % ordinary ? 1 : 0);
}

std::string AgentText(uint64_t n) {
  return absl::StrCat("Thank you for your message (reference ", n,
                      "). I have checked with the warehouse and your parcel "
                      "left this morning; it should arrive within two days.");
}

// Queues message `number` (2 or more) of a discussion: agent responses on
// even numbers, customer replies on odd ones. `last` completes the
// discussion on every other discussion, so statuses vary.
void SubmitMessage(const DatasetShape& shape,
                   const service::DiscussionCommands& commands,
                   SubmitWindow& window, uint64_t discussion_id,
                   uint64_t number, bool last) {
  store::CommandOptions options;
  absl::StatusOr<store::CommandFunction> command;
  if (number % 2 == 0) {
    parley::v1::RespondRequest request;
    request.set_discussion_id(discussion_id);
    request.set_agent(absl::StrCat("agent-", discussion_id % 50));
    request.set_text(AgentText(discussion_id * 1000 + number));
    request.set_status(last && discussion_id % 2 == 0 ? parley::v1::STATUS_COMPLETED
                                                      : parley::v1::STATUS_IN_PROGRESS);
    options.actor = absl::StrCat("agent:", request.agent());
    command = commands.Respond(request);
  } else {
    parley::v1::ReplyToDiscussionRequest request;
    request.set_customer_id(OwnerOfDiscussion(shape, discussion_id));
    request.set_discussion_id(discussion_id);
    request.mutable_message()->set_text(MessageText(discussion_id * 1000 + number));
    options.actor = absl::StrCat("customer:", request.customer_id());
    command = commands.ReplyToDiscussion(request);
  }
  // The requests are valid by construction; an invalid one fails the run
  // through the window's error count.
  if (!command.ok()) {
    absl::Status status = command.status();
    window.Submit(std::move(options),
                  [status](store::Transaction&) -> absl::StatusOr<std::string> {
                    return status;
                  });
    return;
  }
  window.Submit(std::move(options), *std::move(command));
}

// Creates every discussion, checking that ids come out as 1..discussions.
absl::Status CreateDiscussions(const DatasetShape& shape,
                               const service::DiscussionCommands& commands,
                               SubmitWindow& window) {
  std::atomic<uint64_t> misnumbered{0};
  for (uint64_t id = 1; id <= shape.discussions; ++id) {
    parley::v1::CreateDiscussionRequest request;
    request.set_customer_id(OwnerOfDiscussion(shape, id));
    request.set_category(static_cast<parley::v1::Category>(1 + id % kCategoryCount));
    request.mutable_message()->set_text(MessageText(id * 1000 + 1));
    if (id % 3 == 0) {
      request.mutable_selection()->set_order_number(absl::StrCat("ORD-", id % 100'000));
      request.mutable_selection()->add_product_skus(absl::StrCat(100'000 + id % 5'000));
    }
    absl::StatusOr<store::CommandFunction> command = commands.CreateDiscussion(request);
    if (!command.ok()) return command.status();
    store::CommandOptions options;
    options.actor = absl::StrCat("customer:", request.customer_id());
    window.Submit(std::move(options), *std::move(command),
                  [id, &misnumbered](absl::StatusOr<std::string> result) {
                    parley::v1::CreateDiscussionResponse response;
                    if (result.ok() && response.ParseFromString(*result) &&
                        response.discussion_id() != id) {
                      misnumbered.fetch_add(1);
                    }
                  });
  }
  window.Drain();
  if (misnumbered.load() > 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        misnumbered.load(), " discussions did not get the id of their creation order; "
        "generate into an empty directory"));
  }
  return absl::OkStatus();
}

// Posts every message after the first: ordinary discussions in rounds, so
// their updated_at values interleave, then the heavy discussions.
void PostMessages(const DatasetShape& shape,
                  const service::DiscussionCommands& commands,
                  SubmitWindow& window, uint64_t progress_every) {
  uint64_t submitted = 0;
  auto count = [&] {
    if (progress_every > 0 && ++submitted % progress_every == 0) {
      std::fprintf(stderr, "generate: %llu messages queued\n",
                   static_cast<unsigned long long>(submitted));
    }
  };
  // The first ordinary discussion has the most extra messages.
  const uint64_t first_ordinary =
      IsHeavyDiscussion(shape, 1) ? FirstHeavyDiscussionId(shape) + shape.heavy_discussions : 1;
  const uint64_t max_extra = ExtraMessages(shape, first_ordinary);
  for (uint64_t round = 1; round <= max_extra; ++round) {
    for (uint64_t id = 1; id <= shape.discussions; ++id) {
      if (IsHeavyDiscussion(shape, id)) continue;
      const uint64_t extra = ExtraMessages(shape, id);
      if (round > extra) continue;
      SubmitMessage(shape, commands, window, id, round + 1, round == extra);
      count();
    }
  }
  const uint64_t first = FirstHeavyDiscussionId(shape);
  for (uint64_t number = 2; number <= shape.heavy_discussion_messages; ++number) {
    for (uint64_t id = first; id < first + shape.heavy_discussions; ++id) {
      SubmitMessage(shape, commands, window, id, number, false);
      count();
    }
  }
  window.Drain();
}

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view operation) {
  if (status.ok()) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(operation, " failed: ", status.ToString()));
}

// Compacts every column family with the options the store wrote into the
// directory's OPTIONS file, so the output tables keep its bloom filters.
absl::Status CompactAll(const std::string& data_dir) {
  rocksdb::ConfigOptions config;
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  if (absl::Status s = FromRocks(
          rocksdb::LoadLatestOptions(config, data_dir, &db_options, &descriptors),
          "loading the options of " + data_dir);
      !s.ok()) {
    return s;
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (absl::Status s = FromRocks(
          rocksdb::DB::Open(db_options, data_dir, descriptors, &handles, &raw),
          "opening " + data_dir + " to compact it");
      !s.ok()) {
    return s;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  absl::Status result;
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    if (result.ok()) {
      rocksdb::CompactRangeOptions compact;
      compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
      result = FromRocks(db->CompactRange(compact, handle, nullptr, nullptr),
                         "compacting " + handle->GetName());
    }
    // A handle that fails to close leaks only until the process exits.
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  if (absl::Status s = FromRocks(db->Close(), "closing " + data_dir); !s.ok() && result.ok()) {
    result = s;
  }
  return result;
}

absl::Status WriteManifest(const std::string& data_dir, const DatasetManifest& manifest) {
  const std::string path = data_dir + "/" + kManifestFile;
  std::ofstream out(path);
  const DatasetShape& shape = manifest.shape;
  out << "customers " << shape.customers << "\n"
      << "discussions " << shape.discussions << "\n"
      << "messages " << shape.messages << "\n"
      << "heavy_customers " << shape.heavy_customers << "\n"
      << "heavy_customer_discussions " << shape.heavy_customer_discussions << "\n"
      << "heavy_discussions " << shape.heavy_discussions << "\n"
      << "heavy_discussion_messages " << shape.heavy_discussion_messages << "\n"
      << "events " << manifest.events << "\n"
      << "generation_seconds " << manifest.generation_seconds << "\n";
  for (const std::string& id : manifest.heavy_customer_ids) {
    out << "heavy_customer " << id << "\n";
  }
  for (uint64_t id : manifest.heavy_discussion_ids) {
    out << "heavy_discussion " << id << "\n";
  }
  out.close();
  if (!out) return absl::UnavailableError(absl::StrCat("writing ", path, " failed"));
  return absl::OkStatus();
}

}  // namespace

absl::Status DatasetShape::Validate() const {
  if (customers <= heavy_customers) {
    return absl::InvalidArgumentError(absl::StrCat(
        "customers is ", customers, "; it must exceed heavy_customers (", heavy_customers, ")"));
  }
  if (discussions < HeavyListTotal(*this) + heavy_discussions + 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "discussions is ", discussions, "; the heavy lists and heavy discussions need ",
        HeavyListTotal(*this) + heavy_discussions + 1));
  }
  if (heavy_discussions > 0 && heavy_discussion_messages == 0) {
    return absl::InvalidArgumentError("heavy_discussion_messages is 0; use 1 or more");
  }
  const uint64_t heavy_messages =
      heavy_discussions * (heavy_discussion_messages > 0 ? heavy_discussion_messages : 0);
  if (messages < discussions - heavy_discussions + heavy_messages) {
    return absl::InvalidArgumentError(absl::StrCat(
        "messages is ", messages, "; every discussion needs one and the heavy "
        "discussions need ", heavy_messages, ", so use at least ",
        discussions - heavy_discussions + heavy_messages));
  }
  return absl::OkStatus();
}

DatasetShape FullShape() {
  DatasetShape shape;
  shape.customers = 100'000;
  shape.discussions = 1'000'000;
  shape.messages = 10'000'000;
  shape.heavy_customers = 10;
  shape.heavy_customer_discussions = 10'000;
  shape.heavy_discussions = 10;
  shape.heavy_discussion_messages = 100'000;
  return shape;
}

DatasetShape MediumShape() {
  DatasetShape shape;
  shape.customers = 10'000;
  shape.discussions = 100'000;
  shape.messages = 1'000'000;
  shape.heavy_customers = 5;
  shape.heavy_customer_discussions = 5'000;
  shape.heavy_discussions = 5;
  shape.heavy_discussion_messages = 20'000;
  return shape;
}

DatasetShape QuickShape() {
  DatasetShape shape;
  shape.customers = 2'000;
  shape.discussions = 20'000;
  shape.messages = 200'000;
  shape.heavy_customers = 2;
  shape.heavy_customer_discussions = 2'000;
  shape.heavy_discussions = 2;
  shape.heavy_discussion_messages = 5'000;
  return shape;
}

std::string OwnerOfDiscussion(const DatasetShape& shape, uint64_t discussion_id) {
  const uint64_t index = discussion_id - 1;
  const uint64_t heavy_total = HeavyListTotal(shape);
  if (index < heavy_total) return absl::StrCat("c", index % shape.heavy_customers);
  const uint64_t ordinary_customers = shape.customers - shape.heavy_customers;
  return absl::StrCat("c", shape.heavy_customers + (index - heavy_total) % ordinary_customers);
}

std::string MessageText(uint64_t n) {
  return absl::StrCat("Hello, my order ", n,
                      " has not arrived yet and the tracking page shows no "
                      "update since Monday. Could you check where it is?");
}

absl::StatusOr<DatasetManifest> GenerateDataset(const std::string& data_dir,
                                                const DatasetShape& shape,
                                                const GenerateOptions& options) {
  if (absl::Status s = shape.Validate(); !s.ok()) return s;
  if (std::filesystem::exists(data_dir + "/CURRENT")) {
    return absl::AlreadyExistsError(absl::StrCat(
        data_dir, " already holds a database; remove it or pick another directory"));
  }
  const auto start = std::chrono::steady_clock::now();

  DatasetManifest manifest;
  manifest.shape = shape;
  {
    // The projections parleyd keeps, so parleyd can serve the data set.
    service::ProjectionSet projections;
    store::EventStoreOptions store_options;
    store_options.data_dir = data_dir;
    store_options.projections = projections.All();
    store_options.sync = false;
    absl::StatusOr<std::unique_ptr<store::EventStore>> store =
        store::EventStore::Open(store_options);
    if (!store.ok()) return store.status();

    service::DiscussionCommands commands(projections.discussions);
    SubmitWindow window(**store, options.window);
    if (absl::Status s = CreateDiscussions(shape, commands, window); !s.ok()) return s;
    PostMessages(shape, commands, window, options.progress_every);
    if (window.failures() > 0) {
      return absl::InternalError(absl::StrCat(
          window.failures(), " commands failed while generating; the first: ",
          window.first_error().ToString()));
    }
    manifest.events = (*store)->LastPosition();
  }

  if (options.compact) {
    if (absl::Status s = CompactAll(data_dir); !s.ok()) return s;
  }
  for (uint64_t k = 0; k < shape.heavy_customers; ++k) {
    manifest.heavy_customer_ids.push_back(absl::StrCat("c", k));
  }
  for (uint64_t j = 0; j < shape.heavy_discussions; ++j) {
    manifest.heavy_discussion_ids.push_back(FirstHeavyDiscussionId(shape) + j);
  }
  manifest.generation_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (absl::Status s = WriteManifest(data_dir, manifest); !s.ok()) return s;
  return manifest;
}

absl::StatusOr<DatasetManifest> ReadManifest(const std::string& data_dir) {
  const std::string path = data_dir + "/" + kManifestFile;
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        path, " not found; generate the data set first with bench/generate"));
  }
  DatasetManifest manifest;
  DatasetShape& shape = manifest.shape;
  std::pair<const char*, uint64_t*> counters[] = {
      {"customers", &shape.customers},
      {"discussions", &shape.discussions},
      {"messages", &shape.messages},
      {"heavy_customers", &shape.heavy_customers},
      {"heavy_customer_discussions", &shape.heavy_customer_discussions},
      {"heavy_discussions", &shape.heavy_discussions},
      {"heavy_discussion_messages", &shape.heavy_discussion_messages},
      {"events", &manifest.events},
  };
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (fields.size() != 2) continue;
    const std::string& key = fields[0];
    const std::string& value = fields[1];
    bool parsed = true;
    if (key == "heavy_customer") {
      manifest.heavy_customer_ids.push_back(value);
    } else if (key == "heavy_discussion") {
      uint64_t id = 0;
      parsed = absl::SimpleAtoi(value, &id);
      manifest.heavy_discussion_ids.push_back(id);
    } else if (key == "generation_seconds") {
      parsed = absl::SimpleAtod(value, &manifest.generation_seconds);
    } else {
      for (auto& [name, target] : counters) {
        if (key == name) parsed = absl::SimpleAtoi(value, target);
      }
    }
    if (!parsed) {
      return absl::DataLossError(absl::StrCat(path, ": cannot parse \"", line, "\""));
    }
  }
  if (absl::Status s = shape.Validate(); !s.ok()) {
    return absl::DataLossError(absl::StrCat(path, " describes an invalid shape: ", s.message()));
  }
  return manifest;
}

}  // namespace parley::bench
