// Benchmarks of the read side on a generated data set (see dataset.h):
// message pages and discussion-list pages at offset 0 and at deep offsets,
// in-process through DiscussionReads, the code behind the gRPC reads. Each
// is paired with its ceiling: the same RocksDB reads done directly on a
// read-only instance of the same directory, with no protobuf and no checks.
//
// Every benchmark reports per-request latency percentiles (p50_us, p99_us,
// p999_us) as counters besides Google Benchmark's mean time.
//
// Flags besides Google Benchmark's:
//   --dataset=DIR        a directory written by bench/generate. Required.
//   --block_cache_mb=N   block cache of each instance, in MiB. Default: 64,
//                        parleyd's default.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "dataset.h"
#include "latency.h"
#include "parley/v1/customer_service.pb.h"
#include "projections/discussion_keys.h"
#include "projections/discussion_projection.h"
#include "rocksdb/cache.h"
#include "rocksdb/convenience.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/options_util.h"
#include "service/discussion_reads.h"
#include "service/projection_set.h"
#include "spdlog/spdlog.h"
#include "store/block_cache.h"
#include "store/encoding.h"
#include "store/event_store.h"

ABSL_FLAG(std::string, dataset, "", "Directory written by bench/generate. Required.");
ABSL_FLAG(int, block_cache_mb, 64, "Block cache of each RocksDB instance, in MiB.");

namespace parley::bench {
namespace {

constexpr int32_t kPageLimit = 10;

// The data set opened twice: through the store, as parleyd opens it, and as
// a plain read-only RocksDB instance with the same options for the ceilings.
struct ReadFixture {
  DatasetManifest manifest;
  service::ProjectionSet projections;
  std::unique_ptr<store::EventStore> store;
  std::unique_ptr<service::DiscussionReads> reads;
  std::unique_ptr<rocksdb::DB> raw;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> raw_families;
};

ReadFixture* fixture = nullptr;

absl::Status OpenFixture(const std::string& dir, size_t cache_bytes) {
  fixture = new ReadFixture();
  absl::StatusOr<DatasetManifest> manifest = ReadManifest(dir);
  if (!manifest.ok()) return manifest.status();
  fixture->manifest = *std::move(manifest);

  store::EventStoreOptions options;
  options.data_dir = dir;
  options.projections = fixture->projections.All();
  options.block_cache_bytes = cache_bytes;
  absl::StatusOr<std::unique_ptr<store::EventStore>> opened = store::EventStore::Open(options);
  if (!opened.ok()) return opened.status();
  fixture->store = *std::move(opened);
  fixture->reads =
      std::make_unique<service::DiscussionReads>(*fixture->store,
                                                fixture->projections.discussions);

  rocksdb::ConfigOptions config;
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  // Sharded as parleyd shards its cache, so the ceiling differs only in the reads.
  std::shared_ptr<rocksdb::Cache> cache = store::NewBlockCache(cache_bytes);
  rocksdb::Status status =
      rocksdb::LoadLatestOptions(config, dir, &db_options, &descriptors, &cache);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (status.ok()) {
    status = rocksdb::DB::OpenForReadOnly(db_options, dir, descriptors, &handles, &raw);
  }
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat("opening ", dir, " read-only failed: ",
                                               status.ToString()));
  }
  fixture->raw.reset(raw);
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    fixture->raw_families[handle->GetName()] = handle;
  }
  return absl::OkStatus();
}

// Runs `request` once per iteration, timing each call, and reports
// percentiles. `request` returns false to stop with an error.
void RunTimed(benchmark::State& state, const std::function<bool(std::mt19937_64&)>& request) {
  std::mt19937_64 random(42);
  LatencyRecorder latencies;
  for (auto _ : state) {
    const int64_t start = NowNanos();
    if (!request(random)) {
      state.SkipWithError("request failed; see stderr");
      return;
    }
    latencies.Record(NowNanos() - start);
  }
  const LatencySummary summary = latencies.Summarize();
  state.SetItemsProcessed(state.iterations());
  state.counters["p50_us"] = summary.p50_us;
  state.counters["p99_us"] = summary.p99_us;
  state.counters["p999_us"] = summary.p999_us;
}

uint64_t RandomBelow(std::mt19937_64& random, uint64_t n) {
  return std::uniform_int_distribution<uint64_t>(0, n - 1)(random);
}

// A target of a page read: whose, which, and from where.
struct PageTarget {
  std::string customer_id;
  uint64_t discussion_id = 0;
};

// Any discussion, uniformly.
PageTarget AnyDiscussion(std::mt19937_64& random) {
  const DatasetShape& shape = fixture->manifest.shape;
  PageTarget target;
  target.discussion_id = 1 + RandomBelow(random, shape.discussions);
  target.customer_id = OwnerOfDiscussion(shape, target.discussion_id);
  return target;
}

// One of the heavy discussions, uniformly.
PageTarget HeavyDiscussion(std::mt19937_64& random) {
  const std::vector<uint64_t>& ids = fixture->manifest.heavy_discussion_ids;
  PageTarget target;
  target.discussion_id = ids[RandomBelow(random, ids.size())];
  target.customer_id = OwnerOfDiscussion(fixture->manifest.shape, target.discussion_id);
  return target;
}

std::string AnyCustomer(std::mt19937_64& random) {
  return absl::StrCat("c", RandomBelow(random, fixture->manifest.shape.customers));
}

std::string HeavyCustomer(std::mt19937_64& random) {
  const std::vector<std::string>& ids = fixture->manifest.heavy_customer_ids;
  return ids[RandomBelow(random, ids.size())];
}

bool ReportFailure(const absl::Status& status) {
  std::fprintf(stderr, "read_bench: %s\n", status.ToString().c_str());
  return false;
}

// A message page through DiscussionReads::ListMessages.
void BM_MessagePage(benchmark::State& state, bool heavy, int32_t offset) {
  RunTimed(state, [&](std::mt19937_64& random) {
    const PageTarget target = heavy ? HeavyDiscussion(random) : AnyDiscussion(random);
    parley::v1::ListMessagesRequest request;
    request.set_customer_id(target.customer_id);
    request.set_discussion_id(target.discussion_id);
    request.set_offset(offset);
    request.set_limit(kPageLimit);
    parley::v1::ListMessagesResponse response;
    absl::Status status = fixture->reads->ListMessages(request, response);
    if (!status.ok()) return ReportFailure(status);
    benchmark::DoNotOptimize(response);
    return true;
  });
}

// The message page's RocksDB reads done directly: the discussion's state
// (ownership and total), then one seek and `kPageLimit` steps.
void BM_RawMessagePage(benchmark::State& state, bool heavy, int32_t offset) {
  rocksdb::ColumnFamilyHandle* discussions =
      fixture->raw_families[projections::kDiscussionsFamily];
  rocksdb::ColumnFamilyHandle* messages = fixture->raw_families[projections::kMessagesFamily];
  RunTimed(state, [&](std::mt19937_64& random) {
    const PageTarget target = heavy ? HeavyDiscussion(random) : AnyDiscussion(random);
    std::string value;
    rocksdb::Status status = fixture->raw->Get(
        rocksdb::ReadOptions(), discussions, projections::DiscussionKey(target.discussion_id),
        &value);
    if (!status.ok()) return ReportFailure(absl::UnavailableError(status.ToString()));
    const std::string prefix = store::EncodeUint64(target.discussion_id);
    std::unique_ptr<rocksdb::Iterator> it(
        fixture->raw->NewIterator(rocksdb::ReadOptions(), messages));
    size_t bytes = 0;
    int count = 0;
    for (it->Seek(projections::MessageKey(target.discussion_id, static_cast<uint64_t>(offset) + 1));
         it->Valid() && it->key().starts_with(prefix) && count < kPageLimit;
         it->Next(), ++count) {
      bytes += it->value().size();
    }
    benchmark::DoNotOptimize(bytes);
    return true;
  });
}

// A discussion-list page through DiscussionReads::ListDiscussions.
void BM_DiscussionList(benchmark::State& state, bool heavy, int32_t offset,
                       bool with_messages) {
  RunTimed(state, [&](std::mt19937_64& random) {
    parley::v1::ListDiscussionsRequest request;
    request.set_customer_id(heavy ? HeavyCustomer(random) : AnyCustomer(random));
    request.set_offset(offset);
    request.set_limit(kPageLimit);
    if (with_messages) {
      request.set_include_messages(true);
      request.set_message_limit(kPageLimit);
    }
    parley::v1::ListDiscussionsResponse response;
    absl::Status status = fixture->reads->ListDiscussions(request, response);
    if (!status.ok()) return ReportFailure(status);
    benchmark::DoNotOptimize(response);
    return true;
  });
}

// The list page's RocksDB reads done directly: the count, one seek, `offset`
// key-only steps, then `kPageLimit` steps each with a point read of the
// discussion's state.
void BM_RawDiscussionList(benchmark::State& state, bool heavy, int32_t offset) {
  rocksdb::ColumnFamilyHandle* index = fixture->raw_families[projections::kCustomerIndexFamily];
  rocksdb::ColumnFamilyHandle* counts = fixture->raw_families[projections::kCountsFamily];
  rocksdb::ColumnFamilyHandle* discussions =
      fixture->raw_families[projections::kDiscussionsFamily];
  RunTimed(state, [&](std::mt19937_64& random) {
    const std::string customer = heavy ? HeavyCustomer(random) : AnyCustomer(random);
    const std::string prefix =
        projections::CustomerListPrefix(customer, "", parley::v1::STATUS_UNSPECIFIED);
    std::string value;
    rocksdb::Status status = fixture->raw->Get(rocksdb::ReadOptions(), counts,
                                               projections::CustomerCountKey(prefix), &value);
    if (!status.ok() && !status.IsNotFound()) {
      return ReportFailure(absl::UnavailableError(status.ToString()));
    }
    std::unique_ptr<rocksdb::Iterator> it(fixture->raw->NewIterator(rocksdb::ReadOptions(), index));
    it->Seek(prefix);
    for (int32_t skipped = 0; skipped < offset && it->Valid() && it->key().starts_with(prefix);
         ++skipped) {
      it->Next();
    }
    size_t bytes = 0;
    for (int count = 0; it->Valid() && it->key().starts_with(prefix) && count < kPageLimit;
         it->Next(), ++count) {
      const uint64_t id = projections::DiscussionIdOfListEntry(
          absl::string_view(it->key().data(), it->key().size()), prefix.size());
      status = fixture->raw->Get(rocksdb::ReadOptions(), discussions,
                                 projections::DiscussionKey(id), &value);
      if (!status.ok()) return ReportFailure(absl::UnavailableError(status.ToString()));
      bytes += value.size();
    }
    benchmark::DoNotOptimize(bytes);
    return true;
  });
}

// One RocksDB point read of a discussion's state: the unit every projection
// read is made of.
void BM_RawPointRead(benchmark::State& state) {
  rocksdb::ColumnFamilyHandle* discussions =
      fixture->raw_families[projections::kDiscussionsFamily];
  RunTimed(state, [&](std::mt19937_64& random) {
    std::string value;
    rocksdb::Status status = fixture->raw->Get(
        rocksdb::ReadOptions(), discussions,
        projections::DiscussionKey(1 + RandomBelow(random, fixture->manifest.shape.discussions)),
        &value);
    if (!status.ok()) return ReportFailure(absl::UnavailableError(status.ToString()));
    benchmark::DoNotOptimize(value);
    return true;
  });
}

// Offsets to read at: 0 for random targets, then deep offsets into the
// heavy lists and discussions, the last one a page before the end.
std::vector<int32_t> DeepOffsets(uint64_t length) {
  const auto n = static_cast<int32_t>(length);
  std::vector<int32_t> offsets;
  for (int32_t offset : {100, n / 10, n / 2, n - kPageLimit}) {
    const bool is_new = offsets.empty() || offset > offsets.back();
    if (offset > 0 && offset < n && is_new) offsets.push_back(offset);
  }
  return offsets;
}

// Closes both instances before exit, so no RocksDB thread outlives them.
void CloseFixture() {
  for (auto& [name, handle] : fixture->raw_families) {
    // A handle that fails to close leaks only until the process exits.
    fixture->raw->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  fixture->raw.reset();
  fixture->reads.reset();
  fixture->store.reset();
  delete fixture;
  fixture = nullptr;
}

void RegisterBenchmarks() {
  const DatasetShape& shape = fixture->manifest.shape;
  auto add = [](const std::string& name, auto function) {
    benchmark::RegisterBenchmark(name.c_str(), function)->Unit(benchmark::kMicrosecond);
  };

  add("BM_RawPointRead", BM_RawPointRead);
  add("BM_MessagePage/any/offset:0",
      [](benchmark::State& state) { BM_MessagePage(state, false, 0); });
  add("BM_RawMessagePage/any/offset:0",
      [](benchmark::State& state) { BM_RawMessagePage(state, false, 0); });
  for (int32_t offset : DeepOffsets(shape.heavy_discussion_messages)) {
    add(absl::StrCat("BM_MessagePage/heavy/offset:", offset),
        [offset](benchmark::State& state) { BM_MessagePage(state, true, offset); });
    add(absl::StrCat("BM_RawMessagePage/heavy/offset:", offset),
        [offset](benchmark::State& state) { BM_RawMessagePage(state, true, offset); });
  }

  add("BM_DiscussionList/any/offset:0",
      [](benchmark::State& state) { BM_DiscussionList(state, false, 0, false); });
  add("BM_RawDiscussionList/any/offset:0",
      [](benchmark::State& state) { BM_RawDiscussionList(state, false, 0); });
  add("BM_DiscussionListWithMessages/any/offset:0",
      [](benchmark::State& state) { BM_DiscussionList(state, false, 0, true); });
  for (int32_t offset : DeepOffsets(shape.heavy_customer_discussions)) {
    add(absl::StrCat("BM_DiscussionList/heavy/offset:", offset),
        [offset](benchmark::State& state) { BM_DiscussionList(state, true, offset, false); });
    add(absl::StrCat("BM_RawDiscussionList/heavy/offset:", offset),
        [offset](benchmark::State& state) { BM_RawDiscussionList(state, true, offset); });
  }
}

}  // namespace
}  // namespace parley::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  // The store logs every open at info level, which would clutter the report.
  spdlog::set_level(spdlog::level::warn);
  absl::ParseCommandLine(argc, argv);
  const std::string dataset = absl::GetFlag(FLAGS_dataset);
  if (dataset.empty()) {
    std::fprintf(stderr, "read_bench: --dataset is missing; pass a directory written by "
                         "bench/generate\n");
    return EXIT_FAILURE;
  }
  const int cache_mb = absl::GetFlag(FLAGS_block_cache_mb);
  if (absl::Status s = parley::bench::OpenFixture(
          dataset, static_cast<size_t>(cache_mb > 0 ? cache_mb : 1) << 20);
      !s.ok()) {
    std::fprintf(stderr, "read_bench: %s\n", s.ToString().c_str());
    return EXIT_FAILURE;
  }
  parley::bench::RegisterBenchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  parley::bench::CloseFixture();
  return 0;
}
