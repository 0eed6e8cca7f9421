#include "cli/log_commands.h"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/stats_output.h"
#include "grpcpp/grpcpp.h"
#include "parley/v1/analytics_service.grpc.pb.h"
#include "parley/v1/event_log_service.grpc.pb.h"
#include "service/projection_set.h"
#include "store/projection_rebuild.h"

namespace parley::cli {
namespace {

std::shared_ptr<grpc::Channel> Connect(const CallOptions& call) {
  return grpc::CreateChannel(call.target, grpc::InsecureChannelCredentials());
}

void FillFilter(const EventsOptions& options, parley::v1::EventFilter& filter) {
  for (const std::string& type : options.types) filter.add_types(type);
  if (options.category != parley::v1::CATEGORY_UNSPECIFIED) {
    filter.add_categories(options.category);
  }
}

// Prints each event on its own line; returns false when writing failed.
bool PrintEvents(const google::protobuf::RepeatedPtrField<parley::v1::EventRecord>& events,
                 std::ostream& out, std::ostream& err) {
  for (const parley::v1::EventRecord& event : events) {
    if (PrintJson(event, out, err) != kExitOk) return false;
  }
  return true;
}

int ReadToEnd(const CallOptions& call, const EventsOptions& options,
              std::ostream& out, std::ostream& err) {
  auto stub = parley::v1::EventLogService::NewStub(Connect(call));
  parley::v1::ReadEventsRequest request;
  request.set_from_position(options.from_position);
  request.set_max_count(1000);
  FillFilter(options, *request.mutable_filter());
  while (true) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + call.timeout));
    parley::v1::ReadEventsResponse response;
    grpc::Status status = stub->ReadEvents(&context, request, &response);
    if (!status.ok()) {
      PrintRpcError(status, call.target, err);
      return kExitFailure;
    }
    if (!PrintEvents(response.events(), out, err)) return kExitFailure;
    if (response.next_position() > response.last_position()) return kExitOk;
    request.set_from_position(response.next_position());
  }
}

int Follow(const CallOptions& call, const EventsOptions& options,
           std::ostream& out, std::ostream& err) {
  auto stub = parley::v1::EventLogService::NewStub(Connect(call));
  parley::v1::SubscribeEventsRequest request;
  request.set_from_position(options.from_position);
  FillFilter(options, *request.mutable_filter());
  // No deadline: a subscription runs until parleyd stops or the user
  // interrupts parleyctl.
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<parley::v1::SubscribeEventsResponse>> reader =
      stub->SubscribeEvents(&context, request);
  parley::v1::SubscribeEventsResponse response;
  while (reader->Read(&response)) {
    if (!PrintEvents(response.events(), out, err)) {
      context.TryCancel();
      return kExitFailure;
    }
  }
  PrintRpcError(reader->Finish(), call.target, err);
  return kExitFailure;
}

// Opens the store in `data_dir` with parleyd's projections.
absl::StatusOr<std::unique_ptr<store::EventStore>> OpenStore(
    const std::string& data_dir, service::ProjectionSet& projections) {
  if (!std::filesystem::exists(std::filesystem::path(data_dir) / "CURRENT")) {
    return absl::NotFoundError(absl::StrCat(
        data_dir, " is not a parleyd data directory; pass the --data_dir of parleyd"));
  }
  store::EventStoreOptions options;
  options.data_dir = data_dir;
  options.projections = projections.All();
  absl::StatusOr<std::unique_ptr<store::EventStore>> store = store::EventStore::Open(options);
  if (!store.ok() && absl::StrContains(store.status().message(), "lock")) {
    return absl::FailedPreconditionError(absl::StrCat(
        data_dir, " is in use, most likely by a running parleyd; stop it first"));
  }
  return store;
}

}  // namespace

int RunEvents(const CallOptions& call, const EventsOptions& options,
              std::ostream& out, std::ostream& err) {
  return options.follow ? Follow(call, options, out, err)
                        : ReadToEnd(call, options, out, err);
}

int RunRebuild(const DataDirOptions& options, std::ostream& out, std::ostream& err) {
  service::ProjectionSet projections;
  absl::StatusOr<std::unique_ptr<store::EventStore>> store =
      OpenStore(options.data_dir, projections);
  if (!store.ok()) {
    PrintError(store.status().message(), err);
    return kExitFailure;
  }
  absl::StatusOr<uint64_t> replayed = (*store)->RebuildProjections();
  if (!replayed.ok()) {
    PrintError(absl::StrCat("rebuild failed: ", replayed.status().message()), err);
    return kExitFailure;
  }
  out << "rebuilt every projection from " << *replayed << " events\n";
  return FinishOutput(out, err);
}

int RunVerify(const DataDirOptions& options, std::ostream& out, std::ostream& err) {
  service::ProjectionSet live;
  absl::StatusOr<std::unique_ptr<store::EventStore>> store =
      OpenStore(options.data_dir, live);
  if (!store.ok()) {
    PrintError(store.status().message(), err);
    return kExitFailure;
  }

  std::string scratch = options.scratch_dir;
  std::string made_dir;
  if (scratch.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "parley-verify-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      PrintError(absl::StrCat("cannot create a scratch directory in ",
                              std::filesystem::temp_directory_path().string()),
                 err);
      return kExitFailure;
    }
    made_dir = pattern;
    scratch = pattern + "/projections";
  }
  service::ProjectionSet fresh;
  absl::StatusOr<std::vector<store::ProjectionDifference>> differences =
      (*store)->VerifyProjections(fresh.All(), scratch, options.max_differences);
  if (!made_dir.empty()) {
    std::error_code ignored;  // A leftover temporary directory is harmless.
    std::filesystem::remove_all(made_dir, ignored);
  }
  if (!differences.ok()) {
    PrintError(absl::StrCat("verify failed: ", differences.status().message()), err);
    return kExitFailure;
  }
  for (const store::ProjectionDifference& difference : *differences) {
    out << store::DescribeDifference(difference) << '\n';
  }
  if (differences->empty()) {
    out << "every projection matches a rebuild from the log\n";
    return FinishOutput(out, err);
  }
  out << differences->size() << " difference(s)"
      << (differences->size() == options.max_differences ? " (stopped at the limit)" : "")
      << "; run 'parleyctl rebuild' with parleyd stopped to repair\n";
  FinishOutput(out, err);
  return kExitFailure;
}

int RunStats(const CallOptions& call, const StatsOptions& options,
             std::ostream& out, std::ostream& err) {
  auto stub = parley::v1::AnalyticsService::NewStub(Connect(call));
  parley::v1::GetStatsRequest request;
  request.set_from_ms(options.from_ms);
  request.set_to_ms(options.to_ms);
  request.set_category(options.category);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + call.timeout));
  parley::v1::GetStatsResponse response;
  grpc::Status status = stub->GetStats(&context, request, &response);
  if (!status.ok()) {
    PrintRpcError(status, call.target, err);
    return kExitFailure;
  }
  if (call.json) return PrintJson(response, out, err);
  PrintStats(response, out);
  return FinishOutput(out, err);
}

}  // namespace parley::cli
