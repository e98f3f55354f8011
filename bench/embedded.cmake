# embedded_registry_bench: the cost of an embedded run's registry file (with vs without, one
# thread) and of importing prefill people, extrapolated to a 1 M gallery. The 1 M performance
# check of issue 7 is bench/embedded_1m.py (it runs ktpsim and ktpcore bench, ~25 minutes).
add_executable(embedded_registry_bench ${CMAKE_CURRENT_LIST_DIR}/embedded_registry_bench.c)
target_link_libraries(embedded_registry_bench PRIVATE ktp_models)
target_compile_definitions(embedded_registry_bench PRIVATE KTP_SOURCE_ROOT="${PROJECT_SOURCE_DIR}")
set_target_properties(embedded_registry_bench PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
add_dependencies(benches embedded_registry_bench)
