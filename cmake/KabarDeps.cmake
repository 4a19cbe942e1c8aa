# Every dependency is a Debian package (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(SQLite3 REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(simdjson REQUIRED)
find_package(CLI11 REQUIRED)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
# cpp-httplib: Debian builds it as a library (libcpp-httplib.so) with a pkg-config file and no
# CMake config; the .pc carries the CPPHTTPLIB_*_SUPPORT defines the header must be compiled with.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)
add_library(kabar_cld2 INTERFACE)
target_include_directories(kabar_cld2 INTERFACE ${CLD2_INCLUDE_DIR})
target_link_libraries(kabar_cld2 INTERFACE ${CLD2_LIBRARY})

if(KABAR_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(KABAR_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# kabar_add_module(NAME SOURCES... [DEPS ...] [PUBLIC_DEPS ...])
function(kabar_add_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(kabar_${name} STATIC ${M_SOURCES})
  add_library(kabar::${name} ALIAS kabar_${name})
  target_link_libraries(kabar_${name} PUBLIC kabar_options ${M_PUBLIC_DEPS} PRIVATE ${M_DEPS})
  set_target_properties(kabar_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# The programs' memory allocator (the kabar binary and the benchmarks): gperftools' tcmalloc,
# from Debian's libtcmalloc-minimal4 alone (kabar calls no tcmalloc API, so no headers or dev
# package: it replaces malloc/free/new/delete by being linked). glibc's malloc was 17% of a
# search request under wrk (per-request buffers of cpp-httplib made it consolidate its free
# lists): 1,859-2,334 → 2,658-2,838 requests/s at 100,000 articles (bench/serve.sh, PERFORMANCE.md).
# Not with the sanitizers, which bring their own allocator.
add_library(kabar_malloc INTERFACE)
if(NOT KABAR_SANITIZE AND NOT KABAR_FUZZ)
  find_library(TCMALLOC_LIBRARY NAMES tcmalloc_minimal libtcmalloc_minimal.so.4 REQUIRED)
  target_link_libraries(kabar_malloc INTERFACE -Wl,--no-as-needed ${TCMALLOC_LIBRARY} -Wl,--as-needed)
endif()
