# Installation: headers, shared + static library, CLI, knowledge data, CMake package
# (find_package(evtxdiag CONFIG) -> evtxdiag::evtxdiag) and a pkg-config file.
include(CMakePackageConfigHelpers)
set(EVTXDIAG_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/evtxdiag)
set(EVTXDIAG_INSTALL_KNOWLEDGEDIR ${CMAKE_INSTALL_DATADIR}/evtxdiag/knowledge)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/include/evtxdiag DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS evtxdiag_static evtxdiag_shared EXPORT evtxdiagTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT evtxdiagTargets NAMESPACE evtxdiag:: DESTINATION ${EVTXDIAG_INSTALL_CMAKEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/knowledge/ DESTINATION ${EVTXDIAG_INSTALL_KNOWLEDGEDIR}
  FILES_MATCHING PATTERN "*.yaml" PATTERN "*.md")

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/templates/evtxdiagConfig.cmake.in
  ${PROJECT_BINARY_DIR}/install-config/evtxdiagConfig.cmake INSTALL_DESTINATION ${EVTXDIAG_INSTALL_CMAKEDIR}
  PATH_VARS EVTXDIAG_INSTALL_KNOWLEDGEDIR)
# evtxdiagConfigVersion.cmake is written by EvtxdiagExport.cmake (the same file serves both).
install(FILES ${PROJECT_BINARY_DIR}/install-config/evtxdiagConfig.cmake ${PROJECT_BINARY_DIR}/evtxdiagConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/templates/evtxdiagDependencies.cmake DESTINATION ${EVTXDIAG_INSTALL_CMAKEDIR})

file(RELATIVE_PATH EVTXDIAG_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
configure_file(${PROJECT_SOURCE_DIR}/cmake/templates/evtxdiag.pc.in ${PROJECT_BINARY_DIR}/evtxdiag.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/evtxdiag.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
