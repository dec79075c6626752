# Warnings live on an INTERFACE target that every project target links PRIVATE,
# so they never leak to consumers of the installed package.
add_library(evtxdiag_warnings INTERFACE)
target_compile_options(evtxdiag_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor>
  $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic>
  $<$<BOOL:${EVTXDIAG_WERROR}>:-Werror>)
