#ifndef PARLEY_STORE_ENCODING_H_
#define PARLEY_STORE_ENCODING_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace parley::store {

// Numbers in keys are big-endian so that RocksDB's bytewise order is numeric
// order.

// Appends `value` as 8 big-endian bytes to `out`.
void AppendUint64(std::string& out, uint64_t value);

// Returns `value` as 8 big-endian bytes.
std::string EncodeUint64(uint64_t value);

// Decodes 8 big-endian bytes at the start of `in`; nullopt when `in` is
// shorter than 8 bytes.
std::optional<uint64_t> DecodeUint64(absl::string_view in);

// Appends `value` followed by a 0x00 separator. `value` must not contain
// 0x00, which holds for the ids and names the store accepts.
void AppendString(std::string& out, absl::string_view value);

}  // namespace parley::store

#endif  // PARLEY_STORE_ENCODING_H_
