# Install, export and package mxcts (issue 7).
#
#  - mxcts_reference / mxcts_kernels stay the static, PIC libraries every test
#    links; beside each, a shared twin (target *_shared, same OUTPUT_NAME) is
#    linked from the whole static archive, so nothing is compiled twice.
#    SONAME: lib<name>.so.<SOVERSION>; while the major version is 0 every
#    minor release may break the ABI, so SOVERSION is MAJOR.MINOR then.
#  - `cmake --install` puts headers, both library kinds, the `mxcts` tool, the
#    vectors (when vectors/ holds any), CMake package files
#    (find_package(mxcts CONFIG) -> mxcts::reference, mxcts::kernels and the
#    *_static variants) and pkg-config files (mxcts-reference, mxcts-kernels).
#  - CPack makes a .deb (and a .tar.gz) from the same install rules.
# The version comes from project(VERSION) in the top-level CMakeLists.txt only.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(MXCTS_SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
else()
  set(MXCTS_SOVERSION ${PROJECT_VERSION_MAJOR})
endif()

# The golden vectors, when they exist: `mxcts --version` prints the sha256 of
# vectors/MANIFEST (which lists the sha256 of every vector file).
set(_vec_dir ${PROJECT_SOURCE_DIR}/vectors)
set(MXCTS_VECTORS_SHA256 "")
if(EXISTS ${_vec_dir}/MANIFEST)
  file(SHA256 ${_vec_dir}/MANIFEST MXCTS_VECTORS_SHA256)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_vec_dir}/MANIFEST)
endif()
if(TARGET mxcts)
  target_compile_definitions(mxcts PRIVATE MXCTS_VECTORS_SHA256="${MXCTS_VECTORS_SHA256}")
endif()

set(_export_targets)
set(_pc_names)
foreach(_lib reference kernels)
  set(_s mxcts_${_lib})
  if(NOT TARGET ${_s})
    continue()
  endif()
  set(_d ${_s}_shared)
  # the objects all come from the static archive; this file only gives the
  # target a source (CMake requires one)
  set(_stub ${PROJECT_BINARY_DIR}/${_d}.c)
  file(WRITE ${_stub} "/* ${_d}: objects from the whole ${_s} archive */\ntypedef int ${_d}_unused;\n")
  add_library(${_d} SHARED ${_stub})
  target_link_libraries(${_d} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${_s}>")
  target_include_directories(${_d} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  get_target_property(_ll ${_s} LINKER_LANGUAGE)
  if(_ll STREQUAL "CXX")
    # MXCTS_HIP_NVIDIA enables CXX inside kernels/ only; the twin links in this
    # (top-level) scope, which needs the language's rules too
    enable_language(CXX)
  endif()
  if(_ll)
    set_target_properties(${_d} PROPERTIES LINKER_LANGUAGE ${_ll})
  else()
    set_target_properties(${_d} PROPERTIES LINKER_LANGUAGE C)
  endif()
  set_target_properties(${_d} PROPERTIES OUTPUT_NAME ${_s}
    VERSION ${PROJECT_VERSION} SOVERSION ${MXCTS_SOVERSION} EXPORT_NAME ${_lib})
  set_target_properties(${_s} PROPERTIES EXPORT_NAME ${_lib}_static)
  add_library(mxcts::${_lib} ALIAS ${_d})
  add_library(mxcts::${_lib}_static ALIAS ${_s})
  list(APPEND _export_targets ${_s} ${_d})
  list(APPEND _pc_names ${_lib})
endforeach()

install(TARGETS ${_export_targets} EXPORT mxctsTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT lib NAMELINK_COMPONENT dev
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/mxcts DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT dev FILES_MATCHING PATTERN "*.h")
if(TARGET mxcts)
  install(TARGETS mxcts RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tool)
endif()
file(GLOB _vec_files ${_vec_dir}/*)
if(_vec_files)
  install(DIRECTORY ${_vec_dir}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/mxcts/vectors COMPONENT vectors)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT tool)

# CMake package: <prefix>/lib/cmake/mxcts/
set(_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/mxcts)
install(EXPORT mxctsTargets NAMESPACE mxcts:: DESTINATION ${_cmakedir} COMPONENT dev)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/mxctsConfig.cmake.in
  ${PROJECT_BINARY_DIR}/mxctsConfig.cmake INSTALL_DESTINATION ${_cmakedir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mxctsConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/mxctsConfig.cmake ${PROJECT_BINARY_DIR}/mxctsConfigVersion.cmake
  DESTINATION ${_cmakedir} COMPONENT dev)

# pkg-config: relocatable (prefix from ${pcfiledir}); Libs.private for --static.
set(_pcdir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH MXCTS_PC_UP /${_pcdir} /)
string(REGEX REPLACE "/$" "" MXCTS_PC_UP "${MXCTS_PC_UP}")
set(MXCTS_PC_LIBS_PRIVATE "-lm")
if(MXCTS_OPENMP)
  set(MXCTS_PC_LIBS_PRIVATE "-fopenmp -lm")
endif()
foreach(_lib IN LISTS _pc_names)
  set(MXCTS_PC_NAME ${_lib})
  configure_file(${CMAKE_CURRENT_LIST_DIR}/mxcts-lib.pc.in ${PROJECT_BINARY_DIR}/mxcts-${_lib}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/mxcts-${_lib}.pc DESTINATION ${_pcdir} COMPONENT dev)
endforeach()

# CPack: one .deb holding everything (tool, libraries, headers, vectors).
set(CPACK_PACKAGE_NAME mxcts)
set(CPACK_PACKAGE_VENDOR "mxcts")
set(CPACK_PACKAGE_CONTACT "mxcts maintainers <mxcts@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "OCP MX / FP8 bit-exact reference, conformance runner and kernel library")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6 (>= 2.34), libssl3")
if(MXCTS_OPENMP)
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libgomp1")
endif()
set(CPACK_PACKAGE_FILE_NAME_TGZ mxcts-${PROJECT_VERSION})
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
