# The build tree as a CMake package: another project can use a build without installing it,
#   cmake -S consumer -B b -Devtxdiag_DIR=/path/to/evtxdiag/build
# and gets the same targets as from the installed package (evtxdiag::evtxdiag, shared;
# evtxdiag::evtxdiag_static; evtxdiag::evtxdiag_c). tests/scripts/test_package_consumer.sh
# builds its consumer both ways.
export(TARGETS evtxdiag_shared evtxdiag_static evtxdiag_c NAMESPACE evtxdiag::
  FILE ${PROJECT_BINARY_DIR}/evtxdiagTargets.cmake)
configure_file(${PROJECT_SOURCE_DIR}/cmake/templates/evtxdiagDependencies.cmake
  ${PROJECT_BINARY_DIR}/evtxdiagDependencies.cmake COPYONLY)
set(EVTXDIAG_BUILD_TREE_KNOWLEDGE_DIR ${PROJECT_SOURCE_DIR}/knowledge)
configure_file(${PROJECT_SOURCE_DIR}/cmake/templates/evtxdiagConfig-build-tree.cmake.in
  ${PROJECT_BINARY_DIR}/evtxdiagConfig.cmake @ONLY)
include(CMakePackageConfigHelpers)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/evtxdiagConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
