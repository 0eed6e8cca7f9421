// parleyctl: the operator and agent tool of Parley. See `parleyctl --help`.

#include <iostream>

#include "cli/commands.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

int main(int argc, char** argv) {
  // Logs of the libraries (the store's, during rebuild and verify) go to
  // stderr, so stdout stays the command's output, e.g. JSON Lines.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("parleyctl"));
  spdlog::set_level(spdlog::level::warn);
  return parley::cli::RunParleyctl(absl::MakeConstSpan(argv + 1, argc - 1), std::cout,
                                   std::cerr);
}
