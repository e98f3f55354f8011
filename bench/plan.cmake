# plan_bench: the planner against an exhaustive grid on a small three-variable plan
# (bench/plan-grid.json): the same choice, and how many replications and how much wall time
# each spends.
add_executable(plan_bench ${CMAKE_CURRENT_LIST_DIR}/plan_bench.c)
target_link_libraries(plan_bench PRIVATE ktp_plan)
target_compile_definitions(plan_bench PRIVATE KTP_SOURCE_ROOT="${PROJECT_SOURCE_DIR}")
set_target_properties(plan_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
add_dependencies(benches plan_bench)
