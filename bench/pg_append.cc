// pg_append: the PostgreSQL peer of Parley's appends. N client threads, each
// with its own libpq connection over loopback, append events to an events
// table whose (stream_id, version) is unique, so a duplicate version fails
// as Parley's expected-version check does. Every append is one transaction
// committed with the server's synchronous_commit (the bench script sets it
// to on), so it is acknowledged only after its WAL record is flushed.
//
// Each event row carries the same EventRecord bytes Parley stores for a
// customer reply (a MessagePosted packed in an EventRecord envelope). Each
// client appends to streams of its own, so no append conflicts.
//
// The table, created when missing:
//   events(position bigserial primary key, stream_id text, version bigint,
//          type text, event_id bytea, timestamp_ms bigint, actor text,
//          record bytea, unique (stream_id, version))

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "dataset.h"
#include "latency.h"
#include "parley/v1/events.pb.h"

ABSL_FLAG(std::string, conninfo, "",
          "libpq connection string, e.g. \"host=127.0.0.1 port=5433 dbname=bench "
          "user=bench\". Loopback only. Required.");
ABSL_FLAG(int, clients, 64, "Concurrent connections, each with one append in flight.");
ABSL_FLAG(int, events_per_append, 1, "Events in each append's transaction.");
ABSL_FLAG(double, duration_s, 10, "Measured seconds.");
ABSL_FLAG(double, warmup_s, 1, "Seconds before measuring starts.");
ABSL_FLAG(uint64_t, max_requests, 5'000'000, "Appends issued at most.");
ABSL_FLAG(std::string, output, "", "CSV file to append one result line to.");
ABSL_FLAG(std::string, label, "", "Free text copied into the CSV's label column.");

namespace parley::bench {
namespace {

constexpr char kCreateTable[] =
    "CREATE TABLE IF NOT EXISTS events ("
    " position bigserial PRIMARY KEY,"
    " stream_id text NOT NULL,"
    " version bigint NOT NULL,"
    " type text NOT NULL,"
    " event_id bytea NOT NULL,"
    " timestamp_ms bigint NOT NULL,"
    " actor text NOT NULL,"
    " record bytea NOT NULL,"
    " UNIQUE (stream_id, version))";

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultClearer>;

// The bytes Parley stores for one customer reply.
std::string ReplyRecord(uint64_t n) {
  parley::v1::MessagePosted posted;
  posted.set_discussion_id(n);
  posted.set_message_id(n);
  posted.set_number(2);
  posted.set_type(parley::v1::MESSAGE_TYPE_QUERY);
  posted.set_text(MessageText(n));
  posted.set_author("c12345");
  parley::v1::EventRecord record;
  record.set_position(n);
  record.set_stream_id(std::to_string(n));
  record.set_version(2);
  record.set_type("MessagePosted");
  record.set_event_id(std::string(16, 'x'));
  record.set_timestamp_ms(1'700'000'000'000);
  record.set_actor("customer:c12345");
  record.set_correlation_id("0123456789abcdef");
  record.set_schema_version(1);
  record.mutable_payload()->PackFrom(posted);
  return record.SerializeAsString();
}

// INSERT of `events` rows as one statement, hence one transaction.
std::string InsertStatement(int events) {
  std::string sql =
      "INSERT INTO events (stream_id, version, type, event_id, timestamp_ms, actor, record) VALUES ";
  for (int i = 0; i < events; ++i) {
    const int p = i * 7;
    absl::StrAppend(&sql, i > 0 ? ", " : "", "($", p + 1, ", $", p + 2, ", $", p + 3, ", $",
                    p + 4, ", $", p + 5, ", $", p + 6, ", $", p + 7, ")");
  }
  return sql;
}

struct ClientResult {
  LatencyRecorder latencies;
  uint64_t errors = 0;
  std::string first_error;
};

struct Shared {
  std::string conninfo;
  int events_per_append = 1;
  int64_t measure_from_ns = 0;
  int64_t deadline_ns = 0;
  uint64_t max_requests = 0;
  std::atomic<uint64_t> issued{0};
};

void RunClient(Shared& shared, int index, ClientResult& result) {
  Connection connection(PQconnectdb(shared.conninfo.c_str()));
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    result.errors = 1;
    result.first_error = PQerrorMessage(connection.get());
    return;
  }
  const int events = shared.events_per_append;
  Result prepared(PQprepare(connection.get(), "append", InsertStatement(events).c_str(),
                            events * 7, nullptr));
  if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
    result.errors = 1;
    result.first_error = PQerrorMessage(connection.get());
    return;
  }

  const std::string record = ReplyRecord(static_cast<uint64_t>(index));
  const std::string actor = "customer:c12345";
  const std::string type = "MessagePosted";
  std::mt19937_64 random(static_cast<uint64_t>(index) + 1);
  // Streams of this client, appended to round-robin so each grows by one
  // version per append, as a discussion does.
  constexpr int kStreams = 100;
  std::vector<uint64_t> versions(kStreams, 0);

  for (uint64_t n = 0;; ++n) {
    if (NowNanos() >= shared.deadline_ns ||
        shared.issued.fetch_add(1) >= shared.max_requests) {
      return;
    }
    const int stream = static_cast<int>(n % kStreams);
    const std::string stream_id = absl::StrCat("pg-", index, "-", stream);
    std::vector<std::string> text_values;  // Owns the text parameters.
    std::vector<std::string> event_ids;
    text_values.reserve(static_cast<size_t>(events) * 4);
    event_ids.reserve(static_cast<size_t>(events));
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (int i = 0; i < events; ++i) {
      const std::string& version =
          text_values.emplace_back(std::to_string(++versions[static_cast<size_t>(stream)]));
      std::string& event_id = event_ids.emplace_back(16, '\0');
      for (char& byte : event_id) byte = static_cast<char>(random());
      const std::string& timestamp = text_values.emplace_back(std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count()));
      // stream_id, version, type, event_id, timestamp_ms, actor, record;
      // the bytea columns go in binary, the rest as text.
      const std::string* params[] = {&stream_id, &version, &type,  &event_id,
                                     &timestamp, &actor,   &record};
      const bool binary[] = {false, false, false, true, false, false, true};
      for (int p = 0; p < 7; ++p) {
        values.push_back(params[p]->data());
        lengths.push_back(static_cast<int>(params[p]->size()));
        formats.push_back(binary[p] ? 1 : 0);
      }
    }

    const int64_t start = NowNanos();
    Result inserted(PQexecPrepared(connection.get(), "append", events * 7, values.data(),
                                   lengths.data(), formats.data(), 0));
    const int64_t end = NowNanos();
    if (PQresultStatus(inserted.get()) != PGRES_COMMAND_OK) {
      if (result.errors++ == 0) result.first_error = PQerrorMessage(connection.get());
      continue;
    }
    if (start >= shared.measure_from_ns && start < shared.deadline_ns) {
      result.latencies.Record(end - start);
    }
  }
}

bool IsLoopback(const std::string& conninfo) {
  return absl::StrContains(conninfo, "host=127.") ||
         absl::StrContains(conninfo, "host=localhost") ||
         absl::StrContains(conninfo, "host=::1");
}

int Run() {
  Shared shared;
  shared.conninfo = absl::GetFlag(FLAGS_conninfo);
  if (!IsLoopback(shared.conninfo)) {
    std::fprintf(stderr, "pg_append: --conninfo must name a loopback host "
                         "(host=127.0.0.1, host=localhost or host=::1)\n");
    return EXIT_FAILURE;
  }
  const int client_count = absl::GetFlag(FLAGS_clients);
  shared.events_per_append = absl::GetFlag(FLAGS_events_per_append);
  if (client_count < 1 || shared.events_per_append < 1 || shared.events_per_append > 1000) {
    std::fprintf(stderr, "pg_append: --clients must be 1 or more and --events_per_append "
                         "1 to 1000\n");
    return EXIT_FAILURE;
  }

  {
    Connection connection(PQconnectdb(shared.conninfo.c_str()));
    if (PQstatus(connection.get()) != CONNECTION_OK) {
      std::fprintf(stderr, "pg_append: connecting failed: %s", PQerrorMessage(connection.get()));
      return EXIT_FAILURE;
    }
    Result created(PQexec(connection.get(), kCreateTable));
    if (PQresultStatus(created.get()) != PGRES_COMMAND_OK) {
      std::fprintf(stderr, "pg_append: creating the events table failed: %s",
                   PQerrorMessage(connection.get()));
      return EXIT_FAILURE;
    }
    Result setting(PQexec(connection.get(), "SHOW synchronous_commit"));
    std::printf("pg_append: synchronous_commit=%s\n",
                PQresultStatus(setting.get()) == PGRES_TUPLES_OK ? PQgetvalue(setting.get(), 0, 0)
                                                                 : "unknown");
    Result truncated(PQexec(connection.get(), "TRUNCATE events"));
    if (PQresultStatus(truncated.get()) != PGRES_COMMAND_OK) {
      std::fprintf(stderr, "pg_append: emptying the events table failed: %s",
                   PQerrorMessage(connection.get()));
      return EXIT_FAILURE;
    }
  }

  shared.measure_from_ns =
      NowNanos() + static_cast<int64_t>(absl::GetFlag(FLAGS_warmup_s) * 1e9);
  shared.deadline_ns =
      shared.measure_from_ns + static_cast<int64_t>(absl::GetFlag(FLAGS_duration_s) * 1e9);
  shared.max_requests = absl::GetFlag(FLAGS_max_requests);
  std::vector<ClientResult> results(static_cast<size_t>(client_count));
  std::vector<std::thread> threads;
  for (int i = 0; i < client_count; ++i) {
    threads.emplace_back(RunClient, std::ref(shared), i, std::ref(results[static_cast<size_t>(i)]));
  }
  for (std::thread& thread : threads) thread.join();

  LatencyRecorder all;
  uint64_t errors = 0;
  std::string first_error;
  for (const ClientResult& result : results) {
    all.Merge(result.latencies);
    errors += result.errors;
    if (first_error.empty()) first_error = result.first_error;
  }
  const LatencySummary summary = all.Summarize();
  const double seconds = absl::GetFlag(FLAGS_duration_s);
  const double appends_per_s = static_cast<double>(summary.count) / seconds;
  std::printf("pg_append clients=%d events_per_append=%d appends=%zu appends_per_s=%.0f "
              "events_per_s=%.0f %s errors=%llu\n",
              client_count, shared.events_per_append, summary.count, appends_per_s,
              appends_per_s * shared.events_per_append, FormatSummary(summary).c_str(),
              static_cast<unsigned long long>(errors));
  if (!first_error.empty()) std::printf("          first error: %s", first_error.c_str());
  const std::string output = absl::GetFlag(FLAGS_output);
  if (!output.empty()) {
    std::ofstream csv(output, std::ios::app);
    csv << absl::StrFormat("%s,pg_append_%d,%d,%d,%zu,%.1f,%.0f,%.1f,%.1f,%.1f,%.1f,%llu,0\n",
                           absl::GetFlag(FLAGS_label), shared.events_per_append, client_count,
                           client_count, summary.count, seconds, appends_per_s, summary.p50_us,
                           summary.p99_us, summary.p999_us, summary.max_us,
                           static_cast<unsigned long long>(errors));
  }
  return errors > 0 && summary.count == 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

}  // namespace
}  // namespace parley::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Appends events to PostgreSQL from concurrent connections.\n"
      "Usage: pg_append --conninfo=\"host=127.0.0.1 port=P dbname=D user=U\" [--clients=64]");
  absl::ParseCommandLine(argc, argv);
  return parley::bench::Run();
}
