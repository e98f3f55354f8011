# pipeline_bench: a year of the Kepulauan Riau province scenario scaled to about a million
# applicants, one replication on one core: applicants simulated per second of wall time and
# memory per applicant in flight.
add_executable(pipeline_bench ${CMAKE_CURRENT_LIST_DIR}/pipeline_bench.c)
target_link_libraries(pipeline_bench PRIVATE ktp_models)
target_compile_definitions(pipeline_bench PRIVATE KTP_SOURCE_ROOT="${PROJECT_SOURCE_DIR}")
set_target_properties(pipeline_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
add_dependencies(benches pipeline_bench)
