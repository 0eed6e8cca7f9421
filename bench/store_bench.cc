// Benchmarks of the event store's write side: durable appends with group
// commit, appends through the discussion commands and projections, and
// projection rebuild. Every append is synced before it is acknowledged.
//
// Flags besides Google Benchmark's:
//   --data_root=DIR  where the stores are created; put it on the disk to
//                    measure. Default: $TMPDIR, else /tmp.
//   --rebuild_customers, --rebuild_discussions, --rebuild_messages: the data
//                    set BM_RebuildProjections replays.

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "dataset.h"
#include "parley/v1/customer_service.pb.h"
#include "parley/v1/events.pb.h"
#include "projections/discussion_projection.h"
#include "service/discussion_commands.h"
#include "service/projection_set.h"
#include "spdlog/spdlog.h"
#include "store/event_store.h"
#include "submit_window.h"

ABSL_FLAG(std::string, data_root, "",
          "Directory under which the benchmarks create their stores. Default: "
          "$TMPDIR, else /tmp.");
ABSL_FLAG(uint64_t, rebuild_customers, 500, "Customers of the rebuild data set.");
ABSL_FLAG(uint64_t, rebuild_discussions, 5'000, "Discussions of the rebuild data set.");
ABSL_FLAG(uint64_t, rebuild_messages, 50'000, "Messages of the rebuild data set.");

namespace parley::bench {
namespace {

std::string DataRoot() {
  std::string root = absl::GetFlag(FLAGS_data_root);
  if (root.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    root = tmp != nullptr ? tmp : "/tmp";
  }
  return root;
}

// A store in a fresh directory, removed when done.
class ScratchStore {
 public:
  ScratchStore(const std::string& name, std::vector<store::Projection*> projections)
      : dir_(absl::StrCat(DataRoot(), "/parley-store-bench-", name)) {
    std::filesystem::remove_all(dir_);
    store::EventStoreOptions options;
    options.data_dir = dir_;
    options.projections = std::move(projections);
    options.sync = true;
    absl::StatusOr<std::unique_ptr<store::EventStore>> opened =
        store::EventStore::Open(options);
    if (opened.ok()) {
      store_ = *std::move(opened);
    } else {
      error_ = opened.status().ToString();
    }
  }

  ~ScratchStore() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  store::EventStore* get() { return store_.get(); }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  std::unique_ptr<store::EventStore> store_;
  std::string error_;
};

// A MessagePosted payload of the size a customer reply has.
parley::v1::MessagePosted ReplyPayload() {
  parley::v1::MessagePosted posted;
  posted.set_discussion_id(1);
  posted.set_message_id(2);
  posted.set_number(2);
  posted.set_type(parley::v1::MESSAGE_TYPE_QUERY);
  posted.set_text(MessageText(12345));
  posted.set_author("c12345");
  return posted;
}

// Appends of state.range(1) events per command, each to one shared stream
// (state.range(0) == 1) or each to its own stream of 100,000
// (state.range(0) == 0), with state.range(2) commands queued at once.
void BM_Append(benchmark::State& state) {
  const bool one_stream = state.range(0) == 1;
  const auto batch = static_cast<size_t>(state.range(1));
  const auto submitters = static_cast<size_t>(state.range(2));

  ScratchStore scratch("append", {});
  if (scratch.get() == nullptr) {
    state.SkipWithError(scratch.error().c_str());
    return;
  }
  const parley::v1::MessagePosted payload = ReplyPayload();
  const std::vector<store::NewEvent> events(batch, store::NewEvent{&payload});
  SubmitWindow window(*scratch.get(), submitters);

  int64_t submitted = 0;
  for (auto _ : state) {
    const std::string stream_id =
        one_stream ? "1" : std::to_string(1 + submitted % 100'000);
    store::CommandOptions options;
    options.actor = "customer:c12345";
    window.Submit(std::move(options),
                  [stream_id, &events](store::Transaction& txn)
                      -> absl::StatusOr<std::string> {
                    absl::StatusOr<std::vector<parley::v1::EventRecord>> records =
                        txn.Append(stream_id, store::ExpectedVersion::Any(), events);
                    if (!records.ok()) return records.status();
                    return std::string();
                  });
    // The last command's acknowledgement is part of the measured time.
    if (++submitted == static_cast<int64_t>(state.max_iterations)) window.Drain();
  }
  window.Drain();
  if (window.failures() > 0) {
    state.SkipWithError(window.first_error().ToString().c_str());
    return;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch));
  state.counters["commands_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Append)
    ->ArgNames({"one_stream", "batch", "submitters"})
    ->ArgsProduct({{1, 0}, {1, 10, 100}, {1, 8, 64}})
    ->UseRealTime();

// Customer replies through DiscussionCommands: validation, the domain rules
// and parleyd's projections, one MessagePosted event each, over
// state.range(0) discussions with state.range(1) commands queued at once.
void BM_Reply(benchmark::State& state) {
  const auto discussions = static_cast<uint64_t>(state.range(0));
  const auto submitters = static_cast<size_t>(state.range(1));

  service::ProjectionSet projections;
  ScratchStore scratch("reply", projections.All());
  if (scratch.get() == nullptr) {
    state.SkipWithError(scratch.error().c_str());
    return;
  }
  service::DiscussionCommands commands(projections.discussions);
  SubmitWindow window(*scratch.get(), submitters);
  for (uint64_t i = 0; i < discussions; ++i) {
    parley::v1::CreateDiscussionRequest request;
    request.set_customer_id("c12345");
    request.set_category(parley::v1::CATEGORY_DELIVERY_PROBLEM);
    request.mutable_message()->set_text(MessageText(i));
    absl::StatusOr<store::CommandFunction> command = commands.CreateDiscussion(request);
    if (!command.ok()) {
      state.SkipWithError(command.status().ToString().c_str());
      return;
    }
    window.Submit(store::CommandOptions{"customer:c12345", "", ""}, *std::move(command));
  }
  window.Drain();

  int64_t submitted = 0;
  for (auto _ : state) {
    parley::v1::ReplyToDiscussionRequest request;
    request.set_customer_id("c12345");
    request.set_discussion_id(1 + static_cast<uint64_t>(submitted) % discussions);
    request.mutable_message()->set_text(MessageText(static_cast<uint64_t>(submitted)));
    absl::StatusOr<store::CommandFunction> command = commands.ReplyToDiscussion(request);
    if (!command.ok()) {
      state.SkipWithError(command.status().ToString().c_str());
      break;
    }
    window.Submit(store::CommandOptions{"customer:c12345", "", ""}, *std::move(command));
    if (++submitted == static_cast<int64_t>(state.max_iterations)) window.Drain();
  }
  window.Drain();
  if (window.failures() > 0) {
    state.SkipWithError(window.first_error().ToString().c_str());
    return;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Reply)
    ->ArgNames({"discussions", "submitters"})
    ->ArgsProduct({{1, 1000}, {1, 8, 64}})
    ->UseRealTime();

// The rebuild data set, generated once per process.
const std::string& RebuildDataset(std::string& error) {
  static const std::string* dir = [&error] {
    auto* path = new std::string(absl::StrCat(DataRoot(), "/parley-store-bench-rebuild"));
    std::filesystem::remove_all(*path);
    DatasetShape shape;
    shape.customers = absl::GetFlag(FLAGS_rebuild_customers);
    shape.discussions = absl::GetFlag(FLAGS_rebuild_discussions);
    shape.messages = absl::GetFlag(FLAGS_rebuild_messages);
    GenerateOptions options;
    options.progress_every = 0;
    absl::StatusOr<DatasetManifest> manifest = GenerateDataset(*path, shape, options);
    if (!manifest.ok()) error = manifest.status().ToString();
    return path;
  }();
  return *dir;
}

// EventStore::RebuildProjections over the rebuild data set; items are
// events replayed.
void BM_RebuildProjections(benchmark::State& state) {
  std::string error;
  const std::string& dir = RebuildDataset(error);
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  service::ProjectionSet projections;
  store::EventStoreOptions options;
  options.data_dir = dir;
  options.projections = projections.All();
  absl::StatusOr<std::unique_ptr<store::EventStore>> opened = store::EventStore::Open(options);
  if (!opened.ok()) {
    state.SkipWithError(opened.status().ToString().c_str());
    return;
  }
  int64_t events = 0;
  for (auto _ : state) {
    absl::StatusOr<uint64_t> replayed = (*opened)->RebuildProjections();
    if (!replayed.ok()) {
      state.SkipWithError(replayed.status().ToString().c_str());
      break;
    }
    events += static_cast<int64_t>(*replayed);
  }
  state.SetItemsProcessed(events);
}
BENCHMARK(BM_RebuildProjections)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace parley::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  // The store logs every open at info level, which would clutter the report.
  spdlog::set_level(spdlog::level::warn);
  // Google Benchmark removed its own flags; the rest are ours.
  absl::ParseCommandLine(argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove_all(
      absl::StrCat(parley::bench::DataRoot(), "/parley-store-bench-rebuild"));
  return 0;
}
