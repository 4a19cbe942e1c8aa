# Every dependency is a Debian package (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(SQLite3 REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
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
