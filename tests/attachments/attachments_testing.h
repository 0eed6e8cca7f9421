#ifndef PARLEY_TESTS_ATTACHMENTS_ATTACHMENTS_TESTING_H_
#define PARLEY_TESTS_ATTACHMENTS_ATTACHMENTS_TESTING_H_

// Small files of each accepted type, as bytes, for the attachment tests.
// The comment of each gives the type that libmagic 5.44 (Debian 12)
// detects.

#include <cstddef>
#include <string>

#include "absl/strings/escaping.h"

namespace parley::service::testing {

// A valid 1x1 RGBA PNG, 68 bytes: image/png.
inline std::string PngBytes() {
  return absl::HexStringToBytes(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
      "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082");
}

// JFIF header and end marker: image/jpeg.
inline std::string JpegBytes() {
  return absl::HexStringToBytes("ffd8ffe000104a46494600010100000100010000ffd9");
}

// image/gif.
inline std::string GifBytes() { return std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14); }

// A lossless 1x1 WebP: image/webp.
inline std::string WebpBytes() {
  return std::string(
      "RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88"
      "\xfe\x07\x00",
      34);
}

// An ISO-BMFF header with brand heic: image/heic.
inline std::string HeicBytes() {
  return std::string("\x00\x00\x00\x18" "ftypheic\x00\x00\x00\x00" "mif1heic", 24);
}

inline std::string PdfBytes() {
  return "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
}

// text/x-shellscript.
inline std::string ShellScriptBytes() { return "#!/bin/sh\necho hello\n"; }

// Returns `head` followed by zero bytes up to `size` bytes. Trailing zeros
// after a PNG's end do not change what libmagic detects.
inline std::string PaddedTo(std::string head, size_t size) {
  head.resize(size, '\0');
  return head;
}

}  // namespace parley::service::testing

#endif  // PARLEY_TESTS_ATTACHMENTS_ATTACHMENTS_TESTING_H_
