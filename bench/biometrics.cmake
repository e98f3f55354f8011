# gallery_bench: 1:N search speed per popcount kernel, rotations and threads, against a plain
# read of the same gallery bytes in the same run; plus synthesis and 1:1 match costs.
add_executable(gallery_bench ${CMAKE_CURRENT_LIST_DIR}/gallery_bench.c)
target_link_libraries(gallery_bench PRIVATE ktp_core)
set_target_properties(gallery_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
add_dependencies(benches gallery_bench)
