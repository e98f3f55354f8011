# `ktpsim run --set`: the change reaches the run and summary.json records it; a bad value is
# refused with exit 2 at its pointer and nothing is written; `check --region` names the codes.
# Usage: cmake -DKTPSIM=... -DSCENARIO=... -DPROVINCE=... -DOUT=... -P set_cli.cmake
file(REMOVE_RECURSE ${OUT})
foreach(stations 2 6)
  execute_process(COMMAND ${KTPSIM} run ${SCENARIO} --reps 2 --threads 1 --out ${OUT}/s${stations}
                          --set /regions/0/recording/stations=${stations}
                          --set /regions/0/network/mode=online
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "run --set failed (${status}):\n${out}${err}")
  endif()
  file(READ ${OUT}/s${stations}/summary.json summary${stations})
  string(FIND "${summary${stations}}"
         "\"changes\": [\"/regions/0/recording/stations=${stations}\", \"/regions/0/network/mode=online\"]"
         at)
  if(at EQUAL -1)
    message(FATAL_ERROR "summary.json does not record the changes:\n${summary${stations}}")
  endif()
endforeach()
string(REGEX MATCH "\"recording_wait_s\": {[^}]*" wait2 "${summary2}")
string(REGEX MATCH "\"recording_wait_s\": {[^}]*" wait6 "${summary6}")
if(wait2 STREQUAL wait6)
  message(FATAL_ERROR "2 and 6 stations gave the same recording wait: the change did not apply")
endif()
execute_process(COMMAND ${KTPSIM} run ${SCENARIO} --out ${OUT}/bad
                        --set /regions/0/recording/stations=-2
                RESULT_VARIABLE status ERROR_VARIABLE err)
string(FIND "${err}" "/regions/0/recording/stations: expected an integer from 1 to 10000, found -2" at)
if(NOT status EQUAL 2 OR at EQUAL -1 OR EXISTS ${OUT}/bad)
  message(FATAL_ERROR "a bad --set value: exit ${status}, expected 2 with the pointer:\n${err}")
endif()
execute_process(COMMAND ${KTPSIM} check ${PROVINCE} --region 21.99
                RESULT_VARIABLE status ERROR_VARIABLE err)
string(FIND "${err}" "--region 21.99: no region with code \"21.99\" (the file has: 21.01," at)
if(NOT status EQUAL 2 OR at EQUAL -1)
  message(FATAL_ERROR "check --region 21.99: exit ${status}:\n${err}")
endif()
