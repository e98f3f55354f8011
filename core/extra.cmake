# Generates the area-code table (core__area_*) at build time from data/idn-area/*.csv with a
# small host program, so the library carries the codes and never reads the CSVs at run time.
set(KTP_AREA_DIR ${PROJECT_SOURCE_DIR}/data/idn-area)
set(KTP_AREA_TABLE ${CMAKE_CURRENT_BINARY_DIR}/area_table.c)
add_executable(ktp_area_gen ${CMAKE_CURRENT_SOURCE_DIR}/tools/area_gen.c)
add_custom_command(
  OUTPUT ${KTP_AREA_TABLE}
  COMMAND ktp_area_gen ${KTP_AREA_DIR}/provinces.csv ${KTP_AREA_DIR}/regencies.csv
          ${KTP_AREA_DIR}/districts.csv ${KTP_AREA_TABLE}
  DEPENDS ktp_area_gen ${KTP_AREA_DIR}/provinces.csv ${KTP_AREA_DIR}/regencies.csv
          ${KTP_AREA_DIR}/districts.csv
  COMMENT "Generating the area-code table from data/idn-area"
  VERBATIM)
list(APPEND CORE_GENERATED_SOURCES ${KTP_AREA_TABLE})

# The IKD credential module (core/ikd.cmake, another part of core/) adds its libraries here,
# before add_library, when it is present.
include(${CMAKE_CURRENT_LIST_DIR}/ikd.cmake OPTIONAL)
