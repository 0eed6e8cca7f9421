#ifndef PARLEY_STORE_LAYOUT_H_
#define PARLEY_STORE_LAYOUT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

// On-disk layout of the event log's column families. u64 is 8 bytes
// big-endian; str is the bytes followed by 0x00.
//
//   events:       position:u64                      -> EventRecord
//   streams:      stream_id:str version:u64         -> position:u64
//   stream_heads: stream_id:str                     -> StreamHead
//   meta:         "last_position"                   -> position:u64
//                 "seq/" name                       -> last value:u64
//   idempotency:  actor:str request_id              -> IdempotencyRecord
//   blobs:        'm' digest:32                     -> size:u64
//                 'c' digest:32                     -> content
//
// In `blobs`, digest is the content's SHA-256. The 'm' key marks that the
// content is stored and is small, so checking for a digest does not read
// the content, which BlobDB keeps in a blob file when it is large.
//
// Projections own further column families, each with its layout written in
// the file that encodes it.

namespace parley::store {

inline constexpr char kEventsFamily[] = "events";
inline constexpr char kStreamsFamily[] = "streams";
inline constexpr char kStreamHeadsFamily[] = "stream_heads";
inline constexpr char kMetaFamily[] = "meta";
inline constexpr char kIdempotencyFamily[] = "idempotency";
inline constexpr char kBlobsFamily[] = "blobs";

inline constexpr char kLastPositionKey[] = "last_position";

// Version of the event schema this build writes into EventRecord.
inline constexpr uint32_t kEventSchemaVersion = 1;

std::string StreamKey(absl::string_view stream_id, uint64_t version);
std::string StreamHeadKey(absl::string_view stream_id);
std::string SequenceKey(absl::string_view name);
std::string IdempotencyKey(absl::string_view actor, absl::string_view request_id);
std::string BlobMarkerKey(absl::string_view digest);
std::string BlobContentKey(absl::string_view digest);

}  // namespace parley::store

#endif  // PARLEY_STORE_LAYOUT_H_
