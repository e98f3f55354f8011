# `ktpsim run` with 1 and with 3 threads must write byte-identical result files.
# Usage: cmake -DKTPSIM=... -DSCENARIO=... -DOUT=... -P run_threads.cmake
file(REMOVE_RECURSE ${OUT})
foreach(threads 1 3)
  execute_process(COMMAND ${KTPSIM} run ${SCENARIO} --reps 6 --threads ${threads}
                          --out ${OUT}/t${threads}
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ktpsim run --threads ${threads} failed (${status}):\n${out}${err}")
  endif()
endforeach()
foreach(name summary.json regions.csv daily.csv time_to_card.csv)
  file(READ ${OUT}/t1/${name} one)
  file(READ ${OUT}/t3/${name} three)
  if(NOT one STREQUAL three)
    message(FATAL_ERROR "${name} differs between 1 and 3 threads")
  endif()
endforeach()
file(READ ${OUT}/t1/summary.json one)
string(FIND "${one}" "\"invariants_ok\": true" at)
if(at EQUAL -1)
  message(FATAL_ERROR "invariants_ok is not true:\n${one}")
endif()
