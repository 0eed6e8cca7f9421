// load_generator: drives a running parleyd (or bench/echo_server) over
// loopback with N concurrent clients, each a closed loop of one call at a
// time on gRPC's callback API, and reports throughput and latency
// percentiles per phase.
//
// Phases, each run for --warmup_s (not recorded) and then --duration_s:
//   create    CreateDiscussion for the client's own customer
//   reply     ReplyToDiscussion on the client's own discussions
//   markread  MarkRead up to each message the reply phase posted, in order,
//             so every call moves the read marker and appends an event; a
//             client that has marked them all stops, and the phase's rate
//             is taken over the time until the last client stopped
//   list      ListDiscussions, limit 10
//   messages  ListMessages, limit 10
//   mix       mostly reads: 40% list with each discussion's first 10
//             messages embedded (the storefront's view), 40% messages,
//             12% reply, 5% create, 3% markread of the client's newest reply
//   echo      EchoService.Echo with a payload the size of a reply's request
// Reads go to random customers and discussions of --dataset when it is set,
// and to the client's own discussions otherwise.
//
// Every phase is bounded by --duration_s and by --max_requests.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "dataset.h"
#include "echo.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "latency.h"
#include "parley/v1/customer_service.grpc.pb.h"

ABSL_FLAG(std::string, target, "", "Server address, 127.0.0.1:PORT. Loopback only. Required.");
ABSL_FLAG(std::string, phases, "create,reply,markread,list,messages,mix",
          "Comma-separated phases to run in order; echo needs --target to be "
          "an echo_server.");
ABSL_FLAG(int, clients, 64, "Concurrent clients, each with one call in flight.");
ABSL_FLAG(int, channels, 8,
          "gRPC channels (TCP connections) the clients share, round-robin.");
ABSL_FLAG(double, duration_s, 10, "Measured seconds per phase.");
ABSL_FLAG(double, warmup_s, 1, "Seconds per phase before measuring starts.");
ABSL_FLAG(uint64_t, max_requests, 5'000'000, "Requests issued per phase at most.");
ABSL_FLAG(std::string, dataset, "",
          "Directory written by bench/generate and served by the target; reads "
          "then pick random customers and discussions of it.");
ABSL_FLAG(std::string, run_id, "",
          "Prefix of the customer ids this run creates, so runs against one "
          "server do not share customers. Default: the process id.");
ABSL_FLAG(std::string, output, "", "CSV file to append one line per phase to.");
ABSL_FLAG(std::string, label, "", "Free text copied into the CSV's label column.");

namespace parley::bench {
namespace {

using parley::v1::CustomerService;

constexpr int32_t kPageLimit = 10;
// Discussions and replies a client remembers for later phases.
constexpr size_t kMaxRemembered = 1'000'000;

enum class Op { kNone, kCreate, kReply, kMarkRead, kList, kListWithMessages, kMessages, kEcho };

// Read target: a customer and one of their discussions.
struct ReadTarget {
  std::string customer_id;
  uint64_t discussion_id = 0;
};

struct PhaseRun;

// One simulated client. Only its own calls touch it, and it has at most one
// call in flight, so its callbacks never run concurrently.
struct Client {
  int index = 0;
  std::string customer_id;
  CustomerService::Stub* stub = nullptr;
  parley::bench::EchoService::Stub* echo_stub = nullptr;
  std::mt19937_64 random;

  // The client's own writes, for the reply and markread phases.
  std::vector<uint64_t> discussions;
  std::vector<std::pair<uint64_t, uint64_t>> replies;  // (discussion, message id)
  size_t next_mark = 0;
  uint64_t sequence = 0;

  // The call in flight.
  PhaseRun* run = nullptr;
  Op op = Op::kNone;
  int64_t start_ns = 0;
  std::unique_ptr<grpc::ClientContext> context;
  parley::v1::CreateDiscussionRequest create_request;
  parley::v1::CreateDiscussionResponse create_response;
  parley::v1::ReplyToDiscussionRequest reply_request;
  parley::v1::ReplyToDiscussionResponse reply_response;
  parley::v1::MarkReadRequest mark_request;
  parley::v1::MarkReadResponse mark_response;
  parley::v1::ListDiscussionsRequest list_request;
  parley::v1::ListDiscussionsResponse list_response;
  parley::v1::ListMessagesRequest messages_request;
  parley::v1::ListMessagesResponse messages_response;
  parley::bench::EchoRequest echo_request;
  parley::bench::EchoResponse echo_response;

  // Results of the current phase.
  LatencyRecorder latencies;
  int64_t last_measured_end_ns = 0;
  uint64_t errors = 0;
  std::string first_error;
  bool exhausted = false;
};

// Chooses each call of a phase; returns Op::kNone when the client has
// nothing left to do.
using ChooseOp = Op (*)(Client&);

struct PhaseRun {
  ChooseOp choose = nullptr;
  int64_t measure_from_ns = 0;
  int64_t deadline_ns = 0;
  uint64_t max_requests = 0;
  std::atomic<uint64_t> issued{0};
  absl::BlockingCounter* finished = nullptr;
  const DatasetManifest* dataset = nullptr;
};

void Issue(Client& client);

ReadTarget PickReadTarget(Client& client) {
  const DatasetManifest* dataset = client.run->dataset;
  ReadTarget target;
  if (dataset != nullptr) {
    const DatasetShape& shape = dataset->shape;
    target.discussion_id =
        std::uniform_int_distribution<uint64_t>(1, shape.discussions)(client.random);
    target.customer_id = OwnerOfDiscussion(shape, target.discussion_id);
    return target;
  }
  target.customer_id = client.customer_id;
  target.discussion_id = client.discussions[std::uniform_int_distribution<size_t>(
      0, client.discussions.size() - 1)(client.random)];
  return target;
}

void Remember(std::vector<uint64_t>& list, uint64_t value) {
  if (list.size() < kMaxRemembered) list.push_back(value);
}

// Records the finished call and issues the next one.
void OnFinished(Client& client, const grpc::Status& status) {
  const int64_t end_ns = NowNanos();
  PhaseRun& run = *client.run;
  const bool measured = client.start_ns >= run.measure_from_ns && client.start_ns < run.deadline_ns;
  if (!status.ok()) {
    if (client.errors++ == 0) {
      client.first_error = absl::StrCat("gRPC code ", static_cast<int>(status.error_code()),
                                        ": ", status.error_message());
    }
  } else {
    if (measured) {
      client.latencies.Record(end_ns - client.start_ns);
      client.last_measured_end_ns = end_ns;
    }
    if (client.op == Op::kCreate) {
      Remember(client.discussions, client.create_response.discussion_id());
    } else if (client.op == Op::kReply && client.replies.size() < kMaxRemembered) {
      client.replies.emplace_back(client.reply_request.discussion_id(),
                                  client.reply_response.message_id());
    }
  }
  Issue(client);
}

// Builds the request of `op` and starts the call.
void StartCall(Client& client, Op op) {
  client.op = op;
  client.context = std::make_unique<grpc::ClientContext>();
  client.context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto done = [&client](grpc::Status status) { OnFinished(client, status); };
  client.start_ns = NowNanos();
  switch (op) {
    case Op::kCreate:
      client.create_request.set_customer_id(client.customer_id);
      client.create_request.set_category(parley::v1::CATEGORY_DELIVERY_PROBLEM);
      client.create_request.mutable_message()->set_text(MessageText(++client.sequence));
      client.stub->async()->CreateDiscussion(client.context.get(), &client.create_request,
                                             &client.create_response, done);
      return;
    case Op::kReply:
      client.reply_request.set_customer_id(client.customer_id);
      client.reply_request.set_discussion_id(
          client.discussions[client.sequence % client.discussions.size()]);
      client.reply_request.mutable_message()->set_text(MessageText(++client.sequence));
      client.stub->async()->ReplyToDiscussion(client.context.get(), &client.reply_request,
                                              &client.reply_response, done);
      return;
    case Op::kMarkRead:
      // mark_request was filled by the chooser.
      client.stub->async()->MarkRead(client.context.get(), &client.mark_request,
                                     &client.mark_response, done);
      return;
    case Op::kList:
    case Op::kListWithMessages: {
      const ReadTarget target = PickReadTarget(client);
      client.list_request.set_customer_id(target.customer_id);
      client.list_request.set_limit(kPageLimit);
      client.list_request.set_include_messages(op == Op::kListWithMessages);
      client.list_request.set_message_limit(op == Op::kListWithMessages ? kPageLimit : 0);
      client.stub->async()->ListDiscussions(client.context.get(), &client.list_request,
                                            &client.list_response, done);
      return;
    }
    case Op::kMessages: {
      const ReadTarget target = PickReadTarget(client);
      client.messages_request.set_customer_id(target.customer_id);
      client.messages_request.set_discussion_id(target.discussion_id);
      client.messages_request.set_limit(kPageLimit);
      client.stub->async()->ListMessages(client.context.get(), &client.messages_request,
                                         &client.messages_response, done);
      return;
    }
    case Op::kEcho:
      client.echo_request.set_payload(MessageText(++client.sequence));
      client.echo_stub->async()->Echo(client.context.get(), &client.echo_request,
                                      &client.echo_response, done);
      return;
    case Op::kNone:
      return;
  }
}

void Issue(Client& client) {
  PhaseRun& run = *client.run;
  if (NowNanos() >= run.deadline_ns || run.issued.fetch_add(1) >= run.max_requests) {
    run.finished->DecrementCount();
    return;
  }
  const Op op = run.choose(client);
  if (op == Op::kNone) {
    client.exhausted = true;
    run.finished->DecrementCount();
    return;
  }
  StartCall(client, op);
}

Op ChooseCreate(Client&) { return Op::kCreate; }
Op ChooseReply(Client&) { return Op::kReply; }
Op ChooseList(Client&) { return Op::kList; }
Op ChooseMessages(Client&) { return Op::kMessages; }
Op ChooseEcho(Client&) { return Op::kEcho; }

Op ChooseMarkRead(Client& client) {
  if (client.next_mark >= client.replies.size()) return Op::kNone;
  const auto [discussion_id, message_id] = client.replies[client.next_mark++];
  client.mark_request.set_customer_id(client.customer_id);
  client.mark_request.set_discussion_id(discussion_id);
  client.mark_request.set_up_to_message_id(message_id);
  return Op::kMarkRead;
}

Op ChooseMix(Client& client) {
  const int roll = std::uniform_int_distribution<int>(0, 99)(client.random);
  if (roll < 40) return Op::kListWithMessages;
  if (roll < 80) return Op::kMessages;
  if (roll < 92) return Op::kReply;
  if (roll < 97) return Op::kCreate;
  if (client.replies.empty()) return Op::kMessages;
  const auto [discussion_id, message_id] = client.replies.back();
  client.mark_request.set_customer_id(client.customer_id);
  client.mark_request.set_discussion_id(discussion_id);
  client.mark_request.set_up_to_message_id(message_id);
  return Op::kMarkRead;
}

std::optional<ChooseOp> ChooserOf(const std::string& phase) {
  if (phase == "create") return ChooseCreate;
  if (phase == "reply") return ChooseReply;
  if (phase == "markread") return ChooseMarkRead;
  if (phase == "list") return ChooseList;
  if (phase == "messages") return ChooseMessages;
  if (phase == "mix") return ChooseMix;
  if (phase == "echo") return ChooseEcho;
  return std::nullopt;
}

struct PhaseResult {
  std::string phase;
  uint64_t ops = 0;
  double seconds = 0;
  LatencySummary latency;
  uint64_t errors = 0;
  std::string first_error;
  int exhausted_clients = 0;
};

PhaseResult RunPhase(std::vector<Client>& clients, const std::string& phase, ChooseOp choose,
                     const DatasetManifest* dataset) {
  absl::BlockingCounter finished(static_cast<int>(clients.size()));
  PhaseRun run;
  run.choose = choose;
  run.measure_from_ns = NowNanos() + static_cast<int64_t>(absl::GetFlag(FLAGS_warmup_s) * 1e9);
  run.deadline_ns =
      run.measure_from_ns + static_cast<int64_t>(absl::GetFlag(FLAGS_duration_s) * 1e9);
  run.max_requests = absl::GetFlag(FLAGS_max_requests);
  run.finished = &finished;
  run.dataset = dataset;
  for (Client& client : clients) {
    client.run = &run;
    client.latencies.Clear();
    client.last_measured_end_ns = 0;
    client.errors = 0;
    client.first_error.clear();
    client.exhausted = false;
    Issue(client);
  }
  finished.Wait();

  PhaseResult result;
  result.phase = phase;
  LatencyRecorder all;
  int64_t last_end_ns = run.measure_from_ns;
  for (Client& client : clients) {
    all.Merge(client.latencies);
    last_end_ns = std::max(last_end_ns, client.last_measured_end_ns);
    result.errors += client.errors;
    if (result.first_error.empty()) result.first_error = client.first_error;
    if (client.exhausted) ++result.exhausted_clients;
  }
  result.latency = all.Summarize();
  result.ops = result.latency.count;
  // Clients that ran out of work (markread) end the phase early; the rate
  // is then taken over the time they were busy.
  const double busy_s = static_cast<double>(last_end_ns - run.measure_from_ns) / 1e9;
  result.seconds = result.exhausted_clients > 0 && busy_s > 0
                       ? std::min(busy_s, absl::GetFlag(FLAGS_duration_s))
                       : absl::GetFlag(FLAGS_duration_s);
  return result;
}

bool IsLoopback(const std::string& target) {
  return absl::StartsWith(target, "127.") || absl::StartsWith(target, "localhost:") ||
         absl::StartsWith(target, "[::1]:");
}

// Creates one discussion per client, so reply and read phases have one even
// when the create phase does not run. Returns false on the first failure.
bool CreateFirstDiscussions(std::vector<Client>& clients) {
  for (Client& client : clients) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    parley::v1::CreateDiscussionRequest request;
    request.set_customer_id(client.customer_id);
    request.set_category(parley::v1::CATEGORY_DELIVERY_PROBLEM);
    request.mutable_message()->set_text(MessageText(0));
    parley::v1::CreateDiscussionResponse response;
    grpc::Status status = client.stub->CreateDiscussion(&context, request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "load_generator: creating the first discussion of %s failed: %s\n",
                   client.customer_id.c_str(), status.error_message().c_str());
      return false;
    }
    client.discussions.push_back(response.discussion_id());
  }
  return true;
}

void Report(const PhaseResult& result, int clients, int channels) {
  const double rate = result.seconds > 0 ? static_cast<double>(result.ops) / result.seconds : 0;
  std::printf("%-9s clients=%d ops=%llu ops_per_s=%.0f %s errors=%llu%s\n",
              result.phase.c_str(), clients, static_cast<unsigned long long>(result.ops), rate,
              FormatSummary(result.latency).c_str(),
              static_cast<unsigned long long>(result.errors),
              result.exhausted_clients > 0
                  ? absl::StrCat(" exhausted_clients=", result.exhausted_clients).c_str()
                  : "");
  if (!result.first_error.empty()) {
    std::printf("          first error: %s\n", result.first_error.c_str());
  }
  std::fflush(stdout);
  const std::string output = absl::GetFlag(FLAGS_output);
  if (output.empty()) return;
  std::ofstream csv(output, std::ios::app);
  csv << absl::StrFormat("%s,%s,%d,%d,%llu,%.1f,%.0f,%.1f,%.1f,%.1f,%.1f,%llu,%d\n",
                         absl::GetFlag(FLAGS_label), result.phase, clients, channels,
                         static_cast<unsigned long long>(result.ops), result.seconds, rate,
                         result.latency.p50_us, result.latency.p99_us, result.latency.p999_us,
                         result.latency.max_us, static_cast<unsigned long long>(result.errors),
                         result.exhausted_clients);
}

int Run() {
  const std::string target = absl::GetFlag(FLAGS_target);
  if (!IsLoopback(target)) {
    std::fprintf(stderr, "load_generator: --target is \"%s\"; only loopback addresses "
                         "(127.x.x.x:PORT, localhost:PORT, [::1]:PORT) are allowed\n",
                 target.c_str());
    return EXIT_FAILURE;
  }
  const int client_count = absl::GetFlag(FLAGS_clients);
  const int channel_count = absl::GetFlag(FLAGS_channels);
  if (client_count < 1 || channel_count < 1) {
    std::fprintf(stderr, "load_generator: --clients and --channels must be 1 or more\n");
    return EXIT_FAILURE;
  }
  std::vector<std::string> phases = absl::StrSplit(absl::GetFlag(FLAGS_phases), ',',
                                                   absl::SkipEmpty());
  for (const std::string& phase : phases) {
    if (!ChooserOf(phase).has_value()) {
      std::fprintf(stderr, "load_generator: unknown phase \"%s\"; use create, reply, "
                           "markread, list, messages, mix or echo\n", phase.c_str());
      return EXIT_FAILURE;
    }
  }
  const bool echo_only = phases.size() == 1 && phases[0] == "echo";

  std::optional<DatasetManifest> dataset;
  if (!absl::GetFlag(FLAGS_dataset).empty()) {
    absl::StatusOr<DatasetManifest> manifest = ReadManifest(absl::GetFlag(FLAGS_dataset));
    if (!manifest.ok()) {
      std::fprintf(stderr, "load_generator: %s\n", manifest.status().ToString().c_str());
      return EXIT_FAILURE;
    }
    dataset = *std::move(manifest);
  }

  // Each channel gets its own connection: without a local subchannel pool,
  // channels to one target share a single TCP connection.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<CustomerService::Stub>> stubs;
  std::vector<std::unique_ptr<parley::bench::EchoService::Stub>> echo_stubs;
  for (int i = 0; i < channel_count; ++i) {
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channels.push_back(
        grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), arguments));
    if (!channels.back()->WaitForConnected(std::chrono::system_clock::now() +
                                           std::chrono::seconds(5))) {
      std::fprintf(stderr, "load_generator: cannot connect to %s within 5 s; is the server "
                           "running?\n", target.c_str());
      return EXIT_FAILURE;
    }
    stubs.push_back(CustomerService::NewStub(channels.back()));
    echo_stubs.push_back(parley::bench::EchoService::NewStub(channels.back()));
  }

  std::string run_id = absl::GetFlag(FLAGS_run_id);
  if (run_id.empty()) run_id = absl::StrCat(getpid());
  std::vector<Client> clients(static_cast<size_t>(client_count));
  for (int i = 0; i < client_count; ++i) {
    Client& client = clients[static_cast<size_t>(i)];
    client.index = i;
    client.customer_id = absl::StrCat("load-", run_id, "-", i);
    client.stub = stubs[static_cast<size_t>(i % channel_count)].get();
    client.echo_stub = echo_stubs[static_cast<size_t>(i % channel_count)].get();
    client.random.seed(static_cast<uint64_t>(i) + 1);
  }
  if (!echo_only && !CreateFirstDiscussions(clients)) return EXIT_FAILURE;

  for (const std::string& phase : phases) {
    PhaseResult result = RunPhase(clients, phase, *ChooserOf(phase),
                                  dataset.has_value() ? &*dataset : nullptr);
    Report(result, client_count, channel_count);
  }
  return EXIT_SUCCESS;
}

}  // namespace
}  // namespace parley::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Drives parleyd or echo_server with concurrent gRPC clients.\n"
      "Usage: load_generator --target=127.0.0.1:PORT [--phases=...] [--clients=64]");
  absl::ParseCommandLine(argc, argv);
  // Debian's Abseil records every mutex, gRPC's included, in a lock-order
  // graph. The servers under test turn that off, and so does their client.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return parley::bench::Run();
}
