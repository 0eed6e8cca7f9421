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
//   blobs:        'f' digest:32                     -> BlobManifest (blob_manifest.h)
//                 'u' upload_id:16 index:u64        -> chunk bytes
//                 'p' upload_id:16                  -> started_at_ms:u64
//                 'm' digest:32                     -> size:u64      (layout 1)
//                 'c' digest:32                     -> content       (layout 1)
//
// In `blobs`, digest is the content's SHA-256. A content is stored as
// chunks of a fixed size (the last may be shorter), written under a random
// 16-byte upload id while the upload arrives. The 'p' key marks an upload
// whose chunks are written but not committed, so a restart can delete them.
// The 'f' key, written with the upload's event, makes the chunks a stored
// content. It is small, so checking for a digest does not read a chunk,
// which BlobDB keeps in a blob file.
//
// Layout 1, written by earlier versions, keeps the whole content in one 'c'
// value, with an 'm' key to mark it. It is still read, never written.
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
std::string BlobManifestKey(absl::string_view digest);
std::string BlobChunkKey(absl::string_view upload_id, uint64_t index);
// First key after every chunk key of `upload_id`: the end of the range
// that deletes the upload's chunks.
std::string BlobChunksEnd(absl::string_view upload_id);
std::string PendingUploadKey(absl::string_view upload_id);
inline constexpr char kPendingUploadPrefix[] = "p";
// Keys of layout 1.
std::string BlobMarkerKey(absl::string_view digest);
std::string BlobContentKey(absl::string_view digest);

}  // namespace parley::store

#endif  // PARLEY_STORE_LAYOUT_H_
