#ifndef PARLEY_BENCH_DATASET_H_
#define PARLEY_BENCH_DATASET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// A synthetic Parley data set for the read benchmarks and the load
// generator, written through the real store, domain rules and projections.
//
// Customers are named "c<k>" for k in [0, customers). The first
// `heavy_customers` of them own `heavy_customer_discussions` discussions
// each, so their lists have deep offsets. Every other discussion belongs to
// one of the remaining customers, round-robin. The first `heavy_discussions`
// discussions of ordinary customers hold `heavy_discussion_messages`
// messages each, so their message pages have deep offsets; the remaining
// messages are spread evenly over the other discussions. Messages alternate
// between the customer (QUERY) and agent responses (RESPONSE), so statuses
// move through the lifecycle, and every third discussion selects an order.

namespace parley::bench {

struct DatasetShape {
  uint64_t customers = 0;
  uint64_t discussions = 0;
  uint64_t messages = 0;  // Including each discussion's first message.
  uint64_t heavy_customers = 0;
  uint64_t heavy_customer_discussions = 0;
  uint64_t heavy_discussions = 0;
  uint64_t heavy_discussion_messages = 0;

  // Returns INVALID_ARGUMENT naming the field when the counts do not fit
  // together (e.g. fewer messages than discussions).
  absl::Status Validate() const;
};

// 100,000 customers, 1,000,000 discussions, 10,000,000 messages; 10 heavy
// customers with 10,000 discussions and 10 heavy discussions with 100,000
// messages.
DatasetShape FullShape();

// The full shape divided by 10: 10,000 customers, 100,000 discussions and
// 1,000,000 messages. Its 5 heavy customers have 5,000 discussions each, and
// its 5 heavy discussions 20,000 messages each.
DatasetShape MediumShape();

// The full shape divided by 50, for runs of a few minutes: 2,000 customers,
// 20,000 discussions and 200,000 messages. Its 2 heavy customers have 2,000
// discussions each, and its 2 heavy discussions 5,000 messages each.
DatasetShape QuickShape();

// Description of a generated data set, stored beside it as dataset.txt.
struct DatasetManifest {
  DatasetShape shape;
  uint64_t events = 0;
  std::vector<std::string> heavy_customer_ids;
  std::vector<uint64_t> heavy_discussion_ids;
  double generation_seconds = 0;
};

// Returns the customer id that owns discussion `discussion_id` in a data set
// of `shape`. Discussion ids are 1..discussions in creation order, which
// GenerateDataset checks.
std::string OwnerOfDiscussion(const DatasetShape& shape, uint64_t discussion_id);

// Options of GenerateDataset.
struct GenerateOptions {
  // Commands queued on the store at once. Default: 4096.
  size_t window = 4096;
  // Compact every column family when done, as a long-running server's
  // background compaction would have. Default: true.
  bool compact = true;
  // Print progress to stderr every this many commands; 0 for none.
  uint64_t progress_every = 1'000'000;
};

// Writes a data set of `shape` into `data_dir`, which must not hold a
// database yet, and returns its manifest (also written to
// `data_dir`/dataset.txt). Syncing is off while generating: the data set is
// input to benchmarks, not a measurement.
absl::StatusOr<DatasetManifest> GenerateDataset(const std::string& data_dir,
                                                const DatasetShape& shape,
                                                const GenerateOptions& options);

// Reads `data_dir`/dataset.txt.
absl::StatusOr<DatasetManifest> ReadManifest(const std::string& data_dir);

// Returns a customer message of about 120 characters that mentions `n`.
std::string MessageText(uint64_t n);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_DATASET_H_
