// -o/--output: see output_option.hpp.
#include "output_option.hpp"

#include <iostream>

#include "evtxdiag/error.hpp"
#include "evtxdiag/output.hpp"

namespace evtxdiag::cli {

void add_output_option(CLI::App& sub, OutputOption& option, const std::string& what) {
  sub.add_option("-o,--output", option.path,
                 "Write " + what +
                     " to this file instead of stdout (atomically; never over an input, an existing "
                     ".evtx/.MTA/archive or into a folder being read)")
      ->type_name("FILE");
  sub.add_flag("--force", option.force,
               "Allow -o into a folder being read or over an existing .evtx/.MTA/archive that is not an input");
}

void write_output_to(const OutputOption& option, const std::vector<std::string>& inputs,
                     const std::function<void(std::ostream&)>& write) {
  if (option.path.empty()) {
    write(std::cout);
    std::cout.flush();
    if (!std::cout) throw Error(ErrorKind::io, "cannot write to stdout");
    return;
  }
  OutputFile file(option.path, OutputPolicy{inputs, option.force});
  write(file.stream());
  file.commit();
}

}  // namespace evtxdiag::cli
