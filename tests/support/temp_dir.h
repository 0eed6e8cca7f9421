#ifndef PARLEY_TESTS_SUPPORT_TEMP_DIR_H_
#define PARLEY_TESTS_SUPPORT_TEMP_DIR_H_

#include <filesystem>
#include <string>

namespace parley::testing {

// A fresh directory under the system temp dir, removed with its contents on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SUPPORT_TEMP_DIR_H_
