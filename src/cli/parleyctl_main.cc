// parleyctl: the operator and agent tool of Parley. See `parleyctl --help`.

#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  return parley::cli::RunParleyctl(absl::MakeConstSpan(argv + 1, argc - 1), std::cout,
                                   std::cerr);
}
