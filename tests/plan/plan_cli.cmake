# `ktpsim plan`: a bad plan file exits 2 naming the pointer and writes nothing; a good one
# writes byte-identical files with 1 and 3 threads.
# Usage: cmake -DKTPSIM=... -DBAD=... -DGOOD=... -DOUT=... -P plan_cli.cmake
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${KTPSIM} plan ${BAD} --out ${OUT}/bad
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 2)
  message(FATAL_ERROR "bad plan: exit ${status}, expected 2:\n${out}${err}")
endif()
string(FIND "${err}" "/targets/0/metric: unknown metric \"cards_within_2h_share\"" at)
if(at EQUAL -1 OR EXISTS ${OUT}/bad)
  message(FATAL_ERROR "bad plan: message or output folder wrong:\n${err}")
endif()
foreach(threads 1 3)
  execute_process(COMMAND ${KTPSIM} plan ${GOOD} --threads ${threads} --out ${OUT}/t${threads}
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ktpsim plan --threads ${threads} failed (${status}):\n${out}${err}")
  endif()
endforeach()
foreach(name plan.json plan.csv cost_vs_target.csv chosen-scenario.json)
  file(READ ${OUT}/t1/${name} one)
  file(READ ${OUT}/t3/${name} three)
  if(NOT one STREQUAL three)
    message(FATAL_ERROR "${name} differs between 1 and 3 threads")
  endif()
endforeach()
# `ktpsim report` on the plan's folder plots the cost-versus-target table: one page row per
# table row, and the plot in both formats.
execute_process(COMMAND ${KTPSIM} report ${OUT}/t1 RESULT_VARIABLE status
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0 OR NOT EXISTS ${OUT}/t1/plots/cost_vs_target.svg
   OR NOT EXISTS ${OUT}/t1/plots/cost_vs_target.png)
  message(FATAL_ERROR "ktpsim report on a plan folder failed (${status}):\n${out}${err}")
endif()
file(STRINGS ${OUT}/t1/cost_vs_target.csv table)
file(STRINGS ${OUT}/t1/report.html rows REGEX "^<tr><td>")
list(LENGTH table table_lines)
list(LENGTH rows row_count)
math(EXPR expected "${table_lines} - 1")
if(NOT row_count EQUAL expected)
  message(FATAL_ERROR "report.html has ${row_count} table rows, cost_vs_target.csv ${expected}")
endif()
