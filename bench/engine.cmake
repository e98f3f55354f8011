# engine_bench: the event calendar (hold model) and the resource API (M/M/1), each against a
# bare reference loop compiled with the same flags and measured in the same run.
add_executable(engine_bench ${CMAKE_CURRENT_LIST_DIR}/engine_bench.c)
target_link_libraries(engine_bench PRIVATE ktp_sim)
set_target_properties(engine_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
add_dependencies(benches engine_bench)
